import type { Prisma, ReportCardStatus, TenantDatabase, TenantTransaction } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import { closedPeriodHolding } from './academic-year-repository.js';

export const reportCardBatchSelect = {
  id: true,
  schoolId: true,
  termId: true,
  sectionId: true,
  studentId: true,
  status: true,
  total: true,
  done: true,
  failed: true,
  requestedByUserId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} satisfies Prisma.ReportCardBatchSelect;
export type ReportCardBatchRecord = Prisma.ReportCardBatchGetPayload<{
  select: typeof reportCardBatchSelect;
}>;

export const reportCardSelect = {
  id: true,
  schoolId: true,
  batchId: true,
  termId: true,
  sectionId: true,
  studentId: true,
  position: true,
  status: true,
  objectKey: true,
  byteSize: true,
  attempts: true,
  error: true,
  generatedAt: true,
} satisfies Prisma.ReportCardSelect;
export type ReportCardRecord = Prisma.ReportCardGetPayload<{ select: typeof reportCardSelect }>;
export type ReportCardPage = Connection<ReportCardRecord>;

export const reportCardRemarkSelect = {
  id: true,
  schoolId: true,
  termId: true,
  studentId: true,
  subjectId: true,
  text: true,
  authorUserId: true,
  updatedAt: true,
} satisfies Prisma.ReportCardRemarkSelect;
export type ReportCardRemarkRecord = Prisma.ReportCardRemarkGetPayload<{
  select: typeof reportCardRemarkSelect;
}>;

/** What a report card prints about the school, from identity's published letterhead function. */
export interface Letterhead {
  name: string;
  logoObjectKey: string | null;
}

/** What a report card prints about a student, from identity's published names function. */
export interface StudentName {
  id: string;
  givenName: string;
  familyName: string;
  admissionNumber: string;
}

export interface NewBatch {
  termId: string;
  sectionId: string;
  studentId: string | null;
  requestedByUserId: string;
  cards: readonly { studentId: string; objectKey: string }[];
}

/** How an attempt at a card ended. */
export type CardOutcome =
  | { status: 'COMPLETED'; byteSize: number }
  | { status: 'FAILED'; error: string }
  /** Failed, and will be retried: the card stays RUNNING with the error of this attempt. */
  | { status: 'RETRYING'; error: string };

export interface RemarkWrite {
  termId: string;
  studentId: string;
  subjectId: string | null;
  /** Null removes the remark. */
  text: string | null;
  authorUserId: string;
}

/**
 * Report-card batches, their cards and the teachers' remarks. Progress counts are recounted from the
 * cards inside the write that changes a card, under the batch's row lock, so they are exact even when
 * a job runs twice (a worker crashed after its write) or many workers finish cards at once.
 */
export class ReportCardRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The batch and its cards (QUEUED), in one transaction. */
  createBatch(
    schoolId: string,
    batch: NewBatch,
  ): Promise<{ batch: ReportCardBatchRecord; cards: ReportCardRecord[] }> {
    return this.db.withTenant(schoolId, async (tx) => {
      const created = await tx.reportCardBatch.create({
        data: {
          schoolId,
          termId: batch.termId,
          sectionId: batch.sectionId,
          studentId: batch.studentId,
          requestedByUserId: batch.requestedByUserId,
          total: batch.cards.length,
        },
        select: reportCardBatchSelect,
      });
      await tx.reportCard.createMany({
        data: batch.cards.map((card, position) => ({
          schoolId,
          batchId: created.id,
          termId: batch.termId,
          sectionId: batch.sectionId,
          studentId: card.studentId,
          objectKey: card.objectKey,
          position,
        })),
      });
      const cards = await tx.reportCard.findMany({
        where: { schoolId, batchId: created.id },
        select: reportCardSelect,
        orderBy: { position: 'asc' },
      });
      return { batch: created, cards };
    });
  }

  findBatchesByIds(schoolId: string, ids: readonly string[]): Promise<ReportCardBatchRecord[]> {
    return this.db.forTenant(schoolId).reportCardBatch.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: reportCardBatchSelect,
    });
  }

  findCardsByIds(schoolId: string, ids: readonly string[]): Promise<ReportCardRecord[]> {
    return this.db.forTenant(schoolId).reportCard.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: reportCardSelect,
    });
  }

  pageOfCards(
    schoolId: string,
    batchId: string,
    status: ReportCardStatus | null,
    page: PageRequest,
  ): Promise<ReportCardPage> {
    const where: Prisma.ReportCardWhereInput = { schoolId, batchId, ...(status ? { status } : {}) };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).reportCard.findMany({
          where,
          select: reportCardSelect,
          orderBy: [{ position: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).reportCard.count({ where }),
    );
  }

  /** The student's most recently generated card for the term, or null. */
  latestGenerated(schoolId: string, termId: string, studentId: string): Promise<ReportCardRecord | null> {
    return this.db.forTenant(schoolId).reportCard.findFirst({
      where: { schoolId, termId, studentId, status: 'COMPLETED' },
      select: reportCardSelect,
      orderBy: [{ generatedAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** ACTIVE enrolments of a section, in roll-number order. */
  activeStudentsOf(schoolId: string, sectionId: string): Promise<{ studentId: string }[]> {
    return this.db.forTenant(schoolId).enrolment.findMany({
      where: { schoolId, sectionId, status: 'ACTIVE' },
      select: { studentId: true },
      orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
    });
  }

  /** The student's ACTIVE enrolment in the academic year, or null. */
  activeEnrolmentIn(
    schoolId: string,
    studentId: string,
    academicYearId: string,
  ): Promise<{ sectionId: string; rollNumber: number | null } | null> {
    return this.db.forTenant(schoolId).enrolment.findFirst({
      where: { schoolId, studentId, academicYearId, status: 'ACTIVE' },
      select: { sectionId: true, rollNumber: true },
    });
  }

  /**
   * Starts an attempt: the card RUNNING with one more attempt, its batch RUNNING (from when the first
   * card started). Null when the card is gone (its school, batch or student was deleted).
   */
  startAttempt(schoolId: string, cardId: string): Promise<ReportCardRecord | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const card = await tx.reportCard.findFirst({ where: { schoolId, id: cardId }, select: { id: true } });
      if (!card) return null;
      const started = await tx.reportCard.update({
        where: { id: cardId, schoolId },
        data: { status: 'RUNNING', attempts: { increment: 1 } },
        select: reportCardSelect,
      });
      await lockBatch(tx, schoolId, started.batchId);
      await tx.reportCardBatch.updateMany({
        where: { schoolId, id: started.batchId, status: 'QUEUED' },
        data: { status: 'RUNNING', startedAt: new Date() },
      });
      return started;
    });
  }

  /** Records how an attempt ended and recounts the batch; returns the batch as it now stands. */
  finishAttempt(
    schoolId: string,
    cardId: string,
    outcome: CardOutcome,
  ): Promise<{ card: ReportCardRecord; batch: ReportCardBatchRecord } | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const existing = await tx.reportCard.findFirst({
        where: { schoolId, id: cardId },
        select: { batchId: true },
      });
      if (!existing) return null;
      await lockBatch(tx, schoolId, existing.batchId);
      const card = await tx.reportCard.update({
        where: { id: cardId, schoolId },
        data:
          outcome.status === 'COMPLETED'
            ? { status: 'COMPLETED', byteSize: outcome.byteSize, error: null, generatedAt: new Date() }
            : outcome.status === 'FAILED'
              ? { status: 'FAILED', error: outcome.error.slice(0, 500) }
              : { status: 'RUNNING', error: outcome.error.slice(0, 500) },
        select: reportCardSelect,
      });
      const counts = await tx.reportCard.groupBy({
        by: ['status'],
        where: { schoolId, batchId: card.batchId },
        _count: { _all: true },
      });
      const count = (status: ReportCardStatus) =>
        counts.find((row) => row.status === status)?._count._all ?? 0;
      const total = counts.reduce((sum, row) => sum + row._count._all, 0);
      const done = count('COMPLETED');
      const failed = count('FAILED');
      const finished = done + failed === total;
      const batch = await tx.reportCardBatch.update({
        where: { id: card.batchId, schoolId },
        data: {
          done,
          failed,
          status: finished ? (done > 0 ? 'COMPLETED' : 'FAILED') : 'RUNNING',
          finishedAt: finished ? new Date() : null,
        },
        select: reportCardBatchSelect,
      });
      return { card, batch };
    });
  }

  /** Remarks of students for a term (general and per subject). */
  remarksOf(
    schoolId: string,
    termId: string,
    studentIds: readonly string[],
  ): Promise<ReportCardRemarkRecord[]> {
    return this.db.forTenant(schoolId).reportCardRemark.findMany({
      where: { schoolId, termId, studentId: { in: onlyUuids(studentIds) } },
      select: reportCardRemarkSelect,
      orderBy: [{ studentId: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * Writes (or removes) a remark unless the grading period holding `closedOn` (the term's last day)
   * is closed; the period rows are share-locked until the write commits (see `closedPeriodHolding`),
   * so a remark never lands in a period closed meanwhile.
   */
  async setRemark(
    schoolId: string,
    academicYearId: string,
    closedOn: string,
    remark: RemarkWrite,
  ): Promise<{ remark: ReportCardRemarkRecord | null } | { refused: 'PERIOD_CLOSED'; period: string }> {
    return this.db.withTenant(schoolId, async (tx) => {
      const period = await closedPeriodHolding(tx, schoolId, academicYearId, closedOn);
      if (period) return { refused: 'PERIOD_CLOSED' as const, period };
      const where = {
        schoolId,
        termId: remark.termId,
        studentId: remark.studentId,
        subjectId: remark.subjectId,
      };
      if (remark.text === null) {
        await tx.reportCardRemark.deleteMany({ where });
        return { remark: null };
      }
      // Serializes writers of the same remark (the general one has no unique key Prisma can upsert on).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report-card-remark:${remark.termId}:${remark.studentId}:${remark.subjectId ?? ''}`}))`;
      const existing = await tx.reportCardRemark.findFirst({ where, select: { id: true } });
      const stored = existing
        ? await tx.reportCardRemark.update({
            where: { id: existing.id, schoolId },
            data: { text: remark.text, authorUserId: remark.authorUserId },
            select: reportCardRemarkSelect,
          })
        : await tx.reportCardRemark.create({
            data: { ...where, text: remark.text, authorUserId: remark.authorUserId },
            select: reportCardRemarkSelect,
          });
      return { remark: stored };
    });
  }

  /** The school's name and logo key (identity's `identity_school_letterhead`). */
  async letterhead(schoolId: string): Promise<Letterhead | null> {
    const [row] = await this.db.forTenant(schoolId).$queryRaw<Letterhead[]>`
      SELECT "name", "logoObjectKey" FROM identity_school_letterhead()`;
    return row ?? null;
  }

  /** Students' names and admission numbers (identity's `identity_student_names`). */
  studentNames(schoolId: string, ids: readonly string[]): Promise<StudentName[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return Promise.resolve([]);
    return this.db.forTenant(schoolId).$queryRaw<StudentName[]>`
      SELECT "id"::text AS id, "givenName", "familyName", "admissionNumber"
        FROM identity_student_names(${valid}::uuid[])`;
  }
}

/** Serializes the writes that recount one batch (see the class comment). */
async function lockBatch(tx: TenantTransaction, schoolId: string, batchId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT 1 FROM "ReportCardBatch" WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${batchId}::uuid FOR UPDATE`;
}
