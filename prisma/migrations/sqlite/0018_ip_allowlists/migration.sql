-- IP allowlists (lib/allowlists/): CIDR ranges, one per line, on a credential, on an OAuth app
-- (for its access tokens) and as the account's default. Null everywhere: existing credentials
-- keep being accepted from any address, as before. Report only defaults to false.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "ipAllowlist" TEXT;
ALTER TABLE "Account" ADD COLUMN "ipAllowlistReportOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "ipAllowlist" TEXT;
ALTER TABLE "Credential" ADD COLUMN "ipAllowlistReportOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN "ipAllowlist" TEXT;
ALTER TABLE "OAuthClient" ADD COLUMN "ipAllowlistReportOnly" BOOLEAN NOT NULL DEFAULT false;
