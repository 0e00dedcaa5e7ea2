// POST /oauth2/revoke (and its CORS preflight): see lib/endpoints/oauth.ts and lib/oauth/cors.ts.
import { revocationEndpoint } from "@/lib/endpoints/oauth";
import { preflightResponse } from "@/lib/oauth/cors";

export const POST = revocationEndpoint;
export const OPTIONS = preflightResponse;
