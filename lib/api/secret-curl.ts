// The ready-to-run curl line shown beside a secret at its one showing, with the secret filled
// in, against a route this install serves. Safe for the browser (no zod, no server modules):
// the reveal components build it from the secret they already hold and the public origin the
// dashboard hands them. Header transports only: a line on the screen is fine, but a secret in a
// query string ends up in proxy and server logs once someone runs it.
import { SUPPORTED_API_VERSIONS } from "./versions";

export type RevealedKind = "pat" | "at" | "key" | "cs" | "ak";

export interface SecretCurlInput {
  kind: RevealedKind;
  secret: string;
  /** Keyward's public origin (KEYWARD_URL, else the request's), no trailing slash. */
  origin: string;
  /** OAuth client secrets: the app's client ID and whether it may use client_credentials. */
  clientId?: string;
  clientCredentials?: boolean;
}

/** Single-quoted for a POSIX shell; Keyward's secrets and ids never hold a quote, but a name might. */
function quoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function secretCurlLine(input: SecretCurlInput): string {
  const { secret, origin } = input;
  switch (input.kind) {
    case "pat":
      // Invoca's list of advertisers: any personal credential may read what its owner sees.
      return `curl -H ${quoted(`Authorization: Bearer ${secret}`)} ${quoted(`${origin}/api/${SUPPORTED_API_VERSIONS[0]}/advertisers.json`)}`;
    case "key":
      return `curl -H ${quoted(`Authorization: key ${secret}`)} ${quoted(`${origin}/api/v2/me`)}`;
    case "at":
      // TrackVia: an auth token works only beside the account's API Key, which is not shown
      // here (revealing it asks for the password again, on API Access).
      return `curl -H ${quoted("user_key: <account API Key>")} -H ${quoted(`Authorization: Bearer ${secret}`)} ${quoted(`${origin}/api/v2/me`)}`;
    case "ak":
      return `curl -H ${quoted(`user_key: ${secret}`)} -H ${quoted("Authorization: Bearer <auth token>")} ${quoted(`${origin}/api/v2/me`)}`;
    case "cs": {
      const credentials = quoted(`${input.clientId ?? "<client id>"}:${secret}`);
      return input.clientCredentials
        ? `curl -u ${credentials} -d grant_type=client_credentials ${quoted(`${origin}/oauth2/token`)}`
        : // An app without client_credentials uses its secret only to exchange a code it received.
          `curl -u ${credentials} -d grant_type=authorization_code -d 'code=<code>' -d 'redirect_uri=<your redirect URI>' -d 'code_verifier=<your PKCE verifier>' ${quoted(`${origin}/oauth2/token`)}`;
    }
  }
}
