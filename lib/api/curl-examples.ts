// Copyable curl examples for the Docs page, one per way of presenting a credential. The
// placeholders are never real secrets: the page is built from no credential at all.
export interface CurlExample {
  title: string;
  note?: string;
  command: string;
}

/** The seed's (Invoca's) example ids: advertiser 1111 and, for publishers, 3333. */
export const ORGANIZATION_EXAMPLES = {
  advertiser: { id: "1111", name: "Acme Outdoor" },
  publisher: { id: "3333", name: "Northwind Media" },
} as const;

const JSON_HEADERS = `-H "Accept: application/json" -H "Content-Type: application/json"`;
const TOKEN = `-H "Authorization: <kw_pat_ token>"`;

/** The seed's example, word for word, with the body it needs: creates advertiser 1111, or renames it. */
export function seedAdvertiserExample(origin: string, version: string): string {
  const { id, name } = ORGANIZATION_EXAMPLES.advertiser;
  return `curl -X POST ${JSON_HEADERS} -H "Authorization: <token>" -d '{"name": "${name}"}' '${origin}/api/${version}/advertisers/${id}.json'`;
}

/**
 * One example per operation of the advertisers' and publishers' API, by operationId (the
 * OpenAPI document's x-codeSamples and the Docs page's endpoint list both show them).
 */
export function organizationCurlExamples(origin: string, version: string): Record<string, string> {
  const examples: Record<string, string> = {};
  for (const kind of ["advertiser", "publisher"] as const) {
    const { id, name } = ORGANIZATION_EXAMPLES[kind];
    const Kind = kind[0]!.toUpperCase() + kind.slice(1);
    const one = `'${origin}/api/${version}/${kind}s/${id}.json'`;
    examples[`list${Kind}s`] =
      `curl -H "Accept: application/json" ${TOKEN} '${origin}/api/${version}/${kind}s.json?page=1'`;
    examples[`get${Kind}`] = `curl -H "Accept: application/json" ${TOKEN} ${one}`;
    examples[`createOrUpdate${Kind}`] =
      kind === "advertiser"
        ? seedAdvertiserExample(origin, version)
        : `curl -X POST ${JSON_HEADERS} ${TOKEN} -d '{"name": "${name}"}' ${one}`;
    examples[`put${Kind}`] =
      `curl -X PUT ${JSON_HEADERS} ${TOKEN} -d '{"name": "${name}", "approval_status": "Approved"}' ${one}`;
    examples[`delete${Kind}`] = `curl -X DELETE ${TOKEN} ${one}`;
  }
  return examples;
}

export function curlExamples(origin: string, version: string): CurlExample[] {
  const advertiser = `${origin}/api/${version}/advertisers/${ORGANIZATION_EXAMPLES.advertiser.id}.json`;
  return [
    {
      title: "Invoca (recommended): Authorization: <token>",
      note: "The seed's example: creates advertiser 1111 in your network (201), or updates it (200).",
      command: seedAdvertiserExample(origin, version),
    },
    {
      title: "Bearer",
      command: `curl -H "Authorization: Bearer <kw_pat_ token>" '${origin}/api/${version}/advertisers.json'`,
    },
    {
      title: "Invoca: token in the JSON body (POST)",
      command: `curl -X POST -H "Content-Type: application/json" -d '{"oauth_token": "<kw_pat_ token>", "name": "Acme Outdoor"}' '${advertiser}'`,
    },
    {
      title: "Invoca legacy: ?oauth_token= (GET only)",
      note: "Not recommended: URLs end up in logs. A super admin can switch it off.",
      command: `curl '${advertiser}?oauth_token=<kw_pat_ token>'`,
    },
    {
      title: "TrackVia: account API Key + auth token",
      command: `curl -H "user_key: <kw_ak_ account key>" -H "Authorization: Bearer <kw_at_ auth token>" '${origin}/api/v2/me'`,
    },
    { title: "Deskpro: API key", command: `curl -H "Authorization: key <kw_key_ API key>" '${origin}/api/v2/me'` },
    { title: "Generic guide: X-API-Key", command: `curl -H "X-API-Key: <kw_key_ API key>" '${origin}/v1/data'` },
    {
      title: "Deskpro token exchange (legacy, not recommended)",
      note: "Your script handles the user's password. Prefer an API key or OAuth.",
      command: `curl -X POST -H "Content-Type: application/json" -d '{"email": "<email>", "password": "<password>"}' '${origin}/api/v2/api_tokens'`,
    },
    {
      title: "Deskpro: API token from the exchange",
      command: `curl -H "Authorization: token <kw_tok_ token>" '${origin}/api/v2/me'`,
    },
    {
      title: "Generic guide (recommended): OAuth 2.0 client credentials",
      note: "The app's client ID and secret come from OAuth Apps. The token lasts an hour; ask for a new one (client credentials never bring a refresh token).",
      command: `curl -X POST -H "Content-Type: application/x-www-form-urlencoded" -d 'grant_type=client_credentials&client_id=<client id>&client_secret=<kw_cs_ client secret>' '${origin}/oauth2/token'`,
    },
    {
      title: "Generic guide: OAuth access token",
      command: `curl -H "Authorization: Bearer <kw_oat_ access token>" '${origin}/v1/users'`,
    },
    {
      title: "OAuth 2.0: authorization code exchange (PKCE)",
      note: "After the user allowed your app on Keyward's consent page, your redirect URI received ?code=…&state=…&iss=…",
      command: `curl -u '<client id>:<kw_cs_ client secret>' -d 'grant_type=authorization_code&code=<kw_ac_ code>&redirect_uri=<your redirect URI>&code_verifier=<your PKCE verifier>' '${origin}/oauth2/token'`,
    },
    {
      title: "OAuth 2.0: refresh token (apps registered for it)",
      note: "Answers a new access token and a new refresh token: keep the new one, the old one is spent. Presenting a spent refresh token again revokes every token of that consent. A public client sends -d 'client_id=<client id>' instead of -u.",
      command: `curl -u '<client id>:<kw_cs_ client secret>' -d 'grant_type=refresh_token&refresh_token=<kw_ort_ refresh token>' '${origin}/oauth2/token'`,
    },
    {
      title: "Introspection (RFC 7662): is this credential active?",
      note: "For your other services: an OAuth app registered with \"May introspect tokens\" asks about any credential of its account. An auth token (kw_at_) is active only with its account's API key beside it: add -d 'user_key=<kw_ak_ account API key>'.",
      command: `curl -u '<client id>:<kw_cs_ client secret>' -d 'token=<any kw_ credential>' '${origin}/oauth2/introspect'`,
    },
  ];
}

/** OpenID Connect ("Log in with Keyward"): discovery, the signing keys, UserInfo. */
export function openIdConnectCurlExamples(origin: string): CurlExample[] {
  return [
    {
      title: "OpenID Connect discovery",
      command: `curl '${origin}/.well-known/openid-configuration'`,
    },
    {
      title: "ID token signing keys (JWKS)",
      note: "Verify an id_token's ES256 signature with the key named by its kid; a rotated key stays here until its ID tokens have expired.",
      command: `curl '${origin}/oauth2/jwks'`,
    },
    {
      title: "UserInfo",
      note: "An access token granted openid: sub, and name (profile) and email (email).",
      command: `curl -H "Authorization: Bearer <kw_oat_ access token>" '${origin}/oauth2/userinfo'`,
    },
  ];
}
