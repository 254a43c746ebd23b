import { createCachedLoader, groupBy, indexBy, type CacheScope } from '@schools24/cache-loader';
import { onlyUuids } from '@schools24/graphql';
import type { AcademicsRepositories } from '../repositories/index.js';

/** Cache namespaces of the question bank and quizzes (part of `AcademicsCache`). */
export const QuizCache = {
  question: 'academics:question',
  questionVersion: 'academics:question-version',
  questionVersionByNumber: 'academics:question-version-by-number',
  quiz: 'academics:quiz',
  quizItemsByQuiz: 'academics:quiz-items-by-quiz',
} as const;

/**
 * Loaders of the bank and quizzes (part of `createAcademicsLoaders`). Question versions and quiz items
 * never change once written, so they are never invalidated; questions (their latest version) and
 * quizzes (their release) are, by the services that change them.
 */
export function createQuizLoaders(scope: CacheScope, repos: AcademicsRepositories) {
  const { schoolId } = scope;
  const byId = <T extends { id: string }>(rows: T[]) => indexBy(rows, (row) => row.id);
  return {
    question: createCachedLoader(scope, {
      namespace: QuizCache.question,
      batchLoad: async (ids: readonly string[]) => byId(await repos.questionBank.findByIds(schoolId, ids)),
    }),
    questionVersion: createCachedLoader(scope, {
      namespace: QuizCache.questionVersion,
      batchLoad: async (ids: readonly string[]) =>
        byId(await repos.questionBank.versionsByIds(schoolId, ids)),
    }),
    /** Keyed `<questionId>:<version>`. */
    questionVersionByNumber: createCachedLoader(scope, {
      namespace: QuizCache.questionVersionByNumber,
      batchLoad: async (keys: readonly string[]) =>
        indexBy(
          await repos.questionBank.versionsByNumber(schoolId, keys),
          (row) => `${row.questionId}:${row.version}`,
        ),
    }),
    quiz: createCachedLoader(scope, {
      namespace: QuizCache.quiz,
      batchLoad: async (ids: readonly string[]) => byId(await repos.quizzes.findByIds(schoolId, ids)),
    }),
    quizItemsByQuiz: createCachedLoader(scope, {
      namespace: QuizCache.quizItemsByQuiz,
      batchLoad: async (quizIds: readonly string[]) => {
        const grouped = groupBy(await repos.quizzes.itemsOfQuizzes(schoolId, quizIds), (item) => item.quizId);
        return new Map(onlyUuids(quizIds).map((id) => [id, grouped.get(id.toLowerCase()) ?? []]));
      },
    }),
  };
}
