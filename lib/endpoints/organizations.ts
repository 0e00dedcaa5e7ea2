// The Invoca-style routes of advertisers and publishers, one definition for both kinds:
//   GET    /api/{version}/{kind}s.json                      the ones the caller reaches, 100 a page (?page=N)
//   GET    /api/{version}/{kind}s/{id_from_network}.json    one
//   POST   /api/{version}/{kind}s/{id_from_network}.json    create or update it (201 created, 200 updated)
//   PUT    /api/{version}/{kind}s/{id_from_network}.json    the same (Invoca's network API takes either)
//   DELETE /api/{version}/{kind}s/{id_from_network}.json    204; 409 while users belong to it
// Keyward's generated `id` works wherever an id_from_network does.
import {
  deleteOrganizationByKey,
  getOrganization,
  listOrganizationViews,
  putOrganizationFromBody,
  type OrganizationKind,
} from "../api/resources/organizations";
import { idFromJsonFile } from "../api/versions";
import { db } from "../db";
import { jsonResponse } from "../http/respond";
import { parsePage } from "../pagination";
import { endpoint, type RouteHandler } from "./endpoint";

const LIST_PAGE_SIZE = 100;

type OneParams = { version: string; file: string };

export function organizationListRoute(kind: OrganizationKind): RouteHandler<{ version: string }> {
  return endpoint<{ version: string }>(
    { auth: "credential", scope: `${kind}s:read`, versioned: true },
    async ({ request, principal }) => {
      const page = parsePage(new URL(request.url).searchParams.get("page"));
      const { total, rows } = await listOrganizationViews(await db(), principal, kind, page, LIST_PAGE_SIZE);
      return jsonResponse({ [`${kind}s`]: rows, page, page_size: LIST_PAGE_SIZE, total });
    },
  );
}

export function organizationRoutes(
  kind: OrganizationKind,
): Record<"GET" | "POST" | "PUT" | "DELETE", RouteHandler<OneParams>> {
  const read = endpoint<OneParams>(
    { auth: "credential", scope: `${kind}s:read`, versioned: true },
    async ({ principal, params }) =>
      jsonResponse(await getOrganization(await db(), principal, kind, idFromJsonFile(params.file))),
  );
  const write = endpoint<OneParams>(
    { auth: "credential", scope: `${kind}s:write`, versioned: true },
    async ({ request, principal, params, body }) => {
      const key = idFromJsonFile(params.file);
      const { created, organization } = await putOrganizationFromBody(await db(), principal, request, kind, key, body);
      return jsonResponse(organization, created ? 201 : 200);
    },
  );
  const remove = endpoint<OneParams>(
    { auth: "credential", scope: `${kind}s:write`, versioned: true },
    async ({ request, principal, params }) => {
      await deleteOrganizationByKey(await db(), principal, request, kind, idFromJsonFile(params.file));
      return new Response(null, { status: 204 });
    },
  );
  return { GET: read, POST: write, PUT: write, DELETE: remove };
}
