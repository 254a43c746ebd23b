import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, userError, type UserError } from '@schools24/errors';
import {
  isUuid,
  parsePageRequest,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
} from '@schools24/graphql';
import type { HomeworkErrorCode, HomeworkStatus } from '../generated/resolvers-types.js';
import type { GradebookChange } from '../loaders/gradebook-cache.js';
import type { AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { HomeworkPage, HomeworkRecord, OwnRecords } from '../repositories/homework-repository.js';
import { parseLatePolicy, type LatePolicyColumns, type LatePolicyInput } from './late-policy.js';
import { parseRubric, type RubricInput } from './rubric.js';

/** The academics error codes (the SDL's `HomeworkErrorCode`, shared by every academics operation). */
export type { HomeworkErrorCode };

export type HomeworkUserError = UserError<HomeworkErrorCode>;

export const notFound = (what: string, field: string[]): HomeworkUserError =>
  userError('NOT_FOUND', `No such ${what} in this school.`, field);

/** Limits of what a homework may ask for. */
export const HOMEWORK_LIMITS = {
  title: 200,
  instructions: 10_000,
  maxPoints: 1000,
  fileTypes: 20,
  maxFileBytes: 50 * 1024 * 1024,
  defaultMaxFileBytes: 10 * 1024 * 1024,
} as const;

/** `type/subtype` as RFC 6838 allows, lower-case, without parameters. */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;

export const isMimeType = (value: string) => MIME_TYPE.test(value);

export interface AssignHomeworkInput {
  sectionId: string;
  subjectId: string;
  title: string;
  instructions: string;
  dueAt: Date;
  maxPoints?: number | null;
  allowedFileTypes?: readonly string[] | null;
  maxFileBytes?: number | null;
  latePolicy?: LatePolicyInput | null;
  allowResubmission?: boolean | null;
  rubric?: RubricInput | null;
}

/** The fields of a homework that assigning sets and editing may change, as given. */
export interface HomeworkFieldsInput {
  title?: string | null;
  instructions?: string | null;
  maxPoints?: number | null;
  allowedFileTypes?: readonly string[] | null;
  maxFileBytes?: number | null;
}

/**
 * What is wrong with the maximum points given beside a rubric's total: a rubric sets the maximum
 * itself, so a different one given with it is refused; without a rubric the maximum is required.
 */
export function maxPointsProblem(
  maxPoints: number | null | undefined,
  rubricTotal: number | null,
): HomeworkUserError | null {
  if (rubricTotal !== null)
    return maxPoints != null && maxPoints !== rubricTotal
      ? userError(
          'INVALID_POINTS',
          `With this rubric the maximum points are ${rubricTotal}: omit maxPoints.`,
          ['input', 'maxPoints'],
        )
      : null;
  return maxPoints == null
    ? userError('INVALID_POINTS', 'Give the maximum points (or a rubric).', ['input', 'maxPoints'])
    : null;
}

/** Late work flagged only, always accepted. */
export const NO_LATE_POLICY: LatePolicyColumns = {
  latePenaltyPercentPerDay: 0,
  latePenaltyMaxPercent: 100,
  lateCutoffDays: null,
};

/**
 * The given fields normalized (title trimmed, file types lower-cased and de-duplicated, the default
 * file size for assigning), with every problem of them; fields not given are left out. Assigning and
 * editing share it, so a homework cannot be edited into what it could not be set as.
 */
export function checkHomeworkFields(input: HomeworkFieldsInput): {
  fields: { title?: string; allowedFileTypes?: string[]; maxFileBytes?: number };
  problems: HomeworkUserError[];
} {
  const problems: HomeworkUserError[] = [];
  const fields: { title?: string; allowedFileTypes?: string[]; maxFileBytes?: number } = {};
  if (input.title != null) {
    fields.title = input.title.trim();
    if (fields.title.length === 0 || fields.title.length > HOMEWORK_LIMITS.title)
      problems.push(userError('INVALID_INPUT', 'The title must be 1–200 characters.', ['input', 'title']));
  }
  if (input.instructions != null && input.instructions.length > HOMEWORK_LIMITS.instructions)
    problems.push(
      userError('INVALID_INPUT', 'The instructions must be at most 10,000 characters.', [
        'input',
        'instructions',
      ]),
    );
  if (
    input.maxPoints != null &&
    (!Number.isInteger(input.maxPoints) || input.maxPoints < 1 || input.maxPoints > HOMEWORK_LIMITS.maxPoints)
  )
    problems.push(
      userError('INVALID_POINTS', 'The maximum points must be a whole number from 1 to 1,000.', [
        'input',
        'maxPoints',
      ]),
    );
  if (input.allowedFileTypes != null) {
    fields.allowedFileTypes = [...new Set(input.allowedFileTypes.map((type) => type.trim().toLowerCase()))];
    if (
      fields.allowedFileTypes.length > HOMEWORK_LIMITS.fileTypes ||
      !fields.allowedFileTypes.every(isMimeType)
    )
      problems.push(
        userError(
          'INVALID_INPUT',
          'Allowed file types must be at most 20 MIME types such as `application/pdf`.',
          ['input', 'allowedFileTypes'],
        ),
      );
  }
  if (input.maxFileBytes != null) {
    fields.maxFileBytes = input.maxFileBytes;
    if (
      !Number.isInteger(input.maxFileBytes) ||
      input.maxFileBytes < 1 ||
      input.maxFileBytes > HOMEWORK_LIMITS.maxFileBytes
    )
      problems.push(
        userError('INVALID_INPUT', 'The largest file must be from 1 byte to 50 MB.', [
          'input',
          'maxFileBytes',
        ]),
      );
  }
  return { fields, problems };
}

export interface SectionHomeworkArgs extends ConnectionArgs {
  status: HomeworkStatus | null;
}

/**
 * Homework itself: setting it and who may see it. Record ownership: admins see every section's
 * homework, teachers their sections' (class teacher or a teaching assignment), students the sections
 * they are ACTIVE-ly enrolled in, guardians their children's sections. Anything else is FORBIDDEN.
 */
export class HomeworkService {
  private own: Promise<OwnRecords> | undefined;
  private readonly sectionVisibility = new Map<string, Promise<boolean>>();

  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly access: RecordAccess,
    private readonly viewer: Viewer | null,
    /** Tells the gradebooks a homework was set (see `touchGradebooks`). */
    private readonly gradebookChanged: (change: GradebookChange) => Promise<void> = async () => {},
  ) {}

  get schoolId(): string {
    return this.tenant.schoolId;
  }

  /** The signed-in user's own student and teacher records (none for a platform admin acting here). */
  ownRecords(): Promise<OwnRecords> {
    const viewer = this.viewer;
    if (!viewer || viewer.actorUserId !== undefined)
      return Promise.resolve({ studentId: null, teacherId: null });
    this.own ??= this.repos.homework.ownRecords(this.schoolId, viewer.userId);
    return this.own;
  }

  /** The viewer, who must be signed in (the SDL's rules already make sure of it). */
  requireViewer(): Viewer {
    if (!this.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    return this.viewer;
  }

  canSeeSectionHomework(sectionId: string): Promise<boolean> {
    const key = sectionId.toLowerCase();
    let visible = this.sectionVisibility.get(key);
    if (!visible) {
      visible = this.readSectionVisibility(key);
      this.sectionVisibility.set(key, visible);
    }
    return visible;
  }

  private async readSectionVisibility(sectionId: string): Promise<boolean> {
    if (await this.access.canSeeSectionStudents(sectionId)) return true;
    const students = await this.access.visibleStudentIds();
    if (!students || students.size === 0) return false;
    return (await this.repos.homework.activeInSection(this.schoolId, sectionId, [...students])).length > 0;
  }

  async assertCanSeeSectionHomework(sectionId: string): Promise<void> {
    if (!(await this.canSeeSectionHomework(sectionId))) {
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        "You can see only the homework of sections you teach or attend, or your children's.",
        { sectionId },
      );
    }
  }

  /** The closed grading period of the year holding the instant's UTC day, from the cached terms. */
  async closedPeriodHolding(academicYearId: string, at: Date) {
    const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
    const terms = (await this.tenant.loaders.termsByAcademicYear.load(academicYearId)) ?? [];
    return (
      terms.find(
        (term) =>
          term.kind === 'GRADING_PERIOD' && term.closedAt && term.startsOn <= day && day <= term.endsOn,
      ) ?? null
    );
  }

  /** A homework by id, without checking who asks (for code that checks itself). */
  find(id: string): Promise<HomeworkRecord | null> {
    return this.tenant.loaders.homework.load(id);
  }

  async homework(id: string): Promise<HomeworkRecord | null> {
    const homework = await this.find(id);
    if (homework) await this.assertCanSeeSectionHomework(homework.sectionId);
    return homework;
  }

  async sectionHomework(sectionId: string, args: SectionHomeworkArgs): Promise<HomeworkPage> {
    const page = parsePageRequest(args);
    await this.assertCanSeeSectionHomework(sectionId);
    return this.repos.homework.pageOfSection(this.schoolId, sectionId, args.status, page);
  }

  async assign(
    input: AssignHomeworkInput,
  ): Promise<{ homework: HomeworkRecord | null; userErrors: HomeworkUserError[] }> {
    const viewer = this.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({ homework: null, userErrors });
    const [section, subject] = await Promise.all([
      isUuid(input.sectionId) ? this.tenant.loaders.section.load(input.sectionId) : null,
      isUuid(input.subjectId) ? this.tenant.loaders.subject.load(input.subjectId) : null,
    ]);
    if (!section) return failed(notFound('section', ['input', 'sectionId']));
    if (!(await this.access.canSeeSectionStudents(section.id))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can set homework only for sections you teach.', {
        sectionId: section.id,
      });
    }
    if (!subject) return failed(notFound('subject', ['input', 'subjectId']));

    const checked = checkHomeworkFields(input);
    const problems = checked.problems;
    if (!(input.dueAt.getTime() > Date.now()))
      problems.push(userError('INVALID_DUE_AT', 'The due time must be in the future.', ['input', 'dueAt']));
    const closed = await this.closedPeriodHolding(section.academicYearId, input.dueAt);
    if (closed)
      problems.push(
        userError(
          'PERIOD_CLOSED',
          `The due date falls in the closed grading period "${closed.name}": it could never be graded.`,
          ['input', 'dueAt'],
        ),
      );
    const policy = input.latePolicy ? parseLatePolicy(input.latePolicy, ['input', 'latePolicy']) : null;
    if (policy && 'problems' in policy) problems.push(...policy.problems);
    const rubric = input.rubric ? parseRubric(input.rubric, ['input', 'rubric']) : null;
    if (rubric && 'problems' in rubric) problems.push(...rubric.problems);
    const parsedRubric = rubric && 'rubric' in rubric ? rubric : null;
    // A rubric that failed to parse has no total to compare the maximum with.
    if (!(rubric && !parsedRubric)) {
      const pointsProblem = maxPointsProblem(input.maxPoints, parsedRubric?.maxPoints ?? null);
      if (pointsProblem) problems.push(pointsProblem);
    }
    const maxPoints = parsedRubric?.maxPoints ?? input.maxPoints;
    if (problems.length > 0 || maxPoints == null) return failed(...problems);

    const { teacherId } = await this.ownRecords();
    const homework = await this.repos.homework.create(this.schoolId, {
      sectionId: section.id,
      subjectId: subject.id,
      // The teacher who set it; an admin without the TEACHER role is recorded only as the assigning user.
      teacherId: viewer.roles.includes('TEACHER') ? teacherId : null,
      assignedByUserId: viewer.userId,
      title: checked.fields.title ?? '',
      instructions: input.instructions,
      dueAt: input.dueAt,
      maxPoints,
      rubric: parsedRubric?.rubric ?? null,
      allowedFileTypes: checked.fields.allowedFileTypes ?? [],
      maxFileBytes: checked.fields.maxFileBytes ?? HOMEWORK_LIMITS.defaultMaxFileBytes,
      ...(policy && 'columns' in policy ? policy.columns : NO_LATE_POLICY),
      allowResubmission: input.allowResubmission ?? false,
    });
    await this.gradebookChanged({ pairs: [homework] });
    return { homework, userErrors: [] };
  }
}
