-- Expiry notices (lib/notices): a user's opt-out flag (on for everyone, as before nobody was
-- mailed and the default is to be told), the per-credential-and-threshold claim, and the
-- per-recipient mail queue. New tables only; no existing row changes.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "mailExpiryNotices" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ExpiryNotice" (
    "id" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpiryNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpiryMail" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpiryMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExpiryNotice_credentialId_threshold_key" ON "ExpiryNotice"("credentialId", "threshold");

-- CreateIndex
CREATE INDEX "ExpiryMail_status_nextAttemptAt_idx" ON "ExpiryMail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ExpiryMail_userId_idx" ON "ExpiryMail"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExpiryMail_noticeId_userId_key" ON "ExpiryMail"("noticeId", "userId");

-- AddForeignKey
ALTER TABLE "ExpiryNotice" ADD CONSTRAINT "ExpiryNotice_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpiryMail" ADD CONSTRAINT "ExpiryMail_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "ExpiryNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpiryMail" ADD CONSTRAINT "ExpiryMail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
