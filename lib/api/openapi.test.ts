import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, UNDOCUMENTED_ROUTES } from "./openapi";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** app/api/[version]/advertisers/[file]/route.ts → /api/{version}/advertisers/{id}.json */
function toOpenApiPath(file: string): string {
  const route =
    "/" +
    relative("app", file)
      .replace(/\/route\.ts$/, "")
      .replace(/\([^)]+\)\//g, "");
  return route.replace(/\[file\]$/, "{id}.json").replace(/\[([^\]]+)\]/g, "{$1}");
}

describe("the OpenAPI document", () => {
  it("describes every route handler under app/, each with the methods it exports", async () => {
    const document = openApiDocument();
    const files = routeFiles("app");
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const raw = "/" + relative("app", file).replace(/\/route\.ts$/, "");
      if (UNDOCUMENTED_ROUTES.includes(raw)) continue;
      const path = toOpenApiPath(file);
      const described = (document.paths as Record<string, Record<string, unknown>>)[path];
      expect(described, `${file} → ${path} is not in the OpenAPI document`).toBeDefined();
      const handlers = await import(`@/${file.replace(/\.ts$/, "")}`);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (typeof handlers[method] === "function")
          expect(described![method.toLowerCase()], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it("is OpenAPI 3.1 with every security requirement defined", () => {
    const document = openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    const schemes = Object.keys(document.components.securitySchemes);
    for (const operations of Object.values(
      document.paths as Record<string, Record<string, { security?: Record<string, unknown>[] }>>,
    )) {
      for (const operation of Object.values(operations)) {
        for (const requirement of operation.security ?? [])
          for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
      }
    }
  });
});
