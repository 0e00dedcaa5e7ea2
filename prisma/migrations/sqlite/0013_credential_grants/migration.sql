-- Fine-grained narrowing (lib/access/narrowing.ts): a credential may be confined to chosen
-- advertisers and publishers. The flags say whether it is; the grant rows say which. Existing
-- credentials get false, so they keep reaching what their owner reaches, as before.

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "onlyChosenAdvertisers" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Credential" ADD COLUMN "onlyChosenPublishers" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CredentialGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "credentialId" TEXT NOT NULL,
    "advertiserId" TEXT,
    "publisherId" TEXT,
    CONSTRAINT "CredentialGrant_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CredentialGrant_advertiserId_fkey" FOREIGN KEY ("advertiserId") REFERENCES "Advertiser" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CredentialGrant_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CredentialGrant_credentialId_advertiserId_key" ON "CredentialGrant"("credentialId", "advertiserId");
CREATE UNIQUE INDEX "CredentialGrant_credentialId_publisherId_key" ON "CredentialGrant"("credentialId", "publisherId");
CREATE INDEX "CredentialGrant_advertiserId_idx" ON "CredentialGrant"("advertiserId");
CREATE INDEX "CredentialGrant_publisherId_idx" ON "CredentialGrant"("publisherId");
