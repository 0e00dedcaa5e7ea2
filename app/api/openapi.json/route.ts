import { openApiDocument } from "@/lib/api/openapi";

// GET /api/openapi.json: the OpenAPI 3.1 description of every endpoint.
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
