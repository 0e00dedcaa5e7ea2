// Invoca's flow: every user who can sign in makes and revokes API credentials for
// themself, and only for themself ("you should not generate a token on behalf of
// Advertisers or Publishers as tokens inherit the privileges of the user generating it").
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import type { Db } from "../db";
import { assertRoomForPersonalCredential } from "./personal-credential-room";
import { PAGE_SIZE, type Page } from "../pagination";
import { newPersonalCredentialSchema, type NewPersonalCredentialInput } from "../validations/credential";
import { CredentialRuleError } from "./errors";
import { expiringSoonWhere, type ExpiryFacts, withExpiryFacts } from "./expiring";
import { assertFutureDay } from "./expiry-days-check";
import { assertWithinPolicy, maxDaysFor } from "./expiry-policy";
import type { IssuedCredential } from "./issue";
import { personalCredential } from "./kinds/personal-credential";
import { NARROWING_COLUMNS, narrowingDetails, resolveNarrowing, storeGrant, summaryOf } from "./narrowing";
import { credentialState, isAllowed, rowLifecycle } from "./lifecycle";
import {
  changeCredentials,
  CREDENTIAL_ROW_COLUMNS,
  credentialPage,
  type CredentialRow,
  issueAudited,
  issueOnce,
  type Duplicate,
} from "./store";

export type CreateResult = { created: IssuedCredential & { description: string } } | Duplicate;

type Owner = Pick<CurrentUser, "id" | "email" | "accountId">;

export async function createPersonalCredential(
  db: Db,
  owner: Owner,
  input: NewPersonalCredentialInput,
  context: RequestContext,
): Promise<CreateResult> {
  const data = newPersonalCredentialSchema.parse(input);
  const expiresAt = data.expirationDate ?? null;
  if (data.userId !== undefined && data.userId !== owner.id) {
    await recordAudit(db, {
      actor: actorOf(owner),
      action: "credential.create_refused",
      target: { type: "user", id: data.userId },
      context,
      details: { kind: personalCredential.code, reason: "on behalf of another user" },
    });
    throw new CredentialRuleError("You can create API credentials only for yourself.", null, "forbidden");
  }
  // The same form submitted twice: the first submission made the credential (and may have
  // taken the last free place, so the second meets the limit rather than the unique index).
  const created = await issueOnce(
    db,
    { createdById: owner.id, requestId: data.requestId, refusalMayRepeat: true },
    async (tx) => {
      const now = new Date();
      assertFutureDay(expiresAt, now, "credential");
      assertWithinPolicy(personalCredential, await maxDaysFor(tx, owner.accountId, "pat"), expiresAt, now);
      await assertRoomForPersonalCredential(tx, owner.id, now, "you");
      // The owner as stored now: their role and organization cap what the credential may be given.
      const member = await tx.user.findUniqueOrThrow({
        where: { id: owner.id },
        select: { accountId: true, role: true, advertiserId: true, publisherId: true },
      });
      const narrowing = await resolveNarrowing(tx, member, data.narrowing);
      const issued = await issueAudited(
        tx,
        personalCredential,
        {
          accountId: owner.accountId,
          userId: owner.id,
          createdById: owner.id,
          name: data.description,
          expiresAt,
          requestId: data.requestId ?? null,
          scopes: narrowing.scopes,
        },
        {
          actor: actorOf(owner),
          context,
          details: {
            kind: personalCredential.code,
            description: data.description,
            expiresAt: expiresAt?.toISOString() ?? null,
            ...narrowingDetails(narrowing),
          },
        },
      );
      await storeGrant(tx, issued.id, narrowing);
      return issued;
    },
  );
  return "duplicateOf" in created ? created : { created: { ...created, description: data.description } };
}

export async function revokePersonalCredential(
  db: Db,
  owner: Owner,
  credentialId: string,
  context: RequestContext,
): Promise<void> {
  const now = new Date();
  const refused = await changeCredentials(db, async (tx) => {
    const credential = await tx.credential.findFirst({
      where: { id: credentialId, kind: personalCredential.code },
      select: { id: true, userId: true, hint: true, status: true, expiresAt: true, rolledAt: true },
    });
    if (!credential) return null;
    if (credential.userId !== owner.id) return credential;
    // Revoking one that no longer works (revoked, expired) changes nothing.
    if (!isAllowed(personalCredential, "revoke", "owner", credentialState(credential, now))) return false;
    // Conditional, so two revokes racing record one revocation.
    const changed = await tx.credential.updateMany({
      where: { id: credential.id, status: "active" },
      data: { status: "revoked", revokedAt: now },
    });
    if (changed.count > 0) {
      await recordAudit(tx, {
        actor: actorOf(owner),
        action: "credential.revoked",
        target: { type: personalCredential.code, id: credential.id, label: credential.hint },
        context,
        details: { kind: personalCredential.code },
      });
    }
    return false;
  });
  if (refused === false) return;
  if (refused) {
    // Someone else's credential: recorded (outside the rolled-back path), answered as unknown.
    await recordAudit(db, {
      actor: actorOf(owner),
      action: "credential.refused",
      target: { type: personalCredential.code, id: refused.id, label: refused.hint },
      context,
      details: { operation: "revoke", reason: "not the owner" },
    });
  }
  throw new CredentialRuleError("No such API credential.", null, "not_found");
}

export interface PersonalCredentialRow extends CredentialRow {
  revokedAt: Date | null;
  /** Its narrowing in a few words (lib/access/narrowing.ts narrowingSummary). */
  permissions: string;
}

export async function listPersonalCredentials(
  db: Db,
  ownerId: string,
  page: number,
  pageSize = PAGE_SIZE,
  now: Date = new Date(),
  filter: { expiringSoon?: boolean } = {},
): Promise<Page<PersonalCredentialRow & ExpiryFacts>> {
  const where = {
    userId: ownerId,
    kind: personalCredential.code,
    ...(filter.expiringSoon ? expiringSoonWhere(now) : {}),
  };
  const found = await credentialPage(
    db,
    where,
    {
      ...CREDENTIAL_ROW_COLUMNS,
      revokedAt: true,
      ...NARROWING_COLUMNS,
      user: { select: { role: true } },
    },
    { page, pageSize },
    ({ scopes, onlyChosenAdvertisers, onlyChosenPublishers, grants, user, ...row }) => ({
      ...row,
      permissions: summaryOf(user?.role ?? "", { scopes, onlyChosenAdvertisers, onlyChosenPublishers, grants }),
      ...rowLifecycle(personalCredential, row, "owner", now),
    }),
  );
  return withExpiryFacts(db, found, now);
}
