// The in-process verifier benchmark: verifyRequest (lib/verifier/verify.ts) called in a loop on
// one core, no HTTP, against a fresh migrated database arranged through lib/ as the HTTP bench
// arranges its server's. Every kind the verifier accepts, on every transport that kind allows,
// on a cache hit (the same credential again within the cache's lifetime) and on a cache miss
// (the look-up cache emptied before each verification, so each one reads the database).
import { performance } from "node:perf_hooks";
import { arrange } from "../load-network";
import { options, type DatabaseKind } from "./options";

/**
 * At least this many verifications per second of one core on a cache hit (issue 13, point 6),
 * judged on CPU time (1 s ÷ CPU per verification): on an idle core that is the wall-clock
 * rate, and on a shared machine it does not count the time other processes had the core.
 */
export const HIT_TARGET_PER_SECOND = 200_000;

export interface Rate {
  /** Verifications per second of wall-clock time. */
  perSecond: number;
  /** CPU time of this process per verification, µs (user + system, every thread: GC included). */
  cpuMicros: number;
}

/** Verifications per second of one core's CPU time. */
export function perCpuSecond(rate: Rate): number {
  return 1_000_000 / rate.cpuMicros;
}

export interface VerifierCase {
  kind: string;
  transport: string;
  /** The cache hit's fastest slice: what the hit target is judged on (see hitSlices). */
  hit: Rate;
  /** The cache hit's median slice: what the same code cost with the machine's neighbours at work. */
  hitMedian: Rate;
  miss: Rate;
}

/**
 * A case's cache hits are timed in this many slices of BENCH_VERIFIER_SECONDS ÷ slices each, and
 * judged on the fastest. On these shared 2-core machines one process timing the same loop sees
 * slices half a second apart differ by 2× (3.8 to 9.2 µs); what other tenants take from the core
 * only ever adds time, so the fastest slice is the closest reading of what the code costs (as
 * Python's timeit advises). The median is reported beside it. The slices take turns across the
 * cases (one slice of every case, then the next round), as the HTTP rows alternate with their
 * baseline: a slow minute of the machine then falls on every case alike, not on whichever case
 * happened to be running (one run read the same cache-hit path at 2.6 µs in one case and 5.4 µs
 * in another when each case's slices ran back to back).
 */
const HIT_SLICES = 7;

export interface VerifierResult {
  cases: VerifierCase[];
  problems: string[];
}

type Parts = import("../../lib/verifier/extract").RequestParts;
type Transport = import("../../lib/credentials/transport").Transport;

/** A request carrying `token` the way `transport` says, with the account key an auth token needs. */
function requestCarrying(token: string, transport: Transport, userKey: string | null): Parts {
  const headers = new Headers(userKey ? { user_key: userKey } : {});
  const searchParams = new URLSearchParams();
  let method = "GET";
  let jsonBody: unknown;
  switch (transport) {
    case "authorization":
      headers.set("Authorization", token);
      break;
    case "bearer":
      headers.set("Authorization", `Bearer ${token}`);
      break;
    case "token":
      headers.set("Authorization", `token ${token}`);
      break;
    case "key":
      headers.set("Authorization", `key ${token}`);
      break;
    case "x-api-key":
      headers.set("X-API-Key", token);
      break;
    case "query":
      searchParams.set("oauth_token", token);
      break;
    case "body":
      method = "POST";
      jsonBody = { oauth_token: token, name: "Acme Outdoor" };
      break;
  }
  return { method, headers, searchParams, jsonBody };
}

/**
 * Calls `verify` back to back for `seconds`, after `warmUp` untimed calls (so the first case
 * measured does not pay for compiling the path); `before` runs ahead of each call, timed with it.
 */
async function rate(
  verify: () => Promise<unknown>,
  seconds: number,
  warmUp: number,
  before?: () => void,
): Promise<Rate> {
  for (let i = 0; i < warmUp; i++) {
    before?.();
    await verify();
  }
  let count = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 200; i++) {
      before?.();
      await verify();
    }
    count += 200;
  }
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: count / elapsed, cpuMicros: (used.user + used.system) / count };
}

/** A case ready to time: its name and one cache-hit verification. */
interface Prepared {
  name: string;
  kind: string;
  transport: string;
  verify: () => Promise<unknown>;
}

/**
 * Each case's fastest and median of `slices` timings (cache hits), the slices taken in turns
 * across the cases; every case is warmed up first.
 */
async function hitRatesInTurns(
  prepared: Prepared[],
  seconds: number,
  slices = HIT_SLICES,
): Promise<{ best: Rate; median: Rate }[]> {
  const rates: Rate[][] = prepared.map(() => []);
  for (let round = 0; round < slices; round++) {
    for (const [i, one] of prepared.entries())
      rates[i]!.push(await rate(one.verify, seconds / slices, round === 0 ? 5_000 : 0));
  }
  return rates.map((own) => {
    own.sort((a, b) => a.cpuMicros - b.cpuMicros);
    return { best: own[0]!, median: own[Math.floor(own.length / 2)]! };
  });
}

function show(name: string, hit: { best: Rate; median: Rate }, miss: Rate): void {
  console.log(
    `   verifier ${name.padEnd(26)} hit ${Math.round(perCpuSecond(hit.best)).toLocaleString("en").padStart(9)}/CPU-s ${hit.best.cpuMicros.toFixed(2)} µs CPU (median slice ${hit.median.cpuMicros.toFixed(2)})   miss ${Math.round(miss.perSecond).toLocaleString("en").padStart(7)}/s ${miss.cpuMicros.toFixed(1)} µs CPU`,
  );
}

export async function benchVerifier(kind: DatabaseKind): Promise<VerifierResult> {
  const [
    { createTestDatabase },
    { verifyRequest },
    { credentialKinds },
    { apiToken },
    { issueAudited },
    { NO_REQUEST, SYSTEM_ACTOR },
    { invalidateCredentialCache },
    { flushLastUsed },
    { ProtocolError },
  ] = await Promise.all([
    import("../../test/databases"),
    import("../../lib/verifier/verify"),
    import("../../lib/credentials/kinds"),
    import("../../lib/credentials/kinds/api-token"),
    import("../../lib/credentials/store"),
    import("../../lib/audit"),
    import("../../lib/credentials/cache"),
    import("../../lib/verifier/last-used"),
    import("../../lib/http/protocol-error"),
  ]);
  const database = await createTestDatabase(kind);
  try {
    const net = await arrange({ database });
    // The one kind the HTTP bench does not use: a token exchange's API token, issued as the
    // exchange issues it (the exchange itself would only add a password check).
    const exchanged = await database.db.$transaction((tx) =>
      issueAudited(
        tx,
        apiToken,
        {
          accountId: net.accountId,
          userId: net.networkUserId,
          createdById: net.networkUserId,
          name: "Token exchange",
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        },
        { actor: { ...SYSTEM_ACTOR, accountId: net.accountId }, context: NO_REQUEST, action: "auth.token_exchange" },
      ),
    );
    const secrets: Record<string, string> = {
      pat: net.personal,
      at: net.authToken,
      key: net.apiKey,
      tok: exchanged.secret,
      oat: net.oauthToken,
    };

    const prepared: Prepared[] = [];
    const problems: string[] = [];
    const verifyOptions = { database: database.db };
    for (const credentialKind of credentialKinds()) {
      for (const transport of credentialKind.transports) {
        const token = secrets[credentialKind.code];
        const name = `kw_${credentialKind.code}_ via ${transport}`;
        if (!name.toLowerCase().includes(options.verifierCaseFilter)) continue;
        if (!token) {
          problems.push(`${name}: the bench has no credential of this kind (add one to scripts/bench/verifier.ts)`);
          continue;
        }
        const request = requestCarrying(token, transport, credentialKind.requiresAccountKey ? net.accountKey : null);
        const first = await verifyRequest(request, verifyOptions);
        if (first instanceof ProtocolError) {
          problems.push(`${name}: refused (${first.message})`);
          continue;
        }
        prepared.push({
          name,
          kind: credentialKind.code,
          transport,
          verify: () => verifyRequest(request, verifyOptions),
        });
      }
    }
    // The same personal credential's path with both controls set (issue 13, point 6): a rate
    // limit counted in this process's memory and an IP allowlist matched on every request.
    if ("kw_pat_ limit + allowlist".includes(options.verifierCaseFilter)) {
      const controlled = await controlledCredential(database.db, net);
      const request = requestCarrying(controlled, "bearer", null);
      request.headers.set("x-forwarded-for", "127.0.0.1");
      const first = await verifyRequest(request, verifyOptions);
      if (first instanceof ProtocolError)
        problems.push(`kw_pat_ with a rate limit and an allowlist: refused (${first.message})`);
      else
        prepared.push({
          name: "kw_pat_ limit + allowlist",
          kind: "pat",
          transport: "bearer, rate limit + allowlist",
          verify: () => verifyRequest(request, verifyOptions),
        });
    }

    const hits = await hitRatesInTurns(prepared, options.verifierSeconds);
    const cases: VerifierCase[] = [];
    for (const [i, one] of prepared.entries()) {
      const hit = hits[i]!;
      const miss = await rate(one.verify, options.verifierSeconds, 50, invalidateCredentialCache);
      cases.push({ kind: one.kind, transport: one.transport, hit: hit.best, hitMedian: hit.median, miss });
      show(one.name, hit, miss);
    }
    return { cases, problems };
  } finally {
    await flushLastUsed();
    await database.drop();
  }
}

/** A new personal credential with a rate limit its bench never reaches and a loopback allowlist, set through lib/. */
async function controlledCredential(
  db: import("../../lib/db").Db,
  net: Awaited<ReturnType<typeof arrange>>,
): Promise<string> {
  const [{ hashSecret }, { NO_REQUEST }, rateLimits, allowlists, { parseAllowlistText }] = await Promise.all([
    import("../../lib/credentials/hash"),
    import("../../lib/audit"),
    import("../../lib/credential-controls/rate-limit-settings"),
    import("../../lib/credential-controls/allowlist-settings"),
    import("../../lib/allowlists/allowlist-text"),
  ]);
  const { newCredentialRow } = await import("../../lib/credentials/issue");
  const { personalCredential } = await import("../../lib/credentials/kinds/personal-credential");
  const { secret, data } = newCredentialRow(personalCredential, {
    accountId: net.accountId,
    userId: net.networkUserId,
    createdById: net.networkUserId,
    name: "bench controlled",
  });
  await db.credential.create({ data });
  const id = (
    await db.credential.findUniqueOrThrow({ where: { secretHash: hashSecret(secret) }, select: { id: true } })
  ).id;
  const admin = { id: net.admin.id, email: net.admin.email, accountId: net.accountId, role: "super_admin" as const };
  await rateLimits.setCredentialRateLimit(
    db,
    { actor: { id: admin.id, label: admin.email, accountId: admin.accountId }, accountId: admin.accountId },
    id,
    { limit: 1_000_000, window: "second" },
    NO_REQUEST,
  );
  const parsed = parseAllowlistText("10.0.0.0/8\n127.0.0.0/8\n::1/128");
  if (!parsed.ok) throw new Error("the bench's allowlist does not parse");
  await allowlists.setCredentialAllowlist(db, admin, id, { ranges: parsed.ranges, reportOnly: false }, NO_REQUEST);
  return secret;
}
