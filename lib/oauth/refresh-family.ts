// Refresh token families (RFC 9700 4.14.2). Every refresh token (kind "ort") and access token
// ("oat") grown from one consent carries one family id (Credential.refreshFamilyId), so a
// replayed refresh token, a revocation (RFC 7009) or a disabled user ends all of them in one
// statement. A family ends REFRESH_FAMILY_LIFETIME_SECONDS after the consent whatever happens;
// each refresh token lapses REFRESH_IDLE_SECONDS after it was issued, never later than that.
// The one answer to "may this refresh token be used now?" lives here too: the refresh grant and
// introspection both ask it.
import { randomUUID } from "node:crypto";
import type { Scope } from "../access/privileges";
import { recordAudit, type Actor, type RequestContext } from "../audit";
import type { IssuedCredential } from "../credentials/issue";
import {
  REFRESH_FAMILY_LIFETIME_SECONDS,
  REFRESH_IDLE_SECONDS,
  oauthRefreshToken,
} from "../credentials/kinds/oauth-refresh-token";
import { expiresAfter, unusableBecause } from "../credentials/lifecycle";
import { issueAudited } from "../credentials/store";
import type { Tx } from "../db";
import type { OAuthClientRecord } from "./clients";

export interface RefreshFamily {
  id: string;
  endsAt: Date;
}

/** A new family, started by a consent's authorization code at `now`. */
export function newRefreshFamily(now: Date): RefreshFamily {
  return { id: `rf_${randomUUID()}`, endsAt: new Date(now.getTime() + REFRESH_FAMILY_LIFETIME_SECONDS * 1000) };
}

/** The idle timeout from `now`, cut at the family's end. */
export function refreshTokenExpiry(family: RefreshFamily, now: Date): Date {
  const idle = expiresAfter({ lifetime: { type: "fixed", seconds: REFRESH_IDLE_SECONDS } }, now);
  return idle.getTime() < family.endsAt.getTime() ? idle : family.endsAt;
}

export function appActor(client: OAuthClientRecord): Actor {
  return { id: null, label: `OAuth app ${client.name} (${client.clientId})`, accountId: client.accountId };
}

/**
 * A refresh token of `family` for this user and app, inside the caller's transaction (the one
 * issuing its access token), with its audit row. `scopes`: what the consent granted; a refresh
 * that narrows its access token keeps them (RFC 6749 6: the new refresh token's scope is the old one's).
 */
export async function issueRefreshToken(
  tx: Tx,
  client: OAuthClientRecord,
  user: { id: string; email: string },
  family: RefreshFamily,
  scopes: readonly Scope[] | readonly string[],
  audit: { context: RequestContext; rotated?: { id: string; hint: string } },
  now: Date,
): Promise<IssuedCredential> {
  const expiresAt = refreshTokenExpiry(family, now);
  return issueAudited(
    tx,
    oauthRefreshToken,
    {
      accountId: client.accountId,
      userId: user.id,
      createdById: null,
      name: client.name,
      scopes: scopes.join(" "),
      expiresAt,
      oauthClientId: client.id,
      refreshFamilyId: family.id,
      refreshFamilyEndsAt: family.endsAt,
    },
    {
      actor: appActor(client),
      context: audit.context,
      action: audit.rotated ? "oauth.refresh_token_rotated" : "oauth.refresh_token_issued",
      details: {
        owner: user.email,
        scopes: scopes.join(" "),
        expiresAt: expiresAt.toISOString(),
        familyEndsAt: family.endsAt.toISOString(),
        ...(audit.rotated ? { replaces: audit.rotated.hint } : {}),
      },
    },
  );
}

/**
 * Revokes every live token of the family (refresh and access tokens alike) inside `tx`; returns
 * how many. Run it through changeCredentials (lib/credentials/store.ts) so every instance's
 * look-up cache forgets them on commit (the change channel), as for any other revocation.
 */
export async function revokeRefreshFamily(tx: Tx, familyId: string, now: Date): Promise<number> {
  const changed = await tx.credential.updateMany({
    where: { refreshFamilyId: familyId, status: { not: "revoked" } },
    data: { status: "revoked", revokedAt: now },
  });
  return changed.count;
}

/** The audit row of a family ended at once (a revocation, its user disabled), in the same transaction. */
export async function auditFamilyRevoked(
  tx: Tx,
  actor: Actor,
  token: { id: string; hint: string },
  context: RequestContext,
  details: { reason: string; tokensRevoked: number },
): Promise<void> {
  await recordAudit(tx, {
    actor,
    action: "oauth.refresh_family_revoked",
    target: { type: oauthRefreshToken.code, id: token.id, label: token.hint },
    context,
    details,
  });
}

/** Why a refresh token cannot be used now: it was used already (a replay), or it is no longer valid. */
export type RefreshRefusal = "rotated" | "revoked" | "inactive" | "family_ended" | "idle" | "owner_disabled";

/** What a stored refresh token's use is decided on; times in ms since the epoch. */
export interface RefreshFacts {
  status: string;
  expiresAt: number | null;
  rolledAt: number | null;
  /** Its family's end, where known (the grant reads it; introspection only needs "active"). */
  familyEndsAt: number | null;
  owner: { status: string; isApiUser: boolean } | null;
}

/**
 * Whether this refresh token may be exchanged now, or why not. Revoked first (a family already
 * ended stays ended, replayed or not); then used (rolledAt: rotated; presenting it again is the
 * replay RFC 9700 4.14.2 describes); then expiry; then the user who consented.
 */
export function refreshRefusal(facts: RefreshFacts, now: number): RefreshRefusal | null {
  if (facts.status === "revoked") return "revoked";
  if (facts.rolledAt !== null) return "rotated";
  const unusable = unusableBecause(facts.status, facts.expiresAt, now);
  if (unusable === "inactive") return "inactive";
  if (unusable === "expired") return facts.familyEndsAt !== null && facts.familyEndsAt <= now ? "family_ended" : "idle";
  // An API user cannot consent (the code grant refuses them), so one made an API user since is refused too.
  if (!facts.owner || facts.owner.status !== "active" || facts.owner.isApiUser) return "owner_disabled";
  return null;
}

const DAYS = (seconds: number) => Math.round(seconds / 86_400);

/** The invalid_grant description of each refusal but "rotated" (the replay has its own answer). */
export const REFRESH_REFUSAL_MESSAGES: Record<Exclude<RefreshRefusal, "rotated">, string> = {
  revoked: "The refresh token has been revoked; ask the user to authorize the app again",
  inactive: "The refresh token is deactivated; ask the user to authorize the app again",
  family_ended: `The refresh token has expired: tokens are refreshed for at most ${DAYS(REFRESH_FAMILY_LIFETIME_SECONDS)} days after the user allowed the app; ask the user to authorize it again`,
  idle: `The refresh token has expired: it was not used for ${DAYS(REFRESH_IDLE_SECONDS)} days; ask the user to authorize the app again`,
  owner_disabled:
    "The user who allowed this app is disabled or can no longer grant it access; every token of this consent is revoked",
};
