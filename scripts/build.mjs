// Builds the production app when its sources changed since the last build (or always with
// --force). `npm start` calls this, so a fresh clone or a `git pull` is built before serving.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);
const fingerprintFile = join(root, ".next", "keyward-fingerprint");

function* files(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name)) continue;
    if (/\.test\.tsx?$/.test(entry.name)) continue;
    yield* files(join(path, entry.name));
  }
}

export function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) {
      hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export function buildIfNeeded({ force = false } = {}) {
  const fingerprint = sourceFingerprint();
  const built =
    existsSync(join(root, ".next", "BUILD_ID")) &&
    existsSync(fingerprintFile) &&
    readFileSync(fingerprintFile, "utf8") === fingerprint;
  if (built && !force) return false;
  console.log("Keyward: building the production app (next build)…");
  execFileSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(fingerprintFile, fingerprint);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIfNeeded({ force: process.argv.includes("--force") });
}
