import type {
  FailedHomeworkSubmissionConnectionResolvers,
  FailedHomeworkSubmissionResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/resolvers-types.js';

export const failedSubmissionQueryResolvers: Pick<QueryResolvers, 'failedHomeworkSubmissions'> = {
  failedHomeworkSubmissions: (_parent, args, { failedSubmissions }) => failedSubmissions.page(args),
};

export const failedSubmissionMutationResolvers: Pick<MutationResolvers, 'retryFailedHomeworkSubmission'> = {
  retryFailedHomeworkSubmission: (_parent, { input }, { failedSubmissions }) =>
    failedSubmissions.retry(input.id),
};

export const failedHomeworkSubmissionResolvers: FailedHomeworkSubmissionResolvers = {
  homework: ({ homeworkId }, _args, { homework }) => (homeworkId ? homework.find(homeworkId) : null),
  student: ({ studentId }) => ({ id: studentId }),
};

export const failedHomeworkSubmissionConnectionResolvers: FailedHomeworkSubmissionConnectionResolvers = {
  edges: ({ items }) => items.map((node) => ({ node, cursor: node.id })),
  pageInfo: ({ items, nextCursor }) => ({
    hasNextPage: nextCursor !== null,
    hasPreviousPage: false,
    startCursor: items[0]?.id ?? null,
    endCursor: items.at(-1)?.id ?? null,
  }),
};
