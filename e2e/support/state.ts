// Where the servers of e2e/global-setup.ts run, and their databases, by project name.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestInfo } from "@playwright/test";
import { CACHE_TTL_MS, COMMITS_BY_OTHERS_CHECK_MS } from "@/lib/credentials/cache";
import { CHANGE_CHANNEL } from "@/lib/credentials/change-channel";
import { createDb, type Db } from "@/lib/db/client";
import { E2E_SECRET, type DatabaseTarget } from "./server";
import { databaseProject } from "./sessions";

// This process hashes passwords and credentials through lib/ as the servers do: with their
// secret, set before anything reads the environment (lib/env caches it).
process.env.KEYWARD_SECRET = E2E_SECRET;

export const STATE_FILE = join(process.cwd(), "test-results", "e2e-servers.json");

/** Ports from KEYWARD_E2E_PORT_BASE (3300): +1 SQLite, +2 PostgreSQL, +50.. for specs' own servers. */
export const E2E_PORT_BASE = Number(process.env.KEYWARD_E2E_PORT_BASE ?? 3300);

export const E2E_PORTS = {
  sqlite: E2E_PORT_BASE + 1,
  postgresql: E2E_PORT_BASE + 2,
} as const;

/** A port for a server a spec starts for itself: distinct per slot and per project. */
export function extraPort(slot: number, testInfo: TestInfo): number {
  return E2E_PORT_BASE + 50 + slot * 2 + (testInfo.project.name === "postgresql" ? 1 : 0);
}

export function serverFor(testInfo: TestInfo): { baseURL: string; database: DatabaseTarget } {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as Record<
    string,
    { baseURL: string; database: DatabaseTarget }
  >;
  // The `<db>-setup` projects (e2e/auth.setup.ts) run on their database project's server.
  const server = state[databaseProject(testInfo.project.name)];
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

/**
 * After this process changed credentials in the project's server's database behind its back
 * (Prisma, or lib/ without a change channel of its own): waits until the server answers from
 * the database. On PostgreSQL the server's cached look-ups live for minutes while its change
 * channel is up, so the change is published on that channel, as another instance publishes
 * its own (lib/credentials/change-channel.ts), and CACHE_TTL_MS is waited. On SQLite the file
 * is the channel (lib/credentials/commit-watch.ts): this process's commit is what the server
 * sees, at most COMMITS_BY_OTHERS_CHECK_MS later, so that (and a margin of the same) is waited,
 * well short of the 750 ms a cache without a channel would trust an entry for. Not a timing
 * assertion: a wait the contract makes sufficient.
 */
export async function afterChangeOutsideServer(testInfo: TestInfo): Promise<void> {
  const { database } = serverFor(testInfo);
  if (database.kind === "postgresql") {
    const db = await databaseFor(testInfo);
    const message = JSON.stringify({ origin: `e2e-${process.pid}`, change: "changed" });
    await db.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${message})`;
    await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS));
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, 2 * COMMITS_BY_OTHERS_CHECK_MS));
}
