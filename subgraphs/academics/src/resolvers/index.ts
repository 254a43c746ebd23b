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
  homeworkMutationResolvers,
  homeworkResolvers,
  homeworkSubmissionResolvers,
  homeworkUploadResolvers,
  submittedFileResolvers,
} from './homework.js';
import {
  examMarkResolvers,
  examMutationResolvers,
  examPaperResolvers,
  examPaperResultResolvers,
  examQueryResolvers,
  examResolvers,
  examResultResolvers,
  hallTicketResolvers,
  sectionExamStatisticsResolvers,
  subjectExamStatisticsResolvers,
} from './exams.js';
import { queryResolvers } from './query.js';
import { rolloverProblemResolvers, structureAdminMutationResolvers } from './structure-admin.js';
import {
  gradeResolvers,
  sectionResolvers,
  subjectResolvers,
  teachingAssignmentResolvers,
} from './structure.js';

export const resolvers: Resolvers = {
  Query: { ...queryResolvers, ...failedSubmissionQueryResolvers, ...examQueryResolvers },
  Mutation: {
    ...homeworkMutationResolvers,
    ...failedSubmissionMutationResolvers,
    ...structureAdminMutationResolvers,
    ...examMutationResolvers,
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
  Student: studentResolvers,
  Teacher: teacherResolvers,
  Homework: homeworkResolvers,
  HomeworkSubmission: homeworkSubmissionResolvers,
  SubmittedFile: submittedFileResolvers,
  HomeworkUpload: homeworkUploadResolvers,
  Exam: examResolvers,
  ExamPaper: examPaperResolvers,
  ExamMark: examMarkResolvers,
  HallTicket: hallTicketResolvers,
  ExamResult: examResultResolvers,
  ExamPaperResult: examPaperResultResolvers,
  SectionExamStatistics: sectionExamStatisticsResolvers,
  SubjectExamStatistics: subjectExamStatisticsResolvers,
};
