import { organizationRoutes } from "@/lib/endpoints/organizations";

// GET, POST, PUT and DELETE /api/{version}/advertisers/{id_from_network}.json (lib/endpoints/organizations.ts)
const routes = organizationRoutes("advertiser");
export const GET = routes.GET;
export const POST = routes.POST;
export const PUT = routes.PUT;
export const DELETE = routes.DELETE;
