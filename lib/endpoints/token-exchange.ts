// POST /api/v2/api_tokens (and the seed's own example path, POST /api/v2/me): JSON
// {"email", "password"} → {"person_id", "token"}. The body is read here, not by the wrapper:
// it is form-sized, and a refusal says which two fields to send.
import { z } from "zod";
import { FORM_BODY_LIMIT_BYTES } from "../api/body";
import { requestContextFrom } from "../auth/request-context";
import { exchangePasswordForToken } from "../credentials/token-exchange";
import { db } from "../db";
import { badRequest, ProtocolError } from "../http/protocol-error";
import { jsonResponse } from "../http/respond";
import { endpoint } from "./endpoint";
import { readJsonTextOrRefuse } from "./request-body";

const EXPECTED = '{"email": "...", "password": "..."}';
const bodySchema = z.object({ email: z.string().max(320), password: z.string().max(1024) });

export const tokenExchangeEndpoint = endpoint({ auth: "none", body: "none" }, async ({ request }) => {
  const text = await readJsonTextOrRefuse(request, FORM_BODY_LIMIT_BYTES, EXPECTED);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
  const body = bodySchema.safeParse(raw);
  if (!body.success) throw badRequest(`Send JSON ${EXPECTED}`);
  const result = await exchangePasswordForToken(await db(), body.data, requestContextFrom(request.headers));
  if (!result.ok) {
    throw new ProtocolError(result.status, result.error, result.description, {
      retryAfterSeconds: result.retryAfterMinutes ? result.retryAfterMinutes * 60 : undefined,
    });
  }
  return jsonResponse({
    person_id: result.personId,
    token: result.token,
    token_type: "token",
    expires_at: result.expiresAt.toISOString(),
  });
});
