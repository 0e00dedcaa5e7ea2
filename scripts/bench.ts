// `npm run bench`: what verification costs, measured. For SQLite and for PostgreSQL (skipped
// with a notice when it does not answer), starts one production server (server.mjs) on a
// fresh database with KEYWARD_BENCH=1, arranges a network through lib/ as the screens would
// (an advertiser, a personal credential, an auth token with the account API key, an API key,
// an OAuth access token from the client-credentials grant), then loads it over loopback with autocannon: the unauthenticated
// baseline route (app/api/bench/baseline) and the same advertiser read behind each transport,
// interleaved in one-second slices (baseline, A, A, baseline, baseline, A, …) so both see the
// same machine; each transport's requests/s is divided by that of its own baseline slices.
//
// Targets: ratio ≥ 0.90 on SQLite, ≥ 0.80 on PostgreSQL, no errors and no non-2xx answers.
// Writes bench/results.md, prints it, and exits non-zero when a target is missed.
//
// BENCH_DURATION (s, default 10): load per transport and as much again on its baseline;
// BENCH_SLICE (s, default 1): the interleaving slice; BENCH_WARMUP (s, default 2) per target
// before anything is measured; BENCH_CONNECTIONS (default 10). BENCH_SERVER_NODE_OPTIONS: NODE_OPTIONS
// for the servers (e.g. --require a profiler).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { E2E_SECRET, startServer } from "../e2e/support/server";
import { POSTGRES_ADMIN_URL } from "../test/databases";
import { arrange, freePort, postgresAnswers } from "./load-network";

// This process hashes credentials through lib/ as the server does: with its secret, set
// before anything reads the environment (lib/env caches it).
process.env.KEYWARD_SECRET = E2E_SECRET;

// Run from the repository root (npm run bench), as e2e/support/server.ts assumes.
const root = process.cwd();
const DURATION = positive("BENCH_DURATION", 10);
const WARMUP = positive("BENCH_WARMUP", 2, true);
const CONNECTIONS = positive("BENCH_CONNECTIONS", 10);
const SLICE = positive("BENCH_SLICE", 1);
const TARGET_RATIO = { sqlite: 0.9, postgresql: 0.8 } as const;
type Kind = keyof typeof TARGET_RATIO;

function positive(name: string, fallback: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    console.error(`bench: ${name} must be a ${zeroOk ? "non-negative" : "positive"} number`);
    process.exit(2);
  }
  return value;
}

interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

interface Row {
  name: string;
  measured: Measured;
  baselineName: string;
  /** The baseline, measured in the slices interleaved with this row's. */
  baseline: Measured;
  ratio: number;
  pass: boolean;
}

/** What the slices of one target add up to. */
class Tally {
  private latencies: number[] = [];
  private seconds = 0;
  private errors = 0;
  private non2xx = 0;
  add(slice: { latencies: number[]; seconds: number; errors: number; non2xx: number }) {
    for (const latency of slice.latencies) this.latencies.push(latency);
    this.seconds += slice.seconds;
    this.errors += slice.errors;
    this.non2xx += slice.non2xx;
  }
  result(): Measured {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return {
      rps: sorted.length / Math.max(this.seconds, 0.001),
      p50: at(0.5),
      p99: at(0.99),
      errors: this.errors,
      non2xx: this.non2xx,
      total: sorted.length,
    };
  }
}

/** One slice of load on one target; latencies in ms of every completed request. */
function slice(
  baseURL: string,
  target: Target,
  seconds: number,
): Promise<{ latencies: number[]; seconds: number; errors: number; non2xx: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: baseURL + target.path,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          latencies,
          seconds: result.duration,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      latencies.push(responseTime),
    );
  });
}

/**
 * The baseline and a transport in alternating slices of SLICE seconds (B A A B B A …), DURATION
 * seconds each in all: load from other processes on a shared machine comes and goes within
 * seconds, so both see the same machine, and the order alternates so a trend favours neither.
 */
async function paired(
  baseURL: string,
  baseline: Target,
  target: Target,
): Promise<{ baseline: Measured; measured: Measured }> {
  const rounds = Math.max(1, Math.round(DURATION / SLICE));
  const tallies = { baseline: new Tally(), target: new Tally() };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["baseline", "target"] as const) : (["target", "baseline"] as const);
    for (const which of order)
      tallies[which].add(await slice(baseURL, which === "baseline" ? baseline : target, DURATION / rounds));
  }
  return { baseline: tallies.baseline.result(), measured: tallies.target.result() };
}

/** Each target once, before any load: a 200 with the advertiser, or the bench is meaningless. */
async function check(baseURL: string, target: Target, advertiserId: string): Promise<string | null> {
  const response = await fetch(baseURL + target.path, {
    method: target.method,
    headers: target.headers,
    body: target.body,
  });
  const text = await response.text();
  if (response.status !== 200) return `${target.name}: HTTP ${response.status} ${text.slice(0, 200)}`;
  const id = (JSON.parse(text) as { id?: string }).id;
  return id === advertiserId ? null : `${target.name}: answered another body: ${text.slice(0, 200)}`;
}

async function benchDatabase(kind: Kind): Promise<{ rows: Row[]; problems: string[] }> {
  const port = await freePort();
  console.log(`\n== ${kind}: starting a production server on a fresh database (port ${port})`);
  const profile: Record<string, string> = process.env.BENCH_SERVER_NODE_OPTIONS
    ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
    : {};
  const server = await startServer({ kind, port, env: { KEYWARD_BENCH: "1", ...profile } });
  try {
    const net = await arrange(server);
    const resource = `/api/2022-08-01/advertisers/${net.advertiserKey}.json`;
    const json = { "Content-Type": "application/json" };
    const baselineGet: Target = {
      name: "baseline GET (no credential)",
      method: "GET",
      path: `/api/bench/baseline/${net.advertiserKey}.json?account=${net.accountId}`,
      headers: {},
    };
    const baselinePost: Target = {
      ...baselineGet,
      name: "baseline POST (no credential, same JSON body)",
      method: "POST",
      headers: json,
      body: JSON.stringify({ oauth_token: net.personal, name: "Acme Outdoor" }),
    };
    const getRows: Target[] = [
      { name: "Authorization: <kw_pat_>", method: "GET", path: resource, headers: { Authorization: net.personal } },
      {
        name: "Authorization: Bearer <kw_pat_>",
        method: "GET",
        path: resource,
        headers: { Authorization: `Bearer ${net.personal}` },
      },
      { name: "?oauth_token=<kw_pat_>", method: "GET", path: `${resource}?oauth_token=${net.personal}`, headers: {} },
      {
        name: "user_key + Authorization: Bearer <kw_at_>",
        method: "GET",
        path: resource,
        headers: { user_key: net.accountKey, Authorization: `Bearer ${net.authToken}` },
      },
      {
        name: "Authorization: key <kw_key_>",
        method: "GET",
        path: resource,
        headers: { Authorization: `key ${net.apiKey}` },
      },
      { name: "X-API-Key: <kw_key_>", method: "GET", path: resource, headers: { "X-API-Key": net.apiKey } },
      {
        name: "Authorization: Bearer <kw_oat_> (OAuth)",
        method: "GET",
        path: resource,
        headers: { Authorization: `Bearer ${net.oauthToken}` },
      },
    ];
    const postRows: Target[] = [
      {
        name: 'POST {"oauth_token": <kw_pat_>}',
        method: "POST",
        path: resource,
        headers: json,
        body: JSON.stringify({ oauth_token: net.personal, name: "Acme Outdoor" }),
      },
    ];

    const problems: string[] = [];
    for (const target of [baselineGet, baselinePost, ...getRows, ...postRows]) {
      const problem = await check(server.baseURL, target, net.advertiserId);
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) return { rows: [], problems };

    if (WARMUP > 0) {
      console.log(`   warming up every target for ${WARMUP} s`);
      for (const target of [baselineGet, baselinePost, ...getRows, ...postRows])
        await slice(server.baseURL, target, WARMUP);
    }

    const rows: Row[] = [];
    const show = (name: string, m: Measured) =>
      `${name.padEnd(46)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}  non-2xx ${m.non2xx}`;
    for (const target of [...getRows, ...postRows]) {
      const baseline = target.method === "GET" ? baselineGet : baselinePost;
      const result = await paired(server.baseURL, baseline, target);
      const ratio = result.measured.rps / result.baseline.rps;
      const clean = (m: Measured) => m.errors === 0 && m.non2xx === 0;
      const pass = ratio >= TARGET_RATIO[kind] && clean(result.measured) && clean(result.baseline);
      console.log(
        `   ${show(baseline.name, result.baseline)}\n   ${show(target.name, result.measured)}  ratio ${ratio.toFixed(3)} ${pass ? "PASS" : "FAIL"}`,
      );
      rows.push({
        name: target.name,
        measured: result.measured,
        baselineName: target.method === "GET" ? "baseline GET" : "baseline POST",
        baseline: result.baseline,
        ratio,
        pass,
      });
    }
    return { rows, problems };
  } finally {
    await server.stop();
  }
}

function table(kind: Kind, result: { rows: Row[]; problems: string[] } | string): string {
  const lines = [
    `## ${kind === "sqlite" ? "SQLite" : "PostgreSQL"} (target: each transport ≥ ${TARGET_RATIO[kind].toFixed(2)} × baseline, no errors)`,
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
  lines.push(
    "| transport | requests/s | p50 ms | p99 ms | errors | non-2xx | baseline (same slices) | baseline requests/s | baseline p50 / p99 ms | ratio | result |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
  );
  for (const row of result.rows) {
    const m = row.measured;
    const b = row.baseline;
    const errors = (x: Measured) => (x.errors || x.non2xx ? ` (baseline errors ${x.errors}, non-2xx ${x.non2xx})` : "");
    lines.push(
      `| \`${row.name}\` | ${m.rps.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.errors} | ${m.non2xx} | ${row.baselineName}${errors(b)} | ${b.rps.toFixed(0)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} | ${row.ratio.toFixed(3)} | ${row.pass ? "PASS" : "FAIL"} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

async function main() {
  // Builds the production app when its sources changed (scripts/build.mjs buildIfNeeded).
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });

  const started = new Date();
  const results: Partial<Record<Kind, Awaited<ReturnType<typeof benchDatabase>> | string>> = {};
  results.sqlite = await benchDatabase("sqlite");
  if (await postgresAnswers()) {
    results.postgresql = await benchDatabase("postgresql");
  } else {
    const line = `Skipped: PostgreSQL does not answer at ${POSTGRES_ADMIN_URL.replace(/\/\/[^@/]*@/, "//")} (KEYWARD_TEST_POSTGRES_URL sets another server).`;
    console.log(`\n== postgresql: ${line}`);
    results.postgresql = line;
  }

  const cpu = cpus();
  const autocannonVersion = (
    JSON.parse(readFileSync(join(root, "node_modules", "autocannon", "package.json"), "utf8")) as { version: string }
  ).version;
  const header = [
    "# Keyward benchmark (`npm run bench`)",
    "",
    `- Date: ${started.toISOString().replace(/\.\d+Z$/, "Z")}`,
    `- Node.js ${process.version}, ${process.platform}/${process.arch}`,
    `- CPU: ${cpu[0]?.model.trim() ?? "unknown"}, ${cpu.length} cores (load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")})`,
    `- Load: autocannon ${autocannonVersion} in the bench process, over loopback, ${CONNECTIONS} connections, after ${WARMUP} s of warm-up per target`,
    `- Each transport gets ${DURATION} s of load and its baseline as much again, interleaved in ${SLICE} s slices (B A A B B A …); ratio = its requests/s ÷ the baseline's in those slices. Latency percentiles are over every request of the slices.`,
    "- The baseline (`/api/bench/baseline/{id}.json`, only with `KEYWARD_BENCH=1`) does the same work as the advertiser route minus verification: body parsing, the same `lib/api/resources/organizations.ts` read (and, for the POST, the same idempotent update that changes nothing), the same response.",
    "",
  ].join("\n");
  const markdown = [header, table("sqlite", results.sqlite), table("postgresql", results.postgresql!)].join("\n");
  mkdirSync(join(root, "bench"), { recursive: true });
  writeFileSync(join(root, "bench", "results.md"), markdown);
  console.log(`\n${markdown}`);

  const failed = (Object.values(results) as (Awaited<ReturnType<typeof benchDatabase>> | string)[]).some(
    (result) => typeof result !== "string" && (result.problems.length > 0 || result.rows.some((row) => !row.pass)),
  );
  console.log(
    failed
      ? "bench: FAIL (a target was missed or a request failed); results in bench/results.md"
      : "bench: PASS; results in bench/results.md",
  );
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
