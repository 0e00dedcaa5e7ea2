import { jsonResponse } from "@/lib/api/errors";
import { getOrganization, updateOrganization } from "@/lib/api/resources/organizations";
import { idFromJsonFile } from "@/lib/api/versions";
import { versioned, withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";

type Params = { version: string; file: string };

// GET /api/{version}/publishers/{id}.json
export const GET = versioned(
  withCredential<Params>("publishers:read", async ({ principal, params }) => jsonResponse(await getOrganization(await db(), principal, "publisher", idFromJsonFile(params.file)))),
);

// POST /api/{version}/publishers/{id}.json with JSON {"name": "..."}: updates the plain fields
// given (an empty body changes nothing) and answers with the publisher.
export const POST = versioned(
  withCredential<Params>("publishers:write", async ({ principal, params, body }) =>
    jsonResponse(await updateOrganization(await db(), principal, "publisher", idFromJsonFile(params.file), body)),
  ),
);
