-- CreateEnum
CREATE TYPE "GradebookSourceKind" AS ENUM ('HOMEWORK', 'QUIZ', 'EXAM');

-- CreateEnum
CREATE TYPE "TermGradeOverrideAction" AS ENUM ('SET', 'REMOVED');

-- CreateTable
CREATE TABLE "GradingScale" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "bands" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GradingScale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubjectGradingScale" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "gradingScaleId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SubjectGradingScale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GradebookCategory" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "weightPercent" SMALLINT NOT NULL,
    "kind" "GradebookSourceKind",
    "position" SMALLINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GradebookCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GradebookAssessmentCategory" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "kind" "GradebookSourceKind" NOT NULL,
    "assessmentId" UUID NOT NULL,
    "categoryId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GradebookAssessmentCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermGradeOverride" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "label" VARCHAR(20),
    "percentage" DOUBLE PRECISION,
    "reason" VARCHAR(500) NOT NULL,
    "setByUserId" UUID NOT NULL,
    "setAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TermGradeOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermGradeOverrideEvent" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "action" "TermGradeOverrideAction" NOT NULL,
    "oldLabel" VARCHAR(20),
    "oldPercentage" DOUBLE PRECISION,
    "newLabel" VARCHAR(20),
    "newPercentage" DOUBLE PRECISION,
    "reason" VARCHAR(500) NOT NULL,
    "actorUserId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TermGradeOverrideEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GradingScale_schoolId_name_key" ON "GradingScale"("schoolId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SubjectGradingScale_subjectId_key" ON "SubjectGradingScale"("subjectId");

-- CreateIndex
CREATE INDEX "SubjectGradingScale_schoolId_idx" ON "SubjectGradingScale"("schoolId");

-- CreateIndex
CREATE INDEX "SubjectGradingScale_gradingScaleId_idx" ON "SubjectGradingScale"("gradingScaleId");

-- CreateIndex
CREATE INDEX "GradebookCategory_schoolId_idx" ON "GradebookCategory"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "GradebookCategory_sectionId_subjectId_termId_name_key" ON "GradebookCategory"("sectionId", "subjectId", "termId", "name");

-- CreateIndex
CREATE INDEX "GradebookAssessmentCategory_categoryId_idx" ON "GradebookAssessmentCategory"("categoryId");

-- CreateIndex
CREATE UNIQUE INDEX "GradebookAssessmentCategory_schoolId_kind_assessmentId_key" ON "GradebookAssessmentCategory"("schoolId", "kind", "assessmentId");

-- CreateIndex
CREATE INDEX "TermGradeOverride_schoolId_termId_idx" ON "TermGradeOverride"("schoolId", "termId");

-- CreateIndex
CREATE UNIQUE INDEX "TermGradeOverride_studentId_subjectId_termId_key" ON "TermGradeOverride"("studentId", "subjectId", "termId");

-- CreateIndex
CREATE INDEX "TermGradeOverrideEvent_schoolId_idx" ON "TermGradeOverrideEvent"("schoolId");

-- CreateIndex
CREATE INDEX "TermGradeOverrideEvent_studentId_subjectId_termId_at_idx" ON "TermGradeOverrideEvent"("studentId", "subjectId", "termId", "at");

-- AddForeignKey
ALTER TABLE "GradingScale" ADD CONSTRAINT "GradingScale_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectGradingScale" ADD CONSTRAINT "SubjectGradingScale_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectGradingScale" ADD CONSTRAINT "SubjectGradingScale_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectGradingScale" ADD CONSTRAINT "SubjectGradingScale_gradingScaleId_fkey" FOREIGN KEY ("gradingScaleId") REFERENCES "GradingScale"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookCategory" ADD CONSTRAINT "GradebookCategory_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookCategory" ADD CONSTRAINT "GradebookCategory_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookCategory" ADD CONSTRAINT "GradebookCategory_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookCategory" ADD CONSTRAINT "GradebookCategory_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookAssessmentCategory" ADD CONSTRAINT "GradebookAssessmentCategory_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradebookAssessmentCategory" ADD CONSTRAINT "GradebookAssessmentCategory_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "GradebookCategory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermGradeOverride" ADD CONSTRAINT "TermGradeOverride_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermGradeOverride" ADD CONSTRAINT "TermGradeOverride_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermGradeOverride" ADD CONSTRAINT "TermGradeOverride_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermGradeOverride" ADD CONSTRAINT "TermGradeOverride_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermGradeOverrideEvent" ADD CONSTRAINT "TermGradeOverrideEvent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (invisible to `prisma migrate diff`): at most one default scale per school, at most one
-- category per kind in a gradebook (section, subject, term).
CREATE UNIQUE INDEX "GradingScale_one_default_per_school" ON "GradingScale"("schoolId") WHERE "isDefault";
CREATE UNIQUE INDEX "GradebookCategory_one_per_kind" ON "GradebookCategory"("sectionId", "subjectId", "termId", "kind") WHERE "kind" IS NOT NULL;

-- Row-level security (hand-written, as in `tenant_rls` and `academics_exams`): tenant tables, forced,
-- with the one tenant policy.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['GradingScale', 'SubjectGradingScale', 'GradebookCategory',
    'GradebookAssessmentCategory', 'TermGradeOverride', 'TermGradeOverrideEvent'] LOOP
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

-- The override history is append-only, like identity's audit log.
REVOKE UPDATE, DELETE, TRUNCATE ON "TermGradeOverrideEvent" FROM schools24_app;
