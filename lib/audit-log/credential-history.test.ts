import { beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { listAuditEvents } from "@/lib/audit-log/entries";
import { flushLastUsed, recordUse } from "@/lib/verifier/last-used";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { getAccountCredential } from "../credentials/all-credentials";
import { revokeApiKey, createApiKey } from "../credentials/api-keys";
import { changeAuthToken, createAuthToken } from "../credentials/auth-tokens";
import {
  credentialHistory,
  historyDetails,
  mergeTimeline,
  refusedUseEntries,
  type TimelineEntry,
} from "./credential-history";

const context: RequestContext = { ip: "198.51.100.40", userAgent: "vitest" };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const at = (iso: string) => new Date(iso);

it("merges entries of any source newest first, ties in a stable order", () => {
  const entry = (id: string, when: string): TimelineEntry => ({ id, at: at(when), kind: "x", label: id, detail: null });
  const merged = mergeTimeline(
    [entry("b", "2026-01-02T00:00:00Z"), entry("a", "2026-01-01T00:00:00Z")],
    [entry("refused-1", "2026-01-03T00:00:00Z"), entry("c", "2026-01-02T00:00:00Z")],
  );
  expect(merged.map((e) => e.id)).toEqual(["refused-1", "c", "b", "a"]);
});

it("drops the details every event repeats, and keeps a non-JSON detail as it is", () => {
  expect(historyDetails(JSON.stringify({ kind: "key", name: "x", from: "Credentials page" }))).toEqual({
    from: "Credentials page",
  });
  expect(historyDetails(JSON.stringify({ kind: "key", name: "x" }))).toBeUndefined();
  expect(historyDetails("legacy text")).toEqual({ details: "legacy text" });
  expect(historyDetails(null)).toBeUndefined();
});

describeEachDatabase("a credential's history", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let tokenId: string;
  let keyId: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    const apiUser = await createTestUser(db, accountId, { isApiUser: true });
    const user = await createTestUser(db, accountId);
    const token = await createAuthToken(
      db,
      admin,
      { name: "Sync", apiUserId: apiUser.id, expirationDate: inDays(30) },
      context,
    );
    const key = await createApiKey(db, admin, { name: "Helpdesk", userId: user.id }, context);
    if (!("created" in token) || !("created" in key)) throw new Error("expected credentials");
    tokenId = token.created.id;
    keyId = key.created.id;
  });

  it("lists created, deactivated, reactivated and the first use newest first, with who did each", async () => {
    const { db } = get();
    await changeAuthToken(db, admin, tokenId, "deactivate", context);
    await changeAuthToken(db, admin, tokenId, "reactivate", context);
    // Two uses in one batch: the first use is the earlier one, set once.
    const firstUse = Date.now() + 1_000;
    recordUse(tokenId, async () => db, firstUse + 500);
    recordUse(tokenId, async () => db, firstUse);
    await flushLastUsed();
    recordUse(tokenId, async () => db, firstUse + 9_000);
    await flushLastUsed();
    const row = await db.credential.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.firstUsedAt?.getTime()).toBe(firstUse);
    expect(row.lastUsedAt?.getTime()).toBe(firstUse + 9_000);

    const credential = await getAccountCredential(db, accountId, tokenId);
    expect(credential?.firstUsedAt?.getTime()).toBe(firstUse);
    const history = await credentialHistory(db, accountId, { id: tokenId, firstUsedAt: row.firstUsedAt });
    expect(history.map((entry) => entry.label)).toEqual([
      "First used",
      "Credential reactivated",
      "Credential deactivated",
      "Credential created",
    ]);
    expect(history.slice(1).every((entry) => entry.actor === admin.email)).toBe(true);
    expect(history[0]?.actor).toBeNull();
  });

  it("takes extra entries (refused uses) into the same order", async () => {
    const { db } = get();
    const refused: TimelineEntry = {
      id: "refused-hour-1",
      at: new Date(Date.now() + 60 * 60_000),
      kind: "usage.refused",
      label: "Refused 3 requests",
      detail: "rate limited",
    };
    const history = await credentialHistory(db, accountId, { id: tokenId, firstUsedAt: null }, [refused]);
    expect(history[0]).toEqual(refused);
    expect(history.some((entry) => entry.kind === "credential.first_used")).toBe(false);
  });

  it("shows only this credential's events, and none through another account", async () => {
    const { db } = get();
    await revokeApiKey(db, admin, keyId, context);
    const history = await credentialHistory(db, accountId, { id: keyId, firstUsedAt: null });
    expect(history.map((entry) => entry.kind)).toEqual(["credential.revoked", "credential.created"]);
    const elsewhere = await createAccount(db, "Elsewhere");
    expect(await credentialHistory(db, elsewhere, { id: keyId, firstUsedAt: null })).toEqual([]);
  });

  it("filters the Audit Log by credential: only its events, counted", async () => {
    const { db } = get();
    const page = await listAuditEvents(db, accountId, { credential: tokenId });
    expect(page.rows.map((row) => row.action)).toEqual([
      "credential.reactivated",
      "credential.deactivated",
      "credential.created",
    ]);
    expect(page.matching).toEqual({ count: 3, capped: false });
    const byAction = await listAuditEvents(db, accountId, { credential: tokenId, action: "credential.deactivated" });
    expect(byAction.rows).toHaveLength(1);
    expect((await listAuditEvents(db, accountId, { credential: "no-such-id" })).rows).toEqual([]);
  });
});

describe("refused uses in the timeline", () => {
  it("reads as a count and a reason, placed at the hour's end or now, so they follow what happened earlier that hour", () => {
    const hour = new Date("2026-11-30T08:00:00Z");
    const now = new Date("2026-11-30T08:21:30Z");
    const [current, past] = refusedUseEntries(
      [
        { hour, reason: "rate_limited", count: 3 },
        { hour: new Date("2026-11-29T22:00:00Z"), reason: "ip", count: 1 },
      ],
      now,
    );
    expect(current).toMatchObject({ label: "3 refused uses", at: now, actor: null });
    expect(current?.detail).toBe("Rate limited (in the hour from 08:00 UTC)");
    expect(past).toMatchObject({ label: "1 refused use", at: new Date("2026-11-29T22:59:59.999Z") });
    expect(past?.detail).toBe("Address not allowed (in the hour from 22:00 UTC)");
    // A revoke at 08:10 sorts before the refusals it caused.
    const revoked: TimelineEntry = {
      id: "e1",
      at: new Date("2026-11-30T08:10:00Z"),
      kind: "credential.revoked",
      label: "Credential revoked",
      detail: null,
    };
    expect(mergeTimeline([revoked], [current!]).map((entry) => entry.label)).toEqual([
      "3 refused uses",
      "Credential revoked",
    ]);
  });
});
