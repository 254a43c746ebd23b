import type { TestEndpoint } from '@schools24/testkit';

type Db = TestEndpoint['resources']['db'];

/**
 * The school's sections of the current year with who teaches them and their ACTIVE students who
 * can sign in (in id order), each with their guardians' logins: what tests pick their cast from.
 */
export function currentSectionsWithPeople(db: Db, schoolId: string, academicYearId: string) {
  return db.section.findMany({
    where: { schoolId, academicYearId },
    select: {
      id: true,
      classTeacher: { select: { id: true, userId: true } },
      teachingAssignments: { select: { teacher: { select: { id: true, userId: true } } } },
      enrolments: {
        where: { status: 'ACTIVE', student: { userId: { not: null } } },
        select: {
          student: {
            select: {
              id: true,
              userId: true,
              guardians: { select: { guardian: { select: { userId: true } } } },
            },
          },
        },
        orderBy: { studentId: 'asc' },
      },
    },
    orderBy: { id: 'asc' },
  });
}

export type SectionWithPeople = Awaited<ReturnType<typeof currentSectionsWithPeople>>[number];

/** The section's first teacher who can sign in: its class teacher, else one with an assignment. */
export function signInTeacherOf(section: SectionWithPeople): { id: string; userId: string | null } | null {
  return (
    [section.classTeacher, ...section.teachingAssignments.map((assignment) => assignment.teacher)].find(
      (teacher) => teacher?.userId,
    ) ?? null
  );
}

/** A teacher with a login who neither is the section's class teacher nor has an assignment in it. */
export function teacherOutsideSection(db: Db, schoolId: string, sectionId: string) {
  return db.teacher.findFirstOrThrow({
    where: {
      schoolId,
      userId: { not: null },
      NOT: [{ classSections: { some: { id: sectionId } } }, { teachingAssignments: { some: { sectionId } } }],
    },
    select: { userId: true },
    orderBy: { id: 'asc' },
  });
}

/** A parent with a login and no child in the section (a classmate's parent may see its homework). */
export function parentOutsideSection(db: Db, schoolId: string, sectionId: string) {
  return db.guardian.findFirstOrThrow({
    where: {
      schoolId,
      userId: { not: null },
      students: {
        some: {},
        none: { student: { enrolments: { some: { sectionId, status: 'ACTIVE' } } } },
      },
    },
    select: { userId: true },
    orderBy: { id: 'asc' },
  });
}
