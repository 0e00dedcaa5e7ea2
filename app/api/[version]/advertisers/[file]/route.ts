import { getOrganization, updateOrganization } from "@/lib/api/resources/organizations";
import { idFromJsonFile } from "@/lib/api/versions";
import { db } from "@/lib/db";
import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";

type Params = { version: string; file: string };

// GET /api/{version}/advertisers/{id}.json
export const GET = endpoint<Params>(
  { auth: "credential", scope: "advertisers:read", versioned: true },
  async ({ principal, params }) =>
    jsonResponse(await getOrganization(await db(), principal, "advertiser", idFromJsonFile(params.file))),
);

// POST /api/{version}/advertisers/{id}.json with JSON {"name": "..."}: updates the plain fields
// given (an empty body changes nothing) and answers with the advertiser.
export const POST = endpoint<Params>(
  { auth: "credential", scope: "advertisers:write", versioned: true },
  async ({ principal, params, body }) =>
    jsonResponse(await updateOrganization(await db(), principal, "advertiser", idFromJsonFile(params.file), body)),
);
