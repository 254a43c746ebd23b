import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import {
  isUuid,
  parsePageRequest,
  RecordAccess,
  toConnection,
  type ConnectionArgs,
  type TenantScope,
} from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import { reportCardKey, type ObjectStore, type PresignedRequest } from '@schools24/storage';
import type { ReportCardStatus } from '../../generated/resolvers-types.js';
import type { AcademicsLoaders } from '../../loaders/index.js';
import type { AcademicsRepositories } from '../../repositories/index.js';
import type { TermRecord } from '../../repositories/academic-year-repository.js';
import type {
  ReportCardBatchRecord,
  ReportCardPage,
  ReportCardRecord,
  ReportCardRemarkRecord,
} from '../../repositories/report-card-repository.js';
import type { SectionRecord } from '../../repositories/section-repository.js';
import { notFound, type HomeworkService, type HomeworkUserError } from '../homework-service.js';
import type { ReportCardQueue } from './report-card-queue.js';

export const REMARK_MAX_LENGTH = 2000;

const ADMIN_ROLES = ['SCHOOL_ADMIN', 'PLATFORM_ADMIN'] as const;

export interface ReportCardDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  /** The request's record access (teachers: their sections; family: their own records). */
  access: RecordAccess;
  homework: HomeworkService;
  viewer: Viewer | null;
  store: ObjectStore | null;
  queue: ReportCardQueue;
  logger: Logger;
}

export interface GenerateReportCardsInput {
  termId: string;
  sectionId?: string | null;
  studentId?: string | null;
}

export interface SetReportCardRemarkInput {
  termId: string;
  studentId: string;
  subjectId?: string | null;
  text: string;
}

export interface CardsArgs extends ConnectionArgs {
  status?: ReportCardStatus | null;
}

type Result<K extends string, T> = { [key in K]: T | null } & { userErrors: HomeworkUserError[] };

const fail = <K extends string>(key: K, ...userErrors: HomeworkUserError[]) =>
  ({ [key]: null, userErrors }) as Result<K, never>;

const forbidden = (message: string, details: Record<string, unknown>) =>
  new DomainError(ErrorCode.FORBIDDEN, message, details);

/**
 * Report cards on the API side: requesting generation (a durable batch, then its cards queued),
 * following batches, finding a student's card and its presigned download, and the teachers' remarks.
 * Who: batches, admins and the section's teachers; a card's download, also the student and their
 * linked guardians (not accountants, not other teachers); remarks, admins and the section's teachers
 * (the general remark: the class teacher).
 */
export class ReportCardService {
  /** The viewer's family reach only (own record, linked children), without what they teach. */
  private readonly family: RecordAccess;

  constructor(private readonly deps: ReportCardDependencies) {
    this.family = new RecordAccess(deps.viewer, (viewer, question) =>
      deps.repos.ownership(viewer, { asTeacher: false, asFamily: question.asFamily }),
    );
  }

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private get loaders(): AcademicsLoaders {
    return this.deps.tenant.loaders;
  }

  private get isAdmin(): boolean {
    return this.deps.viewer?.roles.some((role) => (ADMIN_ROLES as readonly string[]).includes(role)) ?? false;
  }

  private hasRole(role: 'TEACHER' | 'STUDENT' | 'GUARDIAN'): boolean {
    return this.deps.viewer?.roles.includes(role) ?? false;
  }

  /** Admins, and teachers of the section (class teacher or a teaching assignment). */
  private async teachesOrAdministers(sectionId: string): Promise<boolean> {
    if (this.isAdmin) return true;
    return this.hasRole('TEACHER') && (await this.deps.access.canSeeSectionStudents(sectionId));
  }

  /** Whether the viewer may see this card: admins, the section's teachers, the student, their guardians. */
  private async canSeeCard(card: Pick<ReportCardRecord, 'sectionId' | 'studentId'>): Promise<boolean> {
    if (await this.teachesOrAdministers(card.sectionId)) return true;
    return (
      (this.hasRole('STUDENT') || this.hasRole('GUARDIAN')) &&
      (await this.family.canSeeStudent(card.studentId))
    );
  }

  private term(id: string): Promise<TermRecord | null> {
    return isUuid(id) ? this.loaders.term.load(id) : Promise.resolve(null);
  }

  private section(id: string): Promise<SectionRecord | null> {
    return isUuid(id) ? this.loaders.section.load(id) : Promise.resolve(null);
  }

  /** The student's ACTIVE section in the term's year, or the user error saying why there is none. */
  private async studentSection(
    studentId: string,
    term: TermRecord,
    field: string[],
  ): Promise<{ section: SectionRecord; studentId: string } | HomeworkUserError> {
    const id = studentId.toLowerCase();
    if (
      !isUuid(id) ||
      !(await this.deps.repos.structureAdmin.existingStudentIds(this.schoolId, [id])).has(id)
    )
      return notFound('student', field);
    const enrolment = await this.deps.repos.reportCards.activeEnrolmentIn(
      this.schoolId,
      id,
      term.academicYearId,
    );
    const section = enrolment ? await this.section(enrolment.sectionId) : null;
    if (!section)
      return userError(
        'NOT_ENROLLED',
        "The student has no ACTIVE enrolment in the term's academic year.",
        field,
      );
    return { section, studentId: id };
  }

  async generate(input: GenerateReportCardsInput): Promise<Result<'batch', ReportCardBatchRecord>> {
    const viewer = this.deps.homework.requireViewer();
    const term = await this.term(input.termId);
    if (!term) return fail('batch', notFound('term', ['input', 'termId']));
    if (Boolean(input.sectionId) === Boolean(input.studentId))
      return fail(
        'batch',
        userError('INVALID_INPUT', 'Give exactly one of sectionId and studentId.', ['input', 'sectionId']),
      );
    let section: SectionRecord;
    let studentIds: string[];
    if (input.sectionId) {
      const found = await this.section(input.sectionId);
      if (!found) return fail('batch', notFound('section', ['input', 'sectionId']));
      if (!(await this.teachesOrAdministers(found.id)))
        throw forbidden('You can generate report cards only for sections you teach.', {
          sectionId: found.id,
        });
      if (found.academicYearId !== term.academicYearId)
        return fail(
          'batch',
          userError('WRONG_ACADEMIC_YEAR', "The section is not of the term's academic year.", [
            'input',
            'sectionId',
          ]),
        );
      section = found;
      studentIds = (await this.deps.repos.reportCards.activeStudentsOf(this.schoolId, found.id)).map(
        (row) => row.studentId,
      );
      if (studentIds.length === 0)
        return fail(
          'batch',
          userError('NO_ACTIVE_STUDENTS', 'The section has no ACTIVE students.', ['input', 'sectionId']),
        );
    } else {
      const found = await this.studentSection(input.studentId ?? '', term, ['input', 'studentId']);
      if (!('section' in found)) return fail('batch', found);
      if (!(await this.teachesOrAdministers(found.section.id)))
        throw forbidden("You can generate report cards only for your sections' students.", {
          studentId: found.studentId,
        });
      section = found.section;
      studentIds = [found.studentId];
    }
    if (!this.deps.store)
      throw new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'Report cards are not available: file storage is not configured.',
      );

    const { batch, cards } = await this.deps.repos.reportCards.createBatch(this.schoolId, {
      termId: term.id,
      sectionId: section.id,
      studentId: input.studentId ? (studentIds[0] ?? null) : null,
      requestedByUserId: viewer.userId,
      cards: studentIds.map((studentId) => ({
        studentId,
        objectKey: reportCardKey(this.schoolId, term.id, studentId),
      })),
    });
    try {
      await this.deps.queue.enqueue(
        this.schoolId,
        cards.map((card) => card.id),
      );
    } catch (error) {
      // Nothing will ever run these cards: record that, rather than leave a batch QUEUED forever.
      for (const card of cards)
        await this.deps.repos.reportCards.finishAttempt(this.schoolId, card.id, {
          status: 'FAILED',
          error: 'The job queue was unavailable: generate again.',
        });
      this.deps.logger.error({ err: (error as Error).message, batchId: batch.id }, 'report cards not queued');
      throw new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The job queue is unavailable: try again shortly.',
      );
    }
    this.deps.logger.info({ batchId: batch.id, total: batch.total }, 'report cards queued');
    return { batch, userErrors: [] };
  }

  /*
   * Batches and cards are read from PostgreSQL, not through the Redis-backed loaders: their state is
   * what a client polls while workers change it every few hundred milliseconds, and a loader's
   * write-back racing a worker's invalidation would show stale progress for the cache's whole TTL.
   */

  async batch(id: string): Promise<ReportCardBatchRecord | null> {
    if (!isUuid(id)) return null;
    const [batch] = await this.deps.repos.reportCards.findBatchesByIds(this.schoolId, [id]);
    if (!batch) return null;
    if (!(await this.teachesOrAdministers(batch.sectionId)))
      throw forbidden('You can follow report cards only of sections you teach.', { batchId: batch.id });
    return batch;
  }

  async cardsOf(batch: ReportCardBatchRecord, args: CardsArgs): Promise<ReportCardPage> {
    const page = parsePageRequest(args);
    if (!(await this.teachesOrAdministers(batch.sectionId))) return toConnection([], page, 0);
    return this.deps.repos.reportCards.pageOfCards(this.schoolId, batch.id, args.status ?? null, page);
  }

  async latestCard(termId: string, studentId: string): Promise<ReportCardRecord | null> {
    if (!isUuid(termId) || !isUuid(studentId)) return null;
    const card = await this.deps.repos.reportCards.latestGenerated(
      this.schoolId,
      termId.toLowerCase(),
      studentId.toLowerCase(),
    );
    if (!card) {
      // Say "none" only to those who may know whether the student has a card at all.
      await this.deps.access.assertCanSeeStudent(studentId);
      return null;
    }
    if (!(await this.canSeeCard(card)))
      throw forbidden("You can see only your own, your children's or your sections' report cards.", {
        studentId: card.studentId,
      });
    return card;
  }

  async downloadUrl(card: ReportCardRecord): Promise<PresignedRequest | null> {
    if (!(await this.canSeeCard(card)))
      throw forbidden("You can download only your own, your children's or your sections' report cards.", {
        reportCardId: card.id,
      });
    if (card.status !== 'COMPLETED' || !this.deps.store) return null;
    return this.deps.store.presignDownload(card.objectKey, { fileName: 'report-card.pdf' });
  }

  async remarks(termId: string, studentId: string): Promise<ReportCardRemarkRecord[]> {
    const term = await this.term(termId);
    if (!term) return [];
    const found = await this.studentSection(studentId, term, ['studentId']);
    if (!('section' in found)) return [];
    if (!(await this.teachesOrAdministers(found.section.id)))
      throw forbidden("You can see remarks only of your sections' students.", { studentId: found.studentId });
    const remarks = await this.deps.repos.reportCards.remarksOf(this.schoolId, term.id, [found.studentId]);
    const subjects = await Promise.all(
      remarks.map((remark) => (remark.subjectId ? this.loaders.subject.load(remark.subjectId) : null)),
    );
    const name = (index: number) => subjects[index]?.name ?? '';
    return remarks
      .map((remark, index) => ({ remark, index }))
      .sort((a, b) =>
        a.remark.subjectId === null
          ? -1
          : b.remark.subjectId === null
            ? 1
            : name(a.index).localeCompare(name(b.index)),
      )
      .map(({ remark }) => remark);
  }

  /** May the viewer write this remark? Admins; the class teacher; a subject's remark also its teachers. */
  private async mayWriteRemark(section: SectionRecord, subjectId: string | null): Promise<boolean> {
    if (this.isAdmin) return true;
    if (!this.hasRole('TEACHER')) return false;
    const { teacherId } = await this.deps.homework.ownRecords();
    if (!teacherId) return false;
    if (section.classTeacherId === teacherId) return true;
    if (subjectId === null) return false;
    const assignments = (await this.loaders.teachingAssignmentsBySection.load(section.id)) ?? [];
    return assignments.some(
      (assignment) => assignment.teacherId === teacherId && assignment.subjectId === subjectId,
    );
  }

  async setRemark(input: SetReportCardRemarkInput): Promise<Result<'remark', ReportCardRemarkRecord>> {
    const viewer = this.deps.homework.requireViewer();
    const term = await this.term(input.termId);
    if (!term) return fail('remark', notFound('term', ['input', 'termId']));
    const found = await this.studentSection(input.studentId, term, ['input', 'studentId']);
    if (!('section' in found)) return fail('remark', found);
    const subject = input.subjectId
      ? isUuid(input.subjectId)
        ? await this.loaders.subject.load(input.subjectId)
        : null
      : null;
    if (input.subjectId && !subject) return fail('remark', notFound('subject', ['input', 'subjectId']));
    if (!(await this.mayWriteRemark(found.section, subject?.id ?? null)))
      throw forbidden(
        subject
          ? "A subject's remark is for the section's class teacher, that subject's teachers and admins."
          : 'The general remark is for the section’s class teacher and admins.',
        { studentId: found.studentId },
      );
    const text = input.text.trim();
    if (text.length > REMARK_MAX_LENGTH)
      return fail(
        'remark',
        userError('INVALID_INPUT', `A remark is at most ${REMARK_MAX_LENGTH} characters.`, ['input', 'text']),
      );
    const written = await this.deps.repos.reportCards.setRemark(
      this.schoolId,
      term.academicYearId,
      term.endsOn.toISOString().slice(0, 10),
      {
        termId: term.id,
        studentId: found.studentId,
        subjectId: subject?.id ?? null,
        text: text.length === 0 ? null : text,
        authorUserId: viewer.userId,
      },
    );
    if ('refused' in written)
      return fail(
        'remark',
        userError('PERIOD_CLOSED', `The grading period "${written.period}" is closed: reopen it first.`, [
          'input',
          'termId',
        ]),
      );
    return { remark: written.remark, userErrors: [] };
  }
}
