-- Usage per credential (lib/usage): requests per hour by outcome, and its last client
-- addresses and user agents.

-- CreateTable
CREATE TABLE "CredentialUsage" (
    "credentialId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CredentialUsage_pkey" PRIMARY KEY ("credentialId","hour","outcome")
);

-- CreateTable
CREATE TABLE "CredentialClient" (
    "credentialId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CredentialClient_pkey" PRIMARY KEY ("credentialId","address","userAgent")
);

-- CreateIndex
CREATE INDEX "CredentialUsage_hour_idx" ON "CredentialUsage"("hour");

-- CreateIndex
CREATE INDEX "CredentialClient_lastSeenAt_idx" ON "CredentialClient"("lastSeenAt");

-- AddForeignKey
ALTER TABLE "CredentialUsage" ADD CONSTRAINT "CredentialUsage_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialClient" ADD CONSTRAINT "CredentialClient_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;
