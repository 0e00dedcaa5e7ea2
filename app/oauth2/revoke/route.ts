// POST /oauth2/revoke (and its CORS preflight): see lib/oauth/endpoints.ts.
import { handleOAuthPreflight, handleRevocationRequest } from "@/lib/oauth/endpoints";

export const POST = handleRevocationRequest;
export const OPTIONS = handleOAuthPreflight;
