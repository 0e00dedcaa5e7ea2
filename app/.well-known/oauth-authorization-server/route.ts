// GET /.well-known/oauth-authorization-server (RFC 8414).
import { authorizationServerMetadata } from "@/lib/oauth/metadata";
import { issuerForRequest } from "@/lib/oauth/issuer";
import { jsonResponse } from "@/lib/http/respond";

// no-store: outside production the issuer is the request's own origin, and a shared cache
// keyed without the Host would hand one client's answer (its endpoints) to every other.
export function GET(request: Request): Response {
  return jsonResponse(authorizationServerMetadata(issuerForRequest(request)));
}
