-- AlterEnum
ALTER TYPE "EnrolmentStatus" ADD VALUE 'PROMOTED';

-- AlterTable
ALTER TABLE "Term" ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "closedByUserId" UUID;

-- Hand-written: partial unique indexes (the Prisma schema cannot express them, and `migrate diff`
-- leaves them alone, so the drift test stays green). The services check both rules first and answer
-- with a userError; these make the rules hold even for two requests racing each other.

-- At most one current academic year per school.
CREATE UNIQUE INDEX "AcademicYear_schoolId_current_key" ON "AcademicYear"("schoolId") WHERE "isCurrent";

-- At most one ACTIVE enrolment per student and academic year (a transfer ends one before the next).
CREATE UNIQUE INDEX "Enrolment_studentId_academicYearId_active_key" ON "Enrolment"("studentId", "academicYearId") WHERE "status" = 'ACTIVE';

-- Identity's read contract grows by two facts academics needs before it links a record to a person
-- (see migration `record_ownership`): which of these ids are students / teachers of the school.
-- Foreign keys are checked without row-level security, so a foreign key alone would accept another
-- school's student; these are SECURITY INVOKER, so they see only the tenant's rows.
CREATE FUNCTION identity_existing_student_ids(p_ids uuid[])
  RETURNS SETOF uuid
  LANGUAGE sql STABLE STRICT
  AS $$ SELECT s."id" FROM "Student" s WHERE s."id" = ANY (p_ids) $$;

CREATE FUNCTION identity_existing_teacher_ids(p_ids uuid[])
  RETURNS SETOF uuid
  LANGUAGE sql STABLE STRICT
  AS $$ SELECT t."id" FROM "Teacher" t WHERE t."id" = ANY (p_ids) $$;

REVOKE ALL ON FUNCTION identity_existing_student_ids(uuid[]), identity_existing_teacher_ids(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_existing_student_ids(uuid[]), identity_existing_teacher_ids(uuid[]) TO schools24_app;
