import { organizationListRoute } from "@/lib/endpoints/organizations";

// GET /api/{version}/advertisers.json: the advertisers the caller may see, 100 per page (?page=N).
export const GET = organizationListRoute("advertiser");
