// Builds the production app if its sources changed, then starts one server per database
// kind on a fresh database, and records where they are for the specs (e2e/support/state.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { startServer, type RunningServer } from "./support/server";
import { E2E_PORTS, STATE_FILE } from "./support/state";

export default async function globalSetup(): Promise<() => Promise<void>> {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const servers: RunningServer[] = [];
  const state: Record<string, unknown> = {};
  // PostgreSQL is part of every run unless explicitly left out (KEYWARD_E2E_SKIP_POSTGRES=1):
  // a missing server is an error, not a silent skip.
  const kinds =
    process.env.KEYWARD_E2E_SKIP_POSTGRES === "1" ? (["sqlite"] as const) : (["sqlite", "postgresql"] as const);
  const started = await Promise.all(kinds.map((kind) => startServer({ kind, port: E2E_PORTS[kind] })));
  started.forEach((server, i) => {
    servers.push(server);
    state[kinds[i]!] = { baseURL: server.baseURL, database: server.database };
  });
  mkdirSync("test-results", { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  return async () => {
    for (const [i, server] of servers.entries()) {
      if (process.env.KEYWARD_E2E_SERVER_LOG) console.log(server.output());
      // Kept for diagnosing a failed run (a server error page says nothing by itself).
      writeFileSync(`test-results/server-${kinds[i]}.log`, server.output());
      await server.stop();
    }
  };
}
