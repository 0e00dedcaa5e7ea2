// POST /oauth2/revoke: see lib/oauth/endpoints.ts.
import { handleRevocationRequest } from "@/lib/oauth/endpoints";

export const POST = handleRevocationRequest;
