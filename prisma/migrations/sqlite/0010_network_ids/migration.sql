-- Advertisers and publishers keyed by the network's own ids (Invoca's id_from_network), with
-- Invoca's approval_status, and names unique within the network.

-- AlterTable (SQLite cannot drop a column default without rebuilding the table, which the users'
-- RESTRICT references forbid inside the migration's transaction; Keyward always writes both
-- columns, so the '' defaults are never used after this migration)
ALTER TABLE "Advertiser" ADD COLUMN "idFromNetwork" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Advertiser" ADD COLUMN "nameKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Advertiser" ADD COLUMN "approvalStatus" TEXT NOT NULL DEFAULT 'Approved';

-- Existing rows keep their generated id as their network id, so every URL that worked still works.
-- nameKey is the name folded as lib/organizations/name-key.ts folds it: lower case, and LIKE's
-- % _ \ as the private-use characters U+E025, U+E05F, U+E05C.
UPDATE "Advertiser" SET "idFromNetwork" = "id", "nameKey" = replace(replace(replace(lower("name"), '\', char(57436)), '%', char(57381)), '_', char(57439));

-- Names become unique within the network, regardless of case: a name that was shared gets its id
-- appended on every row but the oldest-id one, so nothing is lost.
UPDATE "Advertiser" SET "name" = "name" || ' (' || "id" || ')', "nameKey" = replace(replace(replace(lower("name" || ' (' || "id" || ')'), '\', char(57436)), '%', char(57381)), '_', char(57439))
WHERE EXISTS (
    SELECT 1 FROM "Advertiser" AS other
    WHERE other."accountId" = "Advertiser"."accountId" AND other."nameKey" = "Advertiser"."nameKey" AND other."id" < "Advertiser"."id"
);

-- CreateIndex
CREATE UNIQUE INDEX "Advertiser_accountId_idFromNetwork_key" ON "Advertiser"("accountId", "idFromNetwork");

-- CreateIndex
CREATE UNIQUE INDEX "Advertiser_accountId_nameKey_key" ON "Advertiser"("accountId", "nameKey");

-- AlterTable (SQLite cannot drop a column default without rebuilding the table, which the users'
-- RESTRICT references forbid inside the migration's transaction; Keyward always writes both
-- columns, so the '' defaults are never used after this migration)
ALTER TABLE "Publisher" ADD COLUMN "idFromNetwork" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Publisher" ADD COLUMN "nameKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Publisher" ADD COLUMN "approvalStatus" TEXT NOT NULL DEFAULT 'Approved';

-- Existing rows keep their generated id as their network id, so every URL that worked still works.
UPDATE "Publisher" SET "idFromNetwork" = "id", "nameKey" = replace(replace(replace(lower("name"), '\', char(57436)), '%', char(57381)), '_', char(57439));

-- Names become unique within the network, regardless of case: a name that was shared gets its id
-- appended on every row but the oldest-id one, so nothing is lost.
UPDATE "Publisher" SET "name" = "name" || ' (' || "id" || ')', "nameKey" = replace(replace(replace(lower("name" || ' (' || "id" || ')'), '\', char(57436)), '%', char(57381)), '_', char(57439))
WHERE EXISTS (
    SELECT 1 FROM "Publisher" AS other
    WHERE other."accountId" = "Publisher"."accountId" AND other."nameKey" = "Publisher"."nameKey" AND other."id" < "Publisher"."id"
);

-- CreateIndex
CREATE UNIQUE INDEX "Publisher_accountId_idFromNetwork_key" ON "Publisher"("accountId", "idFromNetwork");

-- CreateIndex
CREATE UNIQUE INDEX "Publisher_accountId_nameKey_key" ON "Publisher"("accountId", "nameKey");

