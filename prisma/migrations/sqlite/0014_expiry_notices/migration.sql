-- Expiry notices (lib/notices): a user's opt-out flag (on for everyone, as before nobody was
-- mailed and the default is to be told), the per-credential-and-threshold claim, and the
-- per-recipient mail queue. New tables only; no existing row changes.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "mailExpiryNotices" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ExpiryNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "credentialId" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExpiryNotice_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExpiryMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExpiryMail_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "ExpiryNotice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExpiryMail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ExpiryNotice_credentialId_threshold_key" ON "ExpiryNotice"("credentialId", "threshold");

-- CreateIndex
CREATE INDEX "ExpiryMail_status_nextAttemptAt_idx" ON "ExpiryMail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ExpiryMail_userId_idx" ON "ExpiryMail"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExpiryMail_noticeId_userId_key" ON "ExpiryMail"("noticeId", "userId");
