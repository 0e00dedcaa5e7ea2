-- Expiry policies (lib/credentials/expiry-policy.ts): per account, the longest lifetime in days
-- of a new personal API credential (pat), auth token (at) and API key (key). Nullable: existing
-- accounts have no maximum, and credentials created before a policy keep their dates.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "maxDaysPat" INTEGER;
ALTER TABLE "Account" ADD COLUMN "maxDaysAt" INTEGER;
ALTER TABLE "Account" ADD COLUMN "maxDaysKey" INTEGER;

-- "Expiring soon": one user's, or one account's, credentials by expiry.
-- CreateIndex
CREATE INDEX "Credential_userId_expiresAt_idx" ON "Credential"("userId", "expiresAt");

-- CreateIndex
CREATE INDEX "Credential_accountId_expiresAt_idx" ON "Credential"("accountId", "expiresAt");
