// `npm run bench` only (scripts/bench.ts): GET and POST /api/bench/baseline/{id}.json?account=<id>
// do what GET and POST /api/{version}/advertisers/{id}.json do (body parsing, the same
// lib/api/resources/organizations.ts read, the same response) minus the credential check, so
// the benchmark can price verification alone. It answers only on a server started with
// KEYWARD_BENCH=1 (lib/env.ts); everywhere else it is a 404 like any unknown path.
import { apiErrorResponse, ApiError, jsonResponse, notFound } from "@/lib/api/errors";
import { getOrganization, updateOrganization } from "@/lib/api/resources/organizations";
import { idFromJsonFile } from "@/lib/api/versions";
import { readJsonBody } from "@/lib/api/with-credential";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Principal } from "@/lib/verifier/verify";

type Route = { params: Promise<{ file: string }> };

function benchPrincipal(accountId: string): Principal {
  const user = { id: "bench", email: "bench@bench.invalid", name: "bench", role: "network_user", status: "active", isApiUser: false, advertiserId: null, publisherId: null };
  return { accountId, user, credential: { id: "bench", kind: "bench", hint: "bench", transport: "authorization" }, scopes: null };
}

function baseline(write: boolean) {
  return async (request: Request, route: Route): Promise<Response> => {
    if (!env().bench) return apiErrorResponse(notFound("Not found"));
    try {
      const params = await route.params;
      const body = await readJsonBody(request);
      const principal = benchPrincipal(new URL(request.url).searchParams.get("account") ?? "");
      const { oauth_token: _token, ...fields } = body ?? {};
      const id = idFromJsonFile(params.file);
      const response = jsonResponse(write ? await updateOrganization(await db(), principal, "advertiser", id, fields) : await getOrganization(await db(), principal, "advertiser", id));
      response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      if (error instanceof ApiError) return apiErrorResponse(error);
      return jsonResponse({ error: "server_error", error_description: "Keyward could not complete the request" }, 500);
    }
  };
}

export const GET = baseline(false);
export const POST = baseline(true);
