import { listOrganizations } from "@/lib/api/resources/organizations";
import { db } from "@/lib/db";
import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";
import { parsePage } from "@/lib/pagination";

const PAGE_SIZE = 100;

// GET /api/{version}/publishers.json: the publishers the caller may see, 100 per page (?page=N).
export const GET = endpoint<{ version: string }>(
  { auth: "credential", scope: "publishers:read", versioned: true },
  async ({ request, principal }) => {
    const page = parsePage(new URL(request.url).searchParams.get("page"));
    const { total, rows } = await listOrganizations(await db(), principal, "publisher", page, PAGE_SIZE);
    return jsonResponse({ publishers: rows, page, page_size: PAGE_SIZE, total });
  },
);
