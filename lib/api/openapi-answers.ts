// Answers shared by every part of the OpenAPI document.

/** An error answer: the one error body (lib/http/respond.ts) under its description. */
export const errorAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
