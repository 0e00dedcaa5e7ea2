// The API's error bodies: one JSON shape, {"error", "error_description"}, for every status.
import { VerificationError, wwwAuthenticate } from "../verifier/errors";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const notFound = (description: string) => new ApiError(404, "not_found", description);
export const badRequest = (description: string) => new ApiError(400, "invalid_request", description);

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function apiErrorResponse(error: ApiError): Response {
  return jsonResponse({ error: error.code, error_description: error.description }, error.status);
}

export function verificationErrorResponse(error: VerificationError): Response {
  return jsonResponse(
    error.code ? { error: error.code, error_description: error.description } : { error: "unauthorized", error_description: error.description },
    error.status,
    { "WWW-Authenticate": wwwAuthenticate(error) },
  );
}
