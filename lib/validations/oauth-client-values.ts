// The grants and client types an OAuth app may register, and their labels, free of zod so the
// Register OAuth App dialog (a client component) can import them; the schema that uses them is
// in oauth-client.ts, which re-exports these.

/** refresh_token only beside authorization_code (oauth-client.ts): refresh tokens come with the code grant's tokens. */
export const GRANT_TYPES = ["authorization_code", "client_credentials", "refresh_token"] as const;

/** Confidential: a server-side app that keeps a client secret. Public: a mobile, desktop or single-page app that cannot. */
export const CLIENT_TYPES = ["confidential", "public"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const CLIENT_TYPE_LABELS: Record<ClientType, string> = {
  confidential: "Confidential: a server-side app that keeps a client secret",
  public: "Public: a mobile, desktop or single-page app (no secret; authorization code with PKCE only)",
};
export type GrantType = (typeof GRANT_TYPES)[number];

export const GRANT_TYPE_LABELS: Record<GrantType, string> = {
  authorization_code: "Authorization code (with PKCE)",
  client_credentials: "Client credentials",
  refresh_token: "Refresh tokens (with the authorization code grant)",
};
