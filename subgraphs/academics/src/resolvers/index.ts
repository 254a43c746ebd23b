import type { Resolvers } from '../generated/resolvers-types.js';
import { academicYearResolvers, termResolvers } from './calendar.js';
import { enrolmentResolvers } from './enrolment.js';
import { studentResolvers, teacherResolvers } from './entity-references.js';
import { queryResolvers } from './query.js';
import {
  gradeResolvers,
  sectionResolvers,
  subjectResolvers,
  teachingAssignmentResolvers,
} from './structure.js';

export const resolvers: Resolvers = {
  Query: queryResolvers,
  AcademicYear: academicYearResolvers,
  Term: termResolvers,
  Grade: gradeResolvers,
  Section: sectionResolvers,
  Subject: subjectResolvers,
  TeachingAssignment: teachingAssignmentResolvers,
  Enrolment: enrolmentResolvers,
  Student: studentResolvers,
  Teacher: teacherResolvers,
};
