import type {
  MutationResolvers,
  QueryResolvers,
  QuizAttemptResolvers,
  QuizItemResolvers,
  QuizResolvers,
  QuizResponseResolvers,
  SectionResolvers,
} from '../generated/resolvers-types.js';
import { required } from './required.js';

export const quizQueryResolvers: QueryResolvers = {
  quiz: (_parent, { id }, { quizzes }) => quizzes.quiz(id),
  quizAttempt: (_parent, { id }, { quizAttempts }) => quizAttempts.attempt(id),
  quizLeaderboard: (_parent, { quizId, first }, { quizLeaderboards }) =>
    quizLeaderboards.leaderboard(quizId, first),
};

export const quizMutationResolvers: MutationResolvers = {
  createQuiz: (_parent, { input }, { quizzes }) => quizzes.create(input),
  releaseQuizResults: (_parent, { input }, { quizzes }) => quizzes.release(input),
  startQuizAttempt: (_parent, { input }, { quizAttempts }) => quizAttempts.start(input),
  submitQuizAttempt: (_parent, { input }, { quizAttempts }) => quizAttempts.submit(input),
  gradeQuizAnswer: (_parent, { input }, { quizAttempts }) => quizAttempts.grade(input),
};

export const sectionQuizResolvers: Pick<SectionResolvers, 'quizzes'> = {
  quizzes: ({ id }, args, { quizzes }) => quizzes.sectionQuizzes(id, args),
};

export const quizResolvers: QuizResolvers = {
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this quiz'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this quiz'),
  isOpen: (quiz, _args, { quizzes }) => quizzes.isOpen(quiz),
  shufflesQuestions: ({ shuffleQuestions }) => shuffleQuestions,
  shufflesOptions: ({ shuffleOptions }) => shuffleOptions,
  areResultsReleased: (quiz, _args, { quizzes }) => quizzes.isReleased(quiz),
  itemCount: async (quiz, _args, { quizzes }) => (await quizzes.items(quiz)).length,
  maxScore: (quiz, _args, { quizzes }) => quizzes.maxScore(quiz),
  items: async (quiz, _args, { quizzes }) => {
    await quizzes.assertCanManage(quiz);
    return quizzes.items(quiz);
  },
  attempts: (quiz, args, { quizAttempts }) => quizAttempts.attemptsOf(quiz, args),
  myAttempts: (quiz, _args, { quizAttempts }) => quizAttempts.myAttempts(quiz),
  analytics: (quiz, _args, { quizzes }) => quizzes.analytics(quiz),
};

export const quizItemResolvers: QuizItemResolvers = {
  questionVersion: ({ questionVersionId }, _args, { quizzes }) =>
    required(quizzes.versionOf(questionVersionId), 'The question version of this quiz item'),
};

export const quizAttemptResolvers: QuizAttemptResolvers = {
  id: ({ attempt }) => attempt.id,
  quiz: ({ quiz }) => quiz,
  student: ({ attempt }) => ({ id: attempt.studentId }),
  number: ({ attempt }) => attempt.number,
  status: (view, _args, { quizAttempts }) => quizAttempts.status(view),
  isStored: ({ submission }) => submission?.isStored ?? true,
  startedAt: ({ attempt }) => attempt.startedAt,
  deadlineAt: ({ attempt }) => attempt.deadlineAt,
  submittedAt: ({ submission }) => submission?.submittedAt ?? null,
  areResultsVisible: (view, _args, { quizAttempts }) => quizAttempts.resultsVisible(view),
  isFullyGraded: async (view, _args, { quizAttempts }) =>
    (await quizAttempts.score(view))?.isFullyGraded ?? null,
  score: async (view, _args, { quizAttempts }) => (await quizAttempts.score(view))?.score ?? null,
  maxScore: ({ quiz }, _args, { quizzes }) => quizzes.maxScore(quiz),
  questions: (view, _args, { quizAttempts }) => quizAttempts.questions(view),
};

export const quizResponseResolvers: QuizResponseResolvers = {
  choiceIds: ({ choiceIds }) => choiceIds ?? [],
  boolean: (response) => response.boolean ?? null,
  number: (response) => response.number ?? null,
  text: ({ text }) => text ?? null,
  matches: ({ matches }) => matches ?? [],
  order: ({ order }) => order ?? [],
};
