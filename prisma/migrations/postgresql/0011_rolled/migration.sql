-- A rolled API key (lib/credentials/api-keys.ts rollApiKey) remembers when it was rolled and the
-- key that replaced it, so lifecycle.ts can call it "rolled" during its grace period and after.
-- Both columns are nullable: existing rows were never rolled (a key rolled before this
-- migration stays active until its shortened expiry, then expired, as it was shown then).

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "rolledAt" TIMESTAMP(3);
ALTER TABLE "Credential" ADD COLUMN "replacedById" TEXT;
