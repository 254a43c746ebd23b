import type { EnrolmentResolvers } from '../generated/resolvers-types.js';
import { required } from './required.js';

export const enrolmentResolvers: EnrolmentResolvers = {
  __resolveReference: ({ id }, { enrolments }) => enrolments.enrolment(id),
  student: ({ studentId }) => ({ id: studentId }),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this enrolment'),
  academicYear: ({ academicYearId }, _args, { calendar }) =>
    required(calendar.academicYear(academicYearId), 'The academic year of this enrolment'),
};
