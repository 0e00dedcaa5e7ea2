// The kinds, approval statuses and form fields of advertisers and publishers, free of zod so a
// client component (the Advertisers and Publishers dialogs) can import them; the schemas that
// use them are in organization.ts, which re-exports these.

export const ORGANIZATION_KINDS = ["advertiser", "publisher"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Invoca's approval_status values, in Invoca's order; Approved is the default. */
export const APPROVAL_STATUSES = ["Applied", "Approved", "Declined", "Suspended", "Archived"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const DEFAULT_APPROVAL_STATUS: ApprovalStatus = "Approved";
/** How a network retires one it cannot delete (users still belong to it): no new user joins it. */
export const RETIRED_APPROVAL_STATUS: ApprovalStatus = "Archived";

export const ORGANIZATION_FORM_FIELDS = ["idFromNetwork", "name", "approvalStatus"] as const;
export type OrganizationField = (typeof ORGANIZATION_FORM_FIELDS)[number];
