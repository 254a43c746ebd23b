import type {
  MutationResolvers,
  QueryResolvers,
  QuestionResolvers,
  QuestionVersionResolvers,
} from '../generated/resolvers-types.js';
import { versionFields } from '../services/question-bank-service.js';
import { required } from './required.js';

export const questionBankQueryResolvers: QueryResolvers = {
  question: (_parent, { id }, { questionBank }) => questionBank.question(id),
  questions: (_parent, args, { questionBank }) => questionBank.questions(args),
};

export const questionBankMutationResolvers: MutationResolvers = {
  createQuestion: (_parent, { input }, { questionBank }) => questionBank.create(input),
  reviseQuestion: (_parent, { input }, { questionBank }) => questionBank.revise(input),
};

export const questionResolvers: QuestionResolvers = {
  subject: ({ subjectId }, _args, { structure }) => (subjectId ? structure.subject(subjectId) : null),
  latestVersion: (question, _args, { questionBank }) => questionBank.latestVersion(question),
  versions: (question, args, { questionBank }) => questionBank.versions(question, args),
};

export const questionVersionResolvers: QuestionVersionResolvers = {
  question: ({ questionId }, _args, { questionBank }) =>
    required(questionBank.question(questionId), 'The question of this version'),
  choices: ({ content }) => versionFields(content).choices,
  trueFalseAnswer: ({ content }) => versionFields(content).trueFalseAnswer,
  numericAnswer: ({ content }) => versionFields(content).numericAnswer,
  numericTolerance: ({ content }) => versionFields(content).numericTolerance,
  acceptedAnswers: ({ content }) => versionFields(content).acceptedAnswers,
  isCaseSensitive: ({ content }) => versionFields(content).isCaseSensitive,
  matchingPairs: ({ content }) => versionFields(content).matchingPairs,
  orderedItems: ({ content }) => versionFields(content).orderedItems,
  essayMaxWords: ({ content }) => versionFields(content).essayMaxWords,
};
