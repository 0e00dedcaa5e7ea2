import { jsonResponse } from "@/lib/api/errors";
import { visibleDataSummary } from "@/lib/api/resources/people";
import { withCredential } from "@/lib/api/with-credential";
import { db } from "@/lib/db";

// GET /v1/data (generic guide, "X-API-Key"): what the caller can reach, in numbers.
export const GET = withCredential("data:read", async ({ principal }) => jsonResponse({ data: await visibleDataSummary(await db(), principal) }));
