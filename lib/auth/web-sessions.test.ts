// The server side of a browser session: signing out ends that one session (audited), the
// user's other sessions stay, and a session is outlived SESSION_MAX_AGE_SECONDS after sign-in.
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { NO_REQUEST } from "../audit";
import { endWebSession, SESSION_MAX_AGE_SECONDS, sessionOutlived, startWebSession } from "./web-sessions";

describeEachDatabase("web sessions", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("signing out ends that session only, once, in the user's account's audit log", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const first = await startWebSession(db, user.id);
    const second = await startWebSession(db, user.id);
    expect(
      await Promise.all([
        endWebSession(db, first.id, user.id, NO_REQUEST),
        endWebSession(db, first.id, user.id, NO_REQUEST),
      ]),
    ).toEqual(expect.arrayContaining([true, false]));
    expect(await db.webSession.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      endedAt: expect.any(Date),
    });
    expect(await db.webSession.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ endedAt: null });
    expect(await db.auditEvent.count({ where: { action: "auth.sign_out", actorId: user.id, accountId } })).toBe(1);
    // Another user's token naming this session ends nothing.
    const other = await createTestUser(db, accountId);
    expect(await endWebSession(db, second.id, other.id, NO_REQUEST)).toBe(false);
    // The next sign-in tidies the ended and outlived sessions away.
    await db.webSession.update({
      where: { id: second.id },
      data: { signedInAt: new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000 - 1000) },
    });
    const third = await startWebSession(db, user.id);
    expect((await db.webSession.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([third.id]);
  });

  it("a session is outlived SESSION_MAX_AGE_SECONDS after sign-in, whatever happened since", () => {
    const now = Date.UTC(2026, 10, 29, 12);
    const signedIn = now / 1000 - SESSION_MAX_AGE_SECONDS;
    expect(sessionOutlived(signedIn + 1, now)).toBe(false);
    expect(sessionOutlived(signedIn, now)).toBe(true);
    expect(sessionOutlived(undefined, now)).toBe(true);
    expect(sessionOutlived("0", now)).toBe(true);
    expect(sessionOutlived(Number.NaN, now)).toBe(true);
  });
});
