-- CreateEnum
CREATE TYPE "QuestionType" AS ENUM ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'NUMERIC', 'SHORT_ANSWER', 'MATCHING', 'ORDERING', 'ESSAY');

-- CreateEnum
CREATE TYPE "QuizResultsRelease" AS ENUM ('IMMEDIATELY', 'AFTER_CLOSE', 'MANUAL');

-- CreateTable
CREATE TABLE "Question" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "subjectId" UUID,
    "createdByUserId" UUID NOT NULL,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "type" "QuestionType" NOT NULL,
    "tags" VARCHAR(50)[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionVersion" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "type" "QuestionType" NOT NULL,
    "prompt" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "tags" VARCHAR(50)[],
    "difficulty" SMALLINT NOT NULL,
    "createdByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Quiz" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "createdByUserId" UUID NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "instructions" TEXT NOT NULL,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "timeLimitSeconds" INTEGER,
    "maxAttempts" SMALLINT NOT NULL,
    "shuffleQuestions" BOOLEAN NOT NULL,
    "shuffleOptions" BOOLEAN NOT NULL,
    "resultsRelease" "QuizResultsRelease" NOT NULL,
    "resultsReleasedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Quiz_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizItem" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "quizId" UUID NOT NULL,
    "questionVersionId" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "points" SMALLINT NOT NULL,

    CONSTRAINT "QuizItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "quizId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "number" SMALLINT NOT NULL,
    "seed" VARCHAR(64) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "deadlineAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "QuizAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizSubmission" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "idempotencyId" VARCHAR(128) NOT NULL,
    "submittedByUserId" UUID NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuizSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizAnswer" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "quizItemId" UUID NOT NULL,
    "response" JSONB NOT NULL,
    "points" DOUBLE PRECISION,
    "feedback" TEXT,
    "gradedByUserId" UUID,
    "gradedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "QuizAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_schoolId_subjectId_idx" ON "Question"("schoolId", "subjectId");

-- CreateIndex
CREATE INDEX "Question_schoolId_createdAt_idx" ON "Question"("schoolId", "createdAt");

-- CreateIndex
CREATE INDEX "QuestionVersion_schoolId_idx" ON "QuestionVersion"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionVersion_questionId_version_key" ON "QuestionVersion"("questionId", "version");

-- CreateIndex
CREATE INDEX "Quiz_schoolId_idx" ON "Quiz"("schoolId");

-- CreateIndex
CREATE INDEX "Quiz_sectionId_opensAt_idx" ON "Quiz"("sectionId", "opensAt");

-- CreateIndex
CREATE INDEX "QuizItem_schoolId_idx" ON "QuizItem"("schoolId");

-- CreateIndex
CREATE INDEX "QuizItem_questionVersionId_idx" ON "QuizItem"("questionVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizItem_quizId_position_key" ON "QuizItem"("quizId", "position");

-- CreateIndex
CREATE INDEX "QuizAttempt_schoolId_idx" ON "QuizAttempt"("schoolId");

-- CreateIndex
CREATE INDEX "QuizAttempt_studentId_idx" ON "QuizAttempt"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_quizId_studentId_number_key" ON "QuizAttempt"("quizId", "studentId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "QuizSubmission_attemptId_key" ON "QuizSubmission"("attemptId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizSubmission_schoolId_idempotencyId_key" ON "QuizSubmission"("schoolId", "idempotencyId");

-- CreateIndex
CREATE INDEX "QuizAnswer_schoolId_idx" ON "QuizAnswer"("schoolId");

-- CreateIndex
CREATE INDEX "QuizAnswer_quizItemId_idx" ON "QuizAnswer"("quizItemId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAnswer_attemptId_quizItemId_key" ON "QuizAnswer"("attemptId", "quizItemId");

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionVersion" ADD CONSTRAINT "QuestionVersion_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Quiz" ADD CONSTRAINT "Quiz_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Quiz" ADD CONSTRAINT "Quiz_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Quiz" ADD CONSTRAINT "Quiz_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizItem" ADD CONSTRAINT "QuizItem_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizItem" ADD CONSTRAINT "QuizItem_questionVersionId_fkey" FOREIGN KEY ("questionVersionId") REFERENCES "QuestionVersion"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAttempt" ADD CONSTRAINT "QuizAttempt_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAttempt" ADD CONSTRAINT "QuizAttempt_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizSubmission" ADD CONSTRAINT "QuizSubmission_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_quizItemId_fkey" FOREIGN KEY ("quizItemId") REFERENCES "QuizItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (hand-written, as in `tenant_rls`): every quiz table is a tenant table, forced,
-- with the one tenant policy; privileges granted again so the migration does not depend on who ran
-- which earlier step.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['Question', 'QuestionVersion', 'Quiz', 'QuizItem', 'QuizAttempt',
                                      'QuizSubmission', 'QuizAnswer'] LOOP
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
