// The one verification path: every transport, every kind. Takes the parts of a request and
// answers with the authenticated principal or an RFC 6750 error. Route handlers reach it
// through lib/endpoints/endpoint.ts; introspection asks the same judgeCredential.
import type { OrganizationGrant } from "../access/narrowing";
import { db, type Db } from "../db";
import { parseSecret } from "../credentials/format";
import type { CredentialKind } from "../credentials/kind";
import { kindByCode } from "../credentials/kinds";
import { accountApiKey } from "../credentials/kinds/account-api-key";
import { unusableBecause } from "../credentials/lifecycle";
import type { CredentialRecord, OwnerRecord } from "../credentials/record";
import { findBySecret, findBySecretGuarded } from "../credentials/store";
import type { Transport } from "../credentials/transport";
import { invalidRequest, invalidToken, ProtocolError } from "../http/protocol-error";
import { extractCredential, type RequestParts } from "./extract";
import { recordUse } from "./last-used";
import { refusalLimit, type RefusalLimit } from "./refusal-limit";
import { requestContextFrom } from "../auth/request-context";

export interface Principal {
  accountId: string;
  user: OwnerRecord;
  credential: { id: string; kind: string; hint: string; transport: Transport };
  /** The credential's own scopes (a narrowing of the owner's privileges); null: none given. */
  scopes: string[] | null;
  /** The advertisers and publishers it was narrowed to; null lists: all the owner reaches. */
  grant: OrganizationGrant;
}

export interface VerifyOptions {
  now?: number;
  /** The database to read; the app's own when left out (integration tests pass theirs). */
  database?: Db;
  /** The per-address limit on refusals; the process's own when left out, null: none. */
  refusalLimit?: RefusalLimit | null;
}

/** What the refusal decision reads: the account's settings matter only to the transport check. */
type StoredState = Omit<CredentialRecord, "accountSettings">;

function usable(record: StoredState, now: number): ProtocolError | null {
  switch (unusableBecause(record.status, record.expiresAt, now)) {
    case "revoked":
      return invalidToken("The credential has been revoked");
    case "inactive":
      return invalidToken("The credential is deactivated");
    case "expired":
      return invalidToken("The credential has expired");
    default:
      return null;
  }
}

/**
 * Why a stored credential of this kind cannot be used now (its state, expiry and owner), or
 * null when it can. Part of judgeCredential, which is what callers ask.
 */
export function refusalOf(record: StoredState, kind: CredentialKind, now: number): ProtocolError | null {
  const refusal = usable(record, now);
  if (refusal) return refusal;
  if (!kind.ownedByUser) return null;
  if (!record.owner) return invalidToken("The credential has no owner");
  if (record.owner.status !== "active") return invalidToken("The credential's owner is disabled");
  if (kind.ownerMustBeApiUser && !record.owner.isApiUser)
    return invalidToken("The credential's owner is no longer an API user");
  return null;
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

/**
 * The one decision whether a presented credential is usable now, and with what beside it:
 * its format and kind, its state, expiry and owner, and the account key an auth token needs.
 * verifyRequest and introspection (lib/oauth/introspection.ts) both ask it, so "accepted by
 * the API" and "active" cannot drift apart.
 */
export async function judgeCredential(
  presented: Presented,
  options: {
    now: number;
    database: () => Promise<Db>;
    /** Asked before a look-up that would read the database; a refusal it answers is the judgment. */
    beforeRead?: () => Promise<ProtocolError | null>;
  },
): Promise<Usable | ProtocolError> {
  const { now, database } = options;
  const parsed = parseSecret(presented.token);
  if (!parsed.ok)
    return invalidToken(
      parsed.reason === "checksum"
        ? "The credential is mistyped or truncated (bad checksum)"
        : "The credential is malformed",
    );
  const kind = kindByCode(parsed.code);
  if (!kind) return invalidToken("The credential is of an unknown kind");
  // A kind with no transport is never a credential on its own: the account API key is only
  // ever the second proof beside an auth token; client secrets and codes are not for the API.
  if (
    kind.transports.length === 0 ||
    (presented.transport !== undefined && !kind.transports.includes(presented.transport))
  ) {
    return invalidToken(`This kind of credential (${kind.label}) cannot be sent that way; see the API documentation`);
  }
  if (presented.userKey !== null && !kind.requiresAccountKey)
    return invalidRequest("user_key is sent only with auth tokens");

  const record = options.beforeRead
    ? await findBySecretGuarded(presented.token, database, options.beforeRead)
    : await findBySecret(presented.token, database, true);
  if (record instanceof ProtocolError) return record;
  if (!record || record.kind !== kind.code) return invalidToken("The credential is not known");
  // The switch belongs to the credential's account (lib/credentials/api-settings.ts), so it can only be
  // read once the credential is found. Introspection names no transport: the switch is about
  // how a request carries the token, not whether the credential is usable.
  if (presented.transport === "query" && !record.accountSettings.allowQueryTokens) {
    return invalidRequest(
      "Tokens in the query string are switched off for this account; send the token in the Authorization header",
    );
  }
  const refusal = refusalOf(record, kind, now);
  if (refusal) return refusal;
  // Only owned kinds have transports; the account API key travels as user_key only.
  // Stryker disable next-line ConditionalExpression,StringLiteral: ownerless kinds have no transport (refused above) and refusalOf refuses an owned kind without its owner; this narrows the type
  if (!record.owner) return invalidToken("The credential has no owner");

  let accountKey: CredentialRecord | null = null;
  if (kind.requiresAccountKey) {
    if (presented.userKey === null)
      return invalidToken("An auth token is valid only with the account API key in the user_key header");
    const keyParsed = parseSecret(presented.userKey);
    if (!keyParsed.ok || keyParsed.code !== accountApiKey.code)
      return invalidToken("user_key is not an account API key");
    accountKey = await findBySecret(presented.userKey, database, true);
    if (!accountKey || accountKey.kind !== accountApiKey.code || accountKey.accountId !== record.accountId)
      return invalidToken("user_key is not this account's API key");
    const keyRefusal = usable(accountKey, now);
    if (keyRefusal) return keyRefusal;
  }
  return { record, owner: record.owner, kind, accountKey };
}

export async function verifyRequest(
  request: RequestParts,
  options: VerifyOptions = {},
): Promise<Principal | ProtocolError> {
  const now = options.now ?? Date.now();
  const given = options.database;
  const database = given ? async () => given : db;
  const presented = extractCredential(request);
  if (presented instanceof ProtocolError) return presented;

  const address = requestContextFrom(request.headers).ip;
  const limit = address === null ? null : options.refusalLimit === undefined ? refusalLimit() : options.refusalLimit;
  // A look-up that reads the database takes one of the address's refusals first (given back
  // below when the credential is usable): reserve first, then check.
  let reserved = false;
  const beforeRead =
    limit && address !== null
      ? async () => {
          const refused = await limit.reserve(address);
          reserved = refused === null;
          return refused;
        }
      : undefined;
  const judged = await judgeCredential(presented, { now, database, beforeRead });
  if (judged instanceof ProtocolError) {
    // A refusal the cache answered (or the format did) counts too, taken before it is answered.
    if (limit && address !== null && !reserved && judged.status !== 429) {
      const over = await limit.reserve(address);
      if (over) return over;
    }
    return judged;
  }
  if (reserved && limit && address !== null) void limit.release(address);
  const { record, owner, accountKey } = judged;
  if (accountKey) recordUse(accountKey.id, database, now);
  recordUse(record.id, database, now);
  return {
    accountId: record.accountId,
    user: owner,
    credential: { id: record.id, kind: record.kind, hint: record.hint, transport: presented.transport },
    scopes: record.scopes,
    grant: record.grant,
  };
}
