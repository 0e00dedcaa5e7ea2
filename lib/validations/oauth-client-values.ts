// The grants and client types an OAuth app may register, and their labels, free of zod so the
// Register OAuth App dialog (a client component) can import them; the schema that uses them is
// in oauth-client.ts, which re-exports these.

/** RFC 8628 3.4: the device authorization grant's grant_type (a command-line tool's way in). */
export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** refresh_token only beside authorization_code (oauth-client.ts): refresh tokens come with the code grant's tokens. */
export const GRANT_TYPES = ["authorization_code", "client_credentials", "refresh_token", DEVICE_CODE_GRANT] as const;

/** Confidential: a server-side app that keeps a client secret. Public: a mobile, desktop or single-page app that cannot. */
export const CLIENT_TYPES = ["confidential", "public"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const CLIENT_TYPE_LABELS: Record<ClientType, string> = {
  confidential: "Confidential: a server-side app that keeps a client secret",
  public:
    "Public: a mobile, desktop, command-line or single-page app (no secret; authorization code with PKCE, or the device flow)",
};
export type GrantType = (typeof GRANT_TYPES)[number];

export const GRANT_TYPE_LABELS: Record<GrantType, string> = {
  authorization_code: "Authorization code (with PKCE)",
  client_credentials: "Client credentials",
  refresh_token: "Refresh tokens (with the authorization code grant)",
  [DEVICE_CODE_GRANT]: "Device authorization (command-line tools, RFC 8628)",
};
