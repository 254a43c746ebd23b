import { DomainError, ErrorCode, userError } from '@schools24/errors';
import { isUuid, parsePageRequest, type RecordAccess, type TenantScope } from '@schools24/graphql';
import type { Redis } from '@schools24/redis';
import type { QuizResultsRelease } from '../generated/resolvers-types.js';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { forgetStale, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { QuestionVersionModel } from '../repositories/question-bank-repository.js';
import type { QuizItemRecord, QuizPage, QuizRecord } from '../repositories/quiz-repository.js';
import {
  HOMEWORK_LIMITS,
  notFound,
  type HomeworkService,
  type HomeworkUserError,
} from './homework-service.js';
import {
  quizStatistics,
  type GradedAttempt,
  type ItemStatistics,
  type QuizStatistics,
} from './quiz-analytics.js';

export interface CreateQuizInput {
  sectionId: string;
  subjectId: string;
  title: string;
  instructions?: string | null;
  opensAt: Date;
  closesAt: Date;
  timeLimitSeconds?: number | null;
  maxAttempts?: number | null;
  shuffleQuestions?: boolean | null;
  shuffleOptions?: boolean | null;
  resultsRelease?: QuizResultsRelease | null;
  items: readonly { questionVersionId: string; points: number }[];
}

export type ItemStatisticsModel = Omit<ItemStatistics, 'quizItemId'> & { quizItem: QuizItemRecord };
export type QuizAnalyticsModel = Omit<QuizStatistics, 'items'> & {
  ungradedAttemptCount: number;
  items: ItemStatisticsModel[];
};

type QuizResult = { quiz: QuizRecord | null; userErrors: HomeworkUserError[] };

const MAX_ITEMS = 100;

/**
 * Quizzes: authoring from the bank, who sees them, release of results, analytics. A quiz is seen by
 * whoever sees its section's work (admins, the section's teachers, its students, their guardians);
 * it is set, released and analysed by the section's teachers and the school's admins.
 */
export class QuizService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly access: RecordAccess,
    private readonly homework: HomeworkService,
    private readonly redis: Redis,
  ) {}

  private get schoolId(): string {
    return this.tenant.schoolId;
  }

  /** A quiz by id without checking who asks (for code that checks itself). */
  find(id: string): Promise<QuizRecord | null> {
    return isUuid(id) ? this.tenant.loaders.quiz.load(id) : Promise.resolve(null);
  }

  async quiz(id: string): Promise<QuizRecord | null> {
    const quiz = await this.find(id);
    if (quiz) await this.homework.assertCanSeeSectionHomework(quiz.sectionId);
    return quiz;
  }

  async sectionQuizzes(
    sectionId: string,
    args: { first?: number | null; after?: string | null },
  ): Promise<QuizPage> {
    const page = parsePageRequest(args);
    await this.homework.assertCanSeeSectionHomework(sectionId);
    return this.repos.quizzes.pageOfSection(this.schoolId, sectionId, page);
  }

  /** A question version of one of the school's quizzes (versions never change: cached for good). */
  versionOf(questionVersionId: string): Promise<QuestionVersionModel | null> {
    return this.tenant.loaders.questionVersion.load(questionVersionId);
  }

  async items(quiz: QuizRecord): Promise<QuizItemRecord[]> {
    return (await this.tenant.loaders.quizItemsByQuiz.load(quiz.id)) ?? [];
  }

  async maxScore(quiz: QuizRecord): Promise<number> {
    return (await this.items(quiz)).reduce((sum, item) => sum + item.points, 0);
  }

  /** True for admins and the section's teachers: they always see results and may manage the quiz. */
  canManage(quiz: QuizRecord): Promise<boolean> {
    return this.access.canSeeSectionStudents(quiz.sectionId);
  }

  async assertCanManage(quiz: QuizRecord): Promise<void> {
    if (!(await this.canManage(quiz)))
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'Only the section’s teachers and admins manage its quizzes.',
        {
          quizId: quiz.id,
        },
      );
  }

  isOpen(quiz: QuizRecord, now = Date.now()): boolean {
    return quiz.opensAt.getTime() <= now && now < quiz.closesAt.getTime();
  }

  /** Whether students may see results now, by the quiz's policy (an explicit release always counts). */
  isReleased(quiz: QuizRecord, now = Date.now()): boolean {
    if (quiz.resultsReleasedAt) return true;
    if (quiz.resultsRelease === 'IMMEDIATELY') return true;
    if (quiz.resultsRelease === 'AFTER_CLOSE') return now >= quiz.closesAt.getTime();
    return false;
  }

  async create(input: CreateQuizInput): Promise<QuizResult> {
    const viewer = this.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]): QuizResult => ({ quiz: null, userErrors });
    const [section, subject] = await Promise.all([
      isUuid(input.sectionId) ? this.tenant.loaders.section.load(input.sectionId) : null,
      isUuid(input.subjectId) ? this.tenant.loaders.subject.load(input.subjectId) : null,
    ]);
    if (!section) return failed(notFound('section', ['input', 'sectionId']));
    if (!(await this.access.canSeeSectionStudents(section.id)))
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can set quizzes only for sections you teach.', {
        sectionId: section.id,
      });
    if (!subject) return failed(notFound('subject', ['input', 'subjectId']));

    const problems: HomeworkUserError[] = [];
    const title = input.title.trim();
    if (title.length === 0 || title.length > HOMEWORK_LIMITS.title)
      problems.push(userError('INVALID_INPUT', 'The title must be 1–200 characters.', ['input', 'title']));
    const instructions = input.instructions ?? '';
    if (instructions.length > HOMEWORK_LIMITS.instructions)
      problems.push(
        userError('INVALID_INPUT', 'The instructions must be at most 10,000 characters.', [
          'input',
          'instructions',
        ]),
      );
    if (!(input.opensAt.getTime() < input.closesAt.getTime()) || !(input.closesAt.getTime() > Date.now()))
      problems.push(
        userError('INVALID_DATE_RANGE', 'The window must open before it closes, and close in the future.', [
          'input',
          'closesAt',
        ]),
      );
    const timeLimit = input.timeLimitSeconds ?? null;
    if (timeLimit !== null && (!Number.isInteger(timeLimit) || timeLimit < 60 || timeLimit > 86_400))
      problems.push(
        userError('INVALID_INPUT', 'The time limit must be 60 to 86,400 seconds.', [
          'input',
          'timeLimitSeconds',
        ]),
      );
    const maxAttempts = input.maxAttempts ?? 1;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10)
      problems.push(userError('INVALID_INPUT', 'Attempts must be 1 to 10.', ['input', 'maxAttempts']));
    if (input.items.length === 0 || input.items.length > MAX_ITEMS)
      problems.push(userError('INVALID_INPUT', 'A quiz has 1 to 100 questions.', ['input', 'items']));
    const versions = await Promise.all(
      input.items.map((item) =>
        isUuid(item.questionVersionId)
          ? this.tenant.loaders.questionVersion.load(item.questionVersionId)
          : null,
      ),
    );
    const seen = new Set<string>();
    for (const [index, item] of input.items.entries()) {
      const path = ['input', 'items', String(index)];
      const version = versions[index];
      if (!version) problems.push(notFound('question version', [...path, 'questionVersionId']));
      else if (seen.has(version.id))
        problems.push(
          userError('INVALID_INPUT', 'Each question version may appear once.', [
            ...path,
            'questionVersionId',
          ]),
        );
      else seen.add(version.id);
      if (!Number.isInteger(item.points) || item.points < 1 || item.points > 100)
        problems.push(
          userError('INVALID_POINTS', 'Points must be a whole number from 1 to 100.', [...path, 'points']),
        );
    }
    if (problems.length > 0) return failed(...problems);

    const quiz = await this.repos.quizzes.create(this.schoolId, {
      sectionId: section.id,
      subjectId: subject.id,
      createdByUserId: viewer.userId,
      title,
      instructions,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      timeLimitSeconds: timeLimit,
      maxAttempts,
      shuffleQuestions: input.shuffleQuestions ?? true,
      shuffleOptions: input.shuffleOptions ?? true,
      resultsRelease: input.resultsRelease ?? 'IMMEDIATELY',
      items: input.items.map((item, index) => ({
        questionVersionId: versions[index]?.id ?? item.questionVersionId,
        points: item.points,
      })),
    });
    await touchGradebooks(this.redis, this.schoolId, { pairs: [quiz] });
    return { quiz, userErrors: [] };
  }

  async release(input: { quizId: string }): Promise<QuizResult> {
    const quiz = await this.find(input.quizId);
    if (!quiz) return { quiz: null, userErrors: [notFound('quiz', ['input', 'quizId'])] };
    await this.assertCanManage(quiz);
    if (quiz.resultsReleasedAt) return { quiz, userErrors: [] };
    const released = await this.repos.quizzes.releaseResults(this.schoolId, quiz.id, new Date());
    await forgetStale(this.redis, this.schoolId, this.tenant.loaders, { quiz: [quiz.id] });
    await touchGradebooks(this.redis, this.schoolId, { pairs: [quiz] });
    return { quiz: released, userErrors: [] };
  }

  /** Statistics over the stored, fully graded submissions (see `quizStatistics`). */
  async analytics(quiz: QuizRecord): Promise<QuizAnalyticsModel> {
    await this.assertCanManage(quiz);
    const [items, rows] = await Promise.all([
      this.items(quiz),
      this.repos.quizzes.answerPointsOfQuiz(this.schoolId, quiz.id),
    ]);
    const byAttempt = new Map<string, Map<string, number | null>>();
    for (const row of rows) {
      const scores = byAttempt.get(row.attemptId) ?? new Map<string, number | null>();
      scores.set(row.quizItemId, row.points);
      byAttempt.set(row.attemptId, scores);
    }
    const graded: GradedAttempt[] = [];
    let ungraded = 0;
    for (const scores of byAttempt.values()) {
      const complete = new Map<string, number>();
      for (const [quizItemId, points] of scores) if (points !== null) complete.set(quizItemId, points);
      if (complete.size < scores.size) ungraded += 1;
      else graded.push({ scores: complete });
    }
    const statistics = quizStatistics(items, graded);
    const itemsById = new Map(items.map((item) => [item.id, item]));
    return {
      ...statistics,
      ungradedAttemptCount: ungraded,
      items: statistics.items.flatMap(({ quizItemId, ...rest }) => {
        const quizItem = itemsById.get(quizItemId);
        return quizItem ? [{ ...rest, quizItem }] : [];
      }),
    };
  }
}
