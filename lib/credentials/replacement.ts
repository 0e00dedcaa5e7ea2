// Create replacement: a new credential with the same name, user and scopes as one that is
// about to expire, a new secret (shown once) and a new date; the old one keeps working until
// its own date, and remembers its successor (replacedById: "Replaced by …"). The owner
// replaces their personal API credential; super admins of the account replace auth tokens and
// API keys. One replacement per credential, however many submissions race for it.
import { randomUUID } from "node:crypto";
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { Db, Tx } from "../db";
import { optionalExpirationDateSchema, requestIdSchema } from "../validations/credential";
import type { Admin } from "./actor";
import { CredentialRuleError } from "./errors";
import { storeGrant } from "./narrowing";
import { assertFutureDay } from "./expiry-days-check";
import { calendarDay, DAY_MS, daysFromToday } from "./expiry-days";
import {
  assertWithinPolicy,
  isPolicyKind,
  latestAllowedExpiry,
  maxDaysFor,
  type PolicyKindCode,
} from "./expiry-policy";
import { assertRoomForPersonalCredential } from "./personal-credential-room";
import { issueCredential, type IssuedCredential } from "./issue";
import type { CredentialKind } from "./kind";
import { apiKey } from "./kinds/api-key";
import { AUTH_TOKENS_PER_ACCOUNT, authToken } from "./kinds/auth-token";
import { personalCredential } from "./kinds/personal-credential";
import { credentialState } from "./lifecycle";
import { issueOnce, type Duplicate } from "./store";

const KINDS: Record<PolicyKindCode, CredentialKind> = { pat: personalCredential, at: authToken, key: apiKey };

const ORIGINAL_COLUMNS = {
  id: true,
  kind: true,
  accountId: true,
  userId: true,
  name: true,
  hint: true,
  scopes: true,
  onlyChosenAdvertisers: true,
  onlyChosenPublishers: true,
  grants: { select: { advertiserId: true, publisherId: true } },
  status: true,
  expiresAt: true,
  rolledAt: true,
  replacedById: true,
  createdAt: true,
  user: { select: { email: true } },
} as const;

/** Who may replace a credential of this kind: its owner (pat), a super admin of its account (at, key). */
function mayReplace(actor: Admin, kind: PolicyKindCode, ownerId: string | null): boolean {
  return kind === "pat" ? ownerId === actor.id : actor.role === "super_admin";
}

/** The account is in the where: another account's credential is "not found", never touched. */
async function findOriginal(client: Db | Tx, actor: Admin, credentialId: string) {
  const row = await client.credential.findFirst({
    where: { id: credentialId, accountId: actor.accountId },
    select: ORIGINAL_COLUMNS,
  });
  if (!row || !isPolicyKind(row.kind) || !mayReplace(actor, row.kind, row.userId))
    throw new CredentialRuleError("No such credential that you may replace.", null, "not_found");
  return { ...row, kind: row.kind };
}

type Original = Awaited<ReturnType<typeof findOriginal>>;

function assertReplaceable(row: Original, now: Date): asserts row is Original & { expiresAt: Date } {
  if (row.replacedById) throw new CredentialRuleError("This credential has already been replaced.");
  const state = credentialState(row, now);
  if (state !== "active")
    throw new CredentialRuleError(`Only an active credential can be replaced; this one is ${state}.`);
  if (row.expiresAt === null) throw new CredentialRuleError("This credential never expires; it needs no replacement.");
}

/**
 * The original's lifetime in whole days (at least 1): calendar days (UTC) from the day it was
 * created to the day it expires. Not the hours between them rounded: a 7-day credential made at
 * 12:13 expires at 00:00 UTC on its seventh day, 6.49 days later, and would be offered 6.
 */
function lifetimeDays(row: { createdAt: Date; expiresAt: Date }): number {
  const day = (at: Date) => Math.floor(at.getTime() / DAY_MS);
  return Math.max(1, day(row.expiresAt) - day(row.createdAt));
}

export interface ReplacementOffer {
  id: string;
  kind: PolicyKindCode;
  kindLabel: string;
  name: string;
  hint: string;
  owner: string | null;
  expiresAt: Date;
  /** YYYY-MM-DD the form starts with: the original's lifetime from today, capped by the policy. */
  defaultDay: string;
  /** YYYY-MM-DD of the latest date the policy allows; null: no maximum. */
  latestDay: string | null;
  maxDays: number | null;
  /** The kind requires a date (auth tokens); otherwise the form may offer "No expiration" when no policy forbids it. */
  dateRequired: boolean;
}

/**
 * What the Create replacement dialog opens with, after checking the actor may replace this
 * credential now; a refusal is a CredentialRuleError whose message the screen shows.
 */
export async function replacementOffer(
  db: Db,
  actor: Admin,
  credentialId: string,
  now: Date = new Date(),
): Promise<ReplacementOffer> {
  const row = await findOriginal(db, actor, credentialId);
  assertReplaceable(row, now);
  const maxDays = await maxDaysFor(db, actor.accountId, row.kind);
  let day = daysFromToday(lifetimeDays(row), now);
  if (maxDays !== null && day > latestAllowedExpiry(maxDays, now)) day = latestAllowedExpiry(maxDays, now);
  const kind = KINDS[row.kind];
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: kind.label,
    name: row.name,
    hint: row.hint,
    owner: row.user?.email ?? null,
    expiresAt: row.expiresAt,
    defaultDay: calendarDay(day),
    latestDay: maxDays === null ? null : calendarDay(latestAllowedExpiry(maxDays, now)),
    maxDays,
    dateRequired: kind.lifetime.type === "chosen" && kind.lifetime.required,
  };
}

export interface ReplaceInput {
  /** YYYY-MM-DD; empty: never expires (only where the kind and the policy allow it). */
  expirationDate?: string;
  /** The dialog's one-time id: a double-clicked Create makes one replacement. */
  requestId?: string;
}

export type ReplaceResult =
  | {
      replaced: IssuedCredential & {
        kind: PolicyKindCode;
        name: string;
        oldId: string;
        oldHint: string;
        oldExpiresAt: Date;
      };
    }
  | Duplicate;

/** What each kind checks when it issues one more credential, as its own create does. */
async function checkRoomFor(tx: Tx, original: Original, now: Date): Promise<void> {
  if (original.kind === "at") {
    const room = await tx.account.updateMany({
      where: { id: original.accountId, authTokenCount: { lt: AUTH_TOKENS_PER_ACCOUNT } },
      data: { authTokenCount: { increment: 1 } },
    });
    if (room.count === 0)
      throw new CredentialRuleError(
        `This account already has ${AUTH_TOKENS_PER_ACCOUNT} auth tokens, the most it can hold. Delete an inactive or expired token first.`,
      );
  }
  const owner = original.userId
    ? await tx.user.findFirst({
        where: {
          id: original.userId,
          accountId: original.accountId,
          status: "active",
          ...(original.kind === "at" ? { isApiUser: true } : {}),
        },
        select: { id: true },
      })
    : null;
  if (!owner)
    throw new CredentialRuleError("Its user is no longer an active user who may hold it; create a new one instead.");
  if (original.kind === "pat") {
    await assertRoomForPersonalCredential(tx, owner.id, now, "this user");
  }
}

export async function replaceCredential(
  db: Db,
  actor: Admin,
  credentialId: string,
  input: ReplaceInput,
  context: RequestContext,
  now: Date = new Date(),
): Promise<ReplaceResult> {
  const date = optionalExpirationDateSchema.safeParse(input.expirationDate);
  if (!date.success) throw new CredentialRuleError(date.error.issues[0]?.message ?? "Choose a date", "expirationDate");
  const requestId = requestIdSchema.safeParse(input.requestId);
  if (!requestId.success) throw new CredentialRuleError("This form has expired; reload the page.");
  const expiresAt = date.data ?? null;
  assertFutureDay(expiresAt, now, "credential");
  const submission = {
    createdById: actor.id,
    requestId: requestId.data,
    // The first submission changed what the second starts from (replacedById): its refusal is looked into.
    checkFirst: true,
    refusalMayRepeat: true,
  };
  return issueOnce(db, submission, async (tx) => {
    const original = await findOriginal(tx, actor, credentialId);
    assertReplaceable(original, now);
    const kind = KINDS[original.kind];
    if (expiresAt === null && kind.lifetime.type === "chosen" && kind.lifetime.required)
      throw new CredentialRuleError("Choose an expiration date", "expirationDate");
    assertWithinPolicy(kind, await maxDaysFor(tx, original.accountId, original.kind), expiresAt, now);
    // The claim first, conditional on "not replaced yet" (the transaction's first write, so
    // SQLite takes its lock here): of two submissions racing, one claims and the other changes
    // nothing and is refused. The new row's id is chosen now so the claim can name it.
    const newId = randomUUID();
    const claimed = await tx.credential.updateMany({
      where: { id: original.id, replacedById: null, status: "active", rolledAt: null },
      data: { replacedById: newId },
    });
    if (claimed.count === 0) throw new CredentialRuleError("This credential has already been replaced.");
    await checkRoomFor(tx, original, now);
    const issued = await issueCredential(tx, kind, {
      id: newId,
      accountId: original.accountId,
      userId: original.userId,
      createdById: actor.id,
      name: original.name,
      scopes: original.scopes,
      expiresAt,
      requestId: requestId.data ?? null,
    });
    // Same scopes means the same narrowing: the chosen advertisers and publishers go along.
    await storeGrant(tx, issued.id, {
      scopes: original.scopes,
      onlyChosenAdvertisers: original.onlyChosenAdvertisers,
      onlyChosenPublishers: original.onlyChosenPublishers,
      advertiserIds: original.grants.flatMap((grant) => (grant.advertiserId ? [grant.advertiserId] : [])),
      publisherIds: original.grants.flatMap((grant) => (grant.publisherId ? [grant.publisherId] : [])),
    });
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "credential.replaced",
      target: { type: original.kind, id: original.id, label: original.hint },
      context,
      details: {
        kind: original.kind,
        name: original.name,
        owner: original.user?.email ?? null,
        newId: issued.id,
        newHint: issued.hint,
        expiresAt: expiresAt?.toISOString() ?? null,
        oldExpiresAt: original.expiresAt.toISOString(),
      },
    });
    return {
      replaced: {
        ...issued,
        kind: original.kind,
        name: original.name,
        oldId: original.id,
        oldHint: original.hint,
        oldExpiresAt: original.expiresAt,
      },
    };
  });
}
