// POST /oauth2/token (and its CORS preflight): see lib/endpoints/oauth.ts and lib/oauth/cors.ts.
import { tokenEndpoint } from "@/lib/endpoints/oauth";
import { preflightResponse } from "@/lib/oauth/cors";

export const POST = tokenEndpoint;
export const OPTIONS = preflightResponse;
