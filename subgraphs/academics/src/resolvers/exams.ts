import type {
  ExamMarkResolvers,
  ExamPaperResolvers,
  ExamPaperResultResolvers,
  ExamResolvers,
  ExamResultResolvers,
  HallTicketResolvers,
  MutationResolvers,
  QueryResolvers,
  SectionExamStatisticsResolvers,
  SubjectExamStatisticsResolvers,
} from '../generated/resolvers-types.js';
import { effectiveMarks } from '../services/exam-service.js';
import { required } from './required.js';

export const examQueryResolvers: QueryResolvers = {
  exam: (_parent, { id }, { exams }) => exams.exam(id),
  exams: (_parent, { academicYearId, ...page }, { exams }) => exams.exams(academicYearId, page),
  examHallTicket: (_parent, { examId, studentId }, { exams }) => exams.hallTicket(examId, studentId),
  examHallTickets: (_parent, { examId, sectionId, ...page }, { exams }) =>
    exams.hallTickets(examId, sectionId, page),
  examResult: (_parent, { examId, studentId }, { exams }) => exams.result(examId, studentId),
  examAnalytics: (_parent, { examId }, { exams }) => exams.analytics(examId),
};

export const examMutationResolvers: MutationResolvers = {
  createExam: (_parent, { input }, { examAdmin }) => examAdmin.createExam(input),
  scheduleExamPaper: (_parent, { input }, { examAdmin }) => examAdmin.schedulePaper(input),
  enterExamMarks: (_parent, { input }, { examAdmin }) => examAdmin.enterMarks(input),
  moderateExamMark: (_parent, { input }, { examAdmin }) => examAdmin.moderate(input),
  lockExamPaperMarks: (_parent, { input }, { examAdmin }) => examAdmin.setMarksLock(input.examPaperId, true),
  unlockExamPaperMarks: (_parent, { input }, { examAdmin }) =>
    examAdmin.setMarksLock(input.examPaperId, false),
  publishExamResults: (_parent, { input }, { examAdmin }) => examAdmin.setPublished(input.examId, true),
  unpublishExamResults: (_parent, { input }, { examAdmin }) => examAdmin.setPublished(input.examId, false),
};

export const examResolvers: ExamResolvers = {
  __resolveReference: ({ id }, { exams }) => exams.exam(id),
  academicYear: ({ academicYearId }, _args, { calendar }) =>
    required(calendar.academicYear(academicYearId), 'The academic year of this exam'),
  term: ({ termId }, _args, { calendar }) => (termId ? calendar.term(termId) : null),
  isPublished: ({ publishedAt }) => publishedAt !== null,
  papers: (exam, args, { exams }) => exams.papersOf(exam, args),
};

export const examPaperResolvers: ExamPaperResolvers = {
  exam: ({ examId }, _args, { exams }) => required(exams.exam(examId), 'The exam of this paper'),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this paper'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this paper'),
  invigilators: ({ invigilatorTeacherIds }) => invigilatorTeacherIds.map((id) => ({ id })),
  moderator: ({ moderatorTeacherId }) => (moderatorTeacherId ? { id: moderatorTeacherId } : null),
  isMarksLocked: ({ marksLockedAt }) => marksLockedAt !== null,
  marks: (paper, args, { exams }) => exams.marksOf(paper, args),
};

export const examMarkResolvers: ExamMarkResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  marks: (mark) => effectiveMarks(mark),
  isModerated: ({ moderatedAt }) => moderatedAt !== null,
  moderatedBy: ({ moderatedByUserId }) => (moderatedByUserId ? { id: moderatedByUserId } : null),
};

export const hallTicketResolvers: HallTicketResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  enrolment: ({ enrolmentId }, _args, { exams }) =>
    required(exams.enrolment(enrolmentId), 'The enrolment of this hall ticket'),
};

export const examResultResolvers: ExamResultResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  totalMarks: ({ papers }) =>
    papers.reduce((sum, { mark }) => sum + (mark ? (effectiveMarks(mark) ?? 0) : 0), 0),
  totalMaxMarks: ({ papers }) => papers.reduce((sum, { paper }) => sum + paper.maxMarks, 0),
};

export const examPaperResultResolvers: ExamPaperResultResolvers = {
  isAbsent: ({ mark }) => mark?.isAbsent ?? false,
  marks: ({ mark }) => (mark ? effectiveMarks(mark) : null),
  isPass: ({ mark, paper }) => {
    const marks = mark ? effectiveMarks(mark) : null;
    return marks !== null && marks >= paper.passMarks;
  },
};

export const sectionExamStatisticsResolvers: SectionExamStatisticsResolvers = {
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of these statistics'),
};

export const subjectExamStatisticsResolvers: SubjectExamStatisticsResolvers = {
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of these statistics'),
};
