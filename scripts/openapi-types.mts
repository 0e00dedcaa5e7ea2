// `npm run openapi:types`: writes e2e/support/openapi-schema.d.ts, the TypeScript types that
// openapi-typescript generates from /api/openapi.json (as lib/api/openapi.ts builds it). The
// e2e suite's typed client (openapi-fetch) is checked against them, so a route that drifts from
// the document fails there; test/openapi-types.test.ts fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { openApiDocument } from "../lib/api/openapi";

export const OPENAPI_TYPES_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "e2e",
  "support",
  "openapi-schema.d.ts",
);

/** What `openapi-typescript` answers for the document, as its command line would write it. */
export async function renderOpenApiTypes(): Promise<string> {
  // The document's types are plain objects; openapi-typescript wants its own OpenAPI3 type.
  const document = openApiDocument() as unknown as Parameters<typeof openapiTS>[0];
  return `${COMMENT_HEADER}${astToString(await openapiTS(document, { silent: true }))}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OPENAPI_TYPES_FILE, await renderOpenApiTypes());
  console.log(`Wrote ${OPENAPI_TYPES_FILE}`);
}
