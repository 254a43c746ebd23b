-- AlterTable
ALTER TABLE "Homework" ADD COLUMN     "cancelledAt" TIMESTAMPTZ(3),
ADD COLUMN     "cancelledByUserId" UUID,
ADD COLUMN     "lateCutoffDays" INTEGER,
ADD COLUMN     "latePenaltyMaxPercent" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "latePenaltyPercentPerDay" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "HomeworkSubmission" ADD COLUMN     "latePenaltyPercent" INTEGER,
ADD COLUMN     "rawPoints" INTEGER;

-- CreateTable
CREATE TABLE "HomeworkExcusal" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "homeworkId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "reason" VARCHAR(500),
    "excusedByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HomeworkExcusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HomeworkExcusal_schoolId_idx" ON "HomeworkExcusal"("schoolId");

-- CreateIndex
CREATE INDEX "HomeworkExcusal_studentId_idx" ON "HomeworkExcusal"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkExcusal_homeworkId_studentId_key" ON "HomeworkExcusal"("homeworkId", "studentId");

-- AddForeignKey
ALTER TABLE "HomeworkExcusal" ADD CONSTRAINT "HomeworkExcusal_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkExcusal" ADD CONSTRAINT "HomeworkExcusal_homeworkId_fkey" FOREIGN KEY ("homeworkId") REFERENCES "Homework"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkExcusal" ADD CONSTRAINT "HomeworkExcusal_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Grades given before late penalties existed were given without one.
UPDATE "HomeworkSubmission" SET "rawPoints" = "points", "latePenaltyPercent" = 0 WHERE "points" IS NOT NULL;

-- Row-level security (hand-written, as in `tenant_rls`): a tenant table, forced, with the one
-- tenant policy; privileges granted here too, as in `homework`.
ALTER TABLE "HomeworkExcusal" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "HomeworkExcusal" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "HomeworkExcusal"
  USING ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid)
  WITH CHECK ("schoolId" = NULLIF(current_setting('app.school_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "HomeworkExcusal" TO schools24_app;
