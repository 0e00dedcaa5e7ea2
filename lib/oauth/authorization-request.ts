// GET /oauth2/authorize (RFC 6749 4.1.1 with PKCE, RFC 7636): checks the request before the
// consent page is shown, and again when the user answers (the form's hidden fields are the
// user's browser talking, never trusted). Until the client and its redirect URI are known to
// match, errors are shown to the user and never redirected (RFC 6749 4.1.2.1): redirecting to
// an unchecked URI would make Keyward an open redirector.
import type { OAuthScope } from "../access/privileges";
import type { Db } from "../db";
import { findClientByClientId, type OAuthClientRecord } from "./clients";
import { ProtocolError } from "../http/protocol-error";
import { parsePrompt, type Prompt } from "./consent-decision";
import { CODE_CHALLENGE_PATTERN } from "./pkce";
import { redirectUriMatches } from "./redirect-uri";
import { requestedScopes } from "./scope";

export const AUTHORIZATION_PARAMETERS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
  // OpenID Connect (OIDC Core 3.1.2.1); prompt is honoured for plain OAuth too: "consent"
  // always shows the consent page, "none" never does (lib/oauth/consent-decision.ts).
  "nonce",
  "prompt",
  "max_age",
] as const;
const MAX_STATE_LENGTH = 1024;
const MAX_NONCE_LENGTH = 512;

export interface AuthorizationRequest {
  client: OAuthClientRecord;
  redirectUri: string;
  scopes: OAuthScope[];
  state: string | null;
  codeChallenge: string;
  /** OpenID Connect: echoed in the ID token. */
  nonce: string | null;
  prompt: Prompt[];
  /** OpenID Connect: the most seconds since the user signed in; older sessions get login_required. */
  maxAge: number | null;
}

export type AuthorizationRequestCheck =
  | { ok: true; request: AuthorizationRequest }
  /** Shown on Keyward's own page: the client or its redirect URI cannot be trusted. */
  | { ok: false; fatal: string }
  /** Sent back to the client's redirect URI, which is known to be the client's. */
  | { ok: false; redirect: string };

/** The client's redirect URI with the answer's parameters added (and `iss`, RFC 9207). */
export function redirectWith(redirectUri: string, parameters: Record<string, string | null>, issuer: string): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) if (value !== null) url.searchParams.append(name, value);
  url.searchParams.append("iss", issuer);
  return url.toString();
}

export async function checkAuthorizationRequest(
  db: Db,
  params: URLSearchParams,
  issuer: string,
): Promise<AuthorizationRequestCheck> {
  const single = (name: string): string | null | "repeated" => {
    const values = params.getAll(name);
    if (values.length > 1) return "repeated";
    return values[0] ?? null;
  };
  const clientId = single("client_id");
  if (clientId === null || clientId === "")
    return { ok: false, fatal: "The app that sent you here did not say who it is (client_id is missing)." };
  if (clientId === "repeated" || clientId.length > 100)
    return { ok: false, fatal: "The app that sent you here sent a malformed request (client_id)." };
  const client = await findClientByClientId(db, clientId);
  if (!client)
    return { ok: false, fatal: "The app that sent you here is not registered with Keyward (unknown client_id)." };

  const redirectParam = single("redirect_uri");
  if (redirectParam === "repeated")
    return { ok: false, fatal: "The app that sent you here sent a malformed request (redirect_uri)." };
  let redirectUri: string;
  if (redirectParam === null) {
    // RFC 6749 3.1.2.3: may be left out only when exactly one is registered.
    if (client.redirectUris.length !== 1)
      return { ok: false, fatal: `${client.name} did not say where to send you back (redirect_uri is missing).` };
    redirectUri = client.redirectUris[0]!;
  } else {
    // Whole strings (RFC 9700 4.1.3), a loopback IP literal's port aside (RFC 8252 7.3). The
    // code is bound to the URI as presented, port included: the token request must repeat it.
    if (!client.redirectUris.some((registered) => redirectUriMatches(registered, redirectParam)))
      return {
        ok: false,
        fatal: `The address ${client.name} asked to send you back to is not one it registered (redirect_uri mismatch).`,
      };
    redirectUri = redirectParam;
  }

  const state = single("state");
  const fail = (error: string, description: string): AuthorizationRequestCheck => ({
    ok: false,
    redirect: redirectWith(
      redirectUri,
      { error, error_description: description, state: state === "repeated" ? null : state },
      issuer,
    ),
  });
  for (const name of AUTHORIZATION_PARAMETERS) {
    if (params.getAll(name).length > 1) return fail("invalid_request", `${name} appears more than once`);
  }
  if (state !== null && state.length > MAX_STATE_LENGTH)
    return fail("invalid_request", `state is longer than ${MAX_STATE_LENGTH} characters`);
  const responseType = single("response_type");
  if (responseType !== "code") return fail("unsupported_response_type", "Only response_type=code is supported");
  if (!client.grantTypes.includes("authorization_code"))
    return fail("unauthorized_client", "This app is not registered for the authorization code grant");
  const codeChallenge = single("code_challenge");
  const method = single("code_challenge_method");
  if (codeChallenge === null || method === null)
    return fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256");
  if (method !== "S256") return fail("invalid_request", "Only code_challenge_method=S256 is supported");
  if (codeChallenge === "repeated" || !CODE_CHALLENGE_PATTERN.test(codeChallenge))
    return fail("invalid_request", "code_challenge must be the 43-character BASE64URL SHA-256 of the code_verifier");
  let scopes: OAuthScope[];
  try {
    const scope = single("scope");
    scopes = requestedScopes(scope === "repeated" ? null : scope, client.scopes);
  } catch (error) {
    if (error instanceof ProtocolError) return fail(error.code ?? "invalid_scope", error.description);
    throw error;
  }
  const nonce = single("nonce");
  if (nonce !== null && nonce.length > MAX_NONCE_LENGTH)
    return fail("invalid_request", `nonce is longer than ${MAX_NONCE_LENGTH} characters`);
  const prompt = parsePrompt(single("prompt") === "repeated" ? null : single("prompt"));
  if (!prompt.ok) return fail("invalid_request", prompt.description);
  const maxAgeParam = single("max_age");
  let maxAge: number | null = null;
  if (maxAgeParam !== null && maxAgeParam !== "repeated") {
    if (!/^\d{1,9}$/.test(maxAgeParam)) return fail("invalid_request", "max_age must be a number of seconds");
    maxAge = Number(maxAgeParam);
  }
  return {
    ok: true,
    request: {
      client,
      redirectUri,
      scopes,
      state: state === "repeated" ? null : state,
      codeChallenge,
      nonce: nonce === "repeated" ? null : nonce,
      prompt: prompt.values,
      maxAge,
    },
  };
}

/**
 * What prompt=none and max_age ask before any page, for a user signed in at `signedInAt` (null:
 * not signed in). Keyward cannot sign a signed-in user in again without signing them out, so
 * prompt=none without a session is answered login_required (OIDC Core 3.1.2.6), and a session
 * older than max_age login_required too (the user signs out and in again). Whether a signed-in
 * user must be asked (consent_required under prompt=none) is lib/oauth/consent-decision.ts's.
 */
export function promptOutcome(
  request: AuthorizationRequest,
  signedInAt: Date | null,
  now: Date = new Date(),
): { error: "login_required"; description: string } | null {
  if (signedInAt === null)
    return request.prompt.includes("none")
      ? { error: "login_required", description: "The user is not signed in to Keyward" }
      : null; // the page sends the user to sign in first
  if (request.maxAge !== null && now.getTime() - signedInAt.getTime() > request.maxAge * 1000)
    return { error: "login_required", description: "The user signed in longer ago than max_age allows" };
  return null;
}
