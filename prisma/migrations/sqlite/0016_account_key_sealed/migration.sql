-- The account API key is kept sealed too (AES-256-GCM, lib/credentials/seal.ts), so a super
-- admin can reveal and copy it again as TrackVia allows; the HMAC in secretHash still does the
-- verifying. Nullable: keys generated before this migration were never sealed and stay so.

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "sealedSecret" TEXT;
