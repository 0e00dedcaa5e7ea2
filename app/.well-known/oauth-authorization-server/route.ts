// GET /.well-known/oauth-authorization-server (RFC 8414).
import { authorizationServerMetadata } from "@/lib/oauth/metadata";
import { issuerFor } from "@/lib/oauth/issuer";

export function GET(request: Request): Response {
  const body = authorizationServerMetadata(issuerFor(new URL(request.url).origin));
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" } });
}
