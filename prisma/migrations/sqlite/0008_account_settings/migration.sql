-- API Settings per account. The installation-wide value (Setting "api"), if one was saved,
-- becomes every existing account's own, so nothing changes for anyone on upgrade.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "allowQueryTokens" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Account" ADD COLUMN "allowTokenExchange" BOOLEAN NOT NULL DEFAULT true;

-- Carry over (json_extract gives 1/0 for a JSON true/false, NULL when the field is missing)
UPDATE "Account" SET
    "allowQueryTokens" = COALESCE((SELECT json_extract("value", '$.allowQueryTokens') FROM "Setting" WHERE "key" = 'api' AND json_valid("value")), 1),
    "allowTokenExchange" = COALESCE((SELECT json_extract("value", '$.allowTokenExchange') FROM "Setting" WHERE "key" = 'api' AND json_valid("value")), 1);
DELETE FROM "Setting" WHERE "key" = 'api';
