// Invoca's flow: every user who can sign in makes and revokes API credentials for
// themself, and only for themself ("you should not generate a token on behalf of
// Advertisers or Publishers as tokens inherit the privileges of the user generating it").
import { recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import type { Db } from "../db";
import { issuanceLimits, serializeIssuance } from "../retention/issuance-limits";
import { pageCount, pageWindow, PAGE_SIZE, type Page } from "../pagination";
import { newPersonalCredentialSchema, type NewPersonalCredentialInput } from "../validations/credential";
import { invalidateCredentialCache } from "../verifier/cache";
import { actorOf } from "./actor";
import { CredentialRuleError } from "./errors";
import { issueCredential, uniqueViolationOn, type IssuedCredential } from "./issue";
import { personalCredential } from "./kinds/personal-credential";

export type CreateResult = { created: IssuedCredential & { description: string } } | { duplicateOf: { id: string; hint: string } };

type Owner = Pick<CurrentUser, "id" | "email" | "accountId">;

export async function createPersonalCredential(db: Db, owner: Owner, input: NewPersonalCredentialInput, context: RequestContext): Promise<CreateResult> {
  const data = newPersonalCredentialSchema.parse(input);
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
  try {
    const created = await db.$transaction(async (tx) => {
      const now = new Date();
      const limit = issuanceLimits().activeApiCredentials;
      // Creations for one user take turns here, so the count below cannot be raced past.
      await serializeIssuance(tx, `pat:${owner.id}`, now);
      const active = await tx.credential.count({ where: { userId: owner.id, kind: personalCredential.code, status: "active", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
      if (active >= limit) throw new CredentialRuleError(`You already have ${limit} active API credentials, the most one user can hold. Revoke one you no longer use first.`);
      const issued = await issueCredential(tx, personalCredential, {
        accountId: owner.accountId,
        userId: owner.id,
        createdById: owner.id,
        name: data.description,
        requestId: data.requestId ?? null,
      });
      await recordAudit(tx, {
        actor: actorOf(owner),
        action: "credential.created",
        target: { type: personalCredential.code, id: issued.id, label: issued.hint },
        context,
        details: { kind: personalCredential.code, description: data.description },
      });
      return issued;
    });
    return { created: { ...created, description: data.description } };
  } catch (error) {
    // The same form submitted twice: the first submission made the credential (and may have
    // taken the last free place, so the second meets the limit rather than the unique index).
    if (data.requestId && (uniqueViolationOn(error, "requestId") || error instanceof CredentialRuleError)) {
      const first = await db.credential.findFirst({ where: { createdById: owner.id, requestId: data.requestId }, select: { id: true, hint: true } });
      if (first) return { duplicateOf: first };
    }
    throw error;
  }
}

export async function revokePersonalCredential(db: Db, owner: Owner, credentialId: string, context: RequestContext): Promise<void> {
  const refused = await db.$transaction(async (tx) => {
    const credential = await tx.credential.findFirst({ where: { id: credentialId, kind: personalCredential.code }, select: { id: true, userId: true, hint: true } });
    if (!credential) return null;
    if (credential.userId !== owner.id) return credential;
    // Conditional, so two revokes racing record one revocation.
    const changed = await tx.credential.updateMany({ where: { id: credential.id, status: "active" }, data: { status: "revoked", revokedAt: new Date() } });
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
  if (refused === false) {
    invalidateCredentialCache();
    return;
  }
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

export interface PersonalCredentialRow {
  id: string;
  name: string;
  hint: string;
  status: string;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listPersonalCredentials(db: Db, ownerId: string, page: number, pageSize = PAGE_SIZE): Promise<Page<PersonalCredentialRow>> {
  const where = { userId: ownerId, kind: personalCredential.code };
  const [total, rows] = await Promise.all([
    db.credential.count({ where }),
    db.credential.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, pageSize),
      select: { id: true, name: true, hint: true, status: true, expiresAt: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  ]);
  return { rows, page, pageCount: pageCount(total, pageSize), total };
}
