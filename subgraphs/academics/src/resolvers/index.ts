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
import { queryResolvers } from './query.js';
import {
  questionBankMutationResolvers,
  questionBankQueryResolvers,
  questionResolvers,
  questionVersionResolvers,
} from './question-bank.js';
import {
  quizAttemptResolvers,
  quizItemResolvers,
  quizMutationResolvers,
  quizQueryResolvers,
  quizResolvers,
  quizResponseResolvers,
  sectionQuizResolvers,
} from './quiz.js';
import { rolloverProblemResolvers, structureAdminMutationResolvers } from './structure-admin.js';
import {
  gradeResolvers,
  sectionResolvers,
  subjectResolvers,
  teachingAssignmentResolvers,
} from './structure.js';

export const resolvers: Resolvers = {
  Query: {
    ...queryResolvers,
    ...failedSubmissionQueryResolvers,
    ...questionBankQueryResolvers,
    ...quizQueryResolvers,
  },
  Mutation: {
    ...homeworkMutationResolvers,
    ...failedSubmissionMutationResolvers,
    ...structureAdminMutationResolvers,
    ...questionBankMutationResolvers,
    ...quizMutationResolvers,
  },
  RolloverProblem: rolloverProblemResolvers,
  FailedHomeworkSubmission: failedHomeworkSubmissionResolvers,
  FailedHomeworkSubmissionConnection: failedHomeworkSubmissionConnectionResolvers,
  AcademicYear: academicYearResolvers,
  Term: termResolvers,
  Grade: gradeResolvers,
  Section: { ...sectionResolvers, ...sectionQuizResolvers },
  Subject: subjectResolvers,
  TeachingAssignment: teachingAssignmentResolvers,
  Enrolment: enrolmentResolvers,
  Student: studentResolvers,
  Teacher: teacherResolvers,
  Homework: homeworkResolvers,
  HomeworkSubmission: homeworkSubmissionResolvers,
  SubmittedFile: submittedFileResolvers,
  HomeworkUpload: homeworkUploadResolvers,
  Question: questionResolvers,
  QuestionVersion: questionVersionResolvers,
  Quiz: quizResolvers,
  QuizItem: quizItemResolvers,
  QuizAttempt: quizAttemptResolvers,
  QuizResponse: quizResponseResolvers,
};
