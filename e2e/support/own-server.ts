// A production server of a spec's own, on the project's database kind, for tests that would
// disturb the shared one (password guesses from 127.0.0.1 fill its lock-out counters). Call
// inside a describe (or at a spec's top level): it starts the server before the tests and
// stops it after.
import { test, type APIRequestContext } from "@playwright/test";
import { createDb, type Db } from "@/lib/db/client";
import { startServer, type RunningServer } from "./server";
import { extraPort } from "./state";

export interface OwnServer {
  server(): RunningServer;
  db(): Db;
  api(): APIRequestContext;
}

/** `env`: settings of its own (KEYWARD_TRUSTED_PROXIES, say) on top of startServer's. */
export function serverOfItsOwn(slot: number, env?: Record<string, string>): OwnServer {
  let server: RunningServer | undefined;
  let db: Db | undefined;
  let api: APIRequestContext | undefined;

  test.beforeAll(async ({ playwright }, testInfo) => {
    server = await startServer({
      kind: testInfo.project.name === "postgresql" ? "postgresql" : "sqlite",
      port: extraPort(slot, testInfo),
      env,
    });
    db = await createDb(server.database);
    api = await playwright.request.newContext({ baseURL: server.baseURL });
  });

  test.afterAll(async () => {
    await api?.dispose();
    await db?.$disconnect();
    await server?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the spec's own server has not started");
    return value;
  };
  return { server: () => started(server), db: () => started(db), api: () => started(api) };
}
