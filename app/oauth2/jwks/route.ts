// GET /oauth2/jwks: the public keys of ID tokens, every account's (lib/oauth/signing-keys.ts).
import { db } from "@/lib/db";
import { jwksResponse } from "@/lib/oauth/jwks";

export async function GET(): Promise<Response> {
  return jwksResponse(await db());
}
