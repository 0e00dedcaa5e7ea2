// What the browser downloads, checked in the source: no client component may reach zod through
// its imports. zod 4 probes `new Function("")` when it builds an object schema (its JIT check),
// and under Keyward's Content-Security-Policy (no 'unsafe-eval') that probe is reported as a
// violation on every page whose bundle holds zod. Client code takes plain values from zod-free
// modules (lib/validations/organization-values.ts is the model); the schemas stay on the server.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const FORBIDDEN = new Set(["zod"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function directive(source: string): "use client" | "use server" | undefined {
  return /^\s*(?:\/\/[^\n]*\n\s*)*["'](use client|use server)["']/.exec(source)?.[1] as
    "use client" | "use server" | undefined;
}

/**
 * The modules a file loads at run time: type-only imports and exports are erased by the
 * compiler and bring nothing into the bundle, so they do not count.
 */
export function runtimeImports(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const onlyTypes =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((element) => element.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** A repository file for a relative or "@/" specifier; undefined for a package. */
function resolveInRepo(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve ${specifier}`);
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * The chains of imports from a client module to a forbidden package. A "use server" module is
 * a boundary: the client bundle holds only a reference to its actions, not its code.
 */
function chainsToForbidden(entry: string): string[][] {
  const chains: string[][] = [];
  const seen = new Set<string>();
  const walk = (path: string, chain: string[]): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = readFileSync(path, "utf8");
    if (chain.length > 0 && directive(source) === "use server") return;
    for (const specifier of runtimeImports(path, source)) {
      const target = resolveInRepo(path, specifier);
      if (target) walk(target, [...chain, relative(ROOT, target)]);
      else if (FORBIDDEN.has(packageName(specifier))) chains.push([...chain, specifier]);
    }
  };
  walk(entry, []);
  return chains;
}

const clientModules = ["app", "components", "lib"]
  .flatMap((dir) => files(join(ROOT, dir)))
  .filter((path) => !/\.test\.tsx?$/.test(path) && directive(readFileSync(path, "utf8")) === "use client");

describe("the browser bundle", () => {
  it("finds the client modules", () => {
    expect(clientModules.length).toBeGreaterThan(10);
  });

  it.each(clientModules.map((path) => relative(ROOT, path)))("%s reaches no zod through its imports", (path) => {
    const chains = chainsToForbidden(join(ROOT, path)).map((chain) => [path, ...chain].join(" → "));
    expect(chains).toEqual([]);
  });

  it("the check itself sees a value import and ignores a type-only one", () => {
    expect(runtimeImports("a.ts", 'import { z } from "zod";')).toEqual(["zod"]);
    expect(runtimeImports("a.ts", 'export * from "zod";')).toEqual(["zod"]);
    expect(runtimeImports("a.ts", 'const m = await import("zod");')).toEqual(["zod"]);
    expect(runtimeImports("a.ts", 'import type { z } from "zod";')).toEqual([]);
    expect(runtimeImports("a.ts", 'import { type ZodType } from "zod";')).toEqual([]);
    expect(runtimeImports("a.ts", 'export type { ZodType } from "zod";')).toEqual([]);
  });
});
