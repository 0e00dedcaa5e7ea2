// What every credential kind declares about itself. A kind is one module under kinds/: its
// code (the kw_<code>_ prefix), its names, how it travels, how long it lives and who may do
// what with it. Adding a kind adds a module and one line in kinds/index.ts; the issuing,
// hashing, hint, listing and lifecycle code is shared (lifecycle.ts reads these fields).
import type { Transport } from "./transport";

/**
 * What a credential's screens and the API show it as (lifecycle.ts derives it). `rolled`: a
 * successor was issued (an API key's Roll); it keeps working until its grace period ends.
 */
export type CredentialState = "active" | "inactive" | "expired" | "revoked" | "rolled";

/** Every state but revoked: what a revoke starts from. */
export const NOT_REVOKED = ["active", "inactive", "expired", "rolled"] as const satisfies readonly CredentialState[];

/** Everything that can happen to a credential, in the order a row's actions are offered. */
export const OPERATIONS = ["create", "roll", "deactivate", "reactivate", "revoke", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Who acts: a super admin of the credential's account, the user who owns the credential
 * (their own), or the OAuth app it was issued to (RFC 7009 revocation, the grants).
 */
export type LifecycleActor = "super_admin" | "owner" | "oauth_client";

/** How long a credential of the kind lives. */
export type Lifetime =
  | { type: "unlimited" }
  /** The creator picks an expiration date (00:00 UTC at its start); `required`: it must. */
  | { type: "chosen"; required: boolean }
  | { type: "fixed"; seconds: number };

/**
 * For each operation the kind has: which actor may do it, from which states. Create has no
 * state to start from (an empty list). An operation or actor left out is refused.
 */
export type Policy = { readonly [O in Operation]?: { readonly [A in LifecycleActor]?: readonly CredentialState[] } };

export interface CredentialKind {
  /** Short lower-case code: the secret's prefix is kw_<code>_. Never reused. */
  code: string;
  /** What the screens call it. */
  label: string;
  /** Whether it has an owner whose privileges it carries (the account API key has none). */
  ownedByUser: boolean;
  /** How an API request may present it (transport.ts); empty: never on its own. */
  transports: readonly Transport[];
  lifetime: Lifetime;
  policy: Policy;
  /** Why an operation the kind does not have is refused, where the screens say more than "not allowed". */
  refusals?: { readonly [O in Operation]?: string };
  /** Stored elsewhere than the Credential table (authorization codes): never listed. */
  notStored?: boolean;
  /** TrackVia: an auth token is valid only together with its account's API key (user_key). */
  requiresAccountKey?: boolean;
  /** Only users flagged as API users may own it (TrackVia auth tokens). */
  ownerMustBeApiUser?: boolean;
  /**
   * Also kept sealed (lib/credentials/seal.ts) so a super admin can reveal it again after
   * re-entering their password: the account API key, which TrackVia lets be copied at any time.
   */
  revealable?: boolean;
  /** Not an API credential at all (an OAuth client secret or authorization code): introspection never calls one active. */
  notForApi?: boolean;
  /**
   * What the verifier answers when one is sent to the API anyway, where a kind with no transport
   * has a better explanation than "cannot be sent that way" (an OAuth refresh token).
   */
  apiRefusal?: string;
}
