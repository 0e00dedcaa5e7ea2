// Issuing a credential of any kind: mint the secret, store its keyed hash and hint, and hand
// the secret back to the caller, once. Runs inside the caller's transaction so the row, the
// audit event and any counter change commit together.
import type { Tx } from "../db";
import { hashSecret } from "./hash";
import { hintOf, mintSecret } from "./format";
import type { CredentialKind } from "./kind";
import { sealSecret } from "./seal";

/** What a revealable kind's sealed secret is bound to: it opens only on its own account's row of its kind. */
export function sealBinding(kindCode: string, accountId: string): string {
  return `${kindCode}:${accountId}`;
}

export interface IssueInput {
  /** Chosen by the caller when another row must name it before it exists (a replacement); else generated. */
  id?: string;
  accountId: string;
  userId: string | null;
  createdById: string | null;
  name: string;
  expiresAt?: Date | null;
  scopes?: string | null;
  requestId?: string | null;
  accountKeyOf?: string | null;
  oauthClientId?: string | null;
  /** OAuth refresh token families (lib/oauth/refresh-family.ts): the family an ort or oat belongs to, and its end (ort). */
  refreshFamilyId?: string | null;
  refreshFamilyEndsAt?: Date | null;
}

export interface IssuedCredential {
  id: string;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** The secret itself: give it to the creator once and keep it nowhere. */
  secret: string;
}

/**
 * A new credential's row as the store keeps it (the keyed hash, the hint, the sealed secret of a
 * revealable kind) and its secret. issueCredential writes one; `npm run bench` writes thousands
 * at once in this same format.
 */
export function newCredentialRow(kind: CredentialKind, input: IssueInput) {
  const secret = mintSecret(kind.code);
  const data = {
    ...(input.id ? { id: input.id } : {}),
    accountId: input.accountId,
    kind: kind.code,
    userId: input.userId,
    createdById: input.createdById,
    name: input.name,
    secretHash: hashSecret(secret),
    sealedSecret: kind.revealable ? sealSecret(secret, sealBinding(kind.code, input.accountId)) : null,
    hint: hintOf(secret),
    scopes: input.scopes ?? null,
    expiresAt: input.expiresAt ?? null,
    requestId: input.requestId ?? null,
    accountKeyOf: input.accountKeyOf ?? null,
    oauthClientId: input.oauthClientId ?? null,
    // Only OAuth tokens have a family; every other row keeps the columns it always had.
    ...(input.refreshFamilyId ? { refreshFamilyId: input.refreshFamilyId } : {}),
    ...(input.refreshFamilyEndsAt ? { refreshFamilyEndsAt: input.refreshFamilyEndsAt } : {}),
  };
  return { secret, data };
}

export async function issueCredential(tx: Tx, kind: CredentialKind, input: IssueInput): Promise<IssuedCredential> {
  const { secret, data } = newCredentialRow(kind, input);
  const row = await tx.credential.create({
    data,
    select: { id: true, hint: true, createdAt: true, expiresAt: true },
  });
  return { ...row, secret };
}

/** Prisma's unique-constraint error, with the columns it names (P2002). */
export function uniqueViolationOn(error: unknown, column: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return false;
  const meta = (error as { meta?: Record<string, unknown> }).meta ?? {};
  const text = JSON.stringify(meta);
  return text.includes(column);
}
