// refresh_token (RFC 6749 6) at POST /oauth2/token, with rotation and reuse detection (RFC 9700
// 4.14.2): every use marks the presented refresh token used (a conditional update, so of two
// uses racing exactly one wins) and issues a new access token and a new refresh token of the
// same family in the same transaction. Presenting a used one again means two parties hold it
// (the app and a thief, and the server cannot tell which is which), so the whole family is
// revoked: the loser of a race is answered the same way, by design (see refresh.test.ts).
import { isScope, type Scope } from "../access/privileges";
import { recordAudit } from "../audit";
import { parseSecret } from "../credentials/format";
import { digestsEqual, hashSecret } from "../credentials/hash";
import { oauthRefreshToken } from "../credentials/kinds/oauth-refresh-token";
import { splitScopes } from "../credentials/scope-list";
import { changeCredentials } from "../credentials/store";
import { oauthError } from "../http/protocol-error";
import {
  assertGrantRegistered,
  issueAccessToken,
  requiredParameter,
  singleParameter,
  type GrantHandler,
  type TokenResponse,
} from "./grants";
import {
  REFRESH_REFUSAL_MESSAGES,
  appActor,
  auditFamilyRevoked,
  issueRefreshToken,
  refreshRefusal,
  revokeRefreshFamily,
  type RefreshFamily,
} from "./refresh-family";
import { grantedScopes } from "./scope";

/**
 * The scope of the new access token: the refresh token's own when none is asked for, else the
 * request, which may only narrow it (RFC 6749 6).
 */
function narrowedScopes(raw: string | null, granted: readonly string[]): Scope[] {
  const original = granted.filter(isScope);
  if (raw === null || raw.trim() === "") return original;
  const asked = [...new Set(splitScopes(raw))];
  for (const scope of asked) {
    if (!isScope(scope)) throw oauthError("invalid_scope", `Unknown scope: ${scope.slice(0, 60)}`);
    if (!original.includes(scope))
      throw oauthError(
        "invalid_scope",
        `The refresh token was not granted the scope ${scope}; a refresh may only narrow the scope the user allowed`,
      );
  }
  return asked as Scope[];
}

type Token = { id: string; hint: string; familyId: string };

type RefreshOutcome =
  | { token: TokenResponse }
  /** Used before: the family is revoked and the request refused. */
  | { replayed: Token; owner: string }
  /** Its user can no longer grant access: the family is revoked too, so re-enabling them revives nothing. */
  | { stopped: Token };

export const refreshTokenGrant: GrantHandler = async (db, client, form, context, now = new Date()) => {
  assertGrantRegistered(client, "refresh_token");
  const presented = requiredParameter(form, "refresh_token");
  const parsed = parseSecret(presented);
  if (!parsed.ok || parsed.code !== oauthRefreshToken.code)
    throw oauthError("invalid_grant", "The refresh token is malformed (Keyward's start with kw_ort_)");
  const scopeParameter = singleParameter(form, "scope");
  const secretHash = hashSecret(presented);

  const outcome = await db.$transaction(async (tx): Promise<RefreshOutcome> => {
    // Read in the transaction, not through the verifier's cache: a rotation must see the last write.
    const row = await tx.credential.findUnique({
      where: { secretHash },
      select: {
        id: true,
        kind: true,
        hint: true,
        secretHash: true,
        status: true,
        expiresAt: true,
        rolledAt: true,
        scopes: true,
        oauthClientId: true,
        refreshFamilyId: true,
        refreshFamilyEndsAt: true,
        user: { select: { id: true, email: true, role: true, status: true, isApiUser: true, accountId: true } },
      },
    });
    if (
      !row ||
      !digestsEqual(row.secretHash, secretHash) ||
      row.kind !== oauthRefreshToken.code ||
      row.oauthClientId !== client.id ||
      !row.refreshFamilyId ||
      !row.refreshFamilyEndsAt
    )
      throw oauthError("invalid_grant", "The refresh token is not known, or was issued to another app");
    const token = { id: row.id, hint: row.hint, familyId: row.refreshFamilyId };
    const user = row.user;
    const refusal = refreshRefusal(
      {
        status: row.status,
        expiresAt: row.expiresAt?.getTime() ?? null,
        rolledAt: row.rolledAt?.getTime() ?? null,
        familyEndsAt: row.refreshFamilyEndsAt.getTime(),
        owner: user && user.accountId === client.accountId ? user : null,
      },
      now.getTime(),
    );
    if (refusal === "rotated") return { replayed: token, owner: user?.email ?? "" };
    if (refusal === "owner_disabled") return { stopped: token };
    if (refusal) throw oauthError("invalid_grant", REFRESH_REFUSAL_MESSAGES[refusal]);
    if (!user) throw oauthError("invalid_grant", REFRESH_REFUSAL_MESSAGES.owner_disabled);

    const original = splitScopes(row.scopes ?? "");
    // The user's role today bounds the access token, as it bounds the code grant's.
    const scopes = grantedScopes(narrowedScopes(scopeParameter, original), user.role);
    // Conditional on "not yet used": of two refreshes racing, one marks it and the other finds
    // it marked (on PostgreSQL it waits for the first to commit, then sees its write).
    const used = await tx.credential.updateMany({
      where: { id: row.id, rolledAt: null, status: "active" },
      data: { rolledAt: now },
    });
    if (used.count === 0) return { replayed: token, owner: user.email };
    const family: RefreshFamily = { id: row.refreshFamilyId, endsAt: row.refreshFamilyEndsAt };
    const access = await issueAccessToken(tx, client, user, scopes, "refresh_token", context, now, family);
    const next = await issueRefreshToken(tx, client, user, family, original, { context, rotated: token }, now);
    await tx.credential.update({ where: { id: row.id }, data: { replacedById: next.id } });
    return { token: { ...access.response, refresh_token: next.secret } };
  });
  if ("token" in outcome) return outcome.token;

  if ("stopped" in outcome) {
    const { stopped } = outcome;
    await changeCredentials(db, async (tx) => {
      const revoked = await revokeRefreshFamily(tx, stopped.familyId, now);
      if (revoked > 0)
        await auditFamilyRevoked(tx, appActor(client), stopped, context, {
          reason: "owner_disabled",
          tokensRevoked: revoked,
        });
    });
    throw oauthError("invalid_grant", REFRESH_REFUSAL_MESSAGES.owner_disabled);
  }

  // RFC 9700 4.14.2: a refresh token used twice was probably stolen; the whole family goes,
  // the tokens the other party obtained with it included, everywhere at once.
  const { replayed } = outcome;
  await changeCredentials(db, async (tx) => {
    const revoked = await revokeRefreshFamily(tx, replayed.familyId, now);
    await recordAudit(tx, {
      actor: appActor(client),
      action: "oauth.refresh_replayed",
      target: { type: oauthRefreshToken.code, id: replayed.id, label: replayed.hint },
      context,
      details: { owner: outcome.owner, tokensRevoked: revoked },
    });
  });
  throw oauthError(
    "invalid_grant",
    "The refresh token was already used; as it may have been stolen, every token of this consent is now revoked: ask the user to authorize the app again",
  );
};
