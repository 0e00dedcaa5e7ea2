// The one wrapper every authenticated route handler goes through: body parsing, the
// verifier, the scope check, error mapping and no-store caching, in one place.
import { insufficientScope, VerificationError } from "../verifier/errors";
import { verifyRequest, type Principal } from "../verifier/verify";
import { BodyTooLargeError, JSON_BODY_LIMIT_BYTES, readJsonText, UnsupportedMediaTypeError } from "./body";
import { ApiError, apiErrorResponse, badRequest, jsonResponse, verificationErrorResponse } from "./errors";
import { hasScope, type Scope } from "./privileges";
import { redactUrl } from "./redact";
import { assertSupportedVersion } from "./versions";

export interface ApiContext<P> {
  request: Request;
  principal: Principal;
  params: P;
  /** The JSON body of a POST (an object), or {} when there was none. */
  body: Record<string, unknown>;
}

type Handler<P> = (context: ApiContext<P>) => Promise<Response>;

/** The JSON object body of a POST/PUT/PATCH; undefined when there is none. Shared with the bench baseline. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  if (request.method !== "POST" && request.method !== "PUT" && request.method !== "PATCH") return undefined;
  let text: string;
  try {
    // The oauth_token body transport (lib/verifier/extract.ts) only ever sees what this admits.
    text = await readJsonText(request, JSON_BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ApiError(413, "invalid_request", error.message);
    if (error instanceof UnsupportedMediaTypeError) throw new ApiError(415, "invalid_request", error.message);
    throw error;
  }
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw badRequest("The body must be a JSON object");
  return parsed as Record<string, unknown>;
}

/** `scope` null: any valid credential will do (e.g. "who am I"). */
export function withCredential<P>(scope: Scope | null, handler: Handler<P>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const params = await route.params;
      const body = await readJsonBody(request);
      const url = new URL(request.url);
      const verified = await verifyRequest({ method: request.method, headers: request.headers, searchParams: url.searchParams, jsonBody: body });
      if (verified instanceof VerificationError) return verificationErrorResponse(verified);
      if (scope !== null && !hasScope(verified, scope)) {
        return verificationErrorResponse(insufficientScope(`This credential may not do this (needs ${scope})`, scope));
      }
      const { oauth_token: _token, ...fields } = body ?? {};
      const response = await handler({ request, principal: verified, params, body: fields });
      response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      if (error instanceof ApiError) return apiErrorResponse(error);
      console.error(`Keyward API error on ${request.method} ${redactUrl(new URL(request.url).pathname + new URL(request.url).search)}: ${(error as Error).message}`);
      return jsonResponse({ error: "server_error", error_description: "Keyward could not complete the request" }, 500);
    }
  };
}

/** Checks the {version} segment before anything else: an unknown version is a 404 naming the known ones. */
export function versioned<P extends { version: string }>(inner: (request: Request, route: { params: Promise<P> }) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSupportedVersion((await route.params).version);
    } catch (error) {
      if (error instanceof ApiError) return apiErrorResponse(error);
      throw error;
    }
    return inner(request, route);
  };
}
