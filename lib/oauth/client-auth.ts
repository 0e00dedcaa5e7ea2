// Client authentication at the token, revocation and introspection endpoints (RFC 6749 2.3.1):
// HTTP Basic (client_secret_basic) or client_id + client_secret in the form body
// (client_secret_post, the generic guide's example), exactly one of the two; a public client
// sends its client_id alone (token_endpoint_auth_method "none").
import { db as defaultDb, type Db } from "../db";
import { parseSecret } from "../credentials/format";
import { oauthClientSecret } from "../credentials/kinds/oauth-client-secret";
import { unusableBecause } from "../credentials/lifecycle";
import { findBySecret } from "../credentials/store";
import { recordUse } from "../verifier/last-used";
import { findClientByClientId, type OAuthClientRecord } from "./clients";
import { oauthError, ProtocolError } from "../http/protocol-error";

/** RFC 6749 2.3.1: both halves of Basic are form-urlencoded before base64. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function fromBasic(header: string): { clientId: string; secret: string } | ProtocolError {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match)
    return oauthError(
      "invalid_client",
      "Authenticate the client with HTTP Basic (client_id:client_secret) or with client_id and client_secret in the body",
    );
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return oauthError("invalid_client", "HTTP Basic credentials must be client_id:client_secret");
  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (clientId === null || secret === null)
    return oauthError("invalid_client", "HTTP Basic credentials are not correctly encoded");
  return { clientId, secret };
}

const INVALID = "Client authentication failed: unknown client, or a wrong or rotated client secret";

/** The authenticated client, or a ProtocolError (invalid_request / invalid_client). */
export async function authenticateClient(
  headers: Headers,
  form: URLSearchParams,
  options: { db?: Db } = {},
): Promise<OAuthClientRecord> {
  const database = options.db ?? (await defaultDb());
  const authorization = headers.get("authorization");
  const bodyId = form.getAll("client_id");
  const bodySecret = form.getAll("client_secret");
  if (bodyId.length > 1 || bodySecret.length > 1)
    throw oauthError("invalid_request", "client_id and client_secret may each appear once");
  let presented: { clientId: string; secret: string };
  if (authorization !== null) {
    // RFC 6749 2.3: a client uses one authentication method per request.
    if (bodySecret.length > 0)
      throw oauthError("invalid_request", "Send the client secret either with HTTP Basic or in the body, not both");
    const basic = fromBasic(authorization);
    if (basic instanceof ProtocolError) throw basic;
    if (bodyId.length > 0 && bodyId[0] !== basic.clientId)
      throw oauthError("invalid_request", "client_id in the body differs from the one in HTTP Basic");
    presented = basic;
  } else {
    if (bodyId.length === 1 && bodySecret.length === 0) {
      // RFC 6749 2.1 / RFC 8252 8.5: a public client identifies itself by client_id alone; PKCE
      // (checked by the grant) is what proves the code is its own.
      const client = bodyId[0]!.length <= 100 ? await findClientByClientId(database, bodyId[0]!) : null;
      if (client?.isPublic) return client;
      throw oauthError(
        "invalid_client",
        client ? "This app is a confidential client: send its client_secret too" : INVALID,
      );
    }
    if (bodyId.length === 0 || bodySecret.length === 0)
      throw oauthError(
        "invalid_client",
        "Authenticate the client with HTTP Basic (client_id:client_secret) or with client_id and client_secret in the body",
      );
    presented = { clientId: bodyId[0]!, secret: bodySecret[0]! };
  }
  if (presented.clientId.length > 100 || presented.secret.length > 512) throw oauthError("invalid_client", INVALID);

  const parsed = parseSecret(presented.secret);
  const client = await findClientByClientId(database, presented.clientId);
  // A public client has no secret; one presented for it is a mistake or a forgery.
  if (!client || client.isPublic || !parsed.ok || parsed.code !== oauthClientSecret.code)
    throw oauthError("invalid_client", INVALID);
  // Read now, not through the verifier's cache: a rotated secret stops at once everywhere.
  const stored = await findBySecret(presented.secret, async () => database, false);
  const valid =
    stored !== null &&
    stored.kind === oauthClientSecret.code &&
    stored.oauthClientId === client.id &&
    unusableBecause(stored.status, stored.expiresAt, Date.now()) === null;
  if (!valid) throw oauthError("invalid_client", INVALID);
  recordUse(stored.id, options.db ? async () => database : defaultDb);
  return client;
}
