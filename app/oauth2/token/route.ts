// POST /oauth2/token: see lib/oauth/endpoints.ts.
import { handleTokenRequest } from "@/lib/oauth/endpoints";

export const POST = handleTokenRequest;
