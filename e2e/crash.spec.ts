// A crash in the middle of a burst of writes: the server is killed with SIGKILL (no shutdown
// hook runs) while token exchanges are in flight, then started again on the same database.
// Every answer the clients received before the crash must still hold (a token that was handed
// out works), and no write may be half there: each issued token has its audit row and each
// audit row its token. On SQLite the file must also pass PRAGMA integrity_check.
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { createDb } from "@/lib/db/client";
import { E2E_ADMIN, startServer } from "./support/server";
import { extraPort } from "./support/state";

test("killed mid-burst (SIGKILL): restarted on the same database, every answered write holds and none is half-written", async ({}, testInfo) => {
  test.setTimeout(120_000);
  const kind = testInfo.project.name === "postgresql" ? "postgresql" : "sqlite";
  const port = extraPort(5, testInfo);
  // More exchanges than one user's hourly limit (10) are needed to keep 8 in flight until 12 answer.
  const first = await startServer({ kind, port, env: { KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR: "1000" } });
  try {
    const exchange = () =>
      fetch(`${first.baseURL}/api/v2/api_tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: E2E_ADMIN.email, password: E2E_ADMIN.password }),
      })
        .then(async (response) =>
          response.status === 200 ? ((await response.json()) as { token: string }).token : null,
        )
        .catch(() => null);
    const answered: string[] = [];
    // Keep 8 exchanges in flight at all times, and kill the server once 12 have been answered.
    await new Promise<void>((resolve) => {
      const launch = () => {
        void exchange().then(async (token) => {
          if (token) answered.push(token);
          if (answered.length === 12) {
            await first.crash();
            resolve();
          } else if (answered.length < 12) launch();
        });
      };
      for (let i = 0; i < 8; i++) launch();
    });
    expect(answered.length).toBeGreaterThanOrEqual(12);

    if (first.database.sqlitePath) {
      const file = new Database(first.database.sqlitePath);
      expect(file.pragma("integrity_check", { simple: true })).toBe("ok");
      file.close();
    }

    const second = await startServer({ kind, port, database: first.database });
    try {
      for (const token of answered) {
        const me = await fetch(`${second.baseURL}/api/v2/me`, { headers: { Authorization: `token ${token}` } });
        expect(me.status, "a token handed out before the crash works after it").toBe(200);
      }
      const db = await createDb(first.database);
      try {
        const tokens = await db.credential.findMany({ where: { kind: "tok" }, select: { id: true } });
        const audited = await db.auditEvent.findMany({
          where: { action: "auth.token_exchange" },
          select: { targetId: true },
        });
        expect(tokens.length).toBeGreaterThanOrEqual(answered.length);
        expect(audited.map((event) => event.targetId).sort()).toEqual(tokens.map((token) => token.id).sort());
      } finally {
        await db.$disconnect();
      }
      expect((await fetch(`${second.baseURL}/api/health`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
  }
});
