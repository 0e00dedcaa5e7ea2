// The /device page's side of the device flow (RFC 8628 3.3): a signed-in user types the user
// code a command-line tool showed, sees the app and what it asks for, and allows or denies.
//
// User codes are short, so guessing is limited (RFC 8628 5.1): each look-up reserves one try
// per signed-in user and per client address before the code is checked (reserve first, then
// check: 40 wrong codes at once count as 40, and only the first few are looked up); a right
// code gives its try back. The counters are database rows (IssuanceWindow), so the limit holds
// across instances.
import { isScope, type Scope } from "../access/privileges";
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import { IssuanceLimitError, MINUTE_MS, formatWait, reserveIssuance } from "../credentials/issuance-limits";
import { splitScopes } from "../credentials/scope-list";
import type { Db, Tx } from "../db";
import { consentScopes } from "./consent";
import { userCodeHash, type DeviceStatus } from "./device-authorization";
import { rememberConsent } from "./remembered-consent";
import { normalizeUserCode } from "./user-code";

/** Wrong user codes one user, or one client address, may type per minute. */
export const USER_CODE_GUESSES_PER_MINUTE = 5;

type Answering = Pick<CurrentUser, "id" | "email" | "accountId" | "role">;

/** A pending device authorization as the user is asked about it. */
export interface DeviceRequest {
  id: string;
  client: { id: string; clientId: string; name: string };
  scopes: Scope[];
}

export type DeviceLookup =
  | { ok: true; request: DeviceRequest }
  /** `retryAfterSeconds`: set when refused for too many wrong codes. */
  | { ok: false; message: string; retryAfterSeconds?: number };

export const WRONG_CODE_MESSAGE =
  "No pending request has this code. Check it against the one your device shows; if it has expired, start again there.";
const MALFORMED_MESSAGE = "A code is 8 letters, like BCDF-GHJK";

function guessKeys(user: Pick<Answering, "id">, context: RequestContext): string[] {
  return [`duc:user:${user.id}`, ...(context.ip ? [`duc:ip:${context.ip}`] : [])];
}

/** One try reserved on every key, all or none; a refusal throws IssuanceLimitError. */
async function reserveTry(db: Db, keys: string[], now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const key of keys)
      await reserveIssuance(
        tx,
        {
          key,
          limit: USER_CODE_GUESSES_PER_MINUTE,
          windowMs: MINUTE_MS,
          refusal: (wait) =>
            `Too many wrong codes in the last minute. Try again in ${formatWait(wait)}, with the code your device shows.`,
        },
        now,
      );
  });
}

/** A right code does not count against the user. */
async function giveTryBack(db: Db, keys: string[]): Promise<void> {
  await db.issuanceWindow.updateMany({
    where: { key: { in: keys }, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/**
 * The pending request this user code names, for this user: unknown, expired, already answered
 * and another account's app all read as "no pending request" (no oracle for guessers).
 */
export async function findDeviceRequest(
  db: Db,
  user: Pick<Answering, "id" | "accountId">,
  typed: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<DeviceLookup> {
  const code = normalizeUserCode(typed);
  // Not even the shape of a code: nothing is looked up, so nothing is learnt and no try is spent.
  if (code === null) return { ok: false, message: MALFORMED_MESSAGE };
  const keys = guessKeys(user, context);
  try {
    await reserveTry(db, keys, now);
  } catch (error) {
    if (error instanceof IssuanceLimitError)
      return { ok: false, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
  const row = await db.deviceAuthorization.findUnique({
    where: { userCodeHash: userCodeHash(code) },
    select: {
      id: true,
      scopes: true,
      status: true,
      expiresAt: true,
      client: { select: { id: true, clientId: true, name: true, accountId: true } },
    },
  });
  const pending =
    row !== null &&
    row.status === ("pending" satisfies DeviceStatus) &&
    row.expiresAt.getTime() > now.getTime() &&
    row.client.accountId === user.accountId;
  if (!pending) return { ok: false, message: WRONG_CODE_MESSAGE };
  await giveTryBack(db, keys);
  return {
    ok: true,
    request: {
      id: row.id,
      client: { id: row.client.id, clientId: row.client.clientId, name: row.client.name },
      scopes: splitScopes(row.scopes).filter(isScope),
    },
  };
}

export type DeviceAnswer = "allow" | "deny";

export type DeviceAnswerOutcome = { ok: true; request: DeviceRequest } | { ok: false; message: string };

/**
 * Allow or Deny, for the request this user code names (looked up again, with the guessing
 * limit: the form's hidden field is the browser talking). Only a pending, unexpired request
 * changes, by one conditional update: of two answers racing, one wins.
 */
export async function answerDeviceRequest(
  db: Db,
  user: Answering,
  typed: string,
  answer: DeviceAnswer,
  context: RequestContext,
  now: Date = new Date(),
): Promise<DeviceAnswerOutcome> {
  const found = await findDeviceRequest(db, user, typed, context, now);
  if (!found.ok) return found;
  const { request } = found;
  const granted = consentScopes(request.scopes, user.role)
    .filter((scope) => scope.granted)
    .map((scope) => scope.scope);
  if (answer === "allow" && granted.length === 0)
    return { ok: false, message: `Your role allows none of what ${request.client.name} asks for.` };
  const answered = await db.$transaction(async (tx: Tx) => {
    const changed = await tx.deviceAuthorization.updateMany({
      where: { id: request.id, status: "pending" satisfies DeviceStatus, expiresAt: { gt: now } },
      data: { status: (answer === "allow" ? "allowed" : "denied") satisfies DeviceStatus, userId: user.id },
    });
    if (changed.count === 0) return false;
    // The same consent as on the authorization page: remembered, so connected apps lists it.
    if (answer === "allow")
      await rememberConsent(tx, {
        accountId: user.accountId,
        userId: user.id,
        clientId: request.client.id,
        scopes: granted,
      });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: answer === "allow" ? "oauth.authorized" : "oauth.denied",
      target: { type: "oauth_client", id: request.client.id, label: request.client.clientId },
      context,
      details: { name: request.client.name, scopes: request.scopes.join(" "), flow: "device" },
    });
    return true;
  });
  if (!answered) return { ok: false, message: WRONG_CODE_MESSAGE };
  return { ok: true, request };
}
