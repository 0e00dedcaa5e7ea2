// bench/results.md: the HTTP rows and the in-process verifier, per database.
import type { Measured } from "./load";
import { type DatabaseKind, TARGET_RATIO } from "./options";
import type { Paired } from "./rounds";
import { showSpread, type Spread } from "./stats";
import { HIT_TARGET_PER_SECOND, perCpuSecond, type VerifierResult } from "./verifier";

/** The verifier's cost per verification may be at most this share of the baseline's server CPU per request. */
export const OVERHEAD_TARGET = 0.01;

export interface Row extends Paired {
  name: string;
  baselineName: string;
  target: number;
  pass: boolean;
}

export interface DatabaseResult {
  rows: Row[];
  problems: string[];
  /** Server CPU ms per request of every GET-baseline round of this database. */
  baselineCpu: Spread | null;
  verifier: VerifierResult | null;
}

export interface VerifierVerdict {
  /** The case with the most CPU per cache hit (fastest slice): the one the hit target and the overhead are judged on. */
  slowestHit: { name: string; perCpuSecond: number; cpuMicros: number; medianCpuMicros: number } | null;
  hitPass: boolean;
  /**
   * The slowest hit's CPU per verification (its median slice: the overhead is a share of a
   * median, so it is not flattered) ÷ the baseline's server CPU per request; null when either is unknown.
   */
  overhead: number | null;
  overheadPass: boolean;
}

export function verifierVerdict(result: DatabaseResult): VerifierVerdict {
  const cases = result.verifier?.cases ?? [];
  if (cases.length === 0) return { slowestHit: null, hitPass: true, overhead: null, overheadPass: true };
  const slowest = cases.reduce((a, b) => (b.hit.cpuMicros > a.hit.cpuMicros ? b : a));
  const baselineMicros = result.baselineCpu ? result.baselineCpu.median * 1000 : null;
  const overhead = baselineMicros ? slowest.hitMedian.cpuMicros / baselineMicros : null;
  return {
    slowestHit: {
      name: `kw_${slowest.kind}_ via ${slowest.transport}`,
      perCpuSecond: perCpuSecond(slowest.hit),
      cpuMicros: slowest.hit.cpuMicros,
      medianCpuMicros: slowest.hitMedian.cpuMicros,
    },
    hitPass: perCpuSecond(slowest.hit) >= HIT_TARGET_PER_SECOND,
    overhead,
    overheadPass: overhead === null || overhead <= OVERHEAD_TARGET,
  };
}

export function databasePassed(result: DatabaseResult | string): boolean {
  if (typeof result === "string") return true;
  const verdict = verifierVerdict(result);
  return (
    result.problems.length === 0 &&
    result.rows.every((row) => row.pass) &&
    (result.verifier?.problems.length ?? 0) === 0 &&
    verdict.hitPass &&
    verdict.overheadPass
  );
}

const title = (kind: DatabaseKind) => (kind === "sqlite" ? "SQLite" : "PostgreSQL");
const whole = (n: number) => Math.round(n).toLocaleString("en");

function httpTable(result: DatabaseResult): string[] {
  const lines = [
    "| row | requests/s | p50 / p99 ms | errors / non-2xx | baseline | baseline requests/s | ratio, median (min–max) | server CPU ms/request, median (min–max) | baseline CPU ms/request | target | result |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const errors = (m: Measured) => `${m.errors} / ${m.non2xx}`;
  for (const row of result.rows) {
    const m = row.measured;
    const b = row.baseline;
    const baselineErrors = b.errors || b.non2xx ? ` (errors / non-2xx ${errors(b)})` : "";
    lines.push(
      `| \`${row.name}\` | ${m.rps.toFixed(0)} | ${m.p50.toFixed(1)} / ${m.p99.toFixed(1)} | ${errors(m)} | ${row.baselineName}${baselineErrors} | ${b.rps.toFixed(0)} | ${showSpread(row.ratio, 3)} | ${row.cpu ? showSpread(row.cpu.measured, 2) : "n/a"} | ${row.cpu ? showSpread(row.cpu.baseline, 2) : "n/a"} | ${row.target.toFixed(2)} | ${row.pass ? "PASS" : "FAIL"} |`,
    );
  }
  return lines;
}

function verifierTable(result: DatabaseResult): string[] {
  const verifier = result.verifier;
  if (!verifier) return ["In-process verifier: not measured (BENCH_VERIFIER_SECONDS=0)."];
  const verdict = verifierVerdict(result);
  const lines = [
    "In-process verifier (`verifyRequest`, one core, no HTTP; CPU is this process's user + system per verification; cache hits timed in slices, judged on the fastest, the median beside it):",
    "",
    "| credential and transport | cache hit: µs CPU, fastest slice | hit: verifications per CPU-second | hit: verifications/s (wall) | hit: µs CPU, median slice | cache miss: µs CPU | miss: verifications/s (wall) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...verifier.cases.map(
      (c) =>
        `| \`kw_${c.kind}_\` via ${c.transport} | ${c.hit.cpuMicros.toFixed(2)} | ${whole(perCpuSecond(c.hit))} | ${whole(c.hit.perSecond)} | ${c.hitMedian.cpuMicros.toFixed(2)} | ${c.miss.cpuMicros.toFixed(1)} | ${whole(c.miss.perSecond)} |`,
    ),
    "",
    ...verifier.problems.map((p) => `- Not measured: ${p}`),
  ];
  if (verdict.slowestHit)
    lines.push(
      `- Costliest cache hit: ${verdict.slowestHit.name}, ${verdict.slowestHit.cpuMicros.toFixed(2)} µs CPU (fastest slice; median ${verdict.slowestHit.medianCpuMicros.toFixed(2)} µs = ${whole(1_000_000 / verdict.slowestHit.medianCpuMicros)}) = ${whole(verdict.slowestHit.perCpuSecond)} verifications per CPU-second (target ≥ ${whole(HIT_TARGET_PER_SECOND)}): ${verdict.hitPass ? "PASS" : "FAIL"}`,
    );
  lines.push(
    verdict.overhead === null
      ? "- Overhead: not known (no baseline CPU figure)"
      : `- Overhead: the costliest cache hit's CPU per verification (median slice) ÷ the baseline's server CPU per request (median ${result.baselineCpu!.median.toFixed(2)} ms) = ${(verdict.overhead * 100).toFixed(2)}% (target ≤ ${(OVERHEAD_TARGET * 100).toFixed(0)}%): ${verdict.overheadPass ? "PASS" : "FAIL"}`,
  );
  return lines;
}

export function databaseSection(kind: DatabaseKind, result: DatabaseResult | string): string {
  const lines = [
    `## ${title(kind)} (target: each row ≥ ${TARGET_RATIO[kind].toFixed(2)} × baseline unless it says otherwise, no errors)`,
    "",
  ];
  if (typeof result === "string") return [...lines, result, ""].join("\n");
  if (result.problems.length > 0)
    return [
      ...lines,
      "Not measured: a target did not answer 200 with the advertiser:",
      "",
      ...result.problems.map((p) => `- ${p}`),
      "",
    ].join("\n");
  return [...lines, ...httpTable(result), "", ...verifierTable(result), ""].join("\n");
}
