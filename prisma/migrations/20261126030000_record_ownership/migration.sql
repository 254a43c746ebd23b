-- Record ownership across domains: who may see which students and sections. Hand-written (Prisma's
-- schema cannot express functions; `prisma migrate diff` does not see them).
--
-- Each subgraph owns its tables and never reads another's. Ownership rules still cross domains: a
-- teacher's students are an academics fact (sections, assignments, enrolments), a parent's
-- children and a student's own record are identity facts, and each side must enforce both. So each
-- domain publishes the facts as SQL functions, its read contract for the others:
--
-- * identity:  identity_teacher_id_of_user(user), identity_student_ids_of_user(user)
--              (the user's own student record and the students they are a linked guardian of)
-- * academics: academics_section_ids_taught_by_user(user)
--              (sections the user is class teacher of, or has a teaching assignment in; any year)
--              academics_student_ids_taught_by_user(user)
--              (students ACTIVE-ly enrolled in such a section in the current academic year)
--
-- They are SECURITY INVOKER: row-level security applies to the caller, so they answer only inside
-- the tenant transaction (`app.school_id`), and outside it they return nothing.

CREATE FUNCTION identity_teacher_id_of_user(p_user uuid)
  RETURNS uuid
  LANGUAGE sql STABLE STRICT
  AS $$ SELECT t."id" FROM "Teacher" t WHERE t."userId" = p_user $$;

CREATE FUNCTION identity_student_ids_of_user(p_user uuid)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT s."id" FROM "Student" s WHERE s."userId" = p_user
    UNION
    SELECT sg."studentId"
      FROM "StudentGuardian" sg
      JOIN "Guardian" g ON g."id" = sg."guardianId"
     WHERE g."userId" = p_user
  $$;

CREATE FUNCTION academics_section_ids_taught_by_user(p_user uuid)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT s."id" FROM "Section" s WHERE s."classTeacherId" = identity_teacher_id_of_user(p_user)
    UNION
    SELECT ta."sectionId" FROM "TeachingAssignment" ta WHERE ta."teacherId" = identity_teacher_id_of_user(p_user)
  $$;

CREATE FUNCTION academics_student_ids_taught_by_user(p_user uuid)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT DISTINCT e."studentId"
      FROM "Enrolment" e
      JOIN "AcademicYear" y ON y."id" = e."academicYearId" AND y."isCurrent"
     WHERE e."status" = 'ACTIVE'
       AND e."sectionId" IN (SELECT academics_section_ids_taught_by_user(p_user))
  $$;

REVOKE ALL ON FUNCTION
  identity_teacher_id_of_user(uuid),
  identity_student_ids_of_user(uuid),
  academics_section_ids_taught_by_user(uuid),
  academics_student_ids_taught_by_user(uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  identity_teacher_id_of_user(uuid),
  identity_student_ids_of_user(uuid),
  academics_section_ids_taught_by_user(uuid),
  academics_student_ids_taught_by_user(uuid)
  TO schools24_app;
