import type { StudentResolvers, TeacherResolvers } from '../generated/resolvers-types.js';

/**
 * Identity owns students and teachers; academics only knows their ids. A reference resolves without
 * a database read: an id of another school simply has no enrolments or sections here, because every
 * loader is scoped to the request's tenant.
 */
export interface StudentReference {
  id: string;
}

/** See StudentReference. */
export interface TeacherReference {
  id: string;
}

export const studentResolvers: StudentResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  enrolments: ({ id }, _args, { enrolments }) => enrolments.enrolmentsOf(id),
  currentEnrolment: ({ id }, _args, { enrolments }) => enrolments.currentEnrolmentOf(id),
  currentSection: async ({ id }, _args, { enrolments, structure }) => {
    const enrolment = await enrolments.currentEnrolmentOf(id);
    return enrolment ? structure.section(enrolment.sectionId) : null;
  },
};

export const teacherResolvers: TeacherResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  classSections: ({ id }, { academicYearId }, { structure }) => structure.classSectionsOf(id, academicYearId),
  teachingAssignments: ({ id }, { academicYearId }, { structure }) =>
    structure.teachingAssignmentsOf(id, academicYearId),
};
