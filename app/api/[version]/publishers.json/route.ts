import { jsonResponse } from "@/lib/api/errors";
import { listOrganizations } from "@/lib/api/resources/organizations";
import { versioned, withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";

const PAGE_SIZE = 100;

// GET /api/{version}/publishers.json: the publishers the caller may see, 100 per page (?page=N).
export const GET = versioned(
  withCredential<{ version: string }>("publishers:read", async ({ request, principal }) => {
    const page = parsePage(new URL(request.url).searchParams.get("page"));
    const { total, rows } = await listOrganizations(await db(), principal, "publisher", page, PAGE_SIZE);
    return jsonResponse({ publishers: rows, page, page_size: PAGE_SIZE, total });
  }),
);
