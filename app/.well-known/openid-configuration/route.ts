// GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0).
import { openIdConfiguration } from "@/lib/oauth/metadata";
import { issuerForRequest } from "@/lib/oauth/issuer";
import { jsonResponse } from "@/lib/http/respond";

// no-store, as the RFC 8414 document: outside production the issuer is the request's own origin.
export function GET(request: Request): Response {
  return jsonResponse(openIdConfiguration(issuerForRequest(request)));
}
