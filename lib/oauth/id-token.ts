// The OpenID Connect ID token (OIDC Core 2) the authorization code grant adds when the user
// allowed the openid scope: a JWT signed ES256 with the current signing key of the user's account
// (lib/oauth/signing-keys.ts), its kid in the header so a client picks the right key from the JWKS.
import { SignJWT, type JWTPayload } from "jose";
import type { OAuthScope } from "../access/privileges";
import type { Db } from "../db";
import { currentSigningKey, ID_TOKEN_ALG, ID_TOKEN_LIFETIME_SECONDS } from "./signing-keys";

export interface IdTokenSubject {
  issuer: string;
  /** The client's public client_id: the audience. */
  clientId: string;
  /** The account of the app and its user: its current key signs. */
  accountId: string;
  user: { id: string; name: string; email: string };
  scopes: readonly OAuthScope[];
  nonce: string | null;
  /** When the user signed in; null for a code issued before Keyward recorded it. */
  authTime: Date | null;
}

/**
 * The claims about the user that the granted scopes allow (OIDC Core 5.4), for the ID token
 * and UserInfo alike. email_verified is false: Keyward never proves that a user controls their
 * address (a super admin types it when creating the user; no mail is sent to confirm it), so
 * saying true would let a relying party trust an address nobody checked.
 */
export function identityClaims(
  user: { id: string; name: string; email: string },
  scopes: readonly string[],
): Record<string, string | boolean> {
  const claims: Record<string, string | boolean> = { sub: user.id };
  if (scopes.includes("profile")) claims.name = user.name;
  if (scopes.includes("email")) {
    claims.email = user.email;
    claims.email_verified = false;
  }
  return claims;
}

export async function mintIdToken(db: Db, subject: IdTokenSubject, now: Date = new Date()): Promise<string> {
  const key = await currentSigningKey(db, subject.accountId, now);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { sub: _sub, ...claims } = identityClaims(subject.user, subject.scopes);
  const payload: JWTPayload = { ...claims };
  if (subject.authTime) payload.auth_time = Math.floor(subject.authTime.getTime() / 1000);
  if (subject.nonce !== null) payload.nonce = subject.nonce;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ID_TOKEN_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(subject.issuer)
    .setSubject(subject.user.id)
    .setAudience(subject.clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ID_TOKEN_LIFETIME_SECONDS)
    .sign(key.privateKey);
}
