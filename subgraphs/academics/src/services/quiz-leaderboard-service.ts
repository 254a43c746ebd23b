import { DomainError, ErrorCode } from '@schools24/errors';
import type { EventBus } from '@schools24/events';
import { isUuid } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { BufferedEntry } from '@schools24/write-buffer';
import { quizSubmissionIndex, type QuizSubmissionPayload } from '../quiz-payload.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { QuizRecord } from '../repositories/quiz-repository.js';
import type { AcademicsWriteKinds } from '../write-kinds.js';
import type { HomeworkService } from './homework-service.js';
import { rank, sortScores, type LeaderboardStandings } from './leaderboard-standings.js';
import type { QuizService } from './quiz-service.js';

const DEFAULT_FIRST = 10;
const MAX_FIRST = 100;

/** What `Query.quizLeaderboard` returns. */
export interface QuizLeaderboardModel {
  quiz: QuizRecord;
  version: string;
  totalCount: number;
  entries: { rank: number; score: number; student: { id: string }; nameTag: { id: string } }[];
}

export interface QuizLeaderboardDependencies {
  repos: AcademicsRepositories;
  homework: HomeworkService;
  quizzes: QuizService;
  kinds: AcademicsWriteKinds;
  standings: LeaderboardStandings;
  events: EventBus;
  logger: Logger;
}

/** The Redis key of a quiz's board (beside the section boards', under the tenant's prefix). */
export const quizBoardKey = (quizId: string) => `quiz:${quizId.toLowerCase()}`;

const round = (value: number) => Math.round(value * 100) / 100;

/** A buffered submission's score (ungraded essays count 0, as stored ones do in `bestScores`). */
const bufferedScore = (entry: BufferedEntry<QuizSubmissionPayload>) =>
  round(entry.payload.answers.reduce((sum, answer) => sum + (answer.points ?? 0), 0));

/**
 * A quiz's leaderboard, kept like the section leaderboards (`LeaderboardStandings`: a Redis sorted
 * set under a short lock, rebuilt from PostgreSQL when lost, versioned). A student's score is their
 * best submitted attempt; buffered submissions count at once (their score is known when they are
 * accepted), so a rebuild merges the buffer's entries with the stored aggregate. Seen by the
 * section's staff always, by its students once results are released — a board shows classmates'
 * scores, so it follows the release policy too.
 */
export class QuizLeaderboardService {
  constructor(private readonly deps: QuizLeaderboardDependencies) {}

  private get schoolId(): string {
    return this.deps.homework.schoolId;
  }

  async leaderboard(quizId: string, first: number | null | undefined): Promise<QuizLeaderboardModel | null> {
    const size = first ?? DEFAULT_FIRST;
    if (!Number.isInteger(size) || size < 1 || size > MAX_FIRST)
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `first must be from 1 to ${MAX_FIRST}.`);
    const quiz = isUuid(quizId) ? await this.deps.quizzes.find(quizId) : null;
    if (!quiz) return null;
    await this.assertCanSee(quiz);
    const key = quizBoardKey(quiz.id);
    const standings =
      (await this.deps.standings.read(this.schoolId, key, size)) ??
      (await this.deps.standings.withLock(this.schoolId, key, async (token) => {
        const built = await this.deps.standings.read(this.schoolId, key, size);
        if (built) return built;
        const scores = sortScores(await this.scores(quiz, null));
        const version = await this.deps.standings.rebuild(this.schoolId, key, token, scores);
        if (version === null)
          throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Leaderboard busy: retry.');
        return { version: String(version), totalCount: scores.length, entries: rank(scores.slice(0, size)) };
      }));
    return {
      quiz,
      version: standings.version,
      totalCount: standings.totalCount,
      entries: standings.entries.map(({ rank: place, score, studentId }) => ({
        rank: place,
        score,
        student: { id: studentId },
        nameTag: { id: studentId },
      })),
    };
  }

  private async assertCanSee(quiz: QuizRecord): Promise<void> {
    if (await this.deps.quizzes.canManage(quiz)) return;
    const { studentId } = await this.deps.homework.ownRecords();
    const enrolled =
      studentId !== null &&
      (await this.deps.repos.homework.activeInSection(this.schoolId, quiz.sectionId, [studentId])).length > 0;
    if (enrolled && this.deps.quizzes.isReleased(quiz)) return;
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      enrolled
        ? 'This quiz’s results are not released yet.'
        : 'You can see the leaderboards only of sections you teach or attend.',
      { quizId: quiz.id },
    );
  }

  /** Best score per student (or of one student) over stored and buffered submissions. */
  private async scores(
    quiz: QuizRecord,
    studentId: string | null,
  ): Promise<{ studentId: string; score: number }[]> {
    const [stored, buffered] = await Promise.all([
      this.deps.repos.quizzes.bestScores(this.schoolId, quiz.id, studentId),
      this.deps.kinds.quizSubmissions.pendingByIndex(
        this.schoolId,
        studentId ? quizSubmissionIndex.ofStudent(quiz.id, studentId) : quizSubmissionIndex.ofQuiz(quiz.id),
        { limit: 2000 },
      ),
    ]);
    const best = new Map(stored.map((row) => [row.studentId.toLowerCase(), round(row.score)]));
    for (const entry of buffered) {
      const id = entry.payload.studentId.toLowerCase();
      best.set(id, Math.max(best.get(id) ?? 0, bufferedScore(entry)));
    }
    return [...best].map(([id, score]) => ({ studentId: id, score }));
  }

  /**
   * A student's score may have changed (a submission, a grade): re-read it under the board's lock,
   * write it and publish `quizLeaderboardChanged`. Best effort like events: on failure the set is
   * dropped so the next read rebuilds it.
   */
  async changed(quiz: QuizRecord, studentId: string): Promise<void> {
    const key = quizBoardKey(quiz.id);
    try {
      const version = await this.deps.standings.withLock(this.schoolId, key, async (token) => {
        const [row] = await this.scores(quiz, studentId);
        return this.deps.standings.update(this.schoolId, key, token, studentId, row?.score ?? null);
      });
      if (version === null) throw new Error('the quiz leaderboard lock lapsed');
      await this.deps.events.publish('quizLeaderboardChanged', this.schoolId, { quizId: quiz.id, version });
    } catch (error) {
      this.deps.logger.warn({ err: error, quizId: quiz.id }, 'could not update a quiz leaderboard');
      await this.deps.standings.forget(this.schoolId, key).catch(() => undefined);
    }
  }
}
