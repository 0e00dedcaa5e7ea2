// `npm run soak`: a production server under steady mixed load for minutes, watched for what a
// short benchmark cannot see: memory that only grows, throughput that sags, errors that
// appear after a while. For SQLite (and PostgreSQL with SOAK_DATABASES=sqlite,postgresql) it
// starts one server (server.mjs) on a fresh database, arranges a network through lib/, and
// runs autocannon in windows of SOAK_WINDOW seconds for SOAK_DURATION seconds, each window a
// mix of reads and writes through four credential kinds and two transports, plus one OAuth
// token minted and revoked per window (so the verifier's cache is cleared under load).
//
// Verdicts, all ratios within the run: no errors and no non-2xx answers; the server's RSS in
// the last window at most SOAK_MAX_RSS_GROWTH (default 1.5) times the first window's (after
// SOAK_WARMUP seconds of warm-up); the last window's requests/s at least 0.8 of the first's.
// Writes bench/soak.md and exits non-zero when a verdict fails.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { E2E_SECRET, startServer } from "../e2e/support/server";
import { arrange, freePort, postgresAnswers } from "./load-network";

process.env.KEYWARD_SECRET = E2E_SECRET;

const root = process.cwd();
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`soak: ${name} must be a positive number`);
    process.exit(2);
  }
  return value;
};
const DURATION = number("SOAK_DURATION", 180);
const WINDOW = number("SOAK_WINDOW", 15);
const WARMUP = number("SOAK_WARMUP", 10);
const CONNECTIONS = number("SOAK_CONNECTIONS", 10);
const MAX_RSS_GROWTH = number("SOAK_MAX_RSS_GROWTH", 1.5);
const MIN_THROUGHPUT_RATIO = 0.8;
const DATABASES = (process.env.SOAK_DATABASES ?? "sqlite").split(",").map((kind) => kind.trim());

interface Window {
  index: number;
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssMb: number;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function load(baseURL: string, requests: autocannon.Request[], seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: baseURL, connections: CONNECTIONS, duration: seconds, requests }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function soak(kind: "sqlite" | "postgresql"): Promise<{ kind: string; windows: Window[]; problems: string[] }> {
  const port = await freePort();
  console.log(`\n== ${kind}: ${DURATION} s of mixed load in ${WINDOW} s windows (port ${port})`);
  const server = await startServer({ kind, port });
  const problems: string[] = [];
  try {
    const net = await arrange(server);
    const resource = `/api/2022-08-01/advertisers/${net.advertiserKey}.json`;
    const json = { "Content-Type": "application/json" };
    let n = 0;
    const requests: autocannon.Request[] = [
      { method: "GET", path: resource, headers: { Authorization: net.personal } },
      { method: "GET", path: "/v1/users", headers: { Authorization: `Bearer ${net.oauthToken}` } },
      { method: "GET", path: "/api/v2/me", headers: { "X-API-Key": net.apiKey } },
      {
        method: "GET",
        path: "/api/v2/me",
        headers: { user_key: net.accountKey, Authorization: `Bearer ${net.authToken}` },
      },
      // A write per cycle: the advertiser renamed, so the database is written throughout.
      {
        method: "POST",
        path: resource,
        headers: { ...json, Authorization: `key ${net.apiKey}` },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `Acme Outdoor ${(n += 1)}` }) }),
      },
    ];
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const basic = `Basic ${Buffer.from(`${net.oauthClient.clientId}:${net.oauthClient.secret}`).toString("base64")}`;
    // Each request once before any load: all must succeed, or the soak would measure refusals.
    for (const request of requests) {
      const prepared = typeof request.setupRequest === "function" ? request.setupRequest(request, {}) : request;
      const answer = await fetch(server.baseURL + prepared.path, {
        method: prepared.method,
        headers: prepared.headers as Record<string, string>,
        body: prepared.body as string | undefined,
      });
      if (answer.status >= 300)
        return {
          kind,
          windows: [],
          problems: [
            `${prepared.method} ${prepared.path} answered ${answer.status} before any load: ${(await answer.text()).slice(0, 200)}`,
          ],
        };
    }
    await load(server.baseURL, requests, WARMUP);
    const windows: Window[] = [];
    for (let index = 0; index < Math.max(2, Math.round(DURATION / WINDOW)); index++) {
      const minted = await fetch(`${server.baseURL}/oauth2/token`, {
        method: "POST",
        headers: { ...form, Authorization: basic },
        body: "grant_type=client_credentials",
      });
      const token = minted.status === 200 ? ((await minted.json()) as { access_token: string }).access_token : null;
      if (!token) problems.push(`window ${index + 1}: /oauth2/token answered ${minted.status}`);
      const result = await load(server.baseURL, requests, WINDOW);
      if (token) {
        const revoked = await fetch(`${server.baseURL}/oauth2/revoke`, {
          method: "POST",
          headers: { ...form, Authorization: basic },
          body: `token=${token}`,
        });
        const after = await fetch(`${server.baseURL}/v1/users`, { headers: { Authorization: `Bearer ${token}` } });
        if (revoked.status !== 200 || after.status !== 401)
          problems.push(
            `window ${index + 1}: revoke answered ${revoked.status}, then the token got ${after.status} (expected 200, then 401)`,
          );
      }
      const window = {
        index: index + 1,
        rps: result.requests.average,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        rssMb: rssMb(server.pid),
      };
      windows.push(window);
      console.log(
        `   window ${window.index}: ${window.rps.toFixed(0)} req/s  p99 ${window.p99} ms  errors ${window.errors}  non-2xx ${window.non2xx}  RSS ${window.rssMb.toFixed(0)} MB`,
      );
    }
    const first = windows[0]!;
    const last = windows[windows.length - 1]!;
    const errors = windows.reduce((sum, w) => sum + w.errors + w.non2xx, 0);
    if (errors > 0) problems.push(`${errors} errors or non-2xx answers`);
    if (last.rssMb > first.rssMb * MAX_RSS_GROWTH)
      problems.push(
        `RSS grew from ${first.rssMb.toFixed(0)} MB to ${last.rssMb.toFixed(0)} MB (more than ×${MAX_RSS_GROWTH})`,
      );
    if (last.rps < first.rps * MIN_THROUGHPUT_RATIO)
      problems.push(
        `throughput fell from ${first.rps.toFixed(0)} to ${last.rps.toFixed(0)} req/s (below ×${MIN_THROUGHPUT_RATIO})`,
      );
    return { kind, windows, problems };
  } finally {
    await server.stop();
  }
}

async function main() {
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
  const results = [];
  for (const kind of DATABASES) {
    if (kind !== "sqlite" && kind !== "postgresql") throw new Error(`SOAK_DATABASES: unknown database kind ${kind}`);
    if (kind === "postgresql" && !(await postgresAnswers())) {
      console.log("\n== postgresql: skipped, PostgreSQL does not answer");
      continue;
    }
    results.push(await soak(kind));
  }
  const lines = [
    "# Keyward soak (`npm run soak`)",
    "",
    `- Date: ${new Date().toISOString().slice(0, 16)}Z; Node.js ${process.version}; ${cpus()[0]?.model.trim() ?? "CPU"}, ${cpus().length} cores; load average at the end ${loadavg()
      .map((v) => v.toFixed(2))
      .join(", ")}`,
    `- ${DURATION} s per database in ${WINDOW} s windows after ${WARMUP} s of warm-up, ${CONNECTIONS} connections, each cycling through 4 reads (kw_pat_, OAuth Bearer kw_oat_, X-API-Key, user_key + kw_at_) and 1 write (Authorization: key); one OAuth token minted before and revoked after each window, and checked refused.`,
    `- Verdicts: no errors or non-2xx; last window's RSS ≤ ${MAX_RSS_GROWTH} × the first's; last window's requests/s ≥ ${MIN_THROUGHPUT_RATIO} × the first's.`,
  ];
  for (const result of results) {
    lines.push(
      "",
      `## ${result.kind === "sqlite" ? "SQLite" : "PostgreSQL"}: ${result.problems.length === 0 ? "PASS" : "FAIL"}`,
      "",
      "| window | requests/s | p99 ms | errors | non-2xx | server RSS MB |",
      "| ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const w of result.windows)
      lines.push(`| ${w.index} | ${w.rps.toFixed(0)} | ${w.p99} | ${w.errors} | ${w.non2xx} | ${w.rssMb.toFixed(0)} |`);
    for (const problem of result.problems) lines.push("", `- ${problem}`);
  }
  const report = lines.join("\n") + "\n";
  mkdirSync(join(root, "bench"), { recursive: true });
  writeFileSync(join(root, "bench", "soak.md"), report);
  console.log(`\n${report}`);
  const failed = results.some((result) => result.problems.length > 0);
  console.log(`soak: ${failed ? "FAIL" : "PASS"}; results in bench/soak.md`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
