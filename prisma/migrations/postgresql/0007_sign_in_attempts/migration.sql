-- The sign-in lock-out's counters: one bucket per account (email) and per client address,
-- reserved atomically before each password check (lib/auth/sign-in-throttle.ts).

-- CreateTable
CREATE TABLE "SignInThrottleBucket" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInThrottleBucket_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE INDEX "SignInThrottleBucket_windowStart_idx" ON "SignInThrottleBucket"("windowStart");
