import { organizationRoutes } from "@/lib/endpoints/organizations";

// GET, POST, PUT and DELETE /api/{version}/publishers/{id_from_network}.json (lib/endpoints/organizations.ts)
const routes = organizationRoutes("publisher");
export const GET = routes.GET;
export const POST = routes.POST;
export const PUT = routes.PUT;
export const DELETE = routes.DELETE;
