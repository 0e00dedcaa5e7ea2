// The one verification path: every transport, every kind. Takes the parts of a request and
// answers with the authenticated principal or an RFC 6750 error. Route handlers reach it
// through lib/endpoints/endpoint.ts; introspection asks the same judgeCredential.
import type { OrganizationGrant } from "../access/narrowing";
import { judgeAddress } from "../allowlists/effective";
import { requestContextFrom } from "../auth/request-context";
import { db, type Db } from "../db";
import { parseSecret, type ParsedSecret } from "../credentials/format";
import type { CredentialKind } from "../credentials/kind";
import { kindByCode } from "../credentials/kinds";
import { accountApiKey } from "../credentials/kinds/account-api-key";
import { unusableBecause } from "../credentials/lifecycle";
import type { CredentialRecord, OwnerRecord } from "../credentials/record";
import { cachedBySecret, findBySecret, findBySecretGuarded } from "../credentials/store";
import type { Transport } from "../credentials/transport";
import { hasScope } from "../access/privileges";
import type { Scope } from "../access/scope-values";
import {
  insufficientScope,
  invalidRequest,
  invalidToken,
  ipNotAllowed,
  ProtocolError,
  withHeaders,
} from "../http/protocol-error";
import { rateLimitCounter } from "../rate-limits/limiter";
import { rateLimitAnswer } from "../rate-limits/refusal";
import { extractCredential, type RequestParts } from "./extract";
import { recordUse } from "./last-used";
import { usageClientFrom, type UsageClient } from "../usage/client";
import type { RefusalReason } from "../usage/outcomes";
import { recordAccepted, recordRefusal } from "../usage/recorder";
import { refusalLimit, type RefusalLimit } from "./refusal-limit";

export interface Principal {
  accountId: string;
  user: OwnerRecord;
  credential: { id: string; kind: string; hint: string; transport: Transport };
  /** The credential's own scopes (a narrowing of the owner's privileges); null: none given. */
  scopes: string[] | null;
  /** The advertisers and publishers it was narrowed to; null lists: all the owner reaches. */
  grant: OrganizationGrant;
  /** The rate-limit header fields every answer to this request carries (lib/rate-limits); {} when it has no limit. */
  rateLimitHeaders: Record<string, string>;
  /** Set when the request would have been refused under a report-only IP allowlist (counted in its usage). */
  reportOnly?: { reason: "ip" };
}

export interface VerifyOptions {
  now?: number;
  /** The database to read; the app's own when left out (integration tests pass theirs). */
  database?: Db;
  /** The scope the endpoint needs: a credential without it is refused (and counted as "scope"). */
  scope?: Scope | null;
  /** The per-address limit on refusals; the process's own when left out, null: none. */
  refusalLimit?: RefusalLimit | null;
}

/** What the refusal decision reads: the account's settings matter only to the transport check. */
type StoredState = Omit<CredentialRecord, "accountSettings" | "allowlist">;

/** A refusal of a credential that was found, with the reason its usage counts it under. */
export interface KnownRefusal {
  reason: RefusalReason;
  error: ProtocolError;
}

function refused(reason: RefusalReason, message: string): KnownRefusal {
  return { reason, error: invalidToken(message) };
}

function usable(record: StoredState, now: number): KnownRefusal | null {
  switch (unusableBecause(record.status, record.expiresAt, now)) {
    case "revoked":
      return refused("revoked", "The credential has been revoked");
    case "inactive":
      return refused("deactivated", "The credential is deactivated");
    case "expired":
      return refused("expired", "The credential has expired");
    default:
      return null;
  }
}

/**
 * Why a stored credential of this kind cannot be used now (its state, expiry and owner), with
 * the reason usage records, or null when it can. Part of judgeCredential.
 */
export function knownRefusalOf(record: StoredState, kind: CredentialKind, now: number): KnownRefusal | null {
  const refusal = usable(record, now);
  if (refusal) return refusal;
  if (!kind.ownedByUser) return null;
  if (!record.owner) return refused("no_owner", "The credential has no owner");
  if (record.owner.status !== "active") return refused("owner_disabled", "The credential's owner is disabled");
  if (kind.ownerMustBeApiUser && !record.owner.isApiUser)
    return refused("not_api_user", "The credential's owner is no longer an API user");
  return null;
}

/**
 * Why a stored credential of this kind cannot be used now (its state, expiry and owner), or
 * null when it can. Part of judgeCredential, which is what callers ask.
 */
export function refusalOf(record: StoredState, kind: CredentialKind, now: number): ProtocolError | null {
  return knownRefusalOf(record, kind, now)?.error ?? null;
}

/** A credential the verifier accepts, with the account key that had to come with it. */
export interface Usable {
  record: CredentialRecord;
  /** The record's owner: every kind usable on its own has one. */
  owner: OwnerRecord;
  kind: CredentialKind;
  /** The account API key presented as user_key, when the kind requires it (auth tokens). */
  accountKey: CredentialRecord | null;
}

export interface Presented {
  token: string;
  /** The account API key sent beside it (the user_key header, or introspection's user_key). */
  userKey: string | null;
  /** How the API request carried it; left out by introspection, which judges the credential alone. */
  transport?: Transport;
}

export interface JudgeOptions {
  now: number;
  database: () => Promise<Db>;
  /** Told when a credential that was found is refused (the verifier counts it as usage). */
  onKnownRefusal?: (credentialId: string, reason: RefusalReason) => void;
  /** Asked (as a method of these options) before a look-up that would read the database; a refusal it answers is the judgment. */
  beforeRead?: () => Promise<ProtocolError | null>;
}

type Judgment = Usable | ProtocolError;

/**
 * The one decision whether a presented credential is usable now, and with what beside it:
 * its format and kind, its state, expiry and owner, and the account key an auth token needs.
 * verifyRequest and introspection (lib/oauth/introspection.ts) both ask it, so "accepted by
 * the API" and "active" cannot drift apart.
 */
export async function judgeCredential(presented: Presented, options: JudgeOptions): Promise<Judgment> {
  return judgeNow(presented, options);
}

/**
 * judgeCredential, answered synchronously when the look-up cache knows every credential it
 * needs (the verifier's hot path: no promise, no microtask), a promise only when it must read.
 */
function judgeNow(presented: Presented, options: JudgeOptions): Judgment | Promise<Judgment> {
  const cached = cachedBySecret(presented.token);
  // A credential the cache holds was found by this very secret's keyed hash: the secret is the
  // one minted for it, so its form, checksum and kind are the record's, and need no parsing.
  const kind = cached ? kindByCode(cached.kind) : kindOfSecret(presented.token);
  if (kind instanceof ProtocolError) return kind;
  if (!kind) return invalidToken("The credential is of an unknown kind");
  // A kind with no transport is never a credential on its own: the account API key is only
  // ever the second proof beside an auth token; client secrets and codes are not for the API.
  if (
    kind.transports.length === 0 ||
    (presented.transport !== undefined && !kind.transports.includes(presented.transport))
  ) {
    return invalidToken(
      kind.apiRefusal ?? `This kind of credential (${kind.label}) cannot be sent that way; see the API documentation`,
    );
  }
  if (presented.userKey !== null && !kind.requiresAccountKey)
    return invalidRequest("user_key is sent only with auth tokens");

  if (cached !== undefined) return judgeFound(presented, kind, cached, options);
  return readThenJudge(presented, kind, options);
}

/** The kind a secret's prefix names (undefined: none known), or why it is not a credential at all. */
function kindOfSecret(secret: string): CredentialKind | undefined | ProtocolError {
  const parsed = parseSecret(secret);
  if (!parsed.ok)
    return invalidToken(
      parsed.reason === "checksum"
        ? "The credential is mistyped or truncated (bad checksum)"
        : "The credential is malformed",
    );
  return kindByCode(parsed.code);
}

async function readThenJudge(presented: Presented, kind: CredentialKind, options: JudgeOptions): Promise<Judgment> {
  const record = options.beforeRead
    ? await findBySecretGuarded(
        presented.token,
        options.database,
        options as Required<Pick<JudgeOptions, "beforeRead">>,
      )
    : await findBySecret(presented.token, options.database, true);
  if (record instanceof ProtocolError) return record;
  return judgeFound(presented, kind, record, options);
}

function refuseKnown(options: JudgeOptions, credentialId: string, refusal: KnownRefusal): ProtocolError {
  options.onKnownRefusal?.(credentialId, refusal.reason);
  return refusal.error;
}

/** The rest of the judgment once the presented credential's record (or null: unknown) is at hand. */
function judgeFound(
  presented: Presented,
  kind: CredentialKind,
  record: CredentialRecord | null,
  options: JudgeOptions,
): Judgment | Promise<Judgment> {
  if (!record || record.kind !== kind.code) return invalidToken("The credential is not known");
  // The switch belongs to the credential's account (lib/credentials/api-settings.ts), so it can only be
  // read once the credential is found. Introspection names no transport: the switch is about
  // how a request carries the token, not whether the credential is usable.
  if (presented.transport === "query" && !record.accountSettings.allowQueryTokens) {
    return refuseKnown(options, record.id, {
      reason: "transport",
      error: invalidRequest(
        "Tokens in the query string are switched off for this account; send the token in the Authorization header",
      ),
    });
  }
  const refusal = knownRefusalOf(record, kind, options.now);
  if (refusal) return refuseKnown(options, record.id, refusal);
  // Only owned kinds have transports; the account API key travels as user_key only.
  // Stryker disable next-line ConditionalExpression,StringLiteral: ownerless kinds have no transport (refused above) and refusalOf refuses an owned kind without its owner; this narrows the type
  if (!record.owner) return invalidToken("The credential has no owner");
  if (!kind.requiresAccountKey) return { record, owner: record.owner, kind, accountKey: null };

  if (presented.userKey === null)
    return refuseKnown(
      options,
      record.id,
      refused("account_key", "An auth token is valid only with the account API key in the user_key header"),
    );
  const cachedKey = cachedBySecret(presented.userKey);
  // A key the cache holds is a minted secret (see judgeNow): its record's kind is its prefix's.
  const keyParsed: ParsedSecret = cachedKey ? { ok: true, code: cachedKey.kind } : parseSecret(presented.userKey);
  if (!keyParsed.ok || keyParsed.code !== accountApiKey.code)
    return refuseKnown(options, record.id, refused("account_key", "user_key is not an account API key"));
  if (cachedKey) return judgeAccountKey(kind, record, record.owner, cachedKey, options);
  if (cachedKey === null) return judgeAccountKey(kind, record, record.owner, null, options);
  const owner = record.owner;
  return findBySecret(presented.userKey, options.database, true).then((accountKey) =>
    judgeAccountKey(kind, record, owner, accountKey, options),
  );
}

/** An auth token is usable only with its own account's usable account API key beside it. */
function judgeAccountKey(
  kind: CredentialKind,
  record: CredentialRecord,
  owner: OwnerRecord,
  accountKey: CredentialRecord | null,
  options: JudgeOptions,
): Judgment {
  if (!accountKey || accountKey.kind !== accountApiKey.code || accountKey.accountId !== record.accountId)
    return refuseKnown(options, record.id, refused("account_key", "user_key is not this account's API key"));
  const keyRefusal = usable(accountKey, options.now);
  // The token is refused for its key: counted against the token as "account_key", with the message naming the key's state.
  if (keyRefusal) return refuseKnown(options, record.id, { reason: "account_key", error: keyRefusal.error });
  return { record, owner, kind, accountKey };
}

const databaseGetters = new WeakMap<Db, () => Promise<Db>>();

/** One getter per given database, not a closure per verification (the recorders keep it). */
function databaseGetter(given: Db): () => Promise<Db> {
  let getter = databaseGetters.get(given);
  if (!getter) {
    getter = async () => given;
    databaseGetters.set(given, getter);
  }
  return getter;
}

/**
 * What one verification counts while its credential is judged: a refusal of a credential that
 * was found (usage), and, before a read of the database, one of the address's refusals. Its
 * own JudgeOptions, with methods rather than closures made per request: this is on every
 * verification, cache hits included.
 */
class Verification implements JudgeOptions {
  /** Whether beforeRead took one of the address's refusals (given back if the credential is usable). */
  reserved = false;

  constructor(
    readonly now: number,
    readonly database: () => Promise<Db>,
    private readonly client: UsageClient,
    private readonly usage: { at: number; database: (() => Promise<Db>) | undefined },
    private readonly limit: RefusalLimit | null,
    private readonly address: string | null,
  ) {}

  onKnownRefusal(credentialId: string, reason: RefusalReason): void {
    recordRefusal(credentialId, reason, this.client, this.usage);
  }

  async beforeRead(): Promise<ProtocolError | null> {
    // A look-up that reads the database takes one of the address's refusals first: reserve first, then check.
    if (!this.limit || this.address === null) return null;
    const refused = await this.limit.reserve(this.address);
    this.reserved = refused === null;
    return refused;
  }
}

export async function verifyRequest(
  request: RequestParts,
  options: VerifyOptions = {},
): Promise<Principal | ProtocolError> {
  const now = options.now ?? Date.now();
  const given = options.database;
  const database = given ? databaseGetter(given) : db;
  const presented = extractCredential(request);
  if (presented instanceof ProtocolError) return presented;

  // X-Forwarded-For and User-Agent read once, for the usage client and the address checks.
  const context = requestContextFrom(request.headers);
  const client = usageClientFrom(context);
  const usage = { at: now, database: given ? database : undefined };
  const sourceAddress = context.ip;
  const limit =
    sourceAddress === null ? null : options.refusalLimit === undefined ? refusalLimit() : options.refusalLimit;
  const verification = new Verification(now, database, client, usage, limit, sourceAddress);
  const judging = judgeNow(presented, verification);
  // A cache hit is judged synchronously: no await (and no microtask) on the hot path.
  const judged = judging instanceof Promise ? await judging : judging;
  if (judged instanceof ProtocolError) {
    // A refusal the cache answered (or the format did) counts too, taken before it is answered.
    if (limit && sourceAddress !== null && !verification.reserved && judged.status !== 429) {
      const over = await limit.reserve(sourceAddress);
      if (over) return over;
    }
    return judged;
  }
  if (verification.reserved && limit && sourceAddress !== null) void limit.release(sourceAddress);
  const { record, owner, accountKey } = judged;
  // The client address server.mjs put in X-Forwarded-For (the socket peer, or what the trusted
  // proxies saw), read only when a list applies; unknown counts as outside every list. Checked
  // before the rate limit: a request from outside the list spends no budget.
  const address = record.allowlist ? judgeAddress(record.allowlist, sourceAddress) : "allowed";
  if (address === "refused") {
    recordRefusal(record.id, "ip", client, usage);
    return ipNotAllowed(record.id);
  }
  if (address === "report_only") recordRefusal(record.id, "ip_report_only", client, usage);
  // Counted only once the credential is accepted: a refused credential spends no budget.
  let rateLimitHeaders: Record<string, string> = {};
  if (record.rateLimit) {
    // Counted in memory, the outcome is there at once: a cache hit with a limit awaits nothing.
    const counting = rateLimitCounter().consume(record.rateLimit, now);
    const counted = counting instanceof Promise ? await counting : counting;
    const enforced = rateLimitAnswer(record.id, record.rateLimit, counted);
    if (enforced instanceof ProtocolError) {
      recordRefusal(record.id, "rate_limited", client, usage);
      return enforced;
    }
    rateLimitHeaders = enforced.headers;
  }
  if (accountKey) recordUse(accountKey.id, database, now);
  recordUse(record.id, database, now);
  const principal: Principal = {
    accountId: record.accountId,
    user: owner,
    credential: { id: record.id, kind: record.kind, hint: record.hint, transport: presented.transport },
    scopes: record.scopes,
    grant: record.grant,
    rateLimitHeaders,
  };
  // Set after, not spread in: a spread makes every principal on the hot path take V8's slow copy.
  if (address === "report_only") principal.reportOnly = { reason: "ip" };
  const scope = options.scope ?? null;
  if (scope !== null && !hasScope(principal, scope)) {
    recordRefusal(record.id, "scope", client, usage);
    // The refusal still tells the client its budget: the request was counted.
    return withHeaders(insufficientScope(`This credential may not do this (needs ${scope})`, scope), rateLimitHeaders);
  }
  recordAccepted(record.id, client, usage);
  return principal;
}
