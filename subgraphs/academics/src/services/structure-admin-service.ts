import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import { isUuid, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type {
  AcademicYearIdInput,
  CreateAcademicYearInput,
  CreateGradeInput,
  CreateGradingPeriodInput,
  CreateSectionInput,
  CreateSubjectInput,
  CreateTeachingAssignmentInput,
  CreateTermInput,
  TeachingAssignmentIdInput,
  TermIdInput,
  UpdateAcademicYearInput,
  UpdateGradeInput,
  UpdateSectionInput,
  UpdateSubjectInput,
  UpdateTermInput,
} from '../generated/resolvers-types.js';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { CURRENT_YEAR_KEY, forgetStale, type AcademicsLoaders, type StaleEntries } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { AcademicYearRecord, TermRecord } from '../repositories/academic-year-repository.js';
import type { SectionRecord } from '../repositories/section-repository.js';
import {
  CONFLICT,
  IN_USE,
  isRefusal,
  type CalendarFacts,
  type Refusal,
  type TermFields,
} from '../repositories/structure-admin-repository.js';
import {
  checkPostingWindow,
  checkTermDates,
  checkYearDates,
  checkYearHoldsTerms,
  notFound,
  Problems,
  type AcademicsError,
} from './structure-rules.js';

const LIMITS = { yearName: 50, termName: 100, gradeName: 50, sectionName: 50, room: 50, subjectName: 100 };
const GRADE_LEVELS = { min: -5, max: 20 };
const SECTION_CAPACITY = { min: 1, max: 500 };
const SUBJECT_CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;

export interface StructureAdminDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
}

type Result<K extends string, V> = { [key in K]: V | null } & { userErrors: AcademicsError[] };

function failed<K extends string>(key: K, ...userErrors: AcademicsError[]): Result<K, never> {
  return { [key]: null, userErrors } as Result<K, never>;
}

function done<K extends string, V>(key: K, value: V): Result<K, V> {
  return { [key]: value, userErrors: [] } as unknown as Result<K, V>;
}

const refuse = (...errors: AcademicsError[]): Refusal<AcademicsError[]> => ({ refused: errors });

/**
 * Managing how the school is organised: the calendar, grades, sections, subjects and who teaches
 * what. The SDL admits school admins only; the rules that depend on the data live here, and checks
 * that span rows run inside the write's transaction under a lock (see the repository). After each
 * commit the cached copies it made stale are dropped. Academics has no audit log of its own (the
 * audit log is identity's table), so each change is one structured log line with ids only.
 */
export class StructureAdminService {
  constructor(private readonly deps: StructureAdminDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private get loaders(): AcademicsLoaders {
    return this.deps.tenant.loaders;
  }

  private get repo() {
    return this.deps.repos.structureAdmin;
  }

  private async changed(action: string, stale: StaleEntries, ids: Record<string, string>): Promise<void> {
    await forgetStale(this.deps.redis, this.schoolId, this.loaders, stale);
    // A term's dates decide which work its gradebooks hold (and a section's end its roster).
    if (stale.term || stale.termsByAcademicYear)
      await touchGradebooks(this.deps.redis, this.schoolId, { school: true }, this.deps.logger);
    this.deps.logger.info(
      { action, ...ids, actorUserId: this.deps.viewer?.userId },
      'academics structure changed',
    );
  }

  private requireViewer(): Viewer {
    if (!this.deps.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    return this.deps.viewer;
  }

  private loadYear(id: string) {
    return isUuid(id) ? this.loaders.academicYear.load(id) : Promise.resolve(null);
  }

  private loadTerm(id: string) {
    return isUuid(id) ? this.loaders.term.load(id) : Promise.resolve(null);
  }

  // Academic years ------------------------------------------------------------------------------

  async createAcademicYear(
    input: CreateAcademicYearInput,
  ): Promise<Result<'academicYear', AcademicYearRecord>> {
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.yearName, ['input', 'name'], 'The name');
    checkYearDates(problems, input, ['input', 'endsOn']);
    if (!problems.ok) return failed('academicYear', ...problems.errors);
    const created = await this.repo.createAcademicYear(
      this.schoolId,
      { name, startsOn: input.startsOn, endsOn: input.endsOn },
      input.isCurrent === true,
    );
    if (created === CONFLICT) return failed('academicYear', yearNameTaken());
    await this.changed(
      'academic-year.created',
      { academicYear: [created.previousCurrentId], currentAcademicYear: [CURRENT_YEAR_KEY] },
      { academicYearId: created.year.id },
    );
    return done('academicYear', created.year);
  }

  async updateAcademicYear(
    input: UpdateAcademicYearInput,
  ): Promise<Result<'academicYear', AcademicYearRecord>> {
    if (!isUuid(input.id)) return failed('academicYear', notFound('academic year', ['input', 'id']));
    const problems = new Problems();
    const name =
      input.name == null
        ? undefined
        : problems.text(input.name, LIMITS.yearName, ['input', 'name'], 'The name');
    if (!problems.ok) return failed('academicYear', ...problems.errors);
    const result = await this.repo.updateAcademicYear(
      this.schoolId,
      input.id,
      ({ year, terms }: CalendarFacts) => {
        const fields = {
          name: name ?? year.name,
          startsOn: input.startsOn ?? year.startsOn,
          endsOn: input.endsOn ?? year.endsOn,
        };
        const check = new Problems();
        checkYearDates(check, fields, ['input', 'endsOn']);
        if (check.ok) checkYearHoldsTerms(check, fields, terms);
        return check.ok ? { fields } : refuse(...check.errors);
      },
    );
    if (result === null) return failed('academicYear', notFound('academic year', ['input', 'id']));
    if (result === CONFLICT) return failed('academicYear', yearNameTaken());
    if (isRefusal<AcademicsError[]>(result)) return failed('academicYear', ...result.refused);
    await this.changed(
      'academic-year.updated',
      { academicYear: [result.id], currentAcademicYear: [CURRENT_YEAR_KEY] },
      { academicYearId: result.id },
    );
    return done('academicYear', result);
  }

  async setCurrentAcademicYear(
    input: AcademicYearIdInput,
  ): Promise<Result<'academicYear', AcademicYearRecord>> {
    const set = isUuid(input.id) ? await this.repo.setCurrentAcademicYear(this.schoolId, input.id) : null;
    if (!set) return failed('academicYear', notFound('academic year', ['input', 'id']));
    await this.changed(
      'academic-year.made-current',
      { academicYear: [set.year.id, set.previousCurrentId], currentAcademicYear: [CURRENT_YEAR_KEY] },
      { academicYearId: set.year.id },
    );
    return done('academicYear', set.year);
  }

  // Terms and grading periods ---------------------------------------------------------------------

  async createTerm(input: CreateTermInput): Promise<Result<'term', TermRecord>> {
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.termName, ['input', 'name'], 'The name');
    if (!problems.ok) return failed('term', ...problems.errors);
    if (!isUuid(input.academicYearId))
      return failed('term', notFound('academic year', ['input', 'academicYearId']));
    const result = await this.repo.createTerm(this.schoolId, input.academicYearId, ({ year, terms }) => {
      const check = new Problems();
      checkTermDates(check, { ...input, id: null, parentTermId: null }, year, terms);
      if (!check.ok) return refuse(...check.errors);
      return {
        term: {
          kind: 'TERM',
          academicYearId: year.id,
          parentTermId: null,
          name,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          postingOpensAt: null,
          postingClosesAt: null,
        },
      };
    });
    return this.termWritten('term.created', result, ['input', 'academicYearId'], 'academic year');
  }

  async createGradingPeriod(input: CreateGradingPeriodInput): Promise<Result<'term', TermRecord>> {
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.termName, ['input', 'name'], 'The name');
    const window = {
      postingOpensAt: input.postingOpensAt ?? null,
      postingClosesAt: input.postingClosesAt ?? null,
    };
    checkPostingWindow(problems, window);
    if (!problems.ok) return failed('term', ...problems.errors);
    const parent = await this.loadTerm(input.termId);
    if (!parent) return failed('term', notFound('term', ['input', 'termId']));
    if (parent.kind !== 'TERM')
      return failed(
        'term',
        userError('WRONG_KIND', 'Grading periods nest in a term, not in another grading period.', [
          'input',
          'termId',
        ]),
      );
    const result = await this.repo.createTerm(this.schoolId, parent.academicYearId, ({ year, terms }) => {
      const check = new Problems();
      if (!terms.some((term) => term.id === parent.id)) return refuse(notFound('term', ['input', 'termId']));
      checkTermDates(check, { ...input, id: null, parentTermId: parent.id }, year, terms);
      if (!check.ok) return refuse(...check.errors);
      return {
        term: {
          kind: 'GRADING_PERIOD',
          academicYearId: year.id,
          parentTermId: parent.id,
          name,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          ...window,
        },
      };
    });
    return this.termWritten('grading-period.created', result, ['input', 'termId'], 'term');
  }

  async updateTerm(input: UpdateTermInput): Promise<Result<'term', TermRecord>> {
    const problems = new Problems();
    const name =
      input.name == null
        ? undefined
        : problems.text(input.name, LIMITS.termName, ['input', 'name'], 'The name');
    if (!problems.ok) return failed('term', ...problems.errors);
    const term = await this.loadTerm(input.id);
    if (!term) return failed('term', notFound('term', ['input', 'id']));
    const result = await this.repo.updateTerm(
      this.schoolId,
      term.academicYearId,
      term.id,
      ({ year, terms }) => {
        const current = terms.find((other) => other.id === term.id);
        if (!current) return refuse(notFound('term', ['input', 'id']));
        if (current.closedAt)
          return refuse(
            userError('PERIOD_CLOSED', 'This grading period is closed: reopen it to change it.', [
              'input',
              'id',
            ]),
          );
        const fields: TermFields = {
          name: name ?? current.name,
          startsOn: input.startsOn ?? current.startsOn,
          endsOn: input.endsOn ?? current.endsOn,
          postingOpensAt: input.postingOpensAt === undefined ? current.postingOpensAt : input.postingOpensAt,
          postingClosesAt:
            input.postingClosesAt === undefined ? current.postingClosesAt : input.postingClosesAt,
        };
        const check = new Problems();
        checkTermDates(check, { ...fields, id: current.id, parentTermId: current.parentTermId }, year, terms);
        checkPostingWindow(check, fields);
        return check.ok ? { fields } : refuse(...check.errors);
      },
    );
    return this.termWritten('term.updated', result, ['input', 'id'], 'term');
  }

  async closeGradingPeriod(input: TermIdInput): Promise<Result<'term', TermRecord>> {
    return this.setClosed(input, true);
  }

  async reopenGradingPeriod(input: TermIdInput): Promise<Result<'term', TermRecord>> {
    return this.setClosed(input, false);
  }

  private async setClosed(input: TermIdInput, close: boolean): Promise<Result<'term', TermRecord>> {
    const viewer = this.requireViewer();
    const term = await this.loadTerm(input.id);
    if (!term) return failed('term', notFound('grading period', ['input', 'id']));
    if (term.kind !== 'GRADING_PERIOD')
      return failed(
        'term',
        userError('WRONG_KIND', 'Only grading periods are closed and reopened.', ['input', 'id']),
      );
    const updated = await this.repo.setTermClosed(
      this.schoolId,
      term.id,
      close ? { at: new Date(), byUserId: viewer.actorUserId ?? viewer.userId } : null,
    );
    if (!updated) {
      // Nothing changed: the period is already in that state (or was deleted meanwhile).
      await forgetStale(this.deps.redis, this.schoolId, this.loaders, { term: [term.id] });
      const now = await this.loadTerm(term.id);
      if (!now) return failed('term', notFound('grading period', ['input', 'id']));
      return failed(
        'term',
        close
          ? userError('PERIOD_CLOSED', 'This grading period is closed already.', ['input', 'id'])
          : userError('PERIOD_OPEN', 'This grading period is not closed.', ['input', 'id']),
      );
    }
    await this.changed(
      close ? 'grading-period.closed' : 'grading-period.reopened',
      { term: [updated.id], termsByAcademicYear: [updated.academicYearId] },
      { termId: updated.id },
    );
    return done('term', updated);
  }

  private async termWritten(
    action: string,
    result: TermRecord | Refusal<AcademicsError[]> | typeof CONFLICT | null,
    field: string[],
    what: string,
  ): Promise<Result<'term', TermRecord>> {
    if (result === null) return failed('term', notFound(what, field));
    if (result === CONFLICT)
      return failed(
        'term',
        userError('NAME_TAKEN', 'Another term or grading period of this year has this name.', [
          'input',
          'name',
        ]),
      );
    if (isRefusal<AcademicsError[]>(result)) return failed('term', ...result.refused);
    await this.changed(
      action,
      { term: [result.id], termsByAcademicYear: [result.academicYearId] },
      { termId: result.id, academicYearId: result.academicYearId },
    );
    return done('term', result);
  }

  // Grades -----------------------------------------------------------------------------------------

  async createGrade(input: CreateGradeInput) {
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.gradeName, ['input', 'name'], 'The name');
    problems.integer(input.level, GRADE_LEVELS.min, GRADE_LEVELS.max, ['input', 'level'], 'The level');
    if (!problems.ok) return failed('grade', ...problems.errors);
    const created = await this.repo.createGrade(this.schoolId, { name, level: input.level });
    if (created === CONFLICT) return failed('grade', gradeTaken());
    await this.changed('grade.created', {}, { gradeId: created.id });
    return done('grade', created);
  }

  async updateGrade(input: UpdateGradeInput) {
    const problems = new Problems();
    const name =
      input.name == null
        ? undefined
        : problems.text(input.name, LIMITS.gradeName, ['input', 'name'], 'The name');
    if (input.level != null)
      problems.integer(input.level, GRADE_LEVELS.min, GRADE_LEVELS.max, ['input', 'level'], 'The level');
    if (!problems.ok) return failed('grade', ...problems.errors);
    const grade = isUuid(input.id) ? await this.loaders.grade.load(input.id) : null;
    if (!grade) return failed('grade', notFound('grade', ['input', 'id']));
    const updated = await this.repo.updateGrade(this.schoolId, grade.id, {
      ...(name === undefined ? {} : { name }),
      ...(input.level == null ? {} : { level: input.level }),
    });
    if (updated === CONFLICT) return failed('grade', gradeTaken());
    await this.changed('grade.updated', { grade: [grade.id] }, { gradeId: grade.id });
    return done('grade', updated);
  }

  // Sections ---------------------------------------------------------------------------------------

  private async checkClassTeacher(problems: Problems, teacherId: string | null | undefined): Promise<void> {
    if (teacherId == null) return;
    const found = await this.repo.existingTeacherIds(this.schoolId, [teacherId]);
    if (!found.has(teacherId.toLowerCase()))
      problems.errors.push(notFound('teacher', ['input', 'classTeacherId']));
  }

  async createSection(input: CreateSectionInput) {
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.sectionName, ['input', 'name'], 'The name');
    const room = problems.optionalText(input.room, LIMITS.room, ['input', 'room'], 'The room');
    if (input.capacity != null)
      problems.integer(
        input.capacity,
        SECTION_CAPACITY.min,
        SECTION_CAPACITY.max,
        ['input', 'capacity'],
        'The capacity',
      );
    const [year, grade] = await Promise.all([
      this.loadYear(input.academicYearId),
      isUuid(input.gradeId) ? this.loaders.grade.load(input.gradeId) : null,
    ]);
    if (!year) problems.errors.push(notFound('academic year', ['input', 'academicYearId']));
    if (!grade) problems.errors.push(notFound('grade', ['input', 'gradeId']));
    await this.checkClassTeacher(problems, input.classTeacherId);
    if (!problems.ok || !year || !grade) return failed('section', ...problems.errors);
    const created = await this.repo.createSection(this.schoolId, {
      academicYearId: year.id,
      gradeId: grade.id,
      name,
      classTeacherId: input.classTeacherId?.toLowerCase() ?? null,
      room,
      capacity: input.capacity ?? null,
    });
    if (created === CONFLICT) return failed('section', sectionTaken());
    await this.changed('section.created', sectionStale(created, null), { sectionId: created.id });
    return done('section', created);
  }

  async updateSection(input: UpdateSectionInput) {
    const problems = new Problems();
    const name =
      input.name == null
        ? undefined
        : problems.text(input.name, LIMITS.sectionName, ['input', 'name'], 'The name');
    const room =
      input.room === undefined
        ? undefined
        : problems.optionalText(input.room, LIMITS.room, ['input', 'room'], 'The room');
    if (input.capacity != null)
      problems.integer(
        input.capacity,
        SECTION_CAPACITY.min,
        SECTION_CAPACITY.max,
        ['input', 'capacity'],
        'The capacity',
      );
    const section = isUuid(input.id) ? await this.loaders.section.load(input.id) : null;
    if (!section) return failed('section', notFound('section', ['input', 'id']));
    await this.checkClassTeacher(problems, input.classTeacherId);
    if (!problems.ok) return failed('section', ...problems.errors);
    const capacity = input.capacity;
    const updated = await this.repo.updateSection(
      this.schoolId,
      section.id,
      {
        ...(name === undefined ? {} : { name }),
        ...(room === undefined ? {} : { room }),
        ...(capacity === undefined ? {} : { capacity }),
        ...(input.classTeacherId === undefined
          ? {}
          : { classTeacherId: input.classTeacherId?.toLowerCase() ?? null }),
      },
      (active) =>
        capacity != null && capacity < active
          ? refuse(
              userError(
                'SECTION_FULL',
                `The section has ${active} ACTIVE enrolments: the capacity cannot be lower.`,
                ['input', 'capacity'],
              ),
            )
          : null,
    );
    if (updated === null) return failed('section', notFound('section', ['input', 'id']));
    if (updated === CONFLICT) return failed('section', sectionTaken());
    if (isRefusal<AcademicsError[]>(updated)) return failed('section', ...updated.refused);
    await this.changed('section.updated', sectionStale(updated, section.classTeacherId), {
      sectionId: updated.id,
    });
    return done('section', updated);
  }

  // Subjects ---------------------------------------------------------------------------------------

  private subjectCode(problems: Problems, code: string): string {
    const folded = code.trim().toUpperCase();
    if (!SUBJECT_CODE.test(folded))
      problems.add('INVALID_INPUT', 'The code must be 1 to 20 letters, digits, `-` or `_`.', [
        'input',
        'code',
      ]);
    return folded;
  }

  async createSubject(input: CreateSubjectInput) {
    const problems = new Problems();
    const code = this.subjectCode(problems, input.code);
    const name = problems.text(input.name, LIMITS.subjectName, ['input', 'name'], 'The name');
    if (!problems.ok) return failed('subject', ...problems.errors);
    const created = await this.repo.createSubject(this.schoolId, { code, name });
    if (created === CONFLICT) return failed('subject', subjectTaken());
    await this.changed('subject.created', {}, { subjectId: created.id });
    return done('subject', created);
  }

  async updateSubject(input: UpdateSubjectInput) {
    const problems = new Problems();
    const code = input.code == null ? undefined : this.subjectCode(problems, input.code);
    const name =
      input.name == null
        ? undefined
        : problems.text(input.name, LIMITS.subjectName, ['input', 'name'], 'The name');
    if (!problems.ok) return failed('subject', ...problems.errors);
    const subject = isUuid(input.id) ? await this.loaders.subject.load(input.id) : null;
    if (!subject) return failed('subject', notFound('subject', ['input', 'id']));
    const updated = await this.repo.updateSubject(this.schoolId, subject.id, {
      ...(code === undefined ? {} : { code }),
      ...(name === undefined ? {} : { name }),
    });
    if (updated === CONFLICT) return failed('subject', subjectTaken());
    // Assignment lists are ordered by subject name, so a rename reorders them; they expire on their own.
    await this.changed('subject.updated', { subject: [subject.id] }, { subjectId: subject.id });
    return done('subject', updated);
  }

  // Teaching assignments ---------------------------------------------------------------------------------

  async createTeachingAssignment(input: CreateTeachingAssignmentInput) {
    const problems = new Problems();
    const [section, subject, teachers] = await Promise.all([
      isUuid(input.sectionId) ? this.loaders.section.load(input.sectionId) : null,
      isUuid(input.subjectId) ? this.loaders.subject.load(input.subjectId) : null,
      this.repo.existingTeacherIds(this.schoolId, [input.teacherId]),
    ]);
    if (!teachers.has(input.teacherId.toLowerCase()))
      problems.errors.push(notFound('teacher', ['input', 'teacherId']));
    if (!section) problems.errors.push(notFound('section', ['input', 'sectionId']));
    if (!subject) problems.errors.push(notFound('subject', ['input', 'subjectId']));
    if (!problems.ok || !section || !subject) return failed('teachingAssignment', ...problems.errors);
    const created = await this.repo.createTeachingAssignment(this.schoolId, {
      teacherId: input.teacherId.toLowerCase(),
      sectionId: section.id,
      subjectId: subject.id,
    });
    if (created === CONFLICT)
      return failed(
        'teachingAssignment',
        userError('ALREADY_EXISTS', 'This teacher already teaches this subject to this section.', ['input']),
      );
    await this.changed('teaching-assignment.created', assignmentStale(section, created.teacherId), {
      teachingAssignmentId: created.id,
    });
    return done('teachingAssignment', created);
  }

  async deleteTeachingAssignment(input: TeachingAssignmentIdInput) {
    const assignment = await this.repo.findTeachingAssignment(this.schoolId, input.id);
    const section = assignment ? await this.loaders.section.load(assignment.sectionId) : null;
    if (!assignment || !section || !(await this.repo.removeTeachingAssignment(this.schoolId, assignment.id)))
      return failed('deletedId', notFound('teaching assignment', ['input', 'id']));
    await this.changed('teaching-assignment.deleted', assignmentStale(section, assignment.teacherId), {
      teachingAssignmentId: assignment.id,
    });
    return done('deletedId', assignment.id);
  }

  // Deletions ------------------------------------------------------------------------------------------

  async deleteTerm(input: TermIdInput) {
    const term = await this.loadTerm(input.id);
    if (!term) return failed('deletedId', notFound('term', ['input', 'id']));
    let removed: string[] = [term.id];
    const result = await this.repo.deleteTerm(this.schoolId, term.academicYearId, term.id, ({ terms }) => {
      const doomed = terms.filter((other) => other.id === term.id || other.parentTermId === term.id);
      removed = doomed.map((other) => other.id);
      return doomed.some((other) => other.closedAt)
        ? refuse(
            userError('PERIOD_CLOSED', 'A closed grading period (with its locked marks) cannot be deleted.', [
              'input',
              'id',
            ]),
          )
        : null;
    });
    if (result === null) return failed('deletedId', notFound('term', ['input', 'id']));
    if (isRefusal<AcademicsError[]>(result)) return failed('deletedId', ...result.refused);
    await this.changed(
      'term.deleted',
      { term: removed, termsByAcademicYear: [term.academicYearId] },
      { termId: term.id },
    );
    return done('deletedId', term.id);
  }

  async deleteGrade(input: { id: string }) {
    const result = isUuid(input.id) ? await this.repo.deleteGrade(this.schoolId, input.id) : null;
    if (result === null) return failed('deletedId', notFound('grade', ['input', 'id']));
    if (result === IN_USE)
      return failed('deletedId', inUse('This grade still has sections (or fee structures).'));
    await this.changed('grade.deleted', { grade: [input.id] }, { gradeId: input.id });
    return done('deletedId', input.id.toLowerCase());
  }

  async deleteSection(input: { id: string }) {
    const section = isUuid(input.id) ? await this.loaders.section.load(input.id) : null;
    if (!section) return failed('deletedId', notFound('section', ['input', 'id']));
    const assignments = await this.loaders.teachingAssignmentsBySection.load(section.id);
    const result = await this.repo.deleteSection(this.schoolId, section.id);
    if (result === null) return failed('deletedId', notFound('section', ['input', 'id']));
    if (result === IN_USE)
      return failed('deletedId', inUse('This section still has enrolments or homework.'));
    const stale = sectionStale(section, null);
    await this.changed(
      'section.deleted',
      {
        ...stale,
        teachingAssignmentsBySection: [section.id],
        teachingAssignmentsByTeacher: (assignments ?? []).map((row) => ({
          academicYearId: section.academicYearId,
          teacherId: row.teacherId,
        })),
      },
      { sectionId: section.id },
    );
    return done('deletedId', section.id);
  }

  async deleteSubject(input: { id: string }) {
    const result = isUuid(input.id) ? await this.repo.deleteSubject(this.schoolId, input.id) : null;
    if (result === null) return failed('deletedId', notFound('subject', ['input', 'id']));
    if (result === IN_USE)
      return failed('deletedId', inUse('Teaching assignments or homework still refer to this subject.'));
    await this.changed('subject.deleted', { subject: [input.id] }, { subjectId: input.id });
    return done('deletedId', input.id.toLowerCase());
  }
}

const inUse = (message: string) => userError<'IN_USE'>('IN_USE', message, ['input', 'id']);

function sectionStale(section: SectionRecord, previousClassTeacherId: string | null): StaleEntries {
  const teachers = [...new Set([section.classTeacherId, previousClassTeacherId])].filter(
    (id): id is string => id !== null,
  );
  return {
    section: [section.id],
    sectionsByAcademicYear: [section.academicYearId],
    classSectionsByTeacher: teachers.map((teacherId) => ({
      academicYearId: section.academicYearId,
      teacherId,
    })),
  };
}

function assignmentStale(section: SectionRecord, teacherId: string): StaleEntries {
  return {
    teachingAssignmentsBySection: [section.id],
    teachingAssignmentsByTeacher: [{ academicYearId: section.academicYearId, teacherId }],
  };
}

const yearNameTaken = () =>
  userError<'NAME_TAKEN'>('NAME_TAKEN', 'Another academic year of this school has this name.', [
    'input',
    'name',
  ]);
const gradeTaken = () =>
  userError<'NAME_TAKEN'>('NAME_TAKEN', 'Another grade of this school has this name or level.', ['input']);
const sectionTaken = () =>
  userError<'NAME_TAKEN'>('NAME_TAKEN', 'Another section of this grade and year has this name.', [
    'input',
    'name',
  ]);
const subjectTaken = () =>
  userError<'NAME_TAKEN'>('NAME_TAKEN', 'Another subject of this school has this code.', ['input', 'code']);
