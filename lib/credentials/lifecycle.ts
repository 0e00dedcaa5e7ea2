// The one answer to "what state is this credential in, can it be used, and what may be done
// with it?". The facts are the stored status and expiry; the rules are each kind's lifetime
// and policy (kind.ts). The verifier, introspection, client authentication, every list and
// every page ask here instead of comparing dates themselves.
import { CredentialRuleError } from "./errors";
import { OPERATIONS, type CredentialKind, type CredentialState, type LifecycleActor, type Operation } from "./kind";

export type { CredentialState, LifecycleActor, Operation };

export const STATE_LABELS: Record<CredentialState, string> = {
  active: "Active",
  inactive: "Inactive",
  revoked: "Revoked",
  expired: "Expired",
};

/** The states a list can be filtered by, in the order the filter offers them. */
export const CREDENTIAL_STATES = [
  "active",
  "inactive",
  "expired",
  "revoked",
] as const satisfies readonly CredentialState[];

/** Expiry is inclusive: a credential expiring at 00:00 is expired at 00:00. Times in ms. */
export function hasExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/**
 * What the screens show: revoked, else expired (an expired token can only be deleted, even
 * if it was deactivated first), else the stored status.
 */
export function stateAt(status: string, expiresAt: number | null, now: number): CredentialState {
  if (status === "revoked") return "revoked";
  if (hasExpired(expiresAt, now)) return "expired";
  return status === "inactive" ? "inactive" : "active";
}

/** stateAt for a row as the database returns it. */
export function credentialState(
  row: { status: string; expiresAt: Date | null },
  now: Date = new Date(),
): CredentialState {
  return stateAt(row.status, row.expiresAt?.getTime() ?? null, now.getTime());
}

/**
 * Why a credential cannot be used now, or null when it can. The stored status is named
 * before expiry: a revoked or deactivated credential says so even after its date. A pure
 * comparison of numbers: the verifier asks it on every request.
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

export function isUsable(row: { status: string; expiresAt: Date | null }, now: Date = new Date()): boolean {
  return unusableBecause(row.status, row.expiresAt?.getTime() ?? null, now.getTime()) === null;
}

/** Not expired at `at`, as a database filter. */
export function notExpiredWhere(at: Date) {
  return { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
}

/** isUsable as a database filter: active and not expired. */
export function usableWhere(now: Date) {
  return { status: "active", ...notExpiredWhere(now) };
}

/** credentialState as a database filter; no state: every row. */
export function stateWhere(state: CredentialState | undefined, now: Date) {
  switch (state) {
    case "active":
      return usableWhere(now);
    case "inactive":
      return { status: "inactive", ...notExpiredWhere(now) };
    case "expired":
      return { status: { not: "revoked" }, expiresAt: { lte: now } };
    case "revoked":
      return { status: "revoked" };
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

/** What a list row shows of a credential: its state, and the operations it offers the actor. */
export function rowLifecycle(
  kind: CredentialKind,
  row: { status: string; expiresAt: Date | null },
  actor: LifecycleActor,
  now: Date,
): { state: CredentialState; actions: Operation[] } {
  const state = credentialState(row, now);
  return { state, actions: allowedOperations(kind, state, actor) };
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
