-- DropIndex
DROP INDEX "User_accountId_createdAt_idx";

-- CreateIndex
CREATE INDEX "User_accountId_createdAt_id_idx" ON "User"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_createdAt_id_idx" ON "AuditEvent"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_action_createdAt_id_idx" ON "AuditEvent"("accountId", "action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_actorLabel_createdAt_id_idx" ON "AuditEvent"("accountId", "actorLabel", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_actorLabel_action_createdAt_id_idx" ON "AuditEvent"("accountId", "actorLabel", "action", "createdAt", "id");
