-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGOUT', 'LOGOUT_EVERYWHERE', 'PASSWORD_CHANGED', 'PASSWORD_RESET', 'USER_CREATED', 'USER_INVITED', 'INVITATION_ACCEPTED', 'USER_DISABLED', 'USER_ENABLED', 'ROLE_GRANTED', 'ROLE_REVOKED', 'STUDENT_CREATED', 'STUDENT_UPDATED', 'TEACHER_CREATED', 'GUARDIAN_CREATED', 'GUARDIAN_LINKED', 'GUARDIAN_LINK_UPDATED', 'GUARDIAN_UNLINKED', 'STUDENTS_IMPORTED', 'DATA_EXPORTED');

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" "AuditAction" NOT NULL,
    "actorUserId" UUID,
    "actorSchoolId" UUID,
    "targetType" VARCHAR(32),
    "targetId" UUID,
    "ip" VARCHAR(64),
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_schoolId_occurredAt_id_idx" ON "AuditEvent"("schoolId", "occurredAt" DESC, "id");

-- CreateIndex
CREATE INDEX "AuditEvent_schoolId_targetId_idx" ON "AuditEvent"("schoolId", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_schoolId_actorUserId_idx" ON "AuditEvent"("schoolId", "actorUserId");

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (hand-written, as in `tenant_rls`): the app sees and writes only the rows of
-- the school its transaction names.
ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "AuditEvent"
  USING ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid)
  WITH CHECK ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid);

-- Append-only for the app: it may add and read events, never change or delete them. (Deleting a
-- school, as the owner, still cascades.)
GRANT SELECT, INSERT ON "AuditEvent" TO schools24_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM schools24_app;
