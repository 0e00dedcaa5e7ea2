-- OpenID Connect (lib/oauth): the nonce and sign-in time carried by an authorization code, and
-- the keys that sign ID tokens (one current key per account).

-- AlterTable
ALTER TABLE "OAuthAuthorizationCode" ADD COLUMN "nonce" TEXT;
ALTER TABLE "OAuthAuthorizationCode" ADD COLUMN "authTime" DATETIME;

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwkSealed" TEXT NOT NULL,
    "currentSlot" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME,
    CONSTRAINT "SigningKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_accountId_currentSlot_key" ON "SigningKey"("accountId", "currentSlot");

-- CreateIndex
CREATE INDEX "SigningKey_retiredAt_idx" ON "SigningKey"("retiredAt");
