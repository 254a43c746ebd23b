import type { Resolvers } from '../generated/resolvers-types.js';
import { academicYearResolvers, termResolvers } from './calendar.js';
import { enrolmentResolvers } from './enrolment.js';
import {
  failedHomeworkSubmissionConnectionResolvers,
  failedHomeworkSubmissionResolvers,
  failedSubmissionMutationResolvers,
  failedSubmissionQueryResolvers,
} from './failed-submissions.js';
import { studentResolvers, teacherResolvers } from './entity-references.js';
import {
  homeworkExcusalResolvers,
  homeworkSubmissionVersionResolvers,
  homeworkQueryResolvers,
  studentHomeworkResolvers,
  homeworkMutationResolvers,
  homeworkResolvers,
  homeworkSubmissionResolvers,
  homeworkUploadResolvers,
  submittedFileResolvers,
} from './homework.js';
import { queryResolvers } from './query.js';
import { rolloverProblemResolvers, structureAdminMutationResolvers } from './structure-admin.js';
import {
  gradeResolvers,
  sectionResolvers,
  subjectResolvers,
  teachingAssignmentResolvers,
} from './structure.js';

export const resolvers: Resolvers = {
  Query: { ...queryResolvers, ...failedSubmissionQueryResolvers, ...homeworkQueryResolvers },
  Mutation: {
    ...homeworkMutationResolvers,
    ...failedSubmissionMutationResolvers,
    ...structureAdminMutationResolvers,
  },
  RolloverProblem: rolloverProblemResolvers,
  FailedHomeworkSubmission: failedHomeworkSubmissionResolvers,
  FailedHomeworkSubmissionConnection: failedHomeworkSubmissionConnectionResolvers,
  AcademicYear: academicYearResolvers,
  Term: termResolvers,
  Grade: gradeResolvers,
  Section: sectionResolvers,
  Subject: subjectResolvers,
  TeachingAssignment: teachingAssignmentResolvers,
  Enrolment: enrolmentResolvers,
  Student: { ...studentResolvers, ...studentHomeworkResolvers },
  Teacher: teacherResolvers,
  Homework: homeworkResolvers,
  HomeworkSubmission: homeworkSubmissionResolvers,
  HomeworkExcusal: homeworkExcusalResolvers,
  HomeworkSubmissionVersion: homeworkSubmissionVersionResolvers,
  SubmittedFile: submittedFileResolvers,
  HomeworkUpload: homeworkUploadResolvers,
};
