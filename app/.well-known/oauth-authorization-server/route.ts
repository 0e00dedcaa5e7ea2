// GET /.well-known/oauth-authorization-server (RFC 8414).
import { authorizationServerMetadata } from "@/lib/oauth/metadata";
import { issuerFor } from "@/lib/oauth/issuer";
import { requestOrigin } from "@/lib/request-origin";

export function GET(request: Request): Response {
  const body = authorizationServerMetadata(issuerFor(requestOrigin(request.headers)));
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" } });
}
