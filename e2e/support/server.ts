// Starts a production Keyward server (server.mjs, as `npm start` does after its build) on a
// fresh database of its own, for the browser and HTTP suites.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { DatabaseKind } from "@/lib/env";
import { createPostgresDatabase, createSqliteFile } from "@/test/databases";

export const E2E_SECRET = "e2e-secret-that-is-long-enough-for-keyward-servers";
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin password" };

export interface DatabaseTarget {
  kind: DatabaseKind;
  url: string;
  sqlitePath?: string;
}

export interface RunningServer {
  baseURL: string;
  database: DatabaseTarget;
  output: () => string;
  /** The server process, for `npm run soak` to read its memory. */
  pid: number | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would end it; the database is kept for a restart. */
  crash(): Promise<void>;
}

export async function createFreshDatabase(kind: DatabaseKind): Promise<DatabaseTarget & { drop(): Promise<void> }> {
  if (kind === "sqlite") {
    const sqlitePath = createSqliteFile();
    return { kind, url: `file:${sqlitePath}`, sqlitePath, drop: async () => undefined };
  }
  const created = await createPostgresDatabase();
  return { kind, url: created.url, drop: created.drop };
}

async function waitForHealth(
  baseURL: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Keyward server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseURL}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Keyward server did not become healthy in ${timeoutMs} ms:\n${output()}`);
}

export async function startServer(options: {
  kind: DatabaseKind;
  port: number;
  env?: Record<string, string>;
  database?: DatabaseTarget;
}): Promise<RunningServer> {
  const fresh = options.database ? null : await createFreshDatabase(options.kind);
  const database = options.database ?? fresh!;
  const baseURL = `http://127.0.0.1:${options.port}`;
  const root = process.cwd();
  const child = spawn(process.execPath, [join(root, "server.mjs")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      PORT: String(options.port),
      KEYWARD_HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: database.url,
      KEYWARD_SECRET: E2E_SECRET,
      KEYWARD_ADMIN_EMAIL: E2E_ADMIN.email,
      KEYWARD_ADMIN_PASSWORD: E2E_ADMIN.password,
      // Its own origin, as production requires: the issuer never comes from a request's Host.
      KEYWARD_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      // One expiry-notice sweep at start, then none during a run: its audit rows ("Credential
      // expiring") must not land between a spec's action and its look at the audit log.
      // e2e/expiry-mail.spec.ts sweeps every second on servers of its own.
      KEYWARD_NOTICE_INTERVAL_SECONDS: "86400",
      // e2e/webhooks.spec.ts receives webhooks on 127.0.0.1 over http, and waits for retries.
      KEYWARD_WEBHOOKS_ALLOW_HTTP_LOOPBACK: "1",
      KEYWARD_WEBHOOKS_RETRY_BASE_MS: "500",
      KEYWARD_WEBHOOKS_POLL_MS: "250",
      // e2e/usage.spec.ts reads the usage the server counted: written every half second.
      KEYWARD_USAGE_FLUSH_MS: "500",
      // The suites send hundreds of refused credentials from 127.0.0.1 on purpose; the per-address
      // refusal limit (lib/verifier/refusal-limit.test.ts) would answer them 429 instead.
      KEYWARD_LIMIT_REFUSALS_PER_MINUTE: "1000000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  await waitForHealth(baseURL, child, output);
  return {
    baseURL,
    database,
    output,
    pid: child.pid,
    async stop() {
      // A process killed by a signal has signalCode set and exitCode still null.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      await fresh?.drop();
    },
    async crash() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await once(child, "exit");
      }
    },
  };
}
