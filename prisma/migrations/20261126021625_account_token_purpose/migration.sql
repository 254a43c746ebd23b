-- Invitation and password-reset tokens shared one table with nothing telling them apart, so a
-- reset voided a pending invitation and either token worked for the other operation. The table
-- becomes "AccountToken" with a "purpose"; it is renamed, not recreated, so live tokens survive
-- and its row-level security (ENABLE, FORCE, policy `tenant_isolation`, from `tenant_rls`) and the
-- app role's grants, which belong to the table, stay as they are.

-- CreateEnum
CREATE TYPE "AccountTokenPurpose" AS ENUM ('PASSWORD_RESET', 'INVITATION');

-- AlterEnum (the new values are not used in this migration, so one transaction is fine on PG 12+)
ALTER TYPE "AuditAction" ADD VALUE 'TEACHER_UPDATED';
ALTER TYPE "AuditAction" ADD VALUE 'STAFF_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'STAFF_UPDATED';
ALTER TYPE "AuditAction" ADD VALUE 'GUARDIAN_UPDATED';

-- Rename the table with its constraints and indexes (Prisma's own diff drops and recreates it).
ALTER TABLE "PasswordResetToken" RENAME TO "AccountToken";
ALTER TABLE "AccountToken" RENAME CONSTRAINT "PasswordResetToken_pkey" TO "AccountToken_pkey";
ALTER TABLE "AccountToken" RENAME CONSTRAINT "PasswordResetToken_schoolId_fkey" TO "AccountToken_schoolId_fkey";
ALTER TABLE "AccountToken" RENAME CONSTRAINT "PasswordResetToken_userId_fkey" TO "AccountToken_userId_fkey";
ALTER INDEX "PasswordResetToken_tokenHash_key" RENAME TO "AccountToken_tokenHash_key";
ALTER INDEX "PasswordResetToken_schoolId_idx" RENAME TO "AccountToken_schoolId_idx";
DROP INDEX "PasswordResetToken_userId_idx";

-- Existing rows: invitations were issued for 7 days, reset links for 30 minutes, so the lifetime
-- tells them apart. Forced row-level security would hide every row from a non-superuser owner
-- (no tenant is set here), so it is lifted for the backfill and forced again in the same
-- transaction. No default afterwards: every writer must say what a token is for.
ALTER TABLE "AccountToken" ADD COLUMN "purpose" "AccountTokenPurpose" NOT NULL DEFAULT 'PASSWORD_RESET';
ALTER TABLE "AccountToken" NO FORCE ROW LEVEL SECURITY;
UPDATE "AccountToken" SET "purpose" = 'INVITATION' WHERE "expiresAt" - "createdAt" > interval '1 day';
ALTER TABLE "AccountToken" FORCE ROW LEVEL SECURITY;
ALTER TABLE "AccountToken" ALTER COLUMN "purpose" DROP DEFAULT;
CREATE INDEX "AccountToken_userId_purpose_idx" ON "AccountToken"("userId", "purpose");
