// The request bodies the endpoints read, with the refusals their protocols give: 413 past the
// ceiling and 415 for a body that is not JSON (lib/api/body.ts reads them), 400 for JSON that
// is not an object, and RFC 6749 3.2's form rules for the OAuth endpoints. A body is never
// logged: it may hold a password, a client secret, a token or a code.
import {
  BodyTooLargeError,
  FORM_BODY_LIMIT_BYTES,
  JSON_BODY_LIMIT_BYTES,
  readJsonText,
  readLimitedText,
  UnsupportedMediaTypeError,
} from "../api/body";
import { badRequest, oauthError, ProtocolError } from "../http/protocol-error";

/** The text of a JSON body within `limitBytes`; `expected`, if given, tells a 415 what to send. */
export async function readJsonTextOrRefuse(request: Request, limitBytes: number, expected?: string): Promise<string> {
  try {
    return await readJsonText(request, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ProtocolError(413, "invalid_request", error.message);
    if (error instanceof UnsupportedMediaTypeError)
      throw new ProtocolError(415, "invalid_request", expected ? `${error.message}: ${expected}` : error.message);
    throw error;
  }
}

/** The JSON object body of a POST/PUT/PATCH; undefined when there is none. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | undefined> {
  if (request.method !== "POST" && request.method !== "PUT" && request.method !== "PATCH") return undefined;
  // The oauth_token body transport (lib/verifier/extract.ts) only ever sees what this admits.
  const text = await readJsonTextOrRefuse(request, JSON_BODY_LIMIT_BYTES);
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw badRequest("The body must be a JSON object");
  return parsed as Record<string, unknown>;
}

/** The form of an OAuth endpoint's POST (RFC 6749 3.2: application/x-www-form-urlencoded). */
export async function readOAuthForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    throw oauthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded");
  // Parameters in the URL would land in access logs (RFC 6749 3.2: the token endpoint takes POST bodies).
  if (new URL(request.url).search !== "")
    throw oauthError("invalid_request", "Send the parameters in the body, not in the URL");
  try {
    return new URLSearchParams(await readLimitedText(request, FORM_BODY_LIMIT_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw oauthError("invalid_request", error.message, { status: 413 });
    throw error;
  }
}
