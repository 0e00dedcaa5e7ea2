-- Signed-in browser sessions, so signing out ends one on the server (lib/auth/web-sessions.ts).

-- CreateTable
CREATE TABLE "WebSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "signedInAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "WebSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WebSession_userId_signedInAt_idx" ON "WebSession"("userId", "signedInAt");
