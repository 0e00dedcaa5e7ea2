-- OpenID Connect (lib/oauth): the nonce and sign-in time carried by an authorization code, and
-- the keys that sign ID tokens (one current key per account).

-- AlterTable
ALTER TABLE "OAuthAuthorizationCode" ADD COLUMN "nonce" TEXT,
ADD COLUMN "authTime" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwkSealed" TEXT NOT NULL,
    "currentSlot" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_accountId_currentSlot_key" ON "SigningKey"("accountId", "currentSlot");

-- CreateIndex
CREATE INDEX "SigningKey_retiredAt_idx" ON "SigningKey"("retiredAt");

-- AddForeignKey
ALTER TABLE "SigningKey" ADD CONSTRAINT "SigningKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
