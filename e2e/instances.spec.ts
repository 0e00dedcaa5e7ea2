// Two Keyward instances on one database: a credential revoked through instance A is refused by
// instance B within 100 ms, because A publishes the change (PostgreSQL LISTEN/NOTIFY, or Redis
// pub/sub with REDIS_URL) and B drops its cached look-ups (lib/credentials/change-channel.ts).
// Without the channel B would answer from its cache for up to 750 ms, and with the channel up
// its cache lives for minutes, so a missed message fails these tests by far.
//
// Each round, while A revokes (through its screen), one loop keeps asking A and two keep asking B.
// Two figures come out of it:
// - The delay from A publishing the change (after its commit) to B dropping its cache, which B
//   logs (KEYWARD_LOG_CREDENTIAL_CHANGES=1) with both instants on this machine's one clock. The
//   change it names must have been published between the last request A accepted and A's first
//   refusal, so it is this revocation's. Its median must be under 100 ms, every round under 250.
// - From outside: the time from A's last acceptance to B's first refusal answered, an upper bound
//   that also counts both instances' answer times (tens of ms each on a loaded 2-core machine),
//   so it is reported, and only judged against 250 ms in rounds where B answered within LOADED_MS.
// And in every round, however loaded the machine, B may accept no request sent more than 100 ms
// after A's first refusal was answered: that is what a cache living its 750 ms (or minutes) fails.
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createDb, type Db } from "@/lib/db/client";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { startServer, type RunningServer } from "./support/server";
import { extraPort } from "./support/state";

const REDIS_URL = "redis://127.0.0.1:6379";
const GAP_LIMIT_MS = 100;
/** No single round's upper bound may reach this: a missed message shows 750 ms or more. */
const ROUND_LIMIT_MS = 250;
const ROUNDS = 5;
const LOADED_MS = 50;
const PASSWORD = "two instances password";

interface Probe {
  sentAt: number;
  doneAt: number;
  status: number;
}

interface Round {
  /** From A publishing the change to B dropping its cache, as B logged it. */
  dropMs: number;
  /** From A's last acceptance to B's first refusal answered (an upper bound seen from outside). */
  gapMs: number;
  /** B's answer time for the request that first showed the refusal. */
  answerMs: number;
  /** When the last request B accepted was sent, after A's first refusal answered; null: none. */
  lateAcceptanceMs: number | null;
}

async function waitForChannel(server: RunningServer, api: APIRequestContext): Promise<void> {
  await expect
    .poll(
      async () => ((await (await api.get("/api/health")).json()) as { instantRevocation: string }).instantRevocation,
      {
        message: `instant revocation on ${server.baseURL}`,
        timeout: 15_000,
      },
    )
    .toBe("up");
}

/** Keeps asking until a refusal comes back (or some seconds pass), in `loops` loops for a finer grain. */
async function probeUntilRefused(
  api: APIRequestContext,
  headers: Record<string, string>,
  loops: number,
): Promise<Probe[]> {
  const probes: Probe[] = [];
  const until = Date.now() + 60_000;
  let refused = false;
  const loop = async () => {
    while (!refused && Date.now() < until) {
      const sentAt = Date.now();
      const status = (await api.get("/api/v2/me", { headers })).status();
      probes.push({ sentAt, doneAt: Date.now(), status });
      if (status === 401) refused = true;
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  expect(probes.every((probe) => probe.status === 200 || probe.status === 401)).toBe(true);
  return probes;
}

/** The changes an instance logged hearing (lib/credentials/change-channel.ts, logHeard). */
function changesHeard(log: string): { publishedAt: number; droppedAt: number }[] {
  const line =
    /credential change "changed" heard over \w+ \d+ ms after it was published; cache dropped at (\d+), published at (\d+)/g;
  return [...log.matchAll(line)].map((match) => ({ droppedAt: Number(match[1]), publishedAt: Number(match[2]) }));
}

const firstRefusal = (probes: Probe[]) =>
  probes.filter((probe) => probe.status === 401).sort((x, y) => x.doneAt - y.doneAt)[0];

async function measureRound(
  round: number,
  setup: { db: Db; page: Page; apiA: APIRequestContext; apiB: APIRequestContext; b: RunningServer },
  user: { id: string; email: string; accountId: string },
): Promise<Round> {
  const { db, page, apiA, apiB, b } = setup;
  const name = `Gap round ${round}`;
  const made = await createPersonalCredential(db, user, { description: name }, NO_REQUEST);
  if (!("created" in made)) throw new Error("expected a credential");
  const headers = { Authorization: made.created.secret };
  // Both instances have it in their caches now.
  expect((await apiA.get("/api/v2/me", { headers })).status()).toBe(200);
  expect((await apiB.get("/api/v2/me", { headers })).status()).toBe(200);

  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke API credential?" });
  await expect(dialog).toBeVisible();

  const logFrom = b.output().length;
  const probingA = probeUntilRefused(apiA, headers, 1);
  const probingB = probeUntilRefused(apiB, headers, 2);
  await dialog.getByRole("button", { name: "Revoke" }).click();
  const [onA, onB] = await Promise.all([probingA, probingB]);
  await expect(row).toContainText("Revoked");

  const refusedByA = firstRefusal(onA);
  const refusedByB = firstRefusal(onB);
  expect(refusedByA, `A never refused the credential it revoked (round ${round})`).toBeDefined();
  expect(refusedByB, `B never refused the credential revoked on A (round ${round})`).toBeDefined();
  const lastAcceptedByA = Math.max(...onA.filter((probe) => probe.status === 200).map((probe) => probe.sentAt));
  const lateOnB = onB.filter((probe) => probe.status === 200 && probe.sentAt > refusedByA!.doneAt);
  const drops = changesHeard(b.output().slice(logFrom)).filter(
    (heard) => heard.publishedAt >= lastAcceptedByA && heard.publishedAt <= refusedByA!.doneAt,
  );
  expect(drops.length, `B logged no change published while A revoked (round ${round})`).toBeGreaterThan(0);
  return {
    dropMs: drops[0]!.droppedAt - drops[0]!.publishedAt,
    gapMs: Math.max(0, refusedByB!.doneAt - lastAcceptedByA),
    answerMs: refusedByB!.doneAt - refusedByB!.sentAt,
    lateAcceptanceMs: lateOnB.length ? Math.max(...lateOnB.map((probe) => probe.sentAt - refusedByA!.doneAt)) : null,
  };
}

async function measureGaps(
  page: Page,
  playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
  testInfo: TestInfo,
  env: Record<string, string>,
) {
  const logged = { ...env, KEYWARD_LOG_CREDENTIAL_CHANGES: "1" };
  const a = await startServer({ kind: "postgresql", port: extraPort(26, testInfo), env: logged });
  const b = await startServer({
    kind: "postgresql",
    port: extraPort(27, testInfo),
    database: a.database,
    env: logged,
  });
  const db = await createDb(a.database);
  const apiA = await playwright.request.newContext({ baseURL: a.baseURL });
  const apiB = await playwright.request.newContext({ baseURL: b.baseURL });
  try {
    await waitForChannel(a, apiA);
    await waitForChannel(b, apiB);
    const accountId = (await db.account.findFirstOrThrow()).id;
    const created = await createUser(
      db,
      accountId,
      { email: "two.instances@e2e.test", name: "Two", password: PASSWORD, role: "network_user", status: "active" },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    const user = { id: created.id, email: created.email, accountId };

    await page.goto(`${a.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
    await page.goto(`${a.baseURL}/integrations/invoca-apis`);

    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const measured = await measureRound(round, { db, page, apiA, apiB, b }, user);
      const late = measured.lateAcceptanceMs;
      console.log(
        `revocation, round ${round}: B dropped its cache ${measured.dropMs} ms after A published; ` +
          `seen from outside at most ${measured.gapMs} ms (B answered in ${measured.answerMs} ms` +
          (late === null ? ")" : `; B accepted a request sent ${late} ms after A refused)`),
      );
      // Proof of a gap over the limit, whatever the load: B accepted a request sent that long after.
      expect(late ?? 0, `round ${round}: B accepted a request sent after the limit`).toBeLessThan(GAP_LIMIT_MS);
      rounds.push(measured);
    }
    const drops = rounds.map((round) => round.dropMs);
    const unloaded = rounds.filter((round) => round.answerMs <= LOADED_MS).map((round) => round.gapMs);
    const summary =
      `B dropped its cache (ms after A published): ${drops.join(", ")}; ` +
      `seen from outside (ms, rounds where B answered within ${LOADED_MS} ms): ${unloaded.join(", ") || "none"}, ` +
      `all rounds: ${rounds.map((round) => round.gapMs).join(", ")}`;
    console.log(summary);
    test.info().annotations.push({ type: "revocation gaps", description: summary });
    const median = [...drops].sort((x, y) => x - y)[Math.floor(drops.length / 2)]!;
    expect(median, summary).toBeLessThan(GAP_LIMIT_MS);
    for (const drop of drops) expect(drop, summary).toBeLessThan(ROUND_LIMIT_MS);
    // The outside bound counts answer times as well; no unloaded round may come near what a cache
    // living its 750 ms (or minutes, with the channel up) would show.
    for (const gap of unloaded) expect(gap, summary).toBeLessThan(ROUND_LIMIT_MS);
  } finally {
    await apiA.dispose();
    await apiB.dispose();
    await db.$disconnect();
    await b.stop();
    await a.stop();
  }
}

test.describe("instant revocation on two instances", () => {
  test.describe.configure({ timeout: 480_000 });

  test.beforeEach(({}, testInfo) => {
    test.skip(
      testInfo.project.name !== "instances",
      "several instances share a PostgreSQL database; measured in the instances project, alone, after the rest",
    );
  });

  test("over PostgreSQL LISTEN/NOTIFY: B refuses a credential revoked on A within 100 ms", async ({
    page,
    playwright,
  }, testInfo) => {
    await measureGaps(page, playwright, testInfo, {});
  });

  test("over Redis pub/sub (REDIS_URL): B refuses a credential revoked on A within 100 ms", async ({
    page,
    playwright,
  }, testInfo) => {
    await measureGaps(page, playwright, testInfo, { REDIS_URL });
  });
});
