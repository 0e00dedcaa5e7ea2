// `npm test`: the one test command. Type checking, lint, the format check, the OpenAPI lint, the vitest suites
// (SQLite and PostgreSQL) and the Playwright suite against production builds (SQLite and
// PostgreSQL), in that order. Every step runs even when an earlier one fails, so one run shows
// every failure; the exit code is non-zero when any step failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = join(root, ".test-reports");
mkdirSync(reports, { recursive: true });

const steps = [
  { name: "typecheck", command: [bin("tsc"), "--noEmit"] },
  { name: "lint", command: [bin("eslint"), ".", "--max-warnings", "0"] },
  // Formatting is checked, never rewritten, here: `npm run format` fixes what this reports.
  { name: "format", command: [bin("prettier"), "--check", "."] },
  // /api/openapi.json against Redocly's recommended rules (redocly.yaml), warnings failing too.
  { name: "openapi", command: [bin("tsx"), "--conditions=react-server", "scripts/openapi-lint.mts"] },
  {
    name: "vitest",
    command: [
      bin("vitest"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(reports, "vitest.json")}`,
    ],
    counts: () => {
      const report = JSON.parse(readFileSync(join(reports, "vitest.json"), "utf8"));
      return {
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests + report.numTodoTests,
      };
    },
  },
  {
    name: "playwright",
    command: [bin("playwright"), "test"],
    env: { KEYWARD_PLAYWRIGHT_JSON: join(reports, "playwright.json") },
    counts: () => {
      const { stats } = JSON.parse(readFileSync(join(reports, "playwright.json"), "utf8"));
      return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
    },
  },
];

const only = process.argv.slice(2);
const results = [];
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n━━ ${step.name}: ${step.command.map((part) => part.replace(root + "/", "")).join(" ")}`);
  const started = Date.now();
  const run = spawnSync(step.command[0], step.command.slice(1), {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  const seconds = (Date.now() - started) / 1000;
  let counts = null;
  try {
    counts = step.counts?.() ?? null;
  } catch {
    counts = null; // the runner died before writing its report; its exit code says so
  }
  results.push({ name: step.name, ok: run.status === 0, seconds, counts });
}

console.log("\n━━ npm test summary");
for (const result of results) {
  const counts = result.counts
    ? `  ${result.counts.passed} passed, ${result.counts.failed} failed, ${result.counts.skipped} skipped`
    : "";
  console.log(
    `${result.ok ? "PASS" : "FAIL"}  ${result.name.padEnd(10)} ${result.seconds.toFixed(1).padStart(6)} s${counts}`,
  );
}
const failed = results.filter((result) => !result.ok);
console.log(
  failed.length === 0
    ? "All steps passed."
    : `${failed.length} step(s) failed: ${failed.map((r) => r.name).join(", ")}`,
);
process.exit(failed.length === 0 ? 0 : 1);
