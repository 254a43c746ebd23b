import type {
  HomeworkExcusalResolvers,
  HomeworkSubmissionVersionResolvers,
  HomeworkResolvers,
  QueryResolvers,
  StudentResolvers,
  HomeworkSubmissionResolvers,
  HomeworkUploadResolvers,
  MutationResolvers,
  SubmittedFileResolvers,
} from '../generated/resolvers-types.js';
import { readFeedbackFiles } from '../services/feedback-files.js';
import { daysLate } from '../services/late-policy.js';
import { readRubric, readRubricChoices } from '../services/rubric.js';
import { required } from './required.js';

export const homeworkMutationResolvers: MutationResolvers = {
  assignHomework: (_parent, { input }, { homework }) => homework.assign(input),
  requestHomeworkUpload: (_parent, { input }, { submissions }) => submissions.requestUpload(input),
  requestFeedbackUpload: (_parent, { input }, { submissions }) => submissions.requestFeedbackUpload(input),
  submitHomework: (_parent, { input }, { submissions }) => submissions.submit(input),
  gradeSubmission: (_parent, { input }, { submissions }) => submissions.grade(input),
  updateHomework: (_parent, { input }, { homeworkManage }) => homeworkManage.update(input),
  cancelHomework: (_parent, { input }, { homeworkManage }) => homeworkManage.cancel(input),
  setHomeworkExcused: (_parent, { input }, { homeworkManage }) => homeworkManage.setExcused(input),
};

export const homeworkQueryResolvers: QueryResolvers = {
  homeworkCompletionRates: (_parent, args, { homeworkManage }) => homeworkManage.completionRates(args),
};

/** What academics adds to identity's `Student` about homework. */
export const studentHomeworkResolvers: StudentResolvers = {
  homeworkDueSoon: ({ id }, args, { homeworkManage }) => homeworkManage.dueSoon(id, args),
};

export const homeworkExcusalResolvers: HomeworkExcusalResolvers = {
  homework: ({ homeworkId }, _args, { homework }) =>
    required(homework.find(homeworkId), 'The homework of this excusal'),
  student: ({ studentId }) => ({ id: studentId }),
  excusedAt: ({ createdAt }) => createdAt,
};

export const homeworkResolvers: HomeworkResolvers = {
  __resolveReference: ({ id }, { homework }) => homework.homework(id),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this homework'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this homework'),
  teacher: ({ teacherId }) => (teacherId ? { id: teacherId } : null),
  isPastDue: ({ dueAt }) => dueAt.getTime() < Date.now(),
  submissions: (homework, args, { submissions }) => submissions.submissionsOf(homework, args),
  mySubmission: (homework, _args, { submissions }) => submissions.mySubmission(homework),
  submissionOf: (homework, { studentId }, { submissions }) => submissions.submissionOf(homework, studentId),
  latePolicy: (homework) => ({
    penaltyPercentPerDay: homework.latePenaltyPercentPerDay,
    maxPenaltyPercent: homework.latePenaltyMaxPercent,
    cutoffDays: homework.lateCutoffDays,
  }),
  rubric: (homework) => readRubric(homework.rubric),
  excusals: (homework, _args, { homeworkManage }) => homeworkManage.excusals(homework),
  excusalOf: (homework, { studentId }, { homeworkManage }) => homeworkManage.excusalOf(homework, studentId),
};

export const homeworkSubmissionResolvers: HomeworkSubmissionResolvers = {
  homework: ({ homeworkId }, _args, { homework }) =>
    required(homework.find(homeworkId), 'The homework of this submission'),
  student: ({ studentId }) => ({ id: studentId }),
  file: (submission) => (submission.fileKey ? submission : null),
  feedbackFiles: ({ feedbackFiles }) => readFeedbackFiles(feedbackFiles),
  isGraded: ({ gradedAt }) => gradedAt !== null,
  rubricChoices: ({ rubricChoices }) => readRubricChoices(rubricChoices),
  versions: (submission, _args, { submissions }) => submissions.versionsOf(submission),
  daysLate: async (submission, _args, { homework }) => {
    const assigned = await homework.find(submission.homeworkId);
    return assigned ? daysLate(assigned, submission) : 0;
  },
};

export const homeworkSubmissionVersionResolvers: HomeworkSubmissionVersionResolvers = {
  file: (version) => (version.fileKey ? version : null),
};

export const submittedFileResolvers: SubmittedFileResolvers = {
  key: ({ fileKey }) => fileKey ?? '',
  name: ({ fileName }) => fileName ?? 'submission',
  byteSize: ({ fileBytes }) => fileBytes ?? 0,
  contentType: ({ fileType }) => fileType ?? 'application/octet-stream',
  downloadUrl: async (submission, _args, { submissions }) =>
    (await submissions.downloadOf(submission))?.url ?? null,
  downloadUrlExpiresAt: async (submission, _args, { submissions }) =>
    (await submissions.downloadOf(submission))?.expiresAt ?? null,
};

export const homeworkUploadResolvers: HomeworkUploadResolvers = {
  headers: ({ headers }) => Object.entries(headers).map(([name, value]) => ({ name, value })),
};
