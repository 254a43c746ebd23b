import { userError } from '@schools24/errors';
import { isUuid, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type { Viewer } from '@schools24/auth';
import type {
  AdmitStudentInput,
  EndEnrolmentInput,
  TransferStudentInput,
} from '../generated/resolvers-types.js';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { forgetStale, type AcademicsLoaders, type StaleEntries } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { SectionRosterFacts } from '../repositories/enrolment-admin-repository.js';
import type { EnrolmentRecord } from '../repositories/enrolment-repository.js';
import { CONFLICT, isRefusal, type Refusal } from '../repositories/structure-admin-repository.js';
import { addDays, isoDay, notFound, Problems, type AcademicsError } from './structure-rules.js';

const ROLL_NUMBER = { min: 1, max: 32_767 };

export interface EnrolmentAdminDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
}

type EnrolmentResult = { enrolment: EnrolmentRecord | null; userErrors: AcademicsError[] };

const failed = (...userErrors: AcademicsError[]): EnrolmentResult => ({ enrolment: null, userErrors });
const refuse = (...errors: AcademicsError[]): Refusal<AcademicsError[]> => ({ refused: errors });

const alreadyEnrolled = (field: string[]) =>
  userError<'ALREADY_ENROLLED'>(
    'ALREADY_ENROLLED',
    'The student already has an ACTIVE enrolment in this academic year: transfer or end it first.',
    field,
  );

/**
 * The dated lifecycle of enrolments, for school admins: admission, transfer between sections of a
 * year, withdrawal and graduation. Each is checked against the rows as they are inside its
 * transaction (the repository locks the section and the enrolment), so the capacity, roll numbers
 * and "one ACTIVE enrolment per student and year" hold under concurrent requests too.
 */
export class EnrolmentAdminService {
  constructor(private readonly deps: EnrolmentAdminDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private async changed(action: string, enrolments: EnrolmentRecord[]): Promise<void> {
    const stale: StaleEntries = {
      enrolment: enrolments.map((row) => row.id),
      enrolmentsByStudent: enrolments.map((row) => row.studentId),
    };
    await forgetStale(this.deps.redis, this.schoolId, this.deps.tenant.loaders, stale);
    await touchGradebooks(
      this.deps.redis,
      this.schoolId,
      { sectionIds: enrolments.map((row) => row.sectionId) },
      this.deps.logger,
    );
    this.deps.logger.info(
      {
        action,
        enrolmentIds: enrolments.map((row) => row.id),
        studentId: enrolments[0]?.studentId,
        actorUserId: this.deps.viewer?.userId,
      },
      'academics enrolment changed',
    );
  }

  /** The roll number asked for (free among the section's ACTIVE ones) or the next after the highest. */
  private rollNumber(
    problems: Problems,
    asked: number | null | undefined,
    facts: SectionRosterFacts,
  ): number {
    if (asked == null) return facts.highestRollNumber + 1;
    problems.integer(asked, ROLL_NUMBER.min, ROLL_NUMBER.max, ['input', 'rollNumber'], 'The roll number');
    if (facts.activeRollNumbers.has(asked))
      problems.add('ROLL_NUMBER_TAKEN', `Roll number ${asked} is taken in this section.`, [
        'input',
        'rollNumber',
      ]);
    return asked;
  }

  async admit(input: AdmitStudentInput): Promise<EnrolmentResult> {
    const [students, section] = await Promise.all([
      this.deps.repos.structureAdmin.existingStudentIds(this.schoolId, [input.studentId]),
      isUuid(input.sectionId) ? this.deps.tenant.loaders.section.load(input.sectionId) : null,
    ]);
    const problems = new Problems();
    if (!students.has(input.studentId.toLowerCase()))
      problems.errors.push(notFound('student', ['input', 'studentId']));
    if (!section) problems.errors.push(notFound('section', ['input', 'sectionId']));
    const year = section ? await this.deps.tenant.loaders.academicYear.load(section.academicYearId) : null;
    if (!problems.ok || !section || !year) return failed(...problems.errors);
    if (input.admittedOn < year.startsOn || input.admittedOn > year.endsOn)
      return failed(
        userError(
          'INVALID_DATE_RANGE',
          `The admission date must fall inside the academic year (${isoDay(year.startsOn)} to ${isoDay(year.endsOn)}).`,
          ['input', 'admittedOn'],
        ),
      );
    const studentId = input.studentId.toLowerCase();
    const result = await this.deps.repos.enrolmentAdmin.admit(
      this.schoolId,
      studentId,
      section.id,
      (facts) => {
        const check = new Problems();
        if (facts.studentIsActiveInYear) return refuse(alreadyEnrolled(['input', 'studentId']));
        const rollNumber = this.rollNumber(check, input.rollNumber, facts);
        if (facts.section.capacity !== null && facts.activeCount >= facts.section.capacity)
          check.add('SECTION_FULL', `The section is full (capacity ${facts.section.capacity}).`, [
            'input',
            'sectionId',
          ]);
        if (!check.ok) return refuse(...check.errors);
        return {
          studentId,
          sectionId: facts.section.id,
          academicYearId: facts.section.academicYearId,
          rollNumber,
          startsOn: input.admittedOn,
        };
      },
    );
    if (result === null) return failed(notFound('section', ['input', 'sectionId']));
    if (result === CONFLICT) return failed(alreadyEnrolled(['input', 'studentId']));
    if (isRefusal<AcademicsError[]>(result)) return failed(...result.refused);
    await this.changed('enrolment.admitted', [result]);
    return { enrolment: result, userErrors: [] };
  }

  async transfer(input: TransferStudentInput): Promise<EnrolmentResult> {
    if (!isUuid(input.enrolmentId)) return failed(notFound('enrolment', ['input', 'enrolmentId']));
    const target = isUuid(input.toSectionId)
      ? await this.deps.tenant.loaders.section.load(input.toSectionId)
      : null;
    if (!target) return failed(notFound('section', ['input', 'toSectionId']));
    const year = await this.deps.tenant.loaders.academicYear.load(target.academicYearId);
    if (!year) return failed(notFound('section', ['input', 'toSectionId']));
    const result = await this.deps.repos.enrolmentAdmin.transfer(
      this.schoolId,
      input.enrolmentId,
      target.id,
      (enrolment, facts) => {
        if (enrolment.status !== 'ACTIVE') return refuse(notActive());
        if (facts.section.academicYearId !== enrolment.academicYearId)
          return refuse(
            userError(
              'WRONG_ACADEMIC_YEAR',
              'A transfer moves a student within one academic year: pick a section of the same year.',
              ['input', 'toSectionId'],
            ),
          );
        if (facts.section.id === enrolment.sectionId)
          return refuse(
            userError('INVALID_INPUT', 'The student is already in this section.', ['input', 'toSectionId']),
          );
        if (input.transferredOn <= enrolment.startsOn || input.transferredOn > year.endsOn)
          return refuse(
            userError(
              'INVALID_DATE_RANGE',
              `The transfer date must be after the enrolment started (${isoDay(enrolment.startsOn)}) and inside the year (until ${isoDay(year.endsOn)}).`,
              ['input', 'transferredOn'],
            ),
          );
        const check = new Problems();
        const rollNumber = this.rollNumber(check, input.rollNumber, facts);
        if (facts.section.capacity !== null && facts.activeCount >= facts.section.capacity)
          check.add('SECTION_FULL', `The section is full (capacity ${facts.section.capacity}).`, [
            'input',
            'toSectionId',
          ]);
        if (!check.ok) return refuse(...check.errors);
        return {
          endsOn: addDays(input.transferredOn, -1),
          next: {
            studentId: enrolment.studentId,
            sectionId: facts.section.id,
            academicYearId: enrolment.academicYearId,
            rollNumber,
            startsOn: input.transferredOn,
          },
        };
      },
    );
    if (result === null) return failed(notFound('enrolment', ['input', 'enrolmentId']));
    if (result === CONFLICT) return failed(alreadyEnrolled(['input', 'enrolmentId']));
    if (isRefusal<AcademicsError[]>(result)) return failed(...result.refused);
    await this.changed('enrolment.transferred', [result.previous, result.next]);
    return { enrolment: result.next, userErrors: [] };
  }

  withdraw(input: EndEnrolmentInput): Promise<EnrolmentResult> {
    return this.end(input, 'WITHDRAWN');
  }

  graduate(input: EndEnrolmentInput): Promise<EnrolmentResult> {
    return this.end(input, 'GRADUATED');
  }

  private async end(input: EndEnrolmentInput, status: 'WITHDRAWN' | 'GRADUATED'): Promise<EnrolmentResult> {
    if (!isUuid(input.enrolmentId)) return failed(notFound('enrolment', ['input', 'enrolmentId']));
    // Graduation is from the school's highest grade; grades are few and cached as a list per request.
    const grades = status === 'GRADUATED' ? await this.deps.repos.grades.list(this.schoolId) : [];
    const highestLevel = Math.max(...grades.map((grade) => grade.level));
    const result = await this.deps.repos.enrolmentAdmin.end(
      this.schoolId,
      input.enrolmentId,
      (enrolment, section, year) => {
        if (enrolment.status !== 'ACTIVE') return refuse(notActive());
        if (input.endsOn < enrolment.startsOn || input.endsOn > year.endsOn)
          return refuse(
            userError(
              'INVALID_DATE_RANGE',
              `The last day must be from the enrolment's first day (${isoDay(enrolment.startsOn)}) to the end of its year (${isoDay(year.endsOn)}).`,
              ['input', 'endsOn'],
            ),
          );
        if (
          status === 'GRADUATED' &&
          grades.find((grade) => grade.id === section.gradeId)?.level !== highestLevel
        )
          return refuse(
            userError('NOT_FINAL_GRADE', "Only students of the school's highest grade can graduate.", [
              'input',
              'enrolmentId',
            ]),
          );
        return { status, endsOn: input.endsOn };
      },
    );
    if (result === null) return failed(notFound('enrolment', ['input', 'enrolmentId']));
    if (isRefusal<AcademicsError[]>(result)) return failed(...result.refused);
    await this.changed(status === 'GRADUATED' ? 'enrolment.graduated' : 'enrolment.withdrawn', [result]);
    return { enrolment: result, userErrors: [] };
  }
}

const notActive = () =>
  userError<'ENROLMENT_NOT_ACTIVE'>(
    'ENROLMENT_NOT_ACTIVE',
    'This enrolment has ended already (it is not ACTIVE).',
    ['input', 'enrolmentId'],
  );
