import { listVisibleUsers } from "@/lib/api/resources/people";
import { db } from "@/lib/db";
import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";
import { parsePage } from "@/lib/pagination";

const PAGE_SIZE = 100;

// GET /v1/users (generic guide, "Authorization: Bearer"): the users the caller may see.
export const GET = endpoint({ auth: "credential", scope: "users:read" }, async ({ request, principal }) => {
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const { total, users } = await listVisibleUsers(await db(), principal, page, PAGE_SIZE);
  return jsonResponse({ users, page, page_size: PAGE_SIZE, total });
});
