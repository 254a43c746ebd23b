-- CreateEnum
CREATE TYPE "ReportCardStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "ReportCardBatch" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "studentId" UUID,
    "status" "ReportCardStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "requestedByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportCardBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportCard" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "ReportCardStatus" NOT NULL DEFAULT 'QUEUED',
    "objectKey" VARCHAR(300) NOT NULL,
    "byteSize" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" VARCHAR(500),
    "generatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportCardRemark" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "subjectId" UUID,
    "text" VARCHAR(2000) NOT NULL,
    "authorUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportCardRemark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportCardBatch_schoolId_createdAt_idx" ON "ReportCardBatch"("schoolId", "createdAt");

-- CreateIndex
CREATE INDEX "ReportCardBatch_termId_idx" ON "ReportCardBatch"("termId");

-- CreateIndex
CREATE INDEX "ReportCardBatch_sectionId_idx" ON "ReportCardBatch"("sectionId");

-- CreateIndex
CREATE INDEX "ReportCard_schoolId_idx" ON "ReportCard"("schoolId");

-- CreateIndex
CREATE INDEX "ReportCard_termId_studentId_generatedAt_idx" ON "ReportCard"("termId", "studentId", "generatedAt");

-- CreateIndex
CREATE INDEX "ReportCard_studentId_idx" ON "ReportCard"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportCard_batchId_studentId_key" ON "ReportCard"("batchId", "studentId");

-- CreateIndex
CREATE INDEX "ReportCardRemark_schoolId_idx" ON "ReportCardRemark"("schoolId");

-- CreateIndex
CREATE INDEX "ReportCardRemark_studentId_idx" ON "ReportCardRemark"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportCardRemark_termId_studentId_subjectId_key" ON "ReportCardRemark"("termId", "studentId", "subjectId");

-- AddForeignKey
ALTER TABLE "ReportCardBatch" ADD CONSTRAINT "ReportCardBatch_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardBatch" ADD CONSTRAINT "ReportCardBatch_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardBatch" ADD CONSTRAINT "ReportCardBatch_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCard" ADD CONSTRAINT "ReportCard_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCard" ADD CONSTRAINT "ReportCard_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ReportCardBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCard" ADD CONSTRAINT "ReportCard_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardRemark" ADD CONSTRAINT "ReportCardRemark_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardRemark" ADD CONSTRAINT "ReportCardRemark_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardRemark" ADD CONSTRAINT "ReportCardRemark_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportCardRemark" ADD CONSTRAINT "ReportCardRemark_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written from here (Prisma's schema cannot express these).

-- One general remark (no subject) per term and student: the unique key above treats NULLs as
-- distinct, so it holds only for per-subject remarks.
CREATE UNIQUE INDEX "ReportCardRemark_termId_studentId_general_key"
  ON "ReportCardRemark"("termId", "studentId") WHERE "subjectId" IS NULL;

-- Identity's read contract grows by what a report card prints (see migration `record_ownership`):
-- the school's name and logo (an object key in the school's settings, `logoObjectKey`, when set)
-- and students' names and admission numbers. SECURITY INVOKER: they answer only inside the tenant.
CREATE FUNCTION identity_school_letterhead()
  RETURNS TABLE ("name" text, "logoObjectKey" text)
  LANGUAGE sql STABLE
  AS $$
    SELECT s."name"::text, NULLIF(s."settings" ->> 'logoObjectKey', '')
      FROM "School" s
     WHERE s."id" = NULLIF(current_setting('app.school_id', true), '')::uuid
  $$;

CREATE FUNCTION identity_student_names(p_ids uuid[])
  RETURNS TABLE ("id" uuid, "givenName" text, "familyName" text, "admissionNumber" text)
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT s."id", s."givenName"::text, s."familyName"::text, s."admissionNumber"::text
      FROM "Student" s WHERE s."id" = ANY (p_ids)
  $$;

REVOKE ALL ON FUNCTION identity_school_letterhead(), identity_student_names(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_school_letterhead(), identity_student_names(uuid[]) TO schools24_app;

-- Row-level security (as in `tenant_rls`): tenant tables, forced, with the one tenant policy.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['ReportCardBatch', 'ReportCard', 'ReportCardRemark'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I'
      ' USING ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)'
      ' WITH CHECK ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)',
      tenant_table);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO schools24_app', tenant_table);
  END LOOP;
END $$;
