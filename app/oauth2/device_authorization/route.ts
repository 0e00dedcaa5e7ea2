// POST /oauth2/device_authorization (RFC 8628 3.1): see lib/endpoints/oauth.ts and lib/oauth/device-authorization.ts.
import { deviceAuthorizationEndpoint } from "@/lib/endpoints/oauth";

export const POST = deviceAuthorizationEndpoint;
