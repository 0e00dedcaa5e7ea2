// POST /oauth2/introspect: see lib/endpoints/oauth.ts.
import { introspectionEndpoint } from "@/lib/endpoints/oauth";

export const POST = introspectionEndpoint;
