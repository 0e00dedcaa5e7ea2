import { organizationListRoute } from "@/lib/endpoints/organizations";

// GET /api/{version}/publishers.json: the publishers the caller may see, 100 per page (?page=N).
export const GET = organizationListRoute("publisher");
