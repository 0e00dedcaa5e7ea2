-- Rate limits (lib/rate-limits): requests per window (second, minute or hour) on a credential,
-- on an OAuth app (shared by all its access tokens) and as an account default. Nullable: no limit.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "rateLimit" INTEGER;
ALTER TABLE "Account" ADD COLUMN "rateLimitWindow" TEXT;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "rateLimit" INTEGER;
ALTER TABLE "Credential" ADD COLUMN "rateLimitWindow" TEXT;

-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN "rateLimit" INTEGER;
ALTER TABLE "OAuthClient" ADD COLUMN "rateLimitWindow" TEXT;
