// The authorization guard of every server action and route handler, checked in the source:
// a new action or route that forgets its guard fails here before it can ship. (The pages are
// checked over HTTP, role by role, in e2e/authorization-matrix.spec.ts.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, match);
    return match(name) ? [path] : [];
  });
}

/** How each route handler decides who may call it. */
const ROUTE_GUARDS: Record<string, "credential" | "organizations" | "oauth-client" | "open"> = {
  "app/api/[version]/advertisers.json/route.ts": "organizations",
  "app/api/[version]/advertisers/[file]/route.ts": "organizations",
  "app/api/[version]/publishers.json/route.ts": "organizations",
  "app/api/[version]/publishers/[file]/route.ts": "organizations",
  "app/api/v2/me/route.ts": "credential",
  "app/v1/data/route.ts": "credential",
  "app/v1/users/route.ts": "credential",
  "app/oauth2/token/route.ts": "oauth-client",
  "app/oauth2/revoke/route.ts": "oauth-client",
  "app/oauth2/introspect/route.ts": "oauth-client",
  "app/oauth2/device_authorization/route.ts": "oauth-client",
  "app/oauth2/userinfo/route.ts": "credential",
  // Open by design: next-auth's own endpoints, the health check, the API description, the
  // password exchange (its own throttle and lock-out), the OAuth metadata, and the bench-only
  // baseline route (a 404 unless KEYWARD_BENCH=1), and leak reports (they only ever revoke a
  // secret the caller holds; rate-limited per address: lib/credentials/leaked).
  "app/api/auth/[...nextauth]/route.ts": "open",
  "app/api/health/route.ts": "open",
  "app/api/openapi.json/route.ts": "open",
  "app/api/v2/api_tokens/route.ts": "open",
  "app/.well-known/oauth-authorization-server/route.ts": "open",
  "app/.well-known/openid-configuration/route.ts": "open",
  "app/oauth2/jwks/route.ts": "open",
  "app/api/bench/baseline/[file]/route.ts": "open",
  "app/api/credentials/leaked/route.ts": "open",
};

describe("authorization in the source", () => {
  it("every server action checks the session (requireUser / requireRole) before anything else", () => {
    const actionFiles = files("app", (name) => /\.tsx?$/.test(name)).filter((file) =>
      /^["']use server["']/.test(readFileSync(file, "utf8")),
    );
    expect(actionFiles.length).toBeGreaterThan(5);
    for (const file of actionFiles) {
      const source = readFileSync(file, "utf8");
      const exported = [...source.matchAll(/^export (async function|const|function|let|class) (\w+)/gm)];
      expect(exported.length, file).toBeGreaterThan(0);
      for (const [, form, name] of exported) {
        if (form === "const" || form === "let" || form === "class" || form === "function") {
          throw new Error(`${file}: ${name} is exported from a "use server" module but is not an async function`);
        }
        const start = source.indexOf(`export async function ${name}`);
        const body = source.slice(source.indexOf("{\n", start) + 2);
        const firstStatement = body
          .split("\n")
          .find((line) => line.trim() !== "" && !line.trim().startsWith("//"))!
          .trim();
        expect(firstStatement, `${file}: ${name} must start by checking the session`).toMatch(
          /^(const \w+ = )?await require(User|Role)\(/,
        );
      }
    }
  });

  it("every route handler is listed with its guard, and uses it", () => {
    const routes = files("app", (name) => name === "route.ts").sort();
    expect(routes).toEqual(Object.keys(ROUTE_GUARDS).sort());
    for (const [file, guard] of Object.entries(ROUTE_GUARDS)) {
      const source = readFileSync(file, "utf8");
      if (guard === "credential") {
        // Each exported method on its own: a GET behind the verifier says nothing of a POST beside it.
        const handlers = source.split(/^(?=export const )/m).filter((part) => part.startsWith("export const "));
        expect(handlers.length, file).toBeGreaterThan(0);
        for (const handler of handlers)
          expect(handler, file).toMatch(/endpoint(<[^>]*>)?\(\s*\{\s*auth: "credential"|tokenExchangeEndpoint/);
      }
      if (guard === "oauth-client") expect(source, file).toMatch(/from "@\/lib\/endpoints\/oauth"/);
      if (guard === "organizations") {
        const handlers = source.split(/^(?=export const )/m).filter((part) => part.startsWith("export const "));
        expect(handlers.length, file).toBeGreaterThan(0);
        for (const handler of handlers)
          expect(handler.trim(), file).toMatch(
            /^export const (GET|POST|PUT|DELETE) = (routes\.\1|organizationListRoute\("(advertiser|publisher)"\));$/,
          );
      }
    }
  });

  it("every advertiser and publisher route verifies a credential carrying its kind's scope", () => {
    const source = readFileSync("lib/endpoints/organizations.ts", "utf8");
    const calls = source.match(/\bendpoint</g) ?? [];
    const guarded =
      source.match(
        /\bendpoint<[^(]*>\(\s*\{ auth: "credential", scope: `\$\{kind\}s:(read|write)`, versioned: true \}/g,
      ) ?? [];
    expect(calls.length).toBe(4);
    expect(guarded.length).toBe(calls.length);
  });

  it("every OAuth endpoint authenticates the client", () => {
    const source = readFileSync("lib/endpoints/oauth.ts", "utf8");
    const endpoints = source.split(/^(?=export const )/m).filter((part) => part.startsWith("export const "));
    expect(endpoints.length).toBe(4);
    for (const declared of endpoints)
      expect(declared).toMatch(/^export const \w+ = endpoint\(\s*\{\s*auth: "oauth-client"/);
  });
});
