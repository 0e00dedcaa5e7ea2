// The one answer to "what state is this credential in, can it be used, and what may be done
// with it?". The facts are the stored status, expiry and roll time; the rules are each kind's
// lifetime and policy (kind.ts). The verifier, introspection, client authentication, every
// list and every page ask here instead of comparing dates themselves.
import { CredentialRuleError } from "./errors";
import { OPERATIONS, type CredentialKind, type CredentialState, type LifecycleActor, type Operation } from "./kind";

export type { CredentialState, LifecycleActor, Operation };

export const STATE_LABELS: Record<CredentialState, string> = {
  active: "Active",
  inactive: "Inactive",
  revoked: "Revoked",
  expired: "Expired",
  rolled: "Rolled",
};

/** The states a list can be filtered by, in the order the filter offers them. */
export const CREDENTIAL_STATES = [
  "active",
  "inactive",
  "expired",
  "revoked",
  "rolled",
] as const satisfies readonly CredentialState[];

/** Expiry is inclusive: a credential expiring at 00:00 is expired at 00:00. Times in ms. */
export function hasExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/** The facts a state is derived from, as the database returns them. */
export interface LifecycleFacts {
  status: string;
  expiresAt: Date | null;
  /** Set when a successor was issued (rollApiKey); null: never rolled. */
  rolledAt: Date | null;
}

/**
 * What the screens show: revoked, else rolled (during its grace period and after it, so a
 * rolled key never passes for an active or merely expired one), else expired (an expired token
 * can only be deleted, even if it was deactivated first), else the stored status. Times in ms.
 */
export function stateAt(
  status: string,
  expiresAt: number | null,
  now: number,
  rolledAt: number | null,
): CredentialState {
  if (status === "revoked") return "revoked";
  if (rolledAt !== null) return "rolled";
  if (hasExpired(expiresAt, now)) return "expired";
  return status === "inactive" ? "inactive" : "active";
}

/** stateAt for a row as the database returns it. */
export function credentialState(row: LifecycleFacts, now: Date = new Date()): CredentialState {
  return stateAt(row.status, row.expiresAt?.getTime() ?? null, now.getTime(), row.rolledAt?.getTime() ?? null);
}

/**
 * When a rolled credential's grace period ends (its expiry), while it still runs; null for any
 * other credential, or once it has ended. What the screens add to "Rolled": "until <date>".
 */
export function graceEndsAt(row: LifecycleFacts, now: Date = new Date()): Date | null {
  if (credentialState(row, now) !== "rolled") return null;
  return row.expiresAt && !hasExpired(row.expiresAt.getTime(), now.getTime()) ? row.expiresAt : null;
}

/**
 * Why a credential cannot be used now, or null when it can. The stored status is named
 * before expiry: a revoked or deactivated credential says so even after its date. A pure
 * comparison of numbers: the verifier asks it on every request. A rolled key keeps the status
 * "active" and its grace end as its expiry, so it is usable during its grace period and
 * "expired" after it, with no roll time to look at.
 */
export function unusableBecause(
  status: string,
  expiresAt: number | null,
  now: number,
): "revoked" | "inactive" | "expired" | null {
  if (status === "revoked") return "revoked";
  if (status !== "active") return "inactive";
  return hasExpired(expiresAt, now) ? "expired" : null;
}

export function isUsable(row: Pick<LifecycleFacts, "status" | "expiresAt">, now: Date = new Date()): boolean {
  return unusableBecause(row.status, row.expiresAt?.getTime() ?? null, now.getTime()) === null;
}

/** Not expired at `at`, as a database filter. */
export function notExpiredWhere(at: Date) {
  return { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
}

/** isUsable as a database filter: active and not expired (a rolled key in its grace period too). */
export function usableWhere(now: Date) {
  return { status: "active", ...notExpiredWhere(now) };
}

/** credentialState as a database filter, in the same order of precedence; no state: every row. */
export function stateWhere(state: CredentialState | undefined, now: Date) {
  switch (state) {
    case "active":
      return { ...usableWhere(now), rolledAt: null };
    case "inactive":
      return { status: "inactive", rolledAt: null, ...notExpiredWhere(now) };
    case "expired":
      return { status: { not: "revoked" }, rolledAt: null, expiresAt: { lte: now } };
    case "revoked":
      return { status: "revoked" };
    case "rolled":
      return { status: { not: "revoked" }, rolledAt: { not: null } };
    default:
      return {};
  }
}

/** Whether the kind lets this actor do this operation on a credential in this state. */
export function isAllowed(
  kind: CredentialKind,
  operation: Operation,
  actor: LifecycleActor,
  state: CredentialState,
): boolean {
  return kind.policy[operation]?.[actor]?.includes(state) ?? false;
}

/** Whether the actor may issue credentials of this kind at all. */
export function mayCreate(kind: CredentialKind, actor: LifecycleActor): boolean {
  return kind.policy.create?.[actor] !== undefined;
}

/** The operations a list row offers this actor, in OPERATIONS order (create is never one). */
export function allowedOperations(kind: CredentialKind, state: CredentialState, actor: LifecycleActor): Operation[] {
  return OPERATIONS.filter((operation) => isAllowed(kind, operation, actor, state));
}

/**
 * What a list row shows of a credential: its state (with the grace end of a rolled one), and
 * the operations it offers the actor.
 */
export function rowLifecycle(
  kind: CredentialKind,
  row: LifecycleFacts,
  actor: LifecycleActor,
  now: Date,
): { state: CredentialState; graceEndsAt: Date | null; actions: Operation[] } {
  const state = credentialState(row, now);
  return { state, graceEndsAt: graceEndsAt(row, now), actions: allowedOperations(kind, state, actor) };
}

/**
 * Refuses an operation the kind's policy does not allow: with the kind's own explanation when
 * it does not have the operation at all, otherwise with `message` (what the screen says for
 * this state).
 */
export function assertAllowed(
  kind: CredentialKind,
  operation: Operation,
  actor: LifecycleActor,
  state: CredentialState,
  message: string,
): void {
  if (isAllowed(kind, operation, actor, state)) return;
  const refusal = kind.policy[operation]?.[actor] === undefined ? kind.refusals?.[operation] : undefined;
  throw new CredentialRuleError(refusal ?? message);
}

/** When a credential of a kind with a fixed lifetime, issued at `now`, expires. */
export function expiresAfter(kind: { lifetime: { type: "fixed"; seconds: number } }, now: Date): Date {
  return new Date(now.getTime() + kind.lifetime.seconds * 1000);
}
