import { expect, it } from "vitest";
import { endWebSession, SESSION_MAX_AGE_SECONDS, startWebSession } from "@/lib/auth/web-sessions";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { purgeWebSessions } from "./web-sessions";

describeEachDatabase("retention: browser sessions", (get) => {
  it("removes signed-out and outlived sessions, in batches, and keeps the open ones", async () => {
    const { db } = get();
    const accountId = await createAccount(db);
    const user = await createTestUser(db, accountId);
    const now = new Date();
    const open = await startWebSession(db, user.id, now);
    const outlived = await db.webSession.create({
      data: {
        id: "outlived-session",
        userId: user.id,
        signedInAt: new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000 - 1000),
      },
    });
    const ended = await db.webSession.create({ data: { id: "ended-session", userId: user.id, signedInAt: now } });
    await endWebSession(db, ended.id, user.id, { ip: null, userAgent: null });

    const policy = { now, retentionDays: 90, batchSize: 1 };
    expect(await purgeWebSessions.purgeBatch(db, policy)).toEqual({ found: 1, deleted: 1 });
    expect(await purgeWebSessions.purgeBatch(db, policy)).toEqual({ found: 1, deleted: 1 });
    expect(await purgeWebSessions.purgeBatch(db, policy)).toEqual({ found: 0, deleted: 0 });
    const left = await db.webSession.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((row) => row.id)).toEqual([open.id]);
    expect(outlived.id).not.toBe(open.id);
  });
});
