/** A webhook rule refused the request; `field` names the form field it belongs next to. */
export class WebhookError extends Error {
  override name = "WebhookError";
  constructor(
    message: string,
    readonly field: "url" | "description" | "events" | null = null,
    readonly code: "rule" | "forbidden" | "not_found" = "rule",
  ) {
    super(message);
  }
}
