// Where the servers of e2e/global-setup.ts run, and their databases, by project name.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestInfo } from "@playwright/test";
import { createDb, type Db } from "@/lib/db/client";
import type { DatabaseTarget } from "./server";

export const STATE_FILE = join(process.cwd(), "test-results", "e2e-servers.json");

export const E2E_PORTS = {
  sqlite: Number(process.env.KEYWARD_E2E_SQLITE_PORT ?? 3301),
  postgresql: Number(process.env.KEYWARD_E2E_POSTGRES_PORT ?? 3302),
} as const;

export function serverFor(testInfo: TestInfo): { baseURL: string; database: DatabaseTarget } {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as Record<string, { baseURL: string; database: DatabaseTarget }>;
  const server = state[testInfo.project.name];
  if (!server) throw new Error(`No server for project ${testInfo.project.name}`);
  return server;
}

const clients = new Map<string, Promise<Db>>();

/** A Prisma client on the same database as the project's server, to arrange and check data. */
export function databaseFor(testInfo: TestInfo): Promise<Db> {
  const { database } = serverFor(testInfo);
  let client = clients.get(database.url);
  if (!client) {
    client = createDb(database);
    clients.set(database.url, client);
  }
  return client;
}
