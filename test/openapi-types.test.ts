import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPENAPI_TYPES_FILE, renderOpenApiTypes } from "../scripts/openapi-types.mjs";

describe("the typed client's types (e2e/support/openapi-schema.d.ts)", () => {
  it("are what openapi-typescript generates from the OpenAPI document today", async () => {
    const committed = readFileSync(OPENAPI_TYPES_FILE, "utf8");
    // A stale file lets the e2e typed client compile against routes that no longer exist.
    expect(committed === (await renderOpenApiTypes()), "stale: run `npm run openapi:types` and commit the file").toBe(
      true,
    );
  });
});
