-- Retention and issuance limits: per-key issuance windows (token exchanges per user, OAuth
-- access tokens per client), a lease so one instance at a time runs the retention job, and
-- the indexes that job uses to find credentials expired or revoked long ago.

-- CreateTable
CREATE TABLE "IssuanceWindow" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowEnd" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IssuanceWindow_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "IssuanceWindow_windowEnd_idx" ON "IssuanceWindow"("windowEnd");

-- CreateIndex
CREATE INDEX "Credential_expiresAt_idx" ON "Credential"("expiresAt");

-- CreateIndex
CREATE INDEX "Credential_revokedAt_idx" ON "Credential"("revokedAt");
