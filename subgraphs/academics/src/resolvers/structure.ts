import type {
  GradeResolvers,
  SectionResolvers,
  SubjectResolvers,
  TeachingAssignmentResolvers,
} from '../generated/resolvers-types.js';
import { required } from './required.js';
import { sectionDisplayName } from './section-display-name.js';

export const gradeResolvers: GradeResolvers = {
  __resolveReference: ({ id }, { structure }) => structure.grade(id),
  sections: ({ id }, { academicYearId }, { structure }) =>
    structure.sections({ academicYearId, gradeId: id }),
};

export const sectionResolvers: SectionResolvers = {
  __resolveReference: ({ id }, { structure }) => structure.section(id),
  displayName: async (section, _args, { structure }) =>
    sectionDisplayName(
      section,
      await required(structure.grade(section.gradeId), 'The grade of this section'),
    ),
  grade: ({ gradeId }, _args, { structure }) =>
    required(structure.grade(gradeId), 'The grade of this section'),
  academicYear: ({ academicYearId }, _args, { calendar }) =>
    required(calendar.academicYear(academicYearId), 'The academic year of this section'),
  classTeacher: ({ classTeacherId }) => (classTeacherId ? { id: classTeacherId } : null),
  teachingAssignments: ({ id }, _args, { structure }) => structure.teachingAssignmentsOfSection(id),
  // The SDL defaults `status` to ACTIVE, so it is only null when the client asked for every status.
  enrolments: ({ id }, { status, ...page }, { enrolments }) =>
    enrolments.sectionRoster(id, { ...page, status: status ?? null }),
  homework: ({ id }, { status, ...page }, { homework }) =>
    homework.sectionHomework(id, { ...page, status: status ?? null }),
};

export const subjectResolvers: SubjectResolvers = {
  __resolveReference: ({ id }, { structure }) => structure.subject(id),
};

export const teachingAssignmentResolvers: TeachingAssignmentResolvers = {
  teacher: ({ teacherId }) => ({ id: teacherId }),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this teaching assignment'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this teaching assignment'),
};
