import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import { isUuid, type RecordAccess, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type { HomeworkStatus } from '../generated/resolvers-types.js';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { forgetStale, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { HomeworkRecord } from '../repositories/homework-repository.js';
import {
  NOT_IN_SECTION,
  type ExcusalRecord,
  type HomeworkChange,
} from '../repositories/homework-manage-repository.js';
import { submissionIndex } from '../submission-payload.js';
import type { AcademicsWriteKinds } from '../write-kinds.js';
import {
  checkHomeworkFields,
  maxPointsProblem,
  notFound,
  type HomeworkService,
  type HomeworkUserError,
} from './homework-service.js';
import { parseRubric, readRubric, type RubricInput } from './rubric.js';
import { parseLatePolicy, type LatePolicyInput } from './late-policy.js';
import type { LeaderboardService } from './leaderboard-service.js';

const DAY_MS = 86_400_000;
const MAX_REASON = 500;
const MAX_FIRST = 100;
const MAX_WITHIN_DAYS = 60;

export interface UpdateHomeworkInput {
  id: string;
  title?: string | null;
  instructions?: string | null;
  dueAt?: Date | null;
  maxPoints?: number | null;
  allowedFileTypes?: readonly string[] | null;
  maxFileBytes?: number | null;
  latePolicy?: LatePolicyInput | null;
  allowResubmission?: boolean | null;
  rubric?: RubricInput | null;
}

export interface SetExcusedInput {
  homeworkId: string;
  studentId: string;
  isExcused: boolean;
  reason?: string | null;
}

/** `HomeworkCompletion` as the resolvers get it. */
export interface HomeworkCompletionModel {
  homework: HomeworkRecord;
  expected: number;
  submitted: number;
  late: number;
  graded: number;
  excused: number;
  completionRate: number;
}

export interface HomeworkManageDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  access: RecordAccess;
  homework: HomeworkService;
  leaderboards: LeaderboardService;
  kinds: AcademicsWriteKinds;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
}

type HomeworkResult = { homework: HomeworkRecord | null; userErrors: HomeworkUserError[] };

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Managing homework once set (editing, cancelling, excusing students: the section's teachers and
 * school admins) and the aggregate views (a teacher's completion rates, a student's homework due
 * soon). Rules that depend on other rows (grades given, the student's enrolment) are decided on facts
 * read inside the write's transaction under the homework's row lock.
 */
export class HomeworkManageService {
  constructor(private readonly deps: HomeworkManageDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  /** The homework and its section, after checking the viewer may manage it; null when there is none. */
  private async manageable(id: string) {
    const homework = isUuid(id) ? await this.deps.homework.find(id) : null;
    if (!homework) return null;
    if (!(await this.deps.access.canSeeSectionStudents(homework.sectionId))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can manage homework only of sections you teach.', {
        homeworkId: homework.id,
      });
    }
    const section = await this.deps.tenant.loaders.section.load(homework.sectionId);
    return section ? { homework, section } : null;
  }

  private async forget(
    homework: { id: string; sectionId: string; subjectId: string },
    excusals = false,
  ): Promise<void> {
    await forgetStale(this.deps.redis, this.schoolId, this.deps.tenant.loaders, {
      homework: [homework.id],
      ...(excusals ? { excusalsByHomework: [homework.id] } : {}),
    });
    await touchGradebooks(this.deps.redis, this.schoolId, { pairs: [homework] }, this.deps.logger);
  }

  async update(input: UpdateHomeworkInput): Promise<HomeworkResult> {
    this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]): HomeworkResult => ({ homework: null, userErrors });
    const found = await this.manageable(input.id);
    if (!found) return failed(notFound('homework', ['input', 'id']));
    const checked = checkHomeworkFields(input);
    const problems = checked.problems;
    if (input.dueAt != null && !(input.dueAt.getTime() > Date.now()))
      problems.push(userError('INVALID_DUE_AT', 'The due time must be in the future.', ['input', 'dueAt']));
    const policy = input.latePolicy ? parseLatePolicy(input.latePolicy, ['input', 'latePolicy']) : null;
    if (policy && 'problems' in policy) problems.push(...policy.problems);
    const rubric = input.rubric ? parseRubric(input.rubric, ['input', 'rubric']) : null;
    if (rubric && 'problems' in rubric) problems.push(...rubric.problems);
    const parsedRubric = rubric && 'rubric' in rubric ? rubric : null;
    if (parsedRubric) {
      const pointsProblem = maxPointsProblem(input.maxPoints, parsedRubric.maxPoints);
      if (pointsProblem) problems.push(pointsProblem);
    }
    if (problems.length > 0) return failed(...problems);

    const change: HomeworkChange = {
      ...checked.fields,
      ...(input.instructions != null ? { instructions: input.instructions } : {}),
      ...(input.maxPoints != null ? { maxPoints: input.maxPoints } : {}),
      ...(input.dueAt != null ? { dueAt: input.dueAt } : {}),
      ...(policy && 'columns' in policy ? policy.columns : {}),
      ...(input.allowResubmission != null ? { allowResubmission: input.allowResubmission } : {}),
      ...(parsedRubric ? { rubric: parsedRubric.rubric, maxPoints: parsedRubric.maxPoints } : {}),
    };
    const result = await this.deps.repos.homeworkManage.update<HomeworkUserError[]>(
      this.schoolId,
      found.homework.id,
      found.section.academicYearId,
      async (facts) => {
        const refusals: HomeworkUserError[] = [];
        if (facts.homework.status === 'CANCELLED')
          refusals.push(
            userError('HOMEWORK_CANCELLED', 'Cancelled homework cannot be edited.', ['input', 'id']),
          );
        const dueChanges = input.dueAt != null && input.dueAt.getTime() !== facts.homework.dueAt.getTime();
        if (parsedRubric && facts.gradedCount > 0)
          refusals.push(
            userError(
              'ALREADY_GRADED',
              'Submissions are already graded by it: the rubric can no longer change.',
              ['input', 'rubric'],
            ),
          );
        if (!parsedRubric && input.maxPoints != null && readRubric(facts.homework.rubric))
          refusals.push(
            userError(
              'INVALID_POINTS',
              "This homework's maximum follows its rubric: change the rubric instead.",
              ['input', 'maxPoints'],
            ),
          );
        if (dueChanges && facts.gradedCount > 0)
          refusals.push(
            userError(
              'ALREADY_GRADED',
              'Submissions are already graded against the due time, so it can no longer change.',
              ['input', 'dueAt'],
            ),
          );
        if (dueChanges && input.dueAt) {
          const closed = await facts.closedPeriodOn(day(input.dueAt));
          if (closed)
            refusals.push(
              userError(
                'PERIOD_CLOSED',
                `The due date falls in the closed grading period "${closed}": it could never be graded.`,
                ['input', 'dueAt'],
              ),
            );
        }
        if (
          input.maxPoints != null &&
          facts.highestRawPoints !== null &&
          input.maxPoints < facts.highestRawPoints
        )
          refusals.push(
            userError(
              'MAX_POINTS_BELOW_GRADE',
              `A submission was already given ${facts.highestRawPoints} points: the maximum cannot be lower.`,
              ['input', 'maxPoints'],
            ),
          );
        return refusals.length > 0 ? { refused: refusals } : change;
      },
    );
    if (result === null) return failed(notFound('homework', ['input', 'id']));
    if ('refused' in result) return failed(...result.refused);
    await this.forget(result);
    this.deps.logger.info({ homeworkId: result.id, fields: Object.keys(change) }, 'homework updated');
    return { homework: result, userErrors: [] };
  }

  async cancel(input: { id: string }): Promise<HomeworkResult> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]): HomeworkResult => ({ homework: null, userErrors });
    const found = await this.manageable(input.id);
    if (!found) return failed(notFound('homework', ['input', 'id']));
    const result = await this.deps.repos.homeworkManage.cancel(
      this.schoolId,
      found.homework.id,
      viewer.userId,
    );
    if (result === null) return failed(notFound('homework', ['input', 'id']));
    if (result === 'CANCELLED')
      return failed(userError('HOMEWORK_CANCELLED', 'This homework is already cancelled.', ['input', 'id']));
    await this.forget(result);
    this.deps.logger.info({ homeworkId: result.id }, 'homework cancelled');
    // Its grades stop counting for everyone at once.
    await this.deps.leaderboards.homeworkChanged(result);
    return { homework: result, userErrors: [] };
  }

  async setExcused(
    input: SetExcusedInput,
  ): Promise<{ excusal: ExcusalRecord | null; isExcused: boolean; userErrors: HomeworkUserError[] }> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({ excusal: null, isExcused: false, userErrors });
    const found = await this.manageable(input.homeworkId);
    if (!found) return failed(notFound('homework', ['input', 'homeworkId']));
    const reason = input.reason?.trim() || null;
    if (reason !== null && reason.length > MAX_REASON)
      return failed(
        userError('INVALID_INPUT', 'The reason must be at most 500 characters.', ['input', 'reason']),
      );
    const result = await this.deps.repos.homeworkManage.setExcused(
      this.schoolId,
      found.homework.id,
      input.studentId,
      { isExcused: input.isExcused, reason, userId: viewer.userId },
    );
    if (result === null) return failed(notFound('homework', ['input', 'homeworkId']));
    if (result === 'CANCELLED')
      return failed(userError('HOMEWORK_CANCELLED', 'This homework was cancelled.', ['input', 'homeworkId']));
    if (result === NOT_IN_SECTION)
      return failed(
        userError('NOT_FOUND', "No such student in this homework's section.", ['input', 'studentId']),
      );
    if (result.changed) {
      await this.forget(result.homework, true);
      this.deps.logger.info(
        { homeworkId: result.homework.id, studentId: input.studentId, isExcused: input.isExcused },
        'homework excusal changed',
      );
      // An excused student's grade stops counting on their leaderboards (and counts again after).
      await this.deps.leaderboards.gradeLanded(result.homework, input.studentId.toLowerCase());
    }
    return { excusal: result.excusal, isExcused: result.excusal !== null, userErrors: [] };
  }

  /** The homework's excusals, for its section's teachers and admins. */
  async excusals(homework: HomeworkRecord): Promise<ExcusalRecord[]> {
    await this.deps.access.assertCanSeeSectionStudents(homework.sectionId);
    return (await this.deps.tenant.loaders.excusalsByHomework.load(homework.id)) ?? [];
  }

  /** One student's excusal, for whoever may see both the homework and the student. */
  async excusalOf(homework: HomeworkRecord, studentId: string): Promise<ExcusalRecord | null> {
    if (!isUuid(studentId)) return null;
    await this.deps.access.assertCanSeeStudent(studentId);
    const excusals = (await this.deps.tenant.loaders.excusalsByHomework.load(homework.id)) ?? [];
    return excusals.find((excusal) => excusal.studentId === studentId.toLowerCase()) ?? null;
  }

  /** Whether the student is excused from the homework (no FORBIDDEN: for code that checked already). */
  async isExcused(homeworkId: string, studentId: string): Promise<boolean> {
    const excusals = (await this.deps.tenant.loaders.excusalsByHomework.load(homeworkId)) ?? [];
    return excusals.some((excusal) => excusal.studentId === studentId.toLowerCase());
  }

  /**
   * `Query.homeworkCompletionRates`: one aggregate (plus, for a teacher naming a section, the
   * ownership facts; and the homework records through the loaders), whatever the number of homework.
   */
  async completionRates(args: {
    sectionId?: string | null;
    status?: HomeworkStatus | null;
    first?: number | null;
  }): Promise<HomeworkCompletionModel[]> {
    const viewer = this.deps.homework.requireViewer();
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `first must be from 1 to ${MAX_FIRST}.`);
    const sectionId = args.sectionId ?? null;
    if (sectionId !== null) {
      if (!isUuid(sectionId)) return [];
      await this.deps.access.assertCanSeeSectionStudents(sectionId);
    }
    const wholeSchool = this.deps.access.seesWholeSchool;
    // A platform admin acting here sees the whole school; anyone else without it teaches nothing here.
    if (!wholeSchool && viewer.actorUserId !== undefined) return [];
    const rows = await this.deps.repos.homeworkManage.completion(this.schoolId, {
      sectionId,
      taughtByUserId: wholeSchool || sectionId !== null ? null : viewer.userId,
      status: args.status ?? null,
      first,
    });
    const homework = await this.deps.tenant.loaders.homework.loadMany(rows.map((row) => row.homeworkId));
    return rows.flatMap((row, index) => {
      const record = homework[index];
      if (!record || record instanceof Error) return [];
      return [
        {
          ...row,
          homework: record,
          completionRate: row.expected === 0 ? 0 : Math.min(1, row.submitted / row.expected),
        },
      ];
    });
  }

  /**
   * `Student.homeworkDueSoon`: one query for the candidates; the student's still-buffered submissions
   * (read-your-writes) are taken out with one Redis read per candidate (at most `first`).
   */
  async dueSoon(
    studentId: string,
    args: { withinDays?: number | null; first?: number | null },
  ): Promise<HomeworkRecord[]> {
    const withinDays = args.withinDays ?? 7;
    const first = args.first ?? 20;
    if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > MAX_WITHIN_DAYS)
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `withinDays must be from 1 to ${MAX_WITHIN_DAYS}.`);
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `first must be from 1 to ${MAX_FIRST}.`);
    if (!isUuid(studentId)) return [];
    await this.deps.access.assertCanSeeStudent(studentId);
    const now = new Date();
    const candidates = await this.deps.repos.homeworkManage.dueSoon(
      this.schoolId,
      studentId,
      now,
      new Date(now.getTime() + withinDays * DAY_MS),
      first,
    );
    const kept = await Promise.all(
      candidates.map(async (homework) => {
        // A teacher sees the student's homework only in sections they teach.
        if (!(await this.deps.homework.canSeeSectionHomework(homework.sectionId))) return null;
        const [buffered] = await this.deps.kinds.submissions.pendingByIndex(
          this.schoolId,
          submissionIndex.ofStudent(homework.id, studentId),
          { limit: 1 },
        );
        return buffered ? null : homework;
      }),
    );
    return kept.filter((homework): homework is HomeworkRecord => homework !== null);
  }
}
