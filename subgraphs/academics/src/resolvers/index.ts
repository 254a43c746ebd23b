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
import {
  attendanceCodeCountResolvers,
  attendanceCorrectionResolvers,
  attendanceMarkResolvers,
  attendanceMutationResolvers,
  attendanceQueryResolvers,
  attendanceSessionResolvers,
  studentAttendanceResolvers,
} from './attendance.js';
import { queryResolvers } from './query.js';
import {
  bellPeriodResolvers,
  lessonResolvers,
  studentDayResolvers,
  substitutionResolvers,
  teacherDayResolvers,
  timetableEntryResolvers,
  timetableMutationResolvers,
  timetableQueryResolvers,
} from './timetable.js';
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
    ...timetableQueryResolvers,
    ...attendanceQueryResolvers,
    ...homeworkQueryResolvers,
    ...questionBankQueryResolvers,
    ...quizQueryResolvers,
  },
  Mutation: {
    ...homeworkMutationResolvers,
    ...failedSubmissionMutationResolvers,
    ...structureAdminMutationResolvers,
    ...timetableMutationResolvers,
    ...attendanceMutationResolvers,
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
  Student: { ...studentResolvers, ...studentHomeworkResolvers },
  Teacher: teacherResolvers,
  Homework: homeworkResolvers,
  HomeworkSubmission: homeworkSubmissionResolvers,
  HomeworkExcusal: homeworkExcusalResolvers,
  HomeworkSubmissionVersion: homeworkSubmissionVersionResolvers,
  SubmittedFile: submittedFileResolvers,
  HomeworkUpload: homeworkUploadResolvers,
  BellPeriod: bellPeriodResolvers,
  TimetableEntry: timetableEntryResolvers,
  Substitution: substitutionResolvers,
  Lesson: lessonResolvers,
  TeacherDay: teacherDayResolvers,
  StudentDay: studentDayResolvers,
  AttendanceMark: attendanceMarkResolvers,
  AttendanceCorrection: attendanceCorrectionResolvers,
  AttendanceSession: attendanceSessionResolvers,
  AttendanceCodeCount: attendanceCodeCountResolvers,
  StudentAttendance: studentAttendanceResolvers,
  Question: questionResolvers,
  QuestionVersion: questionVersionResolvers,
  Quiz: quizResolvers,
  QuizItem: quizItemResolvers,
  QuizAttempt: quizAttemptResolvers,
  QuizResponse: quizResponseResolvers,
};
