-- OAuth refresh tokens (lib/oauth/refresh-tokens.ts): the family every refresh and access
-- token of one consent belongs to, and the family's absolute end.

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "refreshFamilyId" TEXT,
ADD COLUMN "refreshFamilyEndsAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Credential_refreshFamilyId_idx" ON "Credential"("refreshFamilyId");
