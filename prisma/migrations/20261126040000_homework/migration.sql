-- CreateEnum
CREATE TYPE "HomeworkStatus" AS ENUM ('ASSIGNED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Homework" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "teacherId" UUID,
    "assignedByUserId" UUID NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "instructions" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "maxPoints" INTEGER NOT NULL,
    "allowedFileTypes" VARCHAR(127)[],
    "maxFileBytes" INTEGER NOT NULL,
    "status" "HomeworkStatus" NOT NULL DEFAULT 'ASSIGNED',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Homework_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HomeworkSubmission" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "homeworkId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "idempotencyId" VARCHAR(128) NOT NULL,
    "submittedByUserId" UUID NOT NULL,
    "text" TEXT,
    "fileKey" VARCHAR(512),
    "fileName" VARCHAR(255),
    "fileBytes" INTEGER,
    "fileType" VARCHAR(127),
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "isLate" BOOLEAN NOT NULL,
    "points" INTEGER,
    "feedback" TEXT,
    "gradedAt" TIMESTAMPTZ(3),
    "gradedByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HomeworkSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Homework_schoolId_idx" ON "Homework"("schoolId");

-- CreateIndex
CREATE INDEX "Homework_sectionId_dueAt_idx" ON "Homework"("sectionId", "dueAt");

-- CreateIndex
CREATE INDEX "Homework_teacherId_idx" ON "Homework"("teacherId");

-- CreateIndex
CREATE INDEX "HomeworkSubmission_schoolId_idx" ON "HomeworkSubmission"("schoolId");

-- CreateIndex
CREATE INDEX "HomeworkSubmission_studentId_idx" ON "HomeworkSubmission"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkSubmission_schoolId_idempotencyId_key" ON "HomeworkSubmission"("schoolId", "idempotencyId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkSubmission_homeworkId_studentId_key" ON "HomeworkSubmission"("homeworkId", "studentId");

-- AddForeignKey
ALTER TABLE "Homework" ADD CONSTRAINT "Homework_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Homework" ADD CONSTRAINT "Homework_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Homework" ADD CONSTRAINT "Homework_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Homework" ADD CONSTRAINT "Homework_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "Teacher"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkSubmission" ADD CONSTRAINT "HomeworkSubmission_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkSubmission" ADD CONSTRAINT "HomeworkSubmission_homeworkId_fkey" FOREIGN KEY ("homeworkId") REFERENCES "Homework"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkSubmission" ADD CONSTRAINT "HomeworkSubmission_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (hand-written, as in `tenant_rls`): both tables are tenant tables, forced,
-- with the one tenant policy. The app role's privileges come from the default privileges that
-- `tenant_rls` set for tables later migrations create; granted here again so the migration does not
-- depend on who ran which earlier step.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['Homework', 'HomeworkSubmission'] LOOP
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

-- Identity's read contract (see `record_ownership`) gains the user's own student record, as
-- `identity_teacher_id_of_user` gives their teacher record: a student submits homework as themself,
-- and academics must not read identity's tables to find out who that is. SECURITY INVOKER, so it
-- answers only inside the tenant transaction.
CREATE FUNCTION identity_student_id_of_user(p_user uuid)
  RETURNS uuid
  LANGUAGE sql STABLE STRICT
  AS $$ SELECT s."id" FROM "Student" s WHERE s."userId" = p_user $$;

REVOKE ALL ON FUNCTION identity_student_id_of_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_student_id_of_user(uuid) TO schools24_app;
