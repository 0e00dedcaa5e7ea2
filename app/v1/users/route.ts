import { jsonResponse } from "@/lib/api/errors";
import { listVisibleUsers } from "@/lib/api/resources/people";
import { withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";

const PAGE_SIZE = 100;

// GET /v1/users (generic guide, "Authorization: Bearer"): the users the caller may see.
export const GET = withCredential("users:read", async ({ request, principal }) => {
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const { total, users } = await listVisibleUsers(await db(), principal, page, PAGE_SIZE);
  return jsonResponse({ users, page, page_size: PAGE_SIZE, total });
});
