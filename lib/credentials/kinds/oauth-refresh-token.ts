import { NOT_REVOKED, type CredentialKind } from "../kind";

/**
 * A refresh token is dropped when unused this long (RFC 9700 4.14.2: an idle family is more
 * likely a forgotten or stolen one). A constant, not an env variable: one rule for every app.
 */
export const REFRESH_IDLE_SECONDS = 14 * 86_400;

/**
 * A family (every refresh and access token grown from one consent) ends this long after the
 * consent, however often it was refreshed: then the user is asked again. A constant too.
 */
export const REFRESH_FAMILY_LIFETIME_SECONDS = 30 * 86_400;

/**
 * An OAuth 2.0 refresh token (RFC 6749 1.5, 6), issued beside the access token of the
 * authorization-code grant to apps registered for the refresh_token grant, and exchanged at
 * POST /oauth2/token for a new access token and a new refresh token (every use rotates it;
 * lib/oauth/refresh-tokens.ts). It is no API credential: it has no transport, so the verifier
 * refuses one sent to the API with `apiRefusal`. Its expiry is the idle timeout, never past its
 * family's end (Credential.refreshFamilyEndsAt).
 */
export const oauthRefreshToken = {
  code: "ort",
  label: "OAuth refresh token",
  ownedByUser: true,
  transports: [],
  lifetime: { type: "fixed", seconds: REFRESH_IDLE_SECONDS },
  // Issued and rotated by the grants; the app revokes its family (RFC 7009), or a super admin
  // revokes one token.
  policy: { create: { oauth_client: [] }, revoke: { super_admin: NOT_REVOKED, oauth_client: NOT_REVOKED } },
  apiRefusal:
    "A refresh token is not an access token: exchange it at POST /oauth2/token (grant_type=refresh_token) for one",
} as const satisfies CredentialKind;
