-- The credential lists are ordered by (createdAt, id) within an owner or an account: the id
-- tie-break belongs in the index, or every page sorts its ties.

-- DropIndex
DROP INDEX "Credential_userId_kind_createdAt_idx";

-- DropIndex
DROP INDEX "Credential_accountId_kind_createdAt_idx";

-- CreateIndex
CREATE INDEX "Credential_userId_kind_createdAt_id_idx" ON "Credential"("userId", "kind", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Credential_accountId_kind_createdAt_id_idx" ON "Credential"("accountId", "kind", "createdAt", "id");
