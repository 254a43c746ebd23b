import { DomainError, ErrorCode } from '@schools24/errors';
import type { EventBus } from '@schools24/events';
import { isUuid, type RecordAccess, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { TermRecord } from '../repositories/academic-year-repository.js';
import type { HomeworkRecord } from '../repositories/homework-repository.js';
import type { SectionRecord } from '../repositories/section-repository.js';
import type { SubjectRecord } from '../repositories/subject-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { LeaderboardWindow } from '../repositories/leaderboard-repository.js';
import type { AcademicsLoaders } from '../loaders/index.js';
import type { HomeworkService } from './homework-service.js';
import {
  leaderboardScopeKey,
  rank,
  sortScores,
  type LeaderboardScope,
  type LeaderboardStandings,
  type Standings,
} from './leaderboard-standings.js';

const DEFAULT_FIRST = 10;
const MAX_FIRST = 100;
const DAY_MS = 86_400_000;

/** What `Query.leaderboard` returns: the records of its scope and the standings. */
export interface LeaderboardModel {
  section: SectionRecord;
  subject: SubjectRecord;
  term: TermRecord;
  version: string;
  totalCount: number;
  entries: { rank: number; score: number; student: { id: string }; nameTag: { id: string } }[];
}

/**
 * The homework a term's leaderboard counts: due from the term's first day to its last, inclusive,
 * as UTC dates (terms are calendar dates; homework due times are instants).
 */
export function termWindow(scope: LeaderboardScope, term: Pick<TermRecord, 'startsOn' | 'endsOn'>) {
  return {
    sectionId: scope.sectionId,
    subjectId: scope.subjectId,
    from: term.startsOn,
    until: new Date(term.endsOn.getTime() + DAY_MS),
  } satisfies LeaderboardWindow;
}

export interface LeaderboardDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  access: RecordAccess;
  homework: HomeworkService;
  standings: LeaderboardStandings;
  events: EventBus;
  logger: Logger;
}

/**
 * Leaderboards: who may see one (admins, the section's teachers, its ACTIVE students — not guardians,
 * who would see other children's points), reading them (rebuilt from PostgreSQL when Redis lacks
 * them) and keeping them current when a grade lands.
 */
export class LeaderboardService {
  constructor(private readonly deps: LeaderboardDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  async leaderboard(
    scope: LeaderboardScope,
    first: number | null | undefined,
  ): Promise<LeaderboardModel | null> {
    const size = first ?? DEFAULT_FIRST;
    if (!Number.isInteger(size) || size < 1 || size > MAX_FIRST)
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `first must be from 1 to ${MAX_FIRST}.`);
    const found = await this.resolveScope(scope);
    if (!found) return null;
    await this.assertCanSee(found.scope.sectionId);
    const standings =
      (await this.deps.standings.read(this.schoolId, found.scope, size)) ??
      (await this.rebuild(found.scope, found.term, size));
    return {
      section: found.section,
      subject: found.subject,
      term: found.term,
      version: standings.version,
      totalCount: standings.totalCount,
      entries: standings.entries.map(({ rank, score, studentId }) => ({
        rank,
        score,
        student: { id: studentId },
        nameTag: { id: studentId },
      })),
    };
  }

  /** The scope with canonical ids and its term, or null when any part is not in this school. */
  private async resolveScope(scope: LeaderboardScope): Promise<{
    scope: LeaderboardScope;
    section: SectionRecord;
    subject: SubjectRecord;
    term: TermRecord;
  } | null> {
    if (![scope.sectionId, scope.subjectId, scope.termId].every(isUuid)) return null;
    const { loaders } = this.deps.tenant;
    const [section, subject, term] = await Promise.all([
      loaders.section.load(scope.sectionId),
      loaders.subject.load(scope.subjectId),
      loaders.term.load(scope.termId),
    ]);
    if (!section || !subject || !term || term.academicYearId !== section.academicYearId) return null;
    return {
      scope: { sectionId: section.id, subjectId: subject.id, termId: term.id },
      section,
      subject,
      term,
    };
  }

  private async assertCanSee(sectionId: string): Promise<void> {
    if (await this.deps.access.canSeeSectionStudents(sectionId)) return;
    const { studentId } = await this.deps.homework.ownRecords();
    if (
      studentId &&
      (await this.deps.repos.homework.activeInSection(this.schoolId, sectionId, [studentId])).length > 0
    )
      return;
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'You can see the leaderboards only of sections you teach or attend.',
      { sectionId },
    );
  }

  /** Rebuilds a leaderboard Redis lost: one aggregate, written whole under the scope's lock. */
  private async rebuild(scope: LeaderboardScope, term: TermRecord, first: number): Promise<Standings> {
    return this.deps.standings.withLock(this.schoolId, scope, async (token) => {
      // Another reader may have rebuilt it while this one waited for the lock.
      const built = await this.deps.standings.read(this.schoolId, scope, first);
      if (built) return built;
      const scores = sortScores(
        await this.deps.repos.leaderboards.scores(this.schoolId, termWindow(scope, term)),
      );
      const version = await this.deps.standings.rebuild(this.schoolId, scope, token, scores);
      if (version === null) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Leaderboard busy: retry.');
      this.deps.logger.info(
        { scope: leaderboardScopeKey(scope), students: scores.length },
        'leaderboard rebuilt',
      );
      return { version: String(version), totalCount: scores.length, entries: rank(scores.slice(0, first)) };
    });
  }

  /**
   * A grade landed: re-read the student's score in every leaderboard the homework counts for (each
   * term of the section's year whose dates hold its due date), write it, publish
   * `leaderboardChanged`. Best effort like events: the grade stands; on failure the set is dropped so
   * the next read rebuilds it from PostgreSQL, and a failure to drop it is bounded by the set's TTL.
   */
  async gradeLanded(homework: HomeworkRecord, studentId: string): Promise<void> {
    const scopes = await this.scopesOf(homework);
    await Promise.all(scopes.map(({ term, scope }) => this.updateStudent(scope, term, studentId)));
  }

  /**
   * A homework stopped counting for every student at once (it was cancelled): each of its
   * leaderboards is dropped under its lock (so no writer that read PostgreSQL before the change can
   * write after it) and rebuilt from PostgreSQL on the next read; watchers are pushed a new version.
   * Best effort, like `gradeLanded`: a set that could not be dropped lapses with its TTL.
   */
  async homeworkChanged(homework: HomeworkRecord): Promise<void> {
    const scopes = await this.scopesOf(homework);
    await Promise.all(
      scopes.map(async ({ scope }) => {
        const key = leaderboardScopeKey(scope);
        try {
          await this.deps.standings.withLock(this.schoolId, scope, () =>
            this.deps.standings.forget(this.schoolId, scope),
          );
        } catch (error) {
          this.deps.logger.warn({ err: error, scope: key }, 'could not drop a leaderboard');
          await this.deps.standings.forget(this.schoolId, scope).catch(() => undefined);
        }
        await this.publish(key, Date.now());
      }),
    );
  }

  /** Every leaderboard the homework counts for: each term of its section's year holding its due date. */
  private async scopesOf(homework: HomeworkRecord): Promise<{ term: TermRecord; scope: LeaderboardScope }[]> {
    const section = await this.deps.tenant.loaders.section.load(homework.sectionId);
    if (!section) return [];
    const terms = (await this.deps.tenant.loaders.termsByAcademicYear.load(section.academicYearId)) ?? [];
    return terms
      .map((term) => ({
        term,
        scope: { sectionId: homework.sectionId, subjectId: homework.subjectId, termId: term.id },
      }))
      .filter(({ term, scope }) => {
        const window = termWindow(scope, term);
        return homework.dueAt >= window.from && homework.dueAt < window.until;
      });
  }

  private async updateStudent(scope: LeaderboardScope, term: TermRecord, studentId: string): Promise<void> {
    const { standings, repos, logger } = this.deps;
    const key = leaderboardScopeKey(scope);
    try {
      const version = await standings.withLock(this.schoolId, scope, async (token) => {
        const [row] = await repos.leaderboards.scores(this.schoolId, termWindow(scope, term), studentId);
        return standings.update(this.schoolId, scope, token, studentId, row?.score ?? null);
      });
      if (version === null) throw new Error('the leaderboard lock lapsed before the write');
      await this.publish(key, version);
    } catch (error) {
      logger.warn({ err: error, scope: key }, 'could not update a leaderboard; it will be rebuilt');
      await standings.forget(this.schoolId, scope).catch(() => undefined);
      // Watchers re-read, which rebuilds it; what they are pushed carries the real version.
      await this.publish(key, Date.now());
    }
  }

  /** A failed publish is logged: the standings are right, only this push is lost. */
  private async publish(scope: string, version: number): Promise<void> {
    try {
      await this.deps.events.publish('leaderboardChanged', this.schoolId, { scope, version });
    } catch (error) {
      this.deps.logger.warn({ err: error, scope }, 'could not publish leaderboardChanged');
    }
  }
}
