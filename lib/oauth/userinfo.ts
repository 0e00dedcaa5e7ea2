// GET and POST /oauth2/userinfo (OIDC Core 5.3): the claims about the signed-in user that the
// access token's identity scopes allow. Only an OAuth access token granted openid is accepted:
// any other credential (an API key, an auth token) or a token without openid is refused the
// RFC 6750 way (403 insufficient_scope naming openid), and no token granted only identity scopes reaches an API route (the verifier
// finds none of the API's scopes in it).
import { insufficientScope } from "../http/protocol-error";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import type { Principal } from "../verifier/verify";
import { identityClaims } from "./id-token";

export function userInfoFor(principal: Principal): Record<string, string | boolean> {
  // A valid credential of another kind (an API key, a personal credential) can never carry
  // openid: like a token without it, it lacks the scope (RFC 6750 3.1: 403), it is not invalid.
  if (principal.credential.kind !== oauthAccessToken.code)
    throw insufficientScope(
      "UserInfo takes an OAuth access token granted the openid scope; this kind of credential cannot carry it",
      "openid",
    );
  const scopes = principal.scopes ?? [];
  if (!scopes.includes("openid"))
    throw insufficientScope("This access token was not granted the openid scope", "openid");
  return identityClaims(principal.user, scopes);
}
