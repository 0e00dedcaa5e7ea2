// `npm run bench` only (scripts/bench.ts): GET and POST /api/bench/baseline/{id}.json?account=<id>
// do what GET and POST /api/{version}/advertisers/{id}.json do (body parsing, the same
// lib/api/resources/organizations.ts read and write, the same response) minus the credential check, so
// the benchmark can price verification alone. It answers only on a server started with
// KEYWARD_BENCH=1 (lib/env.ts); everywhere else it is a 404 like any unknown path.
import { WHOLE_REACH } from "@/lib/access/narrowing";
import { getOrganization, putOrganizationFromBody } from "@/lib/api/resources/organizations";
import { idFromJsonFile } from "@/lib/api/versions";
import { db } from "@/lib/db";
import { endpoint, type RouteHandler } from "@/lib/endpoints/endpoint";
import { env } from "@/lib/env";
import { notFound } from "@/lib/http/protocol-error";
import { errorResponse, jsonResponse } from "@/lib/http/respond";
import type { Principal } from "@/lib/verifier/verify";

type Params = { file: string };

function benchPrincipal(accountId: string): Principal {
  const user = {
    id: "bench",
    email: "bench@bench.invalid",
    name: "bench",
    role: "network_user",
    status: "active",
    isApiUser: false,
    advertiserId: null,
    publisherId: null,
  };
  return {
    accountId,
    user,
    credential: { id: "bench", kind: "bench", hint: "bench", transport: "authorization" },
    scopes: null,
    grant: WHOLE_REACH,
    rateLimitHeaders: {},
  };
}

// The same wrapper as the API's routes, with nobody to authenticate: the difference in price is the credential check.
function baseline(write: boolean): RouteHandler<Params> {
  const handler = endpoint<Params>({ auth: "none", body: "json" }, async ({ request, params, body }) => {
    const principal = benchPrincipal(new URL(request.url).searchParams.get("account") ?? "");
    const id = idFromJsonFile(params.file);
    if (!write) return jsonResponse(await getOrganization(await db(), principal, "advertiser", id));
    const { created, organization } = await putOrganizationFromBody(
      await db(),
      principal,
      request,
      "advertiser",
      id,
      body,
    );
    return jsonResponse(organization, created ? 201 : 200);
  });
  // Off the bench, a 404 before the body is read, like any unknown path.
  return async (request, route) => (env().bench ? handler(request, route) : errorResponse(notFound("Not found")));
}

export const GET = baseline(false);
export const POST = baseline(true);
