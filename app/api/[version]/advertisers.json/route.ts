import { jsonResponse } from "@/lib/api/errors";
import { listOrganizations } from "@/lib/api/resources/organizations";
import { versioned, withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";

const PAGE_SIZE = 100;

// GET /api/{version}/advertisers.json: the advertisers the caller may see, 100 per page (?page=N).
export const GET = versioned(
  withCredential<{ version: string }>("advertisers:read", async ({ request, principal }) => {
    const page = parsePage(new URL(request.url).searchParams.get("page"));
    const { total, rows } = await listOrganizations(await db(), principal, "advertiser", page, PAGE_SIZE);
    return jsonResponse({ advertisers: rows, page, page_size: PAGE_SIZE, total });
  }),
);
