// POST /api/v2/api_tokens (and the seed's own example path, POST /api/v2/me): JSON
// {"email", "password"} → {"person_id", "token"}.
import { z } from "zod";
import { requestContextFrom } from "../auth/request-context";
import { exchangePasswordForToken } from "../credentials/token-exchange";
import { db } from "../db";
import { BodyTooLargeError, FORM_BODY_LIMIT_BYTES, readJsonText, UnsupportedMediaTypeError } from "./body";
import { jsonResponse } from "./errors";
import { redactUrl } from "./redact";

const bodySchema = z.object({ email: z.string().max(320), password: z.string().max(1024) });

const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  jsonResponse({ error, error_description: description }, status, headers);

export async function handleTokenExchange(request: Request): Promise<Response> {
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(await readJsonText(request, FORM_BODY_LIMIT_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return fail(413, "invalid_request", error.message);
      if (error instanceof UnsupportedMediaTypeError) return fail(415, "invalid_request", `${error.message}: {"email": "...", "password": "..."}`);
      return fail(400, "invalid_request", "The body is not valid JSON");
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) return fail(400, "invalid_request", 'Send JSON {"email": "...", "password": "..."}');
    const result = await exchangePasswordForToken(await db(), body.data, requestContextFrom(request.headers));
    if (!result.ok) {
      return fail(result.status, result.error, result.description, result.retryAfterMinutes ? { "Retry-After": String(result.retryAfterMinutes * 60) } : {});
    }
    return jsonResponse({ person_id: result.personId, token: result.token, token_type: "token", expires_at: result.expiresAt.toISOString() });
  } catch (error) {
    // Never the body: it holds a password.
    console.error(`Keyward token exchange error on ${redactUrl(new URL(request.url).pathname)}: ${(error as Error).message}`);
    return fail(500, "server_error", "Keyward could not complete the request");
  }
}
