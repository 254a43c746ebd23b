import type {
  MutationResolvers,
  QueryResolvers,
  ReportCardBatchResolvers,
  ReportCardRemarkResolvers,
  ReportCardResolvers,
} from '../generated/resolvers-types.js';
import { required } from './required.js';

export const reportCardQueryResolvers: QueryResolvers = {
  reportCardBatch: (_parent, { id }, { reportCards }) => reportCards.batch(id),
  reportCard: (_parent, { termId, studentId }, { reportCards }) => reportCards.latestCard(termId, studentId),
  reportCardRemarks: (_parent, { termId, studentId }, { reportCards }) =>
    reportCards.remarks(termId, studentId),
};

export const reportCardMutationResolvers: MutationResolvers = {
  generateReportCards: (_parent, { input }, { reportCards }) => reportCards.generate(input),
  setReportCardRemark: (_parent, { input }, { reportCards }) => reportCards.setRemark(input),
};

export const reportCardBatchResolvers: ReportCardBatchResolvers = {
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this batch'),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this batch'),
  student: ({ studentId }) => (studentId ? { id: studentId } : null),
  requestedBy: ({ requestedByUserId }) => ({ id: requestedByUserId }),
  cards: (batch, args, { reportCards }) => reportCards.cardsOf(batch, args),
};

export const reportCardResolvers: ReportCardResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this report card'),
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this report card'),
  downloadUrl: async (card, _args, { reportCards }) => {
    const presigned = await reportCards.downloadUrl(card);
    return presigned ? { url: presigned.url, expiresAt: presigned.expiresAt } : null;
  },
};

export const reportCardRemarkResolvers: ReportCardRemarkResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this remark'),
  subject: ({ subjectId }, _args, { structure }) => (subjectId ? structure.subject(subjectId) : null),
  author: ({ authorUserId }) => ({ id: authorUserId }),
};
