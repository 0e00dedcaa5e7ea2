// `npm run bench`: what verification costs, measured. For SQLite and for PostgreSQL (skipped
// with a notice when it does not answer), starts one production server (server.mjs) on a
// fresh database with KEYWARD_BENCH=1, arranges a network through lib/ as the screens would
// (an advertiser, a personal credential, an auth token with the account API key, an API key,
// an OAuth access token from the client-credentials grant, and 5,000 more personal
// credentials for the many-integrations row), then loads it over loopback with autocannon:
// each row of scripts/bench/rows.ts against the unauthenticated baseline route
// (app/api/bench/baseline) in alternating rounds (scripts/bench/rounds.ts), reading the
// server's CPU time from /proc around every slice. Then, with the server stopped, the
// in-process verifier benchmark (scripts/bench/verifier.ts) on a database of its own.
//
// Targets: each row's median ratio ≥ 0.90 on SQLite, ≥ 0.80 on PostgreSQL (or the row's own),
// no errors and no non-2xx answers; the verifier ≥ 200,000 verifications/s on a cache hit and
// its cost ≤ 1% of the baseline's server CPU per request. Writes bench/results.md (or
// BENCH_RESULTS), prints it, and exits non-zero when a target is missed. Knobs: bench/README.md.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { E2E_SECRET, startServer } from "../e2e/support/server";
import { POSTGRES_ADMIN_URL } from "../test/databases";
import { type Measured, slice, type Target } from "./bench/load";
import { options, TARGET_RATIO, type DatabaseKind } from "./bench/options";
import { type DatabaseResult, databasePassed, databaseSection, type Row } from "./bench/report";
import { alternatingRounds } from "./bench/rounds";
import { postBody, ROWS } from "./bench/rows";
import { descendantCount } from "./bench/server-cpu";
import { spreadOf } from "./bench/stats";
import { benchVerifier } from "./bench/verifier";
import { arrange, freePort, postgresAnswers } from "./load-network";

// This process hashes credentials through lib/ as the server does: with its secret, set
// before anything reads the environment (lib/env caches it).
process.env.KEYWARD_SECRET = E2E_SECRET;

// Run from the repository root (npm run bench), as e2e/support/server.ts assumes.
const root = process.cwd();

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

function show(name: string, m: Measured): string {
  return `${name.padEnd(56)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}  non-2xx ${m.non2xx}`;
}

type HttpResult = Omit<DatabaseResult, "verifier">;

/**
 * The HTTP rows on one production server and fresh database. Rows counting their rate limit
 * in Redis get a server of their own started with REDIS_URL (the other rows' limits, if any,
 * are counted in memory); they are skipped with a notice when Redis does not answer.
 */
async function benchHttp(kind: DatabaseKind): Promise<HttpResult> {
  const chosen = ROWS.filter((row) => row.name.toLowerCase().includes(options.rowFilter));
  const inMemory = await benchHttpOn(
    kind,
    chosen.filter((row) => !row.redis),
    {},
  );
  const redisRows = chosen.filter((row) => row.redis);
  if (redisRows.length === 0 || inMemory.problems.length > 0) return inMemory;
  if (!(await redisAnswers())) {
    console.log(`   Redis does not answer on ${REDIS_URL}: skipping ${redisRows.map((row) => row.name).join(", ")}`);
    return inMemory;
  }
  const withRedis = await benchHttpOn(kind, redisRows, { REDIS_URL });
  return {
    rows: [...inMemory.rows, ...withRedis.rows],
    problems: [...inMemory.problems, ...withRedis.problems],
    // The baseline's CPU per request from the main server (the Redis server's baseline rounds are in its rows).
    baselineCpu: inMemory.baselineCpu,
  };
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisAnswers(): Promise<boolean> {
  const { default: Redis } = await import("ioredis");
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * The e2e servers (e2e/support/server.ts) write usage every 500 ms and poll the webhook outbox
 * every 250 ms so that specs see both at once; a production server does neither so often.
 * The bench measures the production pace (lib/env.ts defaults): with the e2e pace, the
 * many-integrations row paid for ten times as many usage transactions as a real server would.
 */
const PRODUCTION_PACE = {
  KEYWARD_USAGE_FLUSH_MS: "5000",
  KEYWARD_WEBHOOKS_POLL_MS: "2000",
  KEYWARD_WEBHOOKS_RETRY_BASE_MS: "30000",
};

async function benchHttpOn(
  kind: DatabaseKind,
  definitions: typeof ROWS,
  env: Record<string, string>,
): Promise<HttpResult> {
  const port = await freePort();
  console.log(
    `\n== ${kind}: starting a production server on a fresh database (port ${port})${env.REDIS_URL ? ", rate limits counted in Redis" : ""}`,
  );
  const profile: Record<string, string> = options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {};
  const server = await startServer({ kind, port, env: { KEYWARD_BENCH: "1", ...PRODUCTION_PACE, ...profile, ...env } });
  try {
    const net = await arrange(server);
    const resource = `/api/2022-08-01/advertisers/${net.advertiserKey}.json`;
    const baselines: Record<"GET" | "POST", Target> = {
      GET: {
        name: "baseline GET (no credential)",
        method: "GET",
        path: `/api/bench/baseline/${net.advertiserKey}.json?account=${net.accountId}`,
        headers: {},
      },
      POST: {
        name: "baseline POST (no credential, same JSON body)",
        method: "POST",
        path: `/api/bench/baseline/${net.advertiserKey}.json?account=${net.accountId}`,
        headers: { "Content-Type": "application/json" },
        body: postBody(net.personal),
      },
    };
    const context = { net, database: server.database, resource };
    const rows: { definition: (typeof ROWS)[number]; target: Target }[] = [];
    for (const definition of definitions) rows.push({ definition, target: await definition.build(context) });
    const targets = [baselines.GET, baselines.POST, ...rows.map((row) => row.target)];

    const problems: string[] = [];
    for (const target of targets) {
      const problem = await check(server.baseURL, target, net.advertiserId);
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) return { rows: [], problems, baselineCpu: null };
    const children = descendantCount(server.pid);
    console.log(
      `   server pid ${server.pid}${children > 0 ? ` and ${children} child processes (their CPU counts too)` : ", no child processes"}`,
    );

    if (options.warmup > 0) {
      console.log(`   warming up every target for ${options.warmup} s`);
      for (const target of targets) await slice(server.baseURL, target, options.warmup);
    }

    const measured: Row[] = [];
    const baselineCpuRounds: number[] = [];
    for (const { definition, target } of rows) {
      const baseline = baselines[definition.baseline];
      const result = await alternatingRounds(server.baseURL, server.pid, baseline, target);
      const targetRatio = definition.target?.[kind] ?? TARGET_RATIO[kind];
      const clean = (m: Measured) => m.errors === 0 && m.non2xx === 0;
      const pass = result.ratio.median >= targetRatio && clean(result.measured) && clean(result.baseline);
      if (definition.baseline === "GET") baselineCpuRounds.push(...result.baselineCpuRounds);
      const cpu = (which: "baseline" | "measured") =>
        result.cpu ? `  CPU ${result.cpu[which].median.toFixed(2)} ms/request` : "";
      console.log(
        `   ${show(baseline.name, result.baseline)}${cpu("baseline")}\n   ${show(target.name, result.measured)}${cpu("measured")}  ratio ${result.ratio.median.toFixed(3)} (${result.ratio.min.toFixed(3)}–${result.ratio.max.toFixed(3)}) ${pass ? "PASS" : "FAIL"}`,
      );
      measured.push({
        name: target.name,
        baselineName: `baseline ${definition.baseline}`,
        target: targetRatio,
        pass,
        ...result,
      });
    }
    return {
      rows: measured,
      problems,
      baselineCpu: baselineCpuRounds.length > 0 ? spreadOf(baselineCpuRounds) : null,
    };
  } finally {
    await server.stop();
  }
}

async function benchDatabase(kind: DatabaseKind): Promise<DatabaseResult> {
  const http = options.only === "verifier" ? { rows: [], problems: [], baselineCpu: null } : await benchHttp(kind);
  if (http.problems.length > 0 || options.verifierSeconds === 0 || options.only === "http")
    return { ...http, verifier: null };
  console.log(`   in-process verifier, ${options.verifierSeconds} s per case (server stopped)`);
  return { ...http, verifier: await benchVerifier(kind) };
}

async function main() {
  // Builds the production app when its sources changed (scripts/build.mjs buildIfNeeded).
  if (options.only !== "verifier")
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });

  const started = new Date();
  const results: Record<DatabaseKind, DatabaseResult | string> = {
    sqlite: options.database === "postgresql" ? "Skipped: BENCH_DATABASE=postgresql." : await benchDatabase("sqlite"),
    postgresql:
      options.database === "sqlite"
        ? "Skipped: BENCH_DATABASE=sqlite."
        : (await postgresAnswers())
          ? await benchDatabase("postgresql")
          : `Skipped: PostgreSQL does not answer at ${POSTGRES_ADMIN_URL.replace(/\/\/[^@/]*@/, "//")} (KEYWARD_TEST_POSTGRES_URL sets another server).`,
  };
  if (typeof results.postgresql === "string") console.log(`\n== postgresql: ${results.postgresql}`);

  const cpu = cpus();
  const autocannonVersion = (
    JSON.parse(readFileSync(join(root, "node_modules", "autocannon", "package.json"), "utf8")) as { version: string }
  ).version;
  const perSide = options.duration / Math.max(1, options.rounds);
  const header = [
    "# Keyward benchmark (`npm run bench`)",
    "",
    `- Date: ${started.toISOString().replace(/\.\d+Z$/, "Z")}`,
    `- Node.js ${process.version}, ${process.platform}/${process.arch}`,
    `- CPU: ${cpu[0]?.model.trim() ?? "unknown"}, ${cpu.length} cores (load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")})`,
    `- Load: autocannon ${autocannonVersion} in the bench process, over loopback, ${options.connections} connections, after ${options.warmup} s of warm-up per target`,
    `- Each row: ${options.rounds} rounds of ${perSide.toFixed(1)} s on the row and ${perSide.toFixed(1)} s on its baseline, alternating (B A, A B, …), ${options.duration} s of load on each side in all. Ratio = the row's requests/s ÷ the baseline's in the same round; the row passes on the median round. Server CPU = user + system time of the server process (every thread) from /proc/<pid>/stat over each slice, ÷ the requests it answered. Requests/s and latency percentiles are over every round.`,
    "- The baseline (`/api/bench/baseline/{id}.json`, only with `KEYWARD_BENCH=1`) does the same work as the advertiser route minus verification: body parsing, the same `lib/api/resources/organizations.ts` read (and, for the POST, the same idempotent update that changes nothing), the same response.",
    `- The many-integrations row presents ${options.distinctCredentials.toLocaleString("en")} distinct personal credentials in turn, one counter across all connections.`,
    "",
  ].join("\n");
  const markdown = [
    header,
    databaseSection("sqlite", results.sqlite),
    databaseSection("postgresql", results.postgresql),
  ].join("\n");
  const out = resolve(root, options.results);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.log(`\n${markdown}`);

  const failed = !databasePassed(results.sqlite) || !databasePassed(results.postgresql);
  console.log(
    failed
      ? `bench: FAIL (a target was missed or a request failed); results in ${options.results}`
      : `bench: PASS; results in ${options.results}`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
