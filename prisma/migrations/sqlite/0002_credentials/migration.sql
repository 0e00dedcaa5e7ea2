-- AlterTable
ALTER TABLE "Account" ADD COLUMN "authTokenCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" TEXT,
    "createdById" TEXT,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "scopes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "expiresAt" DATETIME,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "requestId" TEXT,
    "accountKeyOf" TEXT,
    CONSTRAINT "Credential_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Credential_secretHash_key" ON "Credential"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_accountKeyOf_key" ON "Credential"("accountKeyOf");

-- CreateIndex
CREATE INDEX "Credential_userId_kind_createdAt_idx" ON "Credential"("userId", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "Credential_accountId_kind_createdAt_idx" ON "Credential"("accountId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_createdById_requestId_key" ON "Credential"("createdById", "requestId");
