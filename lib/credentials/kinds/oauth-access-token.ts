import { NOT_REVOKED, type CredentialKind } from "../kind";

/** One hour: then the app asks again, or uses its refresh token (kinds/oauth-refresh-token.ts). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * An OAuth 2.0 access token from POST /oauth2/token (lib/oauth): the client-credentials or the
 * authorization-code grant. Bearer (generic guide) or Deskpro's "Authorization: token"; never
 * in a query string or a body (RFC 9700 4.3.2), so it never lands in an access log.
 */
export const oauthAccessToken = {
  code: "oat",
  label: "OAuth access token",
  ownedByUser: true,
  transports: ["bearer", "token"],
  lifetime: { type: "fixed", seconds: ACCESS_TOKEN_LIFETIME_SECONDS },
  // Issued to an app by a grant; the app revokes it (RFC 7009), or a super admin does.
  policy: { create: { oauth_client: [] }, revoke: { super_admin: NOT_REVOKED, oauth_client: NOT_REVOKED } },
} as const satisfies CredentialKind;
