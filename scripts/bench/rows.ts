// The rows of the HTTP bench, one entry each: what a row sends, the baseline it is compared
// with, and its own target when it differs from the database's (options.ts TARGET_RATIO).
// A new row is one more entry in ROWS; anything it needs (a credential with a rate limit, an
// allowlist) is made through lib/ in its `build`, which runs once per database.
import type { DatabaseTarget } from "../../e2e/support/server";
import type { arrange } from "../load-network";
import { issuePersonalCredentials } from "./distinct-credentials";
import type { Target } from "./load";
import { options, type DatabaseKind } from "./options";

export interface RowContext {
  net: Awaited<ReturnType<typeof arrange>>;
  database: DatabaseTarget;
  /** The advertiser read every GET row asks for (and every POST row updates). */
  resource: string;
}

export interface RowDefinition {
  name: string;
  baseline: "GET" | "POST";
  /** Runs on a server of its own started with REDIS_URL (skipped with a notice when Redis does not answer). */
  redis?: boolean;
  /** At least this ratio to the baseline (median round); the database's target when left out. */
  target?: Partial<Record<DatabaseKind, number>>;
  build(context: RowContext): Target | Promise<Target>;
}

/** The JSON body of every POST, the baseline's included: an idempotent update that changes nothing. */
export function postBody(personal: string): string {
  return JSON.stringify({ oauth_token: personal, name: "Acme Outdoor" });
}

function get(name: string, headers: (net: RowContext["net"]) => Record<string, string>): RowDefinition {
  return {
    name,
    baseline: "GET",
    build: ({ net, resource }) => ({ name, method: "GET", path: resource, headers: headers(net) }),
  };
}

export const ROWS: RowDefinition[] = [
  get("Authorization: <kw_pat_>", (net) => ({ Authorization: net.personal })),
  get("Authorization: Bearer <kw_pat_>", (net) => ({ Authorization: `Bearer ${net.personal}` })),
  {
    name: "?oauth_token=<kw_pat_>",
    baseline: "GET",
    build: ({ net, resource }) => ({
      name: "?oauth_token=<kw_pat_>",
      method: "GET",
      path: `${resource}?oauth_token=${net.personal}`,
      headers: {},
    }),
  },
  get("user_key + Authorization: Bearer <kw_at_>", (net) => ({
    user_key: net.accountKey,
    Authorization: `Bearer ${net.authToken}`,
  })),
  get("Authorization: key <kw_key_>", (net) => ({ Authorization: `key ${net.apiKey}` })),
  get("X-API-Key: <kw_key_>", (net) => ({ "X-API-Key": net.apiKey })),
  get("Authorization: Bearer <kw_oat_> (OAuth)", (net) => ({ Authorization: `Bearer ${net.oauthToken}` })),
  {
    name: 'POST {"oauth_token": <kw_pat_>}',
    baseline: "POST",
    build: ({ net, resource }) => ({
      name: 'POST {"oauth_token": <kw_pat_>}',
      method: "POST",
      path: resource,
      headers: { "Content-Type": "application/json" },
      body: postBody(net.personal),
    }),
  },
  {
    // Many integrations, each calling now and then (issue 13, point 7): a credential comes round
    // again only after all the others. On SQLite (one instance, no change channel) its look-up
    // cache entry has aged out by then (750 ms), so every request is a miss. On PostgreSQL the
    // channel is up and entries live 5 minutes: the first 5,000 requests (the warm-up and about
    // the first three rounds) are misses, read in bursts (lib/db/credential-by-hash.ts), the rest hits.
    name: `Authorization: <kw_pat_>, ${options.distinctCredentials.toLocaleString("en")} distinct, round-robin`,
    baseline: "GET",
    target: { sqlite: 0.9, postgresql: 0.85 },
    async build({ net, database, resource }) {
      const secrets = await issuePersonalCredentials(
        database,
        { id: net.networkUserId, accountId: net.accountId },
        options.distinctCredentials,
      );
      let next = 0;
      const nextHeaders = () => ({ Authorization: secrets[next++ % secrets.length]! });
      return { name: this.name, method: "GET", path: resource, headers: nextHeaders(), nextHeaders };
    },
  },
  // Per-credential controls (issue 13, points 1 and 2): each row's own credential, with a limit
  // its load never reaches, so every request is counted and accepted.
  controlled("Authorization: Bearer <kw_pat_>, rate limit in memory", { rateLimit: true }),
  controlled("Authorization: Bearer <kw_pat_>, rate limit in Redis", { rateLimit: true, redis: true }),
  controlled("Authorization: Bearer <kw_pat_>, IP allowlist", { allowlist: true }),
];

/** A row whose personal credential has a rate limit or an IP allowlist, set through lib/ as a super admin sets it. */
function controlled(
  name: string,
  controls: { rateLimit?: boolean; allowlist?: boolean; redis?: boolean },
): RowDefinition {
  return {
    name,
    baseline: "GET",
    redis: controls.redis,
    async build({ net, database, resource }) {
      const [
        { createDb },
        { hashSecret },
        { NO_REQUEST },
        { setCredentialRateLimit },
        { setCredentialAllowlist },
        { parseAllowlistText },
      ] = await Promise.all([
        import("../../lib/db/client"),
        import("../../lib/credentials/hash"),
        import("../../lib/audit"),
        import("../../lib/credential-controls/rate-limit-settings"),
        import("../../lib/credential-controls/allowlist-settings"),
        import("../../lib/allowlists/allowlist-text"),
      ]);
      const [secret] = await issuePersonalCredentials(database, { id: net.networkUserId, accountId: net.accountId }, 1);
      const db = await createDb(database);
      try {
        const row = await db.credential.findUniqueOrThrow({
          where: { secretHash: hashSecret(secret!) },
          select: { id: true },
        });
        const admin = {
          id: net.admin.id,
          email: net.admin.email,
          accountId: net.accountId,
          role: "super_admin" as const,
        };
        if (controls.rateLimit)
          await setCredentialRateLimit(
            db,
            { actor: { id: admin.id, label: admin.email, accountId: admin.accountId }, accountId: admin.accountId },
            row.id,
            { limit: 1_000_000, window: "minute" },
            NO_REQUEST,
          );
        if (controls.allowlist) {
          const parsed = parseAllowlistText("10.0.0.0/8\n127.0.0.0/8\n::1/128");
          if (!parsed.ok) throw new Error("the bench's allowlist does not parse");
          await setCredentialAllowlist(db, admin, row.id, { ranges: parsed.ranges, reportOnly: false }, NO_REQUEST);
        }
      } finally {
        await db.$disconnect();
      }
      return { name, method: "GET", path: resource, headers: { Authorization: `Bearer ${secret}` } };
    },
  };
}
