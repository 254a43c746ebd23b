-- AlterTable
ALTER TABLE "Homework" ADD COLUMN     "allowResubmission" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "HomeworkSubmission" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "HomeworkSubmissionVersion" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "homeworkId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "idempotencyId" VARCHAR(128) NOT NULL,
    "submittedByUserId" UUID NOT NULL,
    "text" TEXT,
    "fileKey" VARCHAR(512),
    "fileName" VARCHAR(255),
    "fileBytes" INTEGER,
    "fileType" VARCHAR(127),
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "isLate" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HomeworkSubmissionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HomeworkSubmissionVersion_schoolId_idx" ON "HomeworkSubmissionVersion"("schoolId");

-- CreateIndex
CREATE INDEX "HomeworkSubmissionVersion_studentId_idx" ON "HomeworkSubmissionVersion"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkSubmissionVersion_homeworkId_studentId_version_key" ON "HomeworkSubmissionVersion"("homeworkId", "studentId", "version");

-- AddForeignKey
ALTER TABLE "HomeworkSubmissionVersion" ADD CONSTRAINT "HomeworkSubmissionVersion_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkSubmissionVersion" ADD CONSTRAINT "HomeworkSubmissionVersion_homeworkId_fkey" FOREIGN KEY ("homeworkId") REFERENCES "Homework"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkSubmissionVersion" ADD CONSTRAINT "HomeworkSubmissionVersion_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (hand-written, as in `tenant_rls`): a tenant table, forced, with the one
-- tenant policy; privileges granted here too, as in `homework`.
ALTER TABLE "HomeworkSubmissionVersion" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "HomeworkSubmissionVersion" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "HomeworkSubmissionVersion"
  USING ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid)
  WITH CHECK ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "HomeworkSubmissionVersion" TO schools24_app;
