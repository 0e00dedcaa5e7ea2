// Generates the two Prisma clients (SQLite and PostgreSQL) from the one schema file.
// Runs at `npm install` (postinstall). Prisma's CLI wants a native schema engine it cannot
// download here; `generate` never runs it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file lets it skip the download (see ../shared/notes/toolchain.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "prisma", "schema.prisma");
const derivedDir = join(root, "prisma", ".generated");
const derived = join(derivedDir, "schema.postgresql.prisma");

const schema = readFileSync(source, "utf8");
const pg = schema
  .replace('output       = "../lib/generated/sqlite"', 'output       = "../../lib/generated/postgresql"')
  .replace('provider = "sqlite"', 'provider = "postgresql"');
if (pg === schema || !pg.includes("lib/generated/postgresql") || !pg.includes('"postgresql"')) {
  throw new Error("prisma-generate: could not derive the PostgreSQL schema; check generator output and provider lines");
}
mkdirSync(derivedDir, { recursive: true });
writeFileSync(derived, "// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.\n" + pg);

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const prismaCli = join(root, "node_modules", "prisma", "build", "index.js");
for (const file of [source, derived]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", file], { cwd: root, env, stdio: "inherit" });
}
