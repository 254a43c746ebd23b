import type {
  HomeworkResolvers,
  HomeworkSubmissionResolvers,
  HomeworkUploadResolvers,
  MutationResolvers,
  SubmittedFileResolvers,
} from '../generated/resolvers-types.js';
import { required } from './required.js';

export const homeworkMutationResolvers: MutationResolvers = {
  assignHomework: (_parent, { input }, { homework }) => homework.assign(input),
  requestHomeworkUpload: (_parent, { input }, { submissions }) => submissions.requestUpload(input),
  submitHomework: (_parent, { input }, { submissions }) => submissions.submit(input),
  gradeSubmission: (_parent, { input }, { submissions }) => submissions.grade(input),
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
};

export const homeworkSubmissionResolvers: HomeworkSubmissionResolvers = {
  homework: ({ homeworkId }, _args, { homework }) =>
    required(homework.find(homeworkId), 'The homework of this submission'),
  student: ({ studentId }) => ({ id: studentId }),
  file: (submission) => (submission.fileKey ? submission : null),
  isGraded: ({ gradedAt }) => gradedAt !== null,
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
