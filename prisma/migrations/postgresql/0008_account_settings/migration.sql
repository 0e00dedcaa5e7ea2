-- API Settings per account. The installation-wide value (Setting "api"), if one was saved,
-- becomes every existing account's own, so nothing changes for anyone on upgrade.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "allowQueryTokens" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Account" ADD COLUMN "allowTokenExchange" BOOLEAN NOT NULL DEFAULT true;

-- Carry over
UPDATE "Account" SET
    "allowQueryTokens" = COALESCE((SELECT ("value"::jsonb ->> 'allowQueryTokens')::boolean FROM "Setting" WHERE "key" = 'api'), true),
    "allowTokenExchange" = COALESCE((SELECT ("value"::jsonb ->> 'allowTokenExchange')::boolean FROM "Setting" WHERE "key" = 'api'), true);
DELETE FROM "Setting" WHERE "key" = 'api';
