// POST /oauth2/token (and its CORS preflight): see lib/oauth/endpoints.ts.
import { handleOAuthPreflight, handleTokenRequest } from "@/lib/oauth/endpoints";

export const POST = handleTokenRequest;
export const OPTIONS = handleOAuthPreflight;
