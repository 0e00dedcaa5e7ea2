// GET /.well-known/oauth-authorization-server (RFC 8414).
import { authorizationServerMetadata } from "@/lib/oauth/metadata";
import { issuerForRequest } from "@/lib/oauth/issuer";

export function GET(request: Request): Response {
  const body = authorizationServerMetadata(issuerForRequest(request));
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" } });
}
