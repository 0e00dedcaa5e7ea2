// The validated environment. Nothing else in Keyward reads process.env: every setting is
// parsed here once, with zod, and a bad value stops the process with one message naming it.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { fitsPasswordBytes, PASSWORD_MAX_BYTES } from "./validations/password-limit";

const DEFAULT_DATABASE_URL = "file:./data/keyward.db";
// The same limit as every new password (lib/validations/password-limit.ts): bcrypt ignores what follows.
const PASSWORD_BYTES_MESSAGE = `must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (bcrypt ignores the rest)`;

function wholeNumber(min: number, max: number, unit: string) {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

const rawSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).default(DEFAULT_DATABASE_URL),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  KEYWARD_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (for example: openssl rand -base64 48)")
    .optional(),
  KEYWARD_ENV: z.enum(["local", "production"]).optional(),
  KEYWARD_ADMIN_EMAIL: z.email().optional(),
  KEYWARD_ADMIN_PASSWORD: z
    .string()
    .min(12, "must be at least 12 characters")
    .refine(fitsPasswordBytes, PASSWORD_BYTES_MESSAGE)
    .optional(),
  /** Password of the demo users made by `npm run db:seed`; generated and printed when unset. */
  KEYWARD_DEMO_PASSWORD: z
    .string()
    .min(12, "must be at least 12 characters")
    .refine(fitsPasswordBytes, PASSWORD_BYTES_MESSAGE)
    .optional(),
  /** bcrypt cost for user passwords; at least 12 (tests may lower it only with NODE_ENV=test). */
  KEYWARD_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** Days a web user's password stays valid; 0 (the default) means passwords never expire. */
  KEYWARD_PASSWORD_MAX_AGE_DAYS: z.coerce
    .number({ error: "must be a whole number of days from 0 to 3650" })
    .int("must be a whole number of days from 0 to 3650")
    .min(0, "must be a whole number of days from 0 to 3650")
    .max(3650, "must be a whole number of days from 0 to 3650")
    .default(0),
  /**
   * The public origin of this Keyward (https://keyward.example.com): the OAuth issuer and the
   * base of the endpoints its metadata names. Required in production; elsewhere, unset means
   * the origin each request came to (lib/request-origin.ts).
   */
  KEYWARD_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://keyward.example.com" })
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === "/" && !url.search && !url.hash && !url.username;
    }, "must be an origin only: no path, query, fragment or user name")
    .optional(),
  /** Days expired and revoked credentials are kept before the retention job deletes them. */
  KEYWARD_RETENTION_DAYS: wholeNumber(1, 3650, "days").default(90),
  /** Minutes between runs of the retention job (lib/retention) in each server process. */
  KEYWARD_PURGE_INTERVAL_MINUTES: wholeNumber(1, 1440, "minutes").default(60),
  /**
   * Where expiry notices are mailed through (lib/notices): smtp://user:pass@host:587 (STARTTLS
   * when the server offers it) or smtps://user:pass@host:465. Unset: no mail is sent.
   */
  KEYWARD_SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587",
    })
    .optional(),
  /** The From of every notice: an address, or a name and an address ("Keyward <keyward@example.com>"). */
  KEYWARD_MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^(?:[^<>\r\n"]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@"]+@[^<>\s@]+)$/,
      'must be an address or a name and an address, such as "Keyward <keyward@example.com>"',
    )
    .optional(),
  /** Seconds between expiry-notice sweeps (lib/notices) in each server process. */
  KEYWARD_NOTICE_INTERVAL_SECONDS: wholeNumber(1, 86_400, "seconds").default(300),
  /** Tokens one user may obtain at the token exchange per hour. */
  KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR: wholeNumber(1, 100_000, "tokens").default(10),
  /** Active personal API credentials (Invoca APIs page) one user may hold. */
  KEYWARD_LIMIT_ACTIVE_API_CREDENTIALS: wholeNumber(1, 100_000, "credentials").default(50),
  /** Access tokens one OAuth client may obtain at /oauth2/token per minute. */
  KEYWARD_LIMIT_OAUTH_TOKENS_PER_MINUTE: wholeNumber(1, 100_000, "tokens").default(120),
  /** Refused API verifications one client address may cause per minute before it gets 429 (lib/verifier/refusal-limit.ts). */
  KEYWARD_LIMIT_REFUSALS_PER_MINUTE: wholeNumber(1, 1_000_000, "refusals").default(100),
  /** 1: webhook endpoints may use http:// on loopback (127.0.0.1, ::1, localhost) in production too. */
  KEYWARD_WEBHOOKS_ALLOW_HTTP_LOOPBACK: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /** 1: webhook endpoints may be (or resolve to) private and reserved addresses (10/8, 192.168/16, ...). */
  KEYWARD_WEBHOOKS_ALLOW_PRIVATE: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /** First retry delay of a failed webhook delivery; each next one doubles (capped at 1 hour). */
  KEYWARD_WEBHOOKS_RETRY_BASE_MS: wholeNumber(10, 3_600_000, "milliseconds").default(30_000),
  /** How often each server process looks for due webhook deliveries. */
  KEYWARD_WEBHOOKS_POLL_MS: wholeNumber(50, 60_000, "milliseconds").default(2_000),
  /**
   * Redis shared by every instance (redis://[:password@]host:6379[/db], rediss:// for TLS): rate
   * limit counters and instant revocation messages. Unset: counters live in each process's memory.
   */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379" })
    .optional(),
  /** How often each server process writes the usage it counted (lib/usage) to the database. */
  KEYWARD_USAGE_FLUSH_MS: wholeNumber(100, 300_000, "milliseconds").default(5_000),
  /**
   * What rate limits do while Redis (REDIS_URL) does not answer: "open" lets requests through
   * uncounted (a warning is logged once per outage), "closed" refuses those of limited
   * credentials with 503 and Retry-After.
   */
  KEYWARD_RATE_LIMIT_FAILURE: z.enum(["open", "closed"], { error: "must be open or closed" }).default("open"),
  /** `npm run bench` only: 1 turns on the unauthenticated baseline route (app/api/bench). */
  KEYWARD_BENCH: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  KEYWARD_LOG_CREDENTIAL_CHANGES: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type DatabaseKind = "sqlite" | "postgresql";

export interface KeywardEnv {
  databaseUrl: string;
  databaseKind: DatabaseKind;
  /** Absolute path of the SQLite file; undefined on PostgreSQL. */
  sqlitePath: string | undefined;
  port: number;
  /** Root secret: session signing and credential hashing keys are derived from it. */
  secret: string;
  /** Where the secret came from, for the start-up banner (never the secret itself). */
  secretSource: "KEYWARD_SECRET" | "generated file";
  production: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  bcryptCost: number;
  /** 0: passwords never expire (lib/auth/password-expiry.ts). */
  passwordMaxAgeDays: number;
  demoPassword: string | undefined;
  /** The retention job (lib/retention): what it keeps and how often it runs. */
  retentionDays: number;
  purgeIntervalMinutes: number;
  /** Per-user and per-client issuance limits (lib/credentials/issuance-limits.ts). */
  limits: {
    tokenExchangesPerHour: number;
    activeApiCredentials: number;
    oauthTokensPerMinute: number;
    /** Refused verifications per client address per minute before 429 (lib/verifier/refusal-limit.ts). */
    refusedVerificationsPerMinute: number;
  };
  /** Signed webhooks (lib/webhooks): the address rules and the retry schedule. */
  webhooks: { allowHttpLoopback: boolean; allowPrivate: boolean; retryBaseMs: number; pollMs: number };
  /** Milliseconds between writes of the usage counted in memory (lib/usage/recorder.ts). */
  usageFlushMs: number;
  /** KEYWARD_BENCH=1: the benchmark's baseline route answers (otherwise it is a 404). */
  bench: boolean;
  /** KEYWARD_LOG_CREDENTIAL_CHANGES=1: log each change heard from another instance, with its delay. */
  logCredentialChanges: boolean;
  /** REDIS_URL: shared rate-limit counters and revocation messages (lib/redis); undefined: none. */
  redisUrl: string | undefined;
  /** KEYWARD_RATE_LIMIT_FAILURE: rate limits while Redis is down (lib/rate-limits/limiter.ts). */
  rateLimitFailure: "open" | "closed";
  /** Expiry notices (lib/notices): the SMTP URL (undefined: no mail), the From, the sweep interval. */
  mail: { smtpUrl: string | undefined; from: string; noticeIntervalSeconds: number };
  /** KEYWARD_URL without a trailing slash; undefined (outside production only): the request's own origin. */
  publicUrl: string | undefined;
  nodeEnv: "development" | "production" | "test";
}

export class EnvError extends Error {
  override name = "EnvError";
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function sqlitePathFromUrl(url: string, cwd = process.cwd()): string {
  const path = url.replace(/^file:/, "");
  if (path === ":memory:")
    throw new EnvError("DATABASE_URL: an in-memory SQLite database cannot be shared by the app; use a file");
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/**
 * A local install (SQLite, not marked production) gets a generated secret kept beside the
 * database file, readable only by its owner, so `npm start` needs no configuration and
 * sessions and tokens survive restarts. Anything shared (PostgreSQL: several instances must
 * agree on the key) or marked production must be given KEYWARD_SECRET explicitly.
 */
function loadOrCreateLocalSecret(sqlitePath: string): string {
  const file = resolve(dirname(sqlitePath), "keyward.secret");
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(48).toString("base64url") + "\n", { flag: "wx", mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new EnvError(`${file} holds a secret shorter than 32 characters; delete it to generate a new one`);
  return secret;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): KeywardEnv {
  // Empty strings (VAR= in a shell or .env file) mean "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = rawSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Keyward cannot start: invalid environment\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const databaseKind: DatabaseKind = isPostgresUrl(raw.DATABASE_URL) ? "postgresql" : "sqlite";
  if (databaseKind === "sqlite" && /^[a-z]+:\/\//i.test(raw.DATABASE_URL)) {
    throw new EnvError(
      `Keyward cannot start: DATABASE_URL must be a postgres:// or postgresql:// URL, or a SQLite file (file:./data/keyward.db)`,
    );
  }
  const sqlitePath = databaseKind === "sqlite" ? sqlitePathFromUrl(raw.DATABASE_URL) : undefined;
  const production = raw.KEYWARD_ENV === "production" || databaseKind === "postgresql";
  if ((raw.KEYWARD_ADMIN_EMAIL === undefined) !== (raw.KEYWARD_ADMIN_PASSWORD === undefined)) {
    throw new EnvError("Keyward cannot start: set both KEYWARD_ADMIN_EMAIL and KEYWARD_ADMIN_PASSWORD, or neither");
  }
  if (raw.KEYWARD_BCRYPT_COST < 12 && raw.NODE_ENV !== "test") {
    throw new EnvError("Keyward cannot start: KEYWARD_BCRYPT_COST below 12 is allowed in tests only (NODE_ENV=test)");
  }

  let secret: string;
  let secretSource: KeywardEnv["secretSource"];
  if (raw.KEYWARD_SECRET) {
    secret = raw.KEYWARD_SECRET;
    secretSource = "KEYWARD_SECRET";
  } else if (production || sqlitePath === undefined) {
    throw new EnvError(
      [
        "",
        "==================================================================================",
        " Keyward refuses to start: KEYWARD_SECRET is not set.",
        " " +
          (databaseKind === "postgresql"
            ? "On PostgreSQL every instance must share one secret, so it cannot be generated."
            : "KEYWARD_ENV=production requires an explicit secret."),
        " Generate one with:  openssl rand -base64 48",
        " and keep it safe: it signs sessions and keys the hashes of every stored credential.",
        "==================================================================================",
      ].join("\n"),
    );
  } else {
    secret = loadOrCreateLocalSecret(sqlitePath);
    secretSource = "generated file";
  }

  // An issuer taken from the Host header is whatever the client (or a cache in between) says
  // it is; a production server names its own public address instead.
  if (production && raw.KEYWARD_URL === undefined) {
    throw new EnvError(
      [
        "",
        "==================================================================================",
        " Keyward refuses to start: KEYWARD_URL is not set.",
        " In production (KEYWARD_ENV=production or PostgreSQL) Keyward must know its public",
        " address: it is the OAuth issuer and the base of every URL it gives out.",
        " Set it to the origin users and apps reach, for example:",
        "   KEYWARD_URL=https://keyward.example.com",
        "==================================================================================",
      ].join("\n"),
    );
  }

  return {
    databaseUrl: raw.DATABASE_URL,
    databaseKind,
    sqlitePath,
    port: raw.PORT,
    secret,
    secretSource,
    production,
    adminEmail: raw.KEYWARD_ADMIN_EMAIL?.trim().toLowerCase(),
    adminPassword: raw.KEYWARD_ADMIN_PASSWORD,
    bcryptCost: raw.KEYWARD_BCRYPT_COST,
    passwordMaxAgeDays: raw.KEYWARD_PASSWORD_MAX_AGE_DAYS,
    demoPassword: raw.KEYWARD_DEMO_PASSWORD,
    retentionDays: raw.KEYWARD_RETENTION_DAYS,
    purgeIntervalMinutes: raw.KEYWARD_PURGE_INTERVAL_MINUTES,
    limits: {
      tokenExchangesPerHour: raw.KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR,
      activeApiCredentials: raw.KEYWARD_LIMIT_ACTIVE_API_CREDENTIALS,
      oauthTokensPerMinute: raw.KEYWARD_LIMIT_OAUTH_TOKENS_PER_MINUTE,
      refusedVerificationsPerMinute: raw.KEYWARD_LIMIT_REFUSALS_PER_MINUTE,
    },
    webhooks: {
      allowHttpLoopback: raw.KEYWARD_WEBHOOKS_ALLOW_HTTP_LOOPBACK === "1",
      allowPrivate: raw.KEYWARD_WEBHOOKS_ALLOW_PRIVATE === "1",
      retryBaseMs: raw.KEYWARD_WEBHOOKS_RETRY_BASE_MS,
      pollMs: raw.KEYWARD_WEBHOOKS_POLL_MS,
    },
    usageFlushMs: raw.KEYWARD_USAGE_FLUSH_MS,
    bench: raw.KEYWARD_BENCH === "1",
    logCredentialChanges: raw.KEYWARD_LOG_CREDENTIAL_CHANGES === "1",
    redisUrl: raw.REDIS_URL,
    rateLimitFailure: raw.KEYWARD_RATE_LIMIT_FAILURE,
    mail: {
      smtpUrl: raw.KEYWARD_SMTP_URL,
      from: raw.KEYWARD_MAIL_FROM ?? defaultMailFrom(raw.KEYWARD_URL),
      noticeIntervalSeconds: raw.KEYWARD_NOTICE_INTERVAL_SECONDS,
    },
    publicUrl: raw.KEYWARD_URL ? new URL(raw.KEYWARD_URL).origin : undefined,
    nodeEnv: raw.NODE_ENV,
  };
}

/** keyward@<the public host>, or keyward@localhost where none is set (outside production). */
function defaultMailFrom(publicUrl: string | undefined): string {
  return `Keyward <keyward@${publicUrl ? new URL(publicUrl).hostname : "localhost"}>`;
}

let cached: KeywardEnv | undefined;

/** The process environment, parsed once. */
export function env(): KeywardEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
