import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { OAUTH_SCOPES } from "../access/privileges";
import { seedAdvertiserExample } from "./curl-examples";
import { openApiDocument, UNDOCUMENTED_ROUTES } from "./openapi";

type Operation = {
  operationId?: string;
  responses: Record<string, unknown>;
  "x-codeSamples"?: { source: string }[];
};

function operations(): [string, string, Operation][] {
  const paths = openApiDocument().paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method !== "parameters")
      .map(([method, operation]): [string, string, Operation] => [path, method, operation]),
  );
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** app/api/[version]/advertisers/[file]/route.ts → /api/{version}/advertisers/{id_from_network}.json */
function toOpenApiPath(file: string): string {
  const route =
    "/" +
    relative("app", file)
      .replace(/\/route\.ts$/, "")
      .replace(/\([^)]+\)\//g, "");
  return route.replace(/\[file\]$/, "{id_from_network}.json").replace(/\[([^\]]+)\]/g, "{$1}");
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

  it("is OpenAPI 3.1 with every security requirement (and OAuth scope) defined", () => {
    const document = openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    const schemes = Object.keys(document.components.securitySchemes);
    for (const operations of Object.values(
      document.paths as Record<string, Record<string, { security?: Record<string, unknown>[] }>>,
    )) {
      for (const operation of Object.values(operations)) {
        for (const requirement of operation.security ?? [])
          for (const [name, scopes] of Object.entries(requirement)) {
            expect(schemes).toContain(name);
            // An OAuth requirement names only scopes the authorization server grants (the API's, and
            // OpenID Connect's identity scopes for UserInfo).
            for (const scope of scopes as string[]) expect(OAUTH_SCOPES).toContain(scope);
          }
      }
    }
  });

  it("says which scope every credential operation needs (x-keyward-scope), the one its oauth2 requirement names", () => {
    const credentialOperations = operations().filter(([, , operation]) =>
      ((operation as { security?: Record<string, unknown>[] }).security ?? []).some(
        (requirement) => "bearer" in requirement,
      ),
    );
    expect(credentialOperations.length).toBeGreaterThan(8);
    for (const [path, method, operation] of credentialOperations) {
      const described = operation as unknown as {
        security: Record<string, string[]>[];
        "x-keyward-scope"?: string | null;
      };
      expect(described["x-keyward-scope"], `${method} ${path}`).not.toBeUndefined();
      const oauth = described.security.find((requirement) => "oauth2" in requirement)!.oauth2!;
      expect(oauth, `${method} ${path}`).toEqual(described["x-keyward-scope"] ? [described["x-keyward-scope"]] : []);
    }
  });

  it("names every operation (a generated client's method names), each name once, in camelCase", () => {
    const ids = operations().map(([path, method, operation]) => {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
      return operation.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers the advertisers' writes as the API does: 201 created, 200 updated, 409 a name taken, 204 deleted", () => {
    const byId = new Map(operations().map(([, , operation]) => [operation.operationId, operation]));
    for (const id of ["createOrUpdateAdvertiser", "putAdvertiser", "createOrUpdatePublisher", "putPublisher"]) {
      expect(Object.keys(byId.get(id)!.responses)).toEqual(
        expect.arrayContaining(["200", "201", "400", "401", "403", "404", "409", "415"]),
      );
    }
    expect(Object.keys(byId.get("deleteAdvertiser")!.responses)).toEqual(
      expect.arrayContaining(["204", "401", "403", "404", "409"]),
    );
  });

  it("shows the seed's curl example on POST /api/{version}/advertisers/{id_from_network}.json", () => {
    const [, , post] = operations().find(([, , operation]) => operation.operationId === "createOrUpdateAdvertiser")!;
    const example = seedAdvertiserExample("https://<host>", "2022-08-01");
    expect(post["x-codeSamples"]?.map((sample) => sample.source)).toEqual([example]);
    expect(example).toBe(
      `curl -X POST -H "Accept: application/json" -H "Content-Type: application/json" -H "Authorization: <token>" -d '{"name": "Acme Outdoor"}' 'https://<host>/api/2022-08-01/advertisers/1111.json'`,
    );
  });
});
