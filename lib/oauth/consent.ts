// What the consent page (app/oauth2/authorize) shows and carries: the authorization
// parameters it passes on (to the sign-in page's callback and to its own Allow / Deny
// form), each requested scope in plain words with whether the user's role lets it be
// granted, and where the answer will go.
import { OAUTH_SCOPE_DESCRIPTIONS, type OAuthScope } from "../access/privileges";
import { AUTHORIZATION_PARAMETERS } from "./authorization-request";
import { roleAllows } from "./scope";

export const AUTHORIZE_PATH = "/oauth2/authorize";

/**
 * The authorization parameters of a query (Next.js searchParams) or a form (FormData):
 * nothing else is carried, and repeated values stay repeated so that the check refuses them.
 */
export function authorizationParametersFrom(
  source: Record<string, string | string[] | undefined> | FormData,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of AUTHORIZATION_PARAMETERS) {
    const values = source instanceof FormData ? source.getAll(name) : [source[name] ?? []].flat();
    for (const value of values) if (typeof value === "string") params.append(name, value);
  }
  return params;
}

/** The consent page for these parameters, as a same-site path (for a sign-in callbackUrl). */
export function authorizePathFor(params: URLSearchParams): string {
  return `${AUTHORIZE_PATH}?${params.toString()}`;
}

export interface ConsentScope {
  scope: OAuthScope;
  description: string;
  /** False when the user's role does not allow it: the token will not carry it (lib/oauth/scope.ts). */
  granted: boolean;
}

export function consentScopes(scopes: readonly OAuthScope[], role: string): ConsentScope[] {
  return scopes.map((scope) => ({
    scope,
    description: OAUTH_SCOPE_DESCRIPTIONS[scope],
    granted: roleAllows(scope, role),
  }));
}

/**
 * Where the user will be sent back, as they can judge it: the redirect URI's origin, or for a
 * native app's private-use scheme (com.example.app:/callback, whose origin is "null") its scheme.
 */
export function returnDestination(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.origin !== "null" ? url.origin : url.protocol.replace(/:$/, "");
}
