// POST /oauth2/introspect: see lib/oauth/endpoints.ts.
import { handleIntrospectionRequest } from "@/lib/oauth/endpoints";

export const POST = handleIntrospectionRequest;
