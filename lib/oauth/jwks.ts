// GET /oauth2/jwks (RFC 7517 5): public keys only, of every account (one issuer per install;
// each account signs with its own keys, and their thumbprint kids never collide). Cacheable for five minutes: a client that
// meets a kid it has not cached fetches again (OIDC Core 10.1.1), and a rotated-out key stays
// published far longer than that (lib/oauth/signing-keys.ts), so a cached copy is never wrong
// for long. The document is the same whatever the Host, so a shared cache may keep it.
import type { Db } from "../db";
import { publishedKeys } from "./signing-keys";

export const JWKS_MAX_AGE_SECONDS = 300;

export async function jwksResponse(db: Db, now: Date = new Date()): Promise<Response> {
  return new Response(JSON.stringify({ keys: await publishedKeys(db, now) }), {
    headers: {
      "Content-Type": "application/jwk-set+json",
      "Cache-Control": `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
    },
  });
}
