-- A credential's history (its detail page): when it was first used, set once by the batched
-- last-used writer (lib/verifier/last-used.ts); null for credentials never used since.
-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "firstUsedAt" DATETIME;

-- One credential's audit events, newest first (its history, and the Audit Log's ?credential=).
-- CreateIndex
CREATE INDEX "AuditEvent_accountId_targetId_createdAt_id_idx" ON "AuditEvent"("accountId", "targetId", "createdAt", "id");
