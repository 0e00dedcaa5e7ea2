import { jsonResponse } from "@/lib/api/errors";
import { getOrganization, updateOrganization } from "@/lib/api/resources/organizations";
import { idFromJsonFile } from "@/lib/api/versions";
import { versioned, withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";

type Params = { version: string; file: string };

// GET /api/{version}/advertisers/{id}.json
export const GET = versioned(
  withCredential<Params>("advertisers:read", async ({ principal, params }) => jsonResponse(await getOrganization(await db(), principal, "advertiser", idFromJsonFile(params.file)))),
);

// POST /api/{version}/advertisers/{id}.json with JSON {"name": "..."}: updates the plain fields
// given (an empty body changes nothing) and answers with the advertiser.
export const POST = versioned(
  withCredential<Params>("advertisers:write", async ({ principal, params, body }) =>
    jsonResponse(await updateOrganization(await db(), principal, "advertiser", idFromJsonFile(params.file), body)),
  ),
);
