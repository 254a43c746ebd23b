import type { Viewer } from '@schools24/auth';
import { badInput, DomainError, ErrorCode, userError } from '@schools24/errors';
import {
  encodeCursor,
  isUuid,
  parsePageRequest,
  type Connection,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
  toConnection,
} from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type { AcademicsLoaders } from '../loaders/index.js';
import {
  gradebookGeneration,
  SCALES_KEY,
  touchGradebooks,
  type GradebookChange,
} from '../loaders/gradebook-cache.js';
import type { TermRecord } from '../repositories/academic-year-repository.js';
import type {
  CategoryInput,
  GradingScaleRecord,
  OverrideEventRecord,
  SchoolScales,
  SubjectTermGrade,
} from '../repositories/gradebook-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { SubjectRecord } from '../repositories/subject-repository.js';
import { bandLabelled, parseBands, SCALE_LIMITS, type ScaleBand } from './grading-scale.js';
import {
  computeGradebook,
  finalGrade,
  yearGrade,
  type ComputedGradebook,
  type FinalGrade,
  type GradebookColumn,
  type GradebookRow,
  type OverrideFact,
  type SourceKind,
} from './gradebook-rules.js';
import { notFound, type HomeworkService, type HomeworkUserError } from './homework-service.js';

export interface GradebookDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  access: RecordAccess;
  homework: HomeworkService;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
}

/** A row as the API shows it: the computed grade, the override, and the final grade. */
export interface GradebookRowModel extends GradebookRow {
  id: string;
  grade: FinalGrade;
}

export interface SectionGradebookModel {
  sectionId: string;
  subjectId: string;
  termId: string;
  columns: GradebookColumn[];
  categories: ComputedGradebook['categories'];
  scale: GradingScaleRecord;
  rows: GradebookRowModel[];
}

export interface StudentGradebookModel extends Omit<SectionGradebookModel, 'rows'> {
  studentId: string;
  row: GradebookRowModel | null;
}

export interface TermGradeOfTermModel {
  termId: string;
  grade: SubjectTermGrade;
}

export interface SubjectYearGradesModel {
  subjectId: string;
  terms: TermGradeOfTermModel[];
  yearGrade: FinalGrade;
}

export type GradebookRowPage = Connection<GradebookRowModel>;

export interface CategoriesInput {
  sectionId: string;
  subjectId: string;
  termId: string;
  categories: readonly { name: string; weightPercent: number; kind?: SourceKind | null }[];
}

export interface OverrideInput {
  studentId: string;
  subjectId: string;
  termId: string;
  label?: string | null;
  percentage?: number | null;
  reason: string;
}

type Result<K extends string, T> = { [key in K]: T | null } & { userErrors: HomeworkUserError[] };
const fail = <K extends string>(key: K, ...userErrors: HomeworkUserError[]) =>
  ({ [key]: null, userErrors }) as Result<K, never>;

const REASON_MAX = 500;
const CATEGORY_LIMITS = { count: 10, name: 100 } as const;
const ADMIN_ROLES = ['SCHOOL_ADMIN', 'PLATFORM_ADMIN'];
const twoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-9;
const periodClosed = (period: string, field: string[]) =>
  userError('PERIOD_CLOSED', `The grading period "${period}" is closed: its grades are locked.`, field);

/**
 * The gradebook: grading scales (admins), weighted categories and overrides (admins and the
 * subject's teachers of the section), and the computed grades. A gradebook's facts come through a
 * Redis-cached loader keyed by generations (see `gradebook-cache.ts`); grades are computed on read.
 */
export class GradebookService {
  constructor(private readonly deps: GradebookDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private get loaders(): AcademicsLoaders {
    return this.deps.tenant.loaders;
  }

  get isAdmin(): boolean {
    return this.deps.viewer?.roles.some((role) => ADMIN_ROLES.includes(role)) ?? false;
  }

  private requireAdmin(): void {
    if (!this.isAdmin) throw new DomainError(ErrorCode.FORBIDDEN, 'Only school admins may do this.', {});
  }

  /** Admins, and teachers with a teaching assignment of the subject in the section. */
  async canManage(sectionId: string, subjectId: string): Promise<boolean> {
    if (this.isAdmin) return true;
    const { teacherId } = await this.deps.homework.ownRecords();
    if (!teacherId) return false;
    const assignments = (await this.loaders.teachingAssignmentsBySection.load(sectionId)) ?? [];
    return assignments.some(
      (row) =>
        row.teacherId.toLowerCase() === teacherId.toLowerCase() &&
        row.subjectId.toLowerCase() === subjectId.toLowerCase(),
    );
  }

  private async assertCanManage(sectionId: string, subjectId: string): Promise<void> {
    if (!(await this.canManage(sectionId, subjectId)))
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'Only admins and the teachers of this subject in the section may do this.',
        { sectionId, subjectId },
      );
  }

  /** Whether the viewer is the student or one of their guardians. */
  private async isFamilyOf(studentId: string): Promise<boolean> {
    const viewer = this.deps.viewer;
    if (!viewer || viewer.actorUserId !== undefined) return false;
    if (!viewer.roles.includes('STUDENT') && !viewer.roles.includes('GUARDIAN')) return false;
    const facts = await this.deps.repos.ownership(viewer, { asTeacher: false, asFamily: true });
    return facts.studentIds.includes(studentId.toLowerCase());
  }

  private async touch(change: GradebookChange): Promise<void> {
    if (change.scales) this.loaders.gradingScales.clear(SCALES_KEY);
    await touchGradebooks(this.deps.redis, this.schoolId, change, this.deps.logger);
  }

  // Reading -----------------------------------------------------------------------------------

  private async scales(): Promise<SchoolScales> {
    const scales = await this.loaders.gradingScales.load(SCALES_KEY);
    if (!scales) throw new Error('the school has no grading scales');
    return scales;
  }

  private async scaleOf(subjectId: string): Promise<GradingScaleRecord> {
    const scales = await this.scales();
    return scales.bySubject.get(subjectId.toLowerCase()) ?? scales.defaultScale;
  }

  /** A term of the section's year, or null. */
  private async termOfSection(termId: string, sectionId: string): Promise<TermRecord | null> {
    const [term, section] = await Promise.all([
      isUuid(termId) ? this.loaders.term.load(termId) : null,
      isUuid(sectionId) ? this.loaders.section.load(sectionId) : null,
    ]);
    return term && section && term.academicYearId === section.academicYearId ? term : null;
  }

  private async computed(sectionId: string, subjectId: string, termId: string) {
    const generation = await gradebookGeneration(this.deps.redis, this.schoolId, sectionId, subjectId);
    const [facts, scale] = await Promise.all([
      this.loaders.gradebookFacts.load({ sectionId, subjectId, termId, generation }),
      this.scaleOf(subjectId),
    ]);
    if (!facts) return null;
    const computed = computeGradebook(facts, new Date());
    const rows = computed.rows.map((row) => ({
      ...row,
      id: row.studentId,
      grade: finalGrade(row.percentage, row.override, scale.bands),
    }));
    return {
      sectionId,
      subjectId,
      termId,
      columns: computed.columns,
      categories: computed.categories,
      scale,
      rows,
    };
  }

  async sectionGradebook(
    sectionId: string,
    subjectId: string,
    termId: string,
  ): Promise<SectionGradebookModel | null> {
    const [term, subject] = await Promise.all([
      this.termOfSection(termId, sectionId),
      isUuid(subjectId) ? this.loaders.subject.load(subjectId) : null,
    ]);
    if (!term || !subject) return null;
    await this.assertCanManage(sectionId, subject.id);
    return this.computed(sectionId.toLowerCase(), subject.id, term.id);
  }

  /** A student's own row (the student, their guardians, the subject's teachers of their section, admins). */
  async studentGradebook(
    studentId: string,
    subjectId: string,
    termId: string,
  ): Promise<StudentGradebookModel | null> {
    if (!isUuid(studentId) || !isUuid(subjectId) || !isUuid(termId)) return null;
    const term = await this.loaders.term.load(termId);
    const subject = await this.loaders.subject.load(subjectId);
    if (!term || !subject) return null;
    const sectionId = (await this.deps.repos.gradebook.sectionsInTerm(this.schoolId, term, [studentId])).get(
      studentId.toLowerCase(),
    );
    const allowed =
      this.isAdmin ||
      (await this.isFamilyOf(studentId)) ||
      (sectionId !== undefined && (await this.canManage(sectionId, subject.id)));
    if (!allowed)
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        "You can see only your own grades, your children's, or those of the subjects you teach.",
        { studentId },
      );
    if (!sectionId) return null;
    const gradebook = await this.computed(sectionId, subject.id, term.id);
    if (!gradebook) return null;
    const { rows, ...rest } = gradebook;
    return {
      ...rest,
      studentId: studentId.toLowerCase(),
      row: rows.find((row) => row.studentId === studentId.toLowerCase()) ?? null,
    };
  }

  private async assertCanSeeGrades(studentId: string): Promise<void> {
    if (this.isAdmin || (await this.isFamilyOf(studentId))) return;
    if (this.deps.viewer?.roles.includes('TEACHER') && (await this.deps.access.canSeeStudent(studentId)))
      return;
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'You can see only your own grades, your children’s, or those of students you teach.',
      { studentId },
    );
  }

  /** A student's term grades in every subject (the report cards' read, through the repository). */
  async studentTermGrades(studentId: string, termId: string): Promise<SubjectTermGrade[]> {
    if (!isUuid(studentId) || !isUuid(termId)) return [];
    await this.assertCanSeeGrades(studentId);
    const grades = await this.deps.repos.gradebook.termGradesForStudents(this.schoolId, termId, [studentId]);
    return grades.get(studentId.toLowerCase()) ?? [];
  }

  /**
   * A student's year: each subject's term grades over the year's terms (kind TERM) and the year grade,
   * the mean of the term percentages that exist (terms weigh the same).
   */
  async studentYearGrades(studentId: string, academicYearId: string): Promise<SubjectYearGradesModel[]> {
    if (!isUuid(studentId) || !isUuid(academicYearId)) return [];
    await this.assertCanSeeGrades(studentId);
    const terms = ((await this.loaders.termsByAcademicYear.load(academicYearId)) ?? [])
      .filter((term) => term.kind === 'TERM')
      .sort((a, b) => a.position - b.position);
    const perTerm = await Promise.all(
      terms.map(async (term) => ({
        termId: term.id,
        grades:
          (await this.deps.repos.gradebook.termGradesForStudents(this.schoolId, term.id, [studentId])).get(
            studentId.toLowerCase(),
          ) ?? [],
      })),
    );
    const subjects = new Map<string, { termId: string; grade: SubjectTermGrade }[]>();
    for (const { termId, grades } of perTerm)
      for (const grade of grades)
        subjects.set(grade.subjectId, [...(subjects.get(grade.subjectId) ?? []), { termId, grade }]);
    const scales = await this.scales();
    return [...subjects.entries()].map(([subjectId, entries]) => ({
      subjectId,
      terms: entries,
      yearGrade: yearGrade(
        entries.map((entry) => entry.grade.percentage),
        (scales.bySubject.get(subjectId) ?? scales.defaultScale).bands,
      ),
    }));
  }

  async overrideHistory(
    input: { studentId: string; subjectId: string; termId: string },
    args: ConnectionArgs,
  ): Promise<Connection<OverrideEventRecord>> {
    const page = parsePageRequest(args);
    const none = toConnection<OverrideEventRecord>([], page, 0);
    const term = isUuid(input.termId) ? await this.loaders.term.load(input.termId) : null;
    if (!term || !isUuid(input.studentId) || !isUuid(input.subjectId)) return none;
    const key = {
      studentId: input.studentId.toLowerCase(),
      subjectId: input.subjectId.toLowerCase(),
      termId: term.id,
    };
    if (!this.isAdmin) {
      const sectionId = (
        await this.deps.repos.gradebook.sectionsInTerm(this.schoolId, term, [key.studentId])
      ).get(key.studentId);
      if (!sectionId)
        throw new DomainError(ErrorCode.FORBIDDEN, 'The student is in none of your sections.', {});
      await this.assertCanManage(sectionId, key.subjectId);
    }
    return this.deps.repos.gradebook.overrideHistory(this.schoolId, key, page);
  }

  // Scales ---------------------------------------------------------------------------------------

  async scale(id: string): Promise<GradingScaleRecord | null> {
    if (!isUuid(id)) return null;
    return (await this.deps.repos.gradebook.scalesByIds(this.schoolId, [id]))[0] ?? null;
  }

  scalePage(args: ConnectionArgs): Promise<Connection<GradingScaleRecord>> {
    return this.deps.repos.gradebook.scalePage(this.schoolId, parsePageRequest(args));
  }

  private checkName(name: string | null | undefined, problems: HomeworkUserError[]): string | undefined {
    if (name == null) return undefined;
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > SCALE_LIMITS.name)
      problems.push(userError('INVALID_INPUT', 'The name must be 1–100 characters.', ['input', 'name']));
    return trimmed;
  }

  private checkBands(
    bands: readonly { minPercent: number; label: string; gradePoints?: number | null }[] | null | undefined,
    problems: HomeworkUserError[],
  ): ScaleBand[] | undefined {
    if (bands == null) return undefined;
    const parsed = parseBands(bands, ['input', 'bands']);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      return undefined;
    }
    return parsed.bands;
  }

  async createScale(input: {
    name: string;
    bands: readonly { minPercent: number; label: string; gradePoints?: number | null }[];
    isDefault?: boolean | null;
  }): Promise<Result<'gradingScale', GradingScaleRecord>> {
    this.requireAdmin();
    const problems: HomeworkUserError[] = [];
    const name = this.checkName(input.name, problems);
    const bands = this.checkBands(input.bands, problems);
    if (problems.length > 0 || name === undefined || bands === undefined)
      return fail('gradingScale', ...problems);
    const made = await this.deps.repos.gradebook.createScale(this.schoolId, {
      name,
      bands,
      isDefault: input.isDefault ?? false,
    });
    if (made === 'NAME_TAKEN')
      return fail('gradingScale', userError('NAME_TAKEN', 'Another scale has this name.', ['input', 'name']));
    await this.touch({ scales: true });
    this.deps.logger.info({ gradingScaleId: made.id }, 'grading scale created');
    return { gradingScale: made, userErrors: [] };
  }

  async updateScale(input: {
    id: string;
    name?: string | null;
    bands?: readonly { minPercent: number; label: string; gradePoints?: number | null }[] | null;
    isDefault?: boolean | null;
  }): Promise<Result<'gradingScale', GradingScaleRecord>> {
    this.requireAdmin();
    const problems: HomeworkUserError[] = [];
    const name = this.checkName(input.name, problems);
    const bands = this.checkBands(input.bands, problems);
    if (problems.length > 0) return fail('gradingScale', ...problems);
    const updated = await this.deps.repos.gradebook.updateScale(this.schoolId, input.id, {
      ...(name !== undefined ? { name } : {}),
      ...(bands !== undefined ? { bands } : {}),
      ...(input.isDefault != null ? { isDefault: input.isDefault } : {}),
    });
    if (updated === null) return fail('gradingScale', notFound('grading scale', ['input', 'id']));
    if (updated === 'NAME_TAKEN')
      return fail('gradingScale', userError('NAME_TAKEN', 'Another scale has this name.', ['input', 'name']));
    if (updated === 'DEFAULT_REQUIRED')
      return fail(
        'gradingScale',
        userError('DEFAULT_SCALE_REQUIRED', 'Make another scale the default instead.', [
          'input',
          'isDefault',
        ]),
      );
    await this.touch({ scales: true });
    this.deps.logger.info({ gradingScaleId: updated.id }, 'grading scale updated');
    return { gradingScale: updated, userErrors: [] };
  }

  async deleteScale(input: { id: string }): Promise<Result<'gradingScale', GradingScaleRecord>> {
    this.requireAdmin();
    const deleted = await this.deps.repos.gradebook.deleteScale(this.schoolId, input.id);
    if (deleted === null) return fail('gradingScale', notFound('grading scale', ['input', 'id']));
    if (deleted === 'DEFAULT_REQUIRED')
      return fail(
        'gradingScale',
        userError(
          'DEFAULT_SCALE_REQUIRED',
          'The default scale cannot be deleted: make another the default first.',
          ['input', 'id'],
        ),
      );
    await this.touch({ scales: true });
    this.deps.logger.info({ gradingScaleId: deleted.id }, 'grading scale deleted');
    return { gradingScale: deleted, userErrors: [] };
  }

  async setSubjectScale(input: { subjectId: string; gradingScaleId?: string | null }): Promise<{
    subject: SubjectRecord | null;
    gradingScale: GradingScaleRecord | null;
    userErrors: HomeworkUserError[];
  }> {
    this.requireAdmin();
    const failed = (error: HomeworkUserError) => ({ subject: null, gradingScale: null, userErrors: [error] });
    const subject = isUuid(input.subjectId) ? await this.loaders.subject.load(input.subjectId) : null;
    if (!subject) return failed(notFound('subject', ['input', 'subjectId']));
    const scale = input.gradingScaleId ? await this.scale(input.gradingScaleId) : null;
    if (input.gradingScaleId && !scale) return failed(notFound('grading scale', ['input', 'gradingScaleId']));
    await this.deps.repos.gradebook.setSubjectScale(this.schoolId, subject.id, scale?.id ?? null);
    await this.touch({ scales: true });
    return { subject, gradingScale: scale ?? (await this.scaleOf(subject.id)), userErrors: [] };
  }

  // Categories -----------------------------------------------------------------------------------

  async setCategories(input: CategoriesInput): Promise<{
    gradebook: SectionGradebookModel | null;
    userErrors: HomeworkUserError[];
  }> {
    const failed = (...userErrors: HomeworkUserError[]) => ({ gradebook: null, userErrors });
    const [section, subject, term] = await Promise.all([
      isUuid(input.sectionId) ? this.loaders.section.load(input.sectionId) : null,
      isUuid(input.subjectId) ? this.loaders.subject.load(input.subjectId) : null,
      isUuid(input.termId) ? this.loaders.term.load(input.termId) : null,
    ]);
    if (!section) return failed(notFound('section', ['input', 'sectionId']));
    if (!subject) return failed(notFound('subject', ['input', 'subjectId']));
    await this.assertCanManage(section.id, subject.id);
    if (!term) return failed(notFound('term', ['input', 'termId']));
    if (term.academicYearId !== section.academicYearId)
      return failed(
        userError('WRONG_ACADEMIC_YEAR', "The term is not of the section's academic year.", [
          'input',
          'termId',
        ]),
      );
    const problems: HomeworkUserError[] = [];
    const categories: CategoryInput[] = input.categories.map((category) => ({
      name: category.name.trim(),
      weightPercent: category.weightPercent,
      kind: category.kind ?? null,
    }));
    if (categories.length > CATEGORY_LIMITS.count)
      problems.push(
        userError('INVALID_INPUT', 'A gradebook has at most 10 categories.', ['input', 'categories']),
      );
    const names = new Set<string>();
    const kinds = new Set<string>();
    categories.forEach((category, index) => {
      const at = ['input', 'categories', String(index)];
      if (category.name.length === 0 || category.name.length > CATEGORY_LIMITS.name)
        problems.push(
          userError('INVALID_INPUT', 'A category name must be 1–100 characters.', [...at, 'name']),
        );
      if (names.has(category.name.toLowerCase()))
        problems.push(
          userError('NAME_TAKEN', `The category "${category.name}" is named twice.`, [...at, 'name']),
        );
      names.add(category.name.toLowerCase());
      if (category.kind) {
        if (kinds.has(category.kind))
          problems.push(
            userError('INVALID_INPUT', `Only one category may take every ${category.kind.toLowerCase()}.`, [
              ...at,
              'kind',
            ]),
          );
        kinds.add(category.kind);
      }
      if (
        !Number.isInteger(category.weightPercent) ||
        category.weightPercent < 0 ||
        category.weightPercent > 100
      )
        problems.push(
          userError('INVALID_WEIGHTS', 'A weight is a whole percentage from 0 to 100.', [
            ...at,
            'weightPercent',
          ]),
        );
    });
    const total = categories.reduce((sum, category) => sum + category.weightPercent, 0);
    if (categories.length > 0 && total !== 100)
      problems.push(
        userError('INVALID_WEIGHTS', `The weights add up to ${total} %, not 100 %.`, ['input', 'categories']),
      );
    if (problems.length > 0) return failed(...problems);
    const saved = await this.deps.repos.gradebook.replaceCategories(
      this.schoolId,
      { sectionId: section.id, subjectId: subject.id, term },
      categories,
    );
    if ('refused' in saved)
      return failed(
        saved.refused === 'PERIOD_CLOSED'
          ? periodClosed(saved.period, ['input', 'termId'])
          : notFound('term', ['input', 'termId']),
      );
    await this.touch({ pairs: [{ sectionId: section.id, subjectId: subject.id }] });
    this.deps.logger.info(
      { sectionId: section.id, subjectId: subject.id, termId: term.id },
      'gradebook categories set',
    );
    return { gradebook: await this.computed(section.id, subject.id, term.id), userErrors: [] };
  }

  /** The section and subject of an assessment (homework, quiz or exam paper), or null. */
  private async assessment(
    kind: SourceKind,
    id: string,
  ): Promise<{ sectionId: string; subjectId: string } | null> {
    if (!isUuid(id)) return null;
    if (kind === 'HOMEWORK') return this.loaders.homework.load(id);
    if (kind === 'QUIZ') return this.loaders.quiz.load(id);
    return this.loaders.examPaper.load(id);
  }

  async placeAssessment(input: {
    kind: SourceKind;
    assessmentId: string;
    categoryId?: string | null;
  }): Promise<{ isPlaced: boolean; userErrors: HomeworkUserError[] }> {
    const failed = (error: HomeworkUserError) => ({ isPlaced: false, userErrors: [error] });
    const assessment = await this.assessment(input.kind, input.assessmentId);
    if (!assessment) return failed(notFound('assessment', ['input', 'assessmentId']));
    await this.assertCanManage(assessment.sectionId, assessment.subjectId);
    const category = input.categoryId
      ? ((await this.deps.repos.gradebook.categoriesByIds(this.schoolId, [input.categoryId]))[0] ?? null)
      : null;
    if (input.categoryId && !category) return failed(notFound('category', ['input', 'categoryId']));
    if (
      category &&
      (category.sectionId !== assessment.sectionId.toLowerCase() ||
        category.subjectId !== assessment.subjectId.toLowerCase())
    )
      return failed(
        userError(
          'CATEGORY_NOT_IN_GRADEBOOK',
          "The category belongs to another section's or subject's gradebook.",
          ['input', 'categoryId'],
        ),
      );
    const term = category ? await this.loaders.term.load(category.termId) : null;
    const placed = await this.deps.repos.gradebook.placeAssessment(
      this.schoolId,
      input.kind,
      input.assessmentId.toLowerCase(),
      category && term ? { id: category.id, term } : null,
    );
    if (placed !== 'DONE')
      return failed(
        placed.refused === 'PERIOD_CLOSED'
          ? periodClosed(placed.period, ['input', 'categoryId'])
          : notFound('category', ['input', 'categoryId']),
      );
    await this.touch({ pairs: [assessment] });
    return { isPlaced: true, userErrors: [] };
  }

  // Overrides ------------------------------------------------------------------------------------

  private async overrideScope(input: {
    studentId: string;
    subjectId: string;
    termId: string;
  }): Promise<
    | { error: HomeworkUserError }
    | { term: TermRecord; subjectId: string; sectionId: string; studentId: string }
  > {
    const [term, subject] = await Promise.all([
      isUuid(input.termId) ? this.loaders.term.load(input.termId) : null,
      isUuid(input.subjectId) ? this.loaders.subject.load(input.subjectId) : null,
    ]);
    if (!term) return { error: notFound('term', ['input', 'termId']) };
    if (!subject) return { error: notFound('subject', ['input', 'subjectId']) };
    const sectionId = isUuid(input.studentId)
      ? (await this.deps.repos.gradebook.sectionsInTerm(this.schoolId, term, [input.studentId])).get(
          input.studentId.toLowerCase(),
        )
      : undefined;
    if (!sectionId)
      return {
        error: userError('NOT_ENROLLED', 'The student is not enrolled in a section during this term.', [
          'input',
          'studentId',
        ]),
      };
    await this.assertCanManage(sectionId, subject.id);
    return { term, subjectId: subject.id, sectionId, studentId: input.studentId.toLowerCase() };
  }

  async override(input: OverrideInput): Promise<Result<'override', OverrideFact>> {
    const viewer = this.requireViewer();
    const scope = await this.overrideScope(input);
    if ('error' in scope) return fail('override', scope.error);
    const problems: HomeworkUserError[] = [];
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > REASON_MAX)
      problems.push(
        userError('INVALID_INPUT', 'A reason of 1–500 characters is required.', ['input', 'reason']),
      );
    const label = input.label?.trim() || null;
    const percentage = input.percentage ?? null;
    if (label === null && percentage === null)
      problems.push(userError('INVALID_INPUT', 'Give a label, a percentage or both.', ['input']));
    if (percentage !== null && !(percentage >= 0 && percentage <= 100 && twoDecimals(percentage)))
      problems.push(
        userError('INVALID_INPUT', 'The percentage is from 0 to 100, with at most two decimals.', [
          'input',
          'percentage',
        ]),
      );
    let canonical = label;
    if (label !== null) {
      const band = bandLabelled((await this.scaleOf(scope.subjectId)).bands, label);
      if (!band)
        problems.push(
          userError('LABEL_NOT_IN_SCALE', `"${label}" is not a label of this subject's grading scale.`, [
            'input',
            'label',
          ]),
        );
      canonical = band?.label ?? label;
    }
    if (problems.length > 0) return fail('override', ...problems);
    const changed = await this.deps.repos.gradebook.changeOverride(
      this.schoolId,
      {
        studentId: scope.studentId,
        subjectId: scope.subjectId,
        termId: scope.term.id,
        next: { label: canonical, percentage },
        reason,
        actorUserId: viewer.userId,
      },
      scope.term,
    );
    if (changed === 'REMOVED') throw new Error('setting an override removed it');
    if ('refused' in changed)
      return fail(
        'override',
        changed.refused === 'PERIOD_CLOSED'
          ? periodClosed(changed.period, ['input', 'termId'])
          : notFound('override', ['input']),
      );
    await this.touch({ pairs: [{ sectionId: scope.sectionId, subjectId: scope.subjectId }] });
    this.deps.logger.info(
      { studentId: scope.studentId, subjectId: scope.subjectId, termId: scope.term.id },
      'term grade overridden',
    );
    return { override: changed, userErrors: [] };
  }

  async removeOverride(input: {
    studentId: string;
    subjectId: string;
    termId: string;
    reason: string;
  }): Promise<{ isRemoved: boolean; userErrors: HomeworkUserError[] }> {
    const viewer = this.requireViewer();
    const failed = (error: HomeworkUserError) => ({ isRemoved: false, userErrors: [error] });
    const scope = await this.overrideScope(input);
    if ('error' in scope) return failed(scope.error);
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > REASON_MAX)
      return failed(
        userError('INVALID_INPUT', 'A reason of 1–500 characters is required.', ['input', 'reason']),
      );
    const changed = await this.deps.repos.gradebook.changeOverride(
      this.schoolId,
      {
        studentId: scope.studentId,
        subjectId: scope.subjectId,
        termId: scope.term.id,
        next: null,
        reason,
        actorUserId: viewer.userId,
      },
      scope.term,
    );
    if (changed !== 'REMOVED')
      return failed(
        'refused' in changed && changed.refused === 'PERIOD_CLOSED'
          ? periodClosed(changed.period, ['input', 'termId'])
          : notFound('override of this grade', ['input']),
      );
    await this.touch({ pairs: [{ sectionId: scope.sectionId, subjectId: scope.subjectId }] });
    this.deps.logger.info(
      { studentId: scope.studentId, subjectId: scope.subjectId, termId: scope.term.id },
      'term grade override removed',
    );
    return { isRemoved: true, userErrors: [] };
  }

  private requireViewer(): Viewer {
    return this.deps.homework.requireViewer();
  }
}

/** A page of gradebook rows, by student id (rows are bounded by the section's size). */
export function rowPage<T extends { id: string }>(rows: readonly T[], args: ConnectionArgs): Connection<T> {
  const page = parsePageRequest(args);
  if (page.direction === 'backward') throw badInput('Page gradebook rows forward, with `first`.');
  const start = page.cursorId ? rows.findIndex((row) => row.id === page.cursorId) + 1 : 0;
  const slice = rows.slice(start, start + page.size);
  const edges = slice.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + page.size < rows.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: rows.length,
  };
}
