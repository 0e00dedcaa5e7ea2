// TrackVia's account API Key: one per account, generated once, never changed or deleted.
// Keyward shows it at generation and keeps a sealed copy (lib/credentials/seal.ts), so a super
// admin can reveal and copy it again after re-entering their password
// (account-api-key-reveal.ts); keys generated before the sealed copy existed show only their hint.
import { actorOf } from "../audit";
import type { RequestContext } from "../audit";
import type { Db } from "../db";
import { type Admin } from "./actor";
import { CredentialRuleError } from "./errors";
import { uniqueViolationOn, type IssuedCredential } from "./issue";
import { accountApiKey } from "./kinds/account-api-key";
import { assertSuperAdmin } from "./require-super-admin";
import { issueAudited, issueOnce } from "./store";

export const API_KEY_EXISTS_MESSAGE =
  "This account's API Key has already been generated. It cannot be changed or generated again.";

export async function generateAccountApiKey(db: Db, admin: Admin, context: RequestContext): Promise<IssuedCredential> {
  assertSuperAdmin(admin);
  try {
    // No requestId: the unique index on accountKeyOf is what makes it one per account, even
    // when two admins click at once.
    return await issueOnce(db, { createdById: admin.id }, (tx) =>
      issueAudited(
        tx,
        accountApiKey,
        {
          accountId: admin.accountId,
          userId: null,
          createdById: admin.id,
          name: "API Key",
          accountKeyOf: admin.accountId,
        },
        { actor: actorOf(admin), context, action: "account.api_key_generated" },
      ),
    );
  } catch (error) {
    if (uniqueViolationOn(error, "accountKeyOf")) throw new CredentialRuleError(API_KEY_EXISTS_MESSAGE);
    throw error;
  }
}

export interface AccountApiKeyInfo {
  id: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Whether a sealed copy exists (keys generated before it did cannot be revealed). */
  revealable: boolean;
}

export async function findAccountApiKey(db: Db, accountId: string): Promise<AccountApiKeyInfo | null> {
  const key = await db.credential.findUnique({
    where: { accountKeyOf: accountId },
    select: { id: true, hint: true, createdAt: true, lastUsedAt: true, sealedSecret: true },
  });
  if (!key) return null;
  // The sealed value itself never leaves this function.
  const { sealedSecret, ...info } = key;
  return { ...info, revealable: sealedSecret !== null };
}
