// The grace periods a roll offers (an API key's, an OAuth app's client secret): how long the
// old secret keeps working beside the new one. The Roll and Rotate forms offer exactly these.

export const ROLL_GRACE_HOURS = [0, 1, 24, 72, 168] as const;
export type RollGraceHours = (typeof ROLL_GRACE_HOURS)[number];

export const ROLL_GRACE_LABELS: Record<RollGraceHours, string> = {
  0: "None",
  1: "1 hour",
  24: "24 hours",
  72: "3 days",
  168: "7 days",
};
