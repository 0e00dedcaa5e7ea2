// Copyable curl examples for the Docs page, one per way of presenting a credential. The
// placeholders are never real secrets: the page is built from no credential at all.
export interface CurlExample {
  title: string;
  note?: string;
  command: string;
}

export function curlExamples(origin: string, version: string): CurlExample[] {
  const advertiser = `${origin}/api/${version}/advertisers/<id>.json`;
  return [
    { title: "Invoca (recommended): Authorization: <token>", command: `curl -X POST -H "Accept: application/json" -H "Content-Type: application/json" -H "Authorization: <kw_pat_ token>" '${advertiser}'` },
    { title: "Bearer", command: `curl -H "Authorization: Bearer <kw_pat_ token>" '${origin}/api/${version}/advertisers.json'` },
    { title: "Invoca: token in the JSON body (POST)", command: `curl -X POST -H "Content-Type: application/json" -d '{"oauth_token": "<kw_pat_ token>", "name": "Acme Outdoor"}' '${advertiser}'` },
    { title: "Invoca legacy: ?oauth_token= (GET only)", note: "Not recommended: URLs end up in logs. A super admin can switch it off.", command: `curl '${advertiser}?oauth_token=<kw_pat_ token>'` },
    { title: "TrackVia: account API Key + auth token", command: `curl -H "user_key: <kw_ak_ account key>" -H "Authorization: Bearer <kw_at_ auth token>" '${origin}/api/v2/me'` },
    { title: "Deskpro: API key", command: `curl -H "Authorization: key <kw_key_ API key>" '${origin}/api/v2/me'` },
    { title: "Generic guide: X-API-Key", command: `curl -H "X-API-Key: <kw_key_ API key>" '${origin}/v1/data'` },
    { title: "Deskpro token exchange (legacy, not recommended)", note: "Your script handles the user's password. Prefer an API key or OAuth.", command: `curl -X POST -H "Content-Type: application/json" -d '{"email": "<email>", "password": "<password>"}' '${origin}/api/v2/api_tokens'` },
    { title: "Deskpro: API token from the exchange", command: `curl -H "Authorization: token <kw_tok_ token>" '${origin}/api/v2/me'` },
  ];
}
