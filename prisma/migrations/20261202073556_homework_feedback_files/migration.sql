-- AlterTable
ALTER TABLE "HomeworkSubmission" ADD COLUMN     "feedbackFiles" JSONB;
