// `node scripts/test.mjs openapi`: lints /api/openapi.json with Redocly's recommended rules
// (redocly.yaml) and fails on any warning, not only on errors: a warning such as a missing
// operationId costs every generated client its method names. The document is the one lib
// builds (the route serves the same), written to a temporary file, so no server is needed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../lib/api/openapi";

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "keyward-openapi-"));
const file = join(dir, "openapi.json");
try {
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  const run = spawnSync(
    join(root, "node_modules", ".bin", "redocly"),
    // --lint-config error: a mistyped redocly.yaml fails too, rather than linting with defaults.
    [
      "lint",
      file,
      "--config",
      join(root, "redocly.yaml"),
      "--lint-config",
      "error",
      "--format",
      "json",
      "--max-problems",
      "1000",
    ],
    {
      cwd: root,
      encoding: "utf8",
      // Offline and quiet: no usage data sent, no look-up of a newer release.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  let report: LintReport;
  try {
    report = JSON.parse(run.stdout) as LintReport;
  } catch {
    console.error(run.stdout, run.stderr);
    throw new Error(`redocly lint did not answer a JSON report (exit ${run.status})`);
  }
  for (const problem of report.problems) {
    const where = problem.location.map((location) => location.pointer ?? "").join(", ");
    console.log(`${problem.severity.padEnd(7)} ${problem.ruleId.padEnd(28)} ${where}\n        ${problem.message}`);
  }
  const { errors, warnings } = report.totals;
  console.log(`/api/openapi.json: ${errors} error(s), ${warnings} warning(s) (redocly.yaml: recommended)`);
  process.exitCode = errors + warnings === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
