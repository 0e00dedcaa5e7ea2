-- OpenID Connect (lib/oauth): the nonce and sign-in time carried by an authorization code, and
-- the keys that sign ID tokens.

-- AlterTable
ALTER TABLE "OAuthAuthorizationCode" ADD COLUMN "nonce" TEXT,
ADD COLUMN "authTime" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwkSealed" TEXT NOT NULL,
    "currentSlot" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_currentSlot_key" ON "SigningKey"("currentSlot");

-- CreateIndex
CREATE INDEX "SigningKey_retiredAt_idx" ON "SigningKey"("retiredAt");
