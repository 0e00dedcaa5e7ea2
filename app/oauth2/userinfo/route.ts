// GET and POST /oauth2/userinfo (OIDC Core 5.3): an OAuth access token granted openid, in the
// Authorization header (access tokens are never taken from a query or a body). See lib/oauth/userinfo.ts.
import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";
import { userInfoFor } from "@/lib/oauth/userinfo";

export const GET = endpoint({ auth: "credential", scope: null }, async ({ principal }) =>
  jsonResponse(userInfoFor(principal)),
);

export const POST = endpoint({ auth: "credential", scope: null }, async ({ principal }) =>
  jsonResponse(userInfoFor(principal)),
);
