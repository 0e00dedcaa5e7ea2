-- Usage per credential (lib/usage): requests per hour by outcome, and its last client
-- addresses and user agents.

-- CreateTable
CREATE TABLE "CredentialUsage" (
    "credentialId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("credentialId", "hour", "outcome"),
    CONSTRAINT "CredentialUsage_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CredentialClient" (
    "credentialId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("credentialId", "address", "userAgent"),
    CONSTRAINT "CredentialClient_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CredentialUsage_hour_idx" ON "CredentialUsage"("hour");

-- CreateIndex
CREATE INDEX "CredentialClient_lastSeenAt_idx" ON "CredentialClient"("lastSeenAt");
