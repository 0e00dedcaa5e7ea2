import { visibleDataSummary } from "@/lib/api/resources/people";
import { db } from "@/lib/db";
import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";

// GET /v1/data (generic guide, "X-API-Key"): what the caller can reach, in numbers.
export const GET = endpoint({ auth: "credential", scope: "data:read" }, async ({ principal }) => jsonResponse({ data: await visibleDataSummary(await db(), principal) }));
