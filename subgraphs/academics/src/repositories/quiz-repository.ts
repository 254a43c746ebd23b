import type { Prisma, QuizResultsRelease, TenantDatabase } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import type { BufferedEntry } from '@schools24/write-buffer';
import type { QuizSubmissionPayload } from '../quiz-payload.js';
import { answerResponse, type AnswerResponse } from '../services/question-content.js';
import { closedPeriodHolding } from './academic-year-repository.js';

export const quizSelect = {
  id: true,
  schoolId: true,
  sectionId: true,
  subjectId: true,
  title: true,
  instructions: true,
  opensAt: true,
  closesAt: true,
  timeLimitSeconds: true,
  maxAttempts: true,
  shuffleQuestions: true,
  shuffleOptions: true,
  resultsRelease: true,
  resultsReleasedAt: true,
  createdAt: true,
} satisfies Prisma.QuizSelect;

export type QuizRecord = Prisma.QuizGetPayload<{ select: typeof quizSelect }>;
export type QuizPage = Connection<QuizRecord>;

export const quizItemSelect = {
  id: true,
  quizId: true,
  questionVersionId: true,
  position: true,
  points: true,
} satisfies Prisma.QuizItemSelect;

export type QuizItemRecord = Prisma.QuizItemGetPayload<{ select: typeof quizItemSelect }>;

export const attemptSelect = {
  id: true,
  schoolId: true,
  quizId: true,
  studentId: true,
  number: true,
  seed: true,
  startedAt: true,
  deadlineAt: true,
} satisfies Prisma.QuizAttemptSelect;

export type AttemptRecord = Prisma.QuizAttemptGetPayload<{ select: typeof attemptSelect }>;

/** A stored answer, its response parsed (never the raw JSON). */
export interface StoredAnswer {
  quizItemId: string;
  response: AnswerResponse;
  points: number | null;
  feedback: string | null;
}

/** A stored submission of an attempt with its answers. */
export interface StoredSubmission {
  id: string;
  attemptId: string;
  idempotencyId: string;
  submittedAt: Date;
  answers: StoredAnswer[];
}

export interface NewQuiz {
  sectionId: string;
  subjectId: string;
  createdByUserId: string;
  title: string;
  instructions: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitSeconds: number | null;
  maxAttempts: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  resultsRelease: QuizResultsRelease;
  items: { questionVersionId: string; points: number }[];
}

/** The most attempts one quiz's lists read: a section's roster times the attempt limit, with room. */
export const MAX_ATTEMPTS_PER_QUIZ = 2000;

/** What `startAttempt` decided under the quiz's lock. */
export type StartOutcome = { started: AttemptRecord } | { resumed: AttemptRecord } | { limitReached: true };

export class QuizRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<QuizRecord[]> {
    return this.db.forTenant(schoolId).quiz.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: quizSelect,
    });
  }

  itemsOfQuizzes(schoolId: string, quizIds: readonly string[]): Promise<QuizItemRecord[]> {
    return this.db.forTenant(schoolId).quizItem.findMany({
      where: { schoolId, quizId: { in: onlyUuids(quizIds) } },
      select: quizItemSelect,
      orderBy: [{ quizId: 'asc' }, { position: 'asc' }],
    });
  }

  pageOfSection(schoolId: string, sectionId: string, page: PageRequest): Promise<QuizPage> {
    const where = { schoolId, sectionId };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).quiz.findMany({
          where,
          select: quizSelect,
          orderBy: [{ opensAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).quiz.count({ where }),
    );
  }

  create(schoolId: string, input: NewQuiz): Promise<QuizRecord> {
    const { items, ...quiz } = input;
    return this.db.forTenant(schoolId).quiz.create({
      data: {
        schoolId,
        ...quiz,
        items: {
          create: items.map((item, index) => ({ schoolId, position: index + 1, ...item })),
        },
      },
      select: quizSelect,
    });
  }

  releaseResults(schoolId: string, quizId: string, at: Date): Promise<QuizRecord> {
    return this.db.forTenant(schoolId).quiz.update({
      where: { id: quizId, schoolId },
      // Releasing again keeps the first release time.
      data: { resultsReleasedAt: at },
      select: quizSelect,
    });
  }

  attempt(schoolId: string, id: string): Promise<AttemptRecord | null> {
    if (onlyUuids([id]).length === 0) return Promise.resolve(null);
    return this.db
      .forTenant(schoolId)
      .quizAttempt.findFirst({ where: { schoolId, id }, select: attemptSelect });
  }

  attemptsOfStudent(schoolId: string, quizId: string, studentId: string): Promise<AttemptRecord[]> {
    return this.db.forTenant(schoolId).quizAttempt.findMany({
      where: { schoolId, quizId, studentId },
      select: attemptSelect,
      orderBy: { number: 'asc' },
    });
  }

  /** Every attempt of a quiz (bounded by its section's roster × attempts), earliest first. */
  attemptsOfQuiz(schoolId: string, quizId: string): Promise<AttemptRecord[]> {
    return this.db.forTenant(schoolId).quizAttempt.findMany({
      where: { schoolId, quizId },
      select: attemptSelect,
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      take: MAX_ATTEMPTS_PER_QUIZ,
    });
  }

  /** The stored submissions (with answers) of these attempts, in one query. */
  async submissionsOf(schoolId: string, attemptIds: readonly string[]): Promise<StoredSubmission[]> {
    const ids = onlyUuids(attemptIds);
    if (ids.length === 0) return [];
    const rows = await this.db.forTenant(schoolId).quizSubmission.findMany({
      where: { schoolId, attemptId: { in: ids } },
      select: {
        id: true,
        attemptId: true,
        idempotencyId: true,
        submittedAt: true,
        attempt: {
          select: {
            answers: { select: { quizItemId: true, response: true, points: true, feedback: true } },
          },
        },
      },
    });
    return rows.map(({ attempt, ...submission }) => ({
      ...submission,
      answers: attempt.answers.map((answer) => ({
        ...answer,
        response: answerResponse.parse(answer.response),
      })),
    }));
  }

  /**
   * Starts an attempt under a lock on the quiz row, so two starts of the same student (two tabs)
   * cannot both pass the attempt limit: the student's attempts are re-read under the lock. An attempt
   * without a submission (stored, or among `submittedAttemptIds`: buffered) whose deadline is still
   * ahead is resumed instead.
   */
  startAttempt(
    schoolId: string,
    input: {
      quizId: string;
      studentId: string;
      maxAttempts: number;
      now: Date;
      deadlineAt: Date;
      seed: string;
      submittedAttemptIds: ReadonlySet<string>;
    },
  ): Promise<StartOutcome> {
    return this.db.withTenant(schoolId, async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Quiz" WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${input.quizId}::uuid FOR UPDATE`;
      const attempts = await tx.quizAttempt.findMany({
        where: { schoolId, quizId: input.quizId, studentId: input.studentId },
        select: { ...attemptSelect, submission: { select: { id: true } } },
        orderBy: { number: 'asc' },
      });
      const open = attempts.find(
        ({ submission, ...attempt }) =>
          submission === null &&
          !input.submittedAttemptIds.has(attempt.id) &&
          attempt.deadlineAt.getTime() > input.now.getTime(),
      );
      if (open) {
        const { submission: _none, ...resumed } = open;
        return { resumed };
      }
      if (attempts.length >= input.maxAttempts) return { limitReached: true };
      const started = await tx.quizAttempt.create({
        data: {
          schoolId,
          quizId: input.quizId,
          studentId: input.studentId,
          number: attempts.length + 1,
          seed: input.seed,
          startedAt: input.now,
          deadlineAt: input.deadlineAt,
        },
        select: attemptSelect,
      });
      return { started };
    });
  }

  /**
   * Writes a teacher's grade of one stored answer: `graded` false when the attempt has no stored
   * answer to that item; refused with the period's name while the grading period holding the quiz's
   * closing day (UTC) is closed, as homework grades are (its rows share-locked inside the write).
   */
  gradeAnswer(
    schoolId: string,
    attemptId: string,
    quizItemId: string,
    grade: { points: number; feedback: string | null; gradedByUserId: string; gradedAt: Date },
  ): Promise<{ graded: boolean } | { closedPeriod: string }> {
    return this.db.withTenant(schoolId, async (tx) => {
      const [quiz] = await tx.$queryRaw<{ academicYearId: string; closesAt: Date }[]>`
        SELECT s."academicYearId"::text AS "academicYearId", q."closesAt"
          FROM "QuizAttempt" a
          JOIN "Quiz" q ON q."id" = a."quizId"
          JOIN "Section" s ON s."id" = q."sectionId"
         WHERE a."schoolId" = ${schoolId}::uuid AND a."id" = ${attemptId}::uuid`;
      if (!quiz) return { graded: false };
      const day = quiz.closesAt.toISOString().slice(0, 10);
      const closedPeriod = await closedPeriodHolding(tx, schoolId, quiz.academicYearId, day);
      if (closedPeriod !== null) return { closedPeriod };
      const { count } = await tx.quizAnswer.updateMany({
        where: { schoolId, attemptId, quizItemId },
        data: grade,
      });
      return { graded: count > 0 };
    });
  }

  /** Points of every stored answer of the quiz, for analytics (one query; bounded by attempts × items). */
  answerPointsOfQuiz(
    schoolId: string,
    quizId: string,
  ): Promise<{ attemptId: string; quizItemId: string; points: number | null }[]> {
    return this.db.forTenant(schoolId).quizAnswer.findMany({
      where: { schoolId, attempt: { quizId } },
      select: { attemptId: true, quizItemId: true, points: true },
    });
  }

  /**
   * Each student's best stored attempt of the quiz (ungraded answers count 0), in ONE aggregate: what
   * the quiz leaderboard is rebuilt from. `studentId` narrows it to one student.
   */
  bestScores(
    schoolId: string,
    quizId: string,
    studentId: string | null = null,
  ): Promise<{ studentId: string; score: number }[]> {
    return this.db.forTenant(schoolId).$queryRaw<{ studentId: string; score: number }[]>`
      SELECT a."studentId"::text AS "studentId", MAX(t.total)::float8 AS "score"
        FROM "QuizAttempt" a
        JOIN LATERAL (SELECT SUM(COALESCE(qa."points", 0)) AS total, COUNT(*) AS answers
                        FROM "QuizAnswer" qa
                       WHERE qa."schoolId" = ${schoolId}::uuid AND qa."attemptId" = a."id") t ON t.answers > 0
       WHERE a."schoolId" = ${schoolId}::uuid AND a."quizId" = ${quizId}::uuid
         AND (${studentId}::uuid IS NULL OR a."studentId" = ${studentId}::uuid)
       GROUP BY a."studentId"`;
  }

  /**
   * The write buffer's sink: one batch, ONE transaction, each school's rows under its own
   * `app.school_id` (as `HomeworkRepository.storeSubmissions`). `INSERT … ON CONFLICT DO NOTHING`
   * (createMany with skipDuplicates) on the submission (by id, attempt, or school + idempotency id)
   * and on its answers (by id, or attempt + item), so a redelivered entry changes nothing and never
   * overwrites a teacher's grade.
   */
  async storeSubmissions(entries: readonly BufferedEntry<QuizSubmissionPayload>[]): Promise<void> {
    const bySchool = new Map<string, BufferedEntry<QuizSubmissionPayload>[]>();
    for (const entry of entries) bySchool.set(entry.tenant, [...(bySchool.get(entry.tenant) ?? []), entry]);
    const [first] = bySchool.keys();
    if (first === undefined) return;
    await this.db.withTenant(first, async (tx) => {
      for (const [schoolId, group] of bySchool) {
        if (schoolId !== first) await tx.$executeRaw`SELECT set_config('app.school_id', ${schoolId}, true)`;
        await tx.quizSubmission.createMany({
          data: group.map(({ payload, actor }) => ({
            id: payload.submissionId,
            schoolId,
            attemptId: payload.attemptId,
            idempotencyId: payload.idempotencyId,
            submittedByUserId: actor,
            submittedAt: new Date(payload.submittedAt),
          })),
          skipDuplicates: true,
        });
        await tx.quizAnswer.createMany({
          data: group.flatMap(({ payload }) =>
            payload.answers.map((answer) => ({
              id: answer.answerId,
              schoolId,
              attemptId: payload.attemptId,
              quizItemId: answer.quizItemId,
              response: answer.response,
              points: answer.points,
            })),
          ),
          skipDuplicates: true,
        });
      }
    });
  }
}
