-- AlterTable
ALTER TABLE "Homework" ADD COLUMN     "rubric" JSONB;

-- AlterTable
ALTER TABLE "HomeworkSubmission" ADD COLUMN     "rubricChoices" JSONB;
