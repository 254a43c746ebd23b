import type { HomeworkStatus, Prisma, TenantDatabase, TenantTransaction } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';
import { closedPeriodHolding } from './academic-year-repository.js';
import { homeworkSelect, type HomeworkRecord } from './homework-repository.js';

export const excusalSelect = {
  id: true,
  schoolId: true,
  homeworkId: true,
  studentId: true,
  reason: true,
  createdAt: true,
} satisfies Prisma.HomeworkExcusalSelect;

export type ExcusalRecord = Prisma.HomeworkExcusalGetPayload<{ select: typeof excusalSelect }>;

/** What editing a homework decides on, read inside the edit's transaction under the homework's lock. */
export interface HomeworkEditFacts {
  homework: HomeworkRecord;
  /** Stored submissions with a grade. */
  gradedCount: number;
  /** The highest points given before any late penalty, or null when nothing is graded. */
  highestRawPoints: number | null;
  /** The closed grading period of the homework's year holding this UTC day (`YYYY-MM-DD`), or null. */
  closedPeriodOn: (day: string) => Promise<string | null>;
}

export type HomeworkChange = Prisma.HomeworkUpdateInput;

/** One homework's completion counts (see `HomeworkManageRepository.completion`). */
export interface CompletionRow {
  homeworkId: string;
  expected: number;
  excused: number;
  submitted: number;
  late: number;
  graded: number;
}

export interface CompletionFilter {
  /** Only this section's homework. */
  sectionId: string | null;
  /** Only homework of sections this user teaches (null: every section of the school). */
  taughtByUserId: string | null;
  status: HomeworkStatus | null;
  first: number;
}

export const NOT_IN_SECTION = 'NOT_IN_SECTION' as const;

/**
 * Homework management: edits, cancellation and excusals, each checked under a row lock on the
 * homework inside its transaction (grading share-locks the same row, so an edit, a cancellation or an
 * excusal and a grade never commit beside each other unseen), and the teacher's and student's
 * aggregate views.
 */
export class HomeworkManageRepository {
  constructor(private readonly db: TenantDatabase) {}

  private async locked(tx: TenantTransaction, schoolId: string, id: string): Promise<HomeworkRecord | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS id FROM "Homework"
       WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${id}::uuid FOR UPDATE`;
    if (rows.length === 0) return null;
    return tx.homework.findFirst({ where: { schoolId, id }, select: homeworkSelect });
  }

  /**
   * Edits a homework if `decide` allows it, given the facts read under the homework's lock; null when
   * there is no such homework.
   */
  update<E>(
    schoolId: string,
    id: string,
    academicYearId: string,
    decide: (facts: HomeworkEditFacts) => Promise<HomeworkChange | { refused: E }>,
  ): Promise<HomeworkRecord | { refused: E } | null> {
    if (onlyUuids([id]).length === 0) return Promise.resolve(null);
    return this.db.withTenant(schoolId, async (tx) => {
      const homework = await this.locked(tx, schoolId, id);
      if (!homework) return null;
      const graded = await tx.homeworkSubmission.aggregate({
        where: { schoolId, homeworkId: id, points: { not: null } },
        _count: { _all: true },
        _max: { rawPoints: true },
      });
      const decision = await decide({
        homework,
        gradedCount: graded._count._all,
        highestRawPoints: graded._max.rawPoints,
        closedPeriodOn: (day) => closedPeriodHolding(tx, schoolId, academicYearId, day),
      });
      if ('refused' in decision) return { refused: decision.refused as E };
      return tx.homework.update({ where: { id, schoolId }, data: decision, select: homeworkSelect });
    });
  }

  /** Cancels a homework; 'CANCELLED' when it already was, null when there is none. */
  cancel(schoolId: string, id: string, userId: string): Promise<HomeworkRecord | 'CANCELLED' | null> {
    if (onlyUuids([id]).length === 0) return Promise.resolve(null);
    return this.db.withTenant(schoolId, async (tx) => {
      const homework = await this.locked(tx, schoolId, id);
      if (!homework) return null;
      if (homework.status === 'CANCELLED') return 'CANCELLED';
      return tx.homework.update({
        where: { id, schoolId },
        data: { status: 'CANCELLED', cancelledAt: new Date(), cancelledByUserId: userId },
        select: homeworkSelect,
      });
    });
  }

  /**
   * Excuses the student (or withdraws the excusal) under the homework's lock; the student must be
   * ACTIVE-ly enrolled in its section. Answers the excusal in force afterwards and whether anything
   * changed; null when there is no such homework, 'CANCELLED' for cancelled homework.
   */
  setExcused(
    schoolId: string,
    homeworkId: string,
    studentId: string,
    change: { isExcused: boolean; reason: string | null; userId: string },
  ): Promise<
    | { excusal: ExcusalRecord | null; changed: boolean; homework: HomeworkRecord }
    | typeof NOT_IN_SECTION
    | 'CANCELLED'
    | null
  > {
    if (onlyUuids([homeworkId]).length === 0) return Promise.resolve(null);
    return this.db.withTenant(schoolId, async (tx) => {
      const homework = await this.locked(tx, schoolId, homeworkId);
      if (!homework) return null;
      if (homework.status === 'CANCELLED') return 'CANCELLED';
      if (onlyUuids([studentId]).length === 0) return NOT_IN_SECTION;
      const enrolled = await tx.enrolment.count({
        where: { schoolId, sectionId: homework.sectionId, studentId, status: 'ACTIVE' },
      });
      if (enrolled === 0) return NOT_IN_SECTION;
      const existing = await tx.homeworkExcusal.findFirst({
        where: { schoolId, homeworkId, studentId },
        select: excusalSelect,
      });
      if (!change.isExcused) {
        if (existing) await tx.homeworkExcusal.delete({ where: { id: existing.id, schoolId } });
        return { excusal: null, changed: existing !== null, homework };
      }
      if (existing) return { excusal: existing, changed: false, homework };
      const excusal = await tx.homeworkExcusal.create({
        data: { schoolId, homeworkId, studentId, reason: change.reason, excusedByUserId: change.userId },
        select: excusalSelect,
      });
      return { excusal, changed: true, homework };
    });
  }

  /** The excusals of several homework (for the loader), in the order they were made. */
  excusalsOf(schoolId: string, homeworkIds: readonly string[]): Promise<ExcusalRecord[]> {
    const ids = onlyUuids(homeworkIds);
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.forTenant(schoolId).homeworkExcusal.findMany({
      where: { schoolId, homeworkId: { in: ids } },
      select: excusalSelect,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * Completion of the latest-due homework matching the filter, in ONE aggregate: the section's ACTIVE
   * roster joined with its excusals and stored submissions. Latest due first.
   */
  completion(schoolId: string, filter: CompletionFilter): Promise<CompletionRow[]> {
    const { sectionId, taughtByUserId, status, first } = filter;
    return this.db.forTenant(schoolId).$queryRaw<CompletionRow[]>`
      SELECT h.id::text AS "homeworkId",
             COUNT(e."studentId") FILTER (WHERE x.id IS NULL)::int AS expected,
             COUNT(e."studentId") FILTER (WHERE x.id IS NOT NULL)::int AS excused,
             COUNT(s.id) FILTER (WHERE x.id IS NULL)::int AS submitted,
             COUNT(s.id) FILTER (WHERE x.id IS NULL AND s."isLate")::int AS late,
             COUNT(s.id) FILTER (WHERE x.id IS NULL AND s.points IS NOT NULL)::int AS graded
        FROM (SELECT hw.id, hw."sectionId", hw."dueAt" FROM "Homework" hw
               WHERE hw."schoolId" = ${schoolId}::uuid
                 AND (${sectionId}::uuid IS NULL OR hw."sectionId" = ${sectionId}::uuid)
                 AND (${taughtByUserId}::uuid IS NULL OR hw."sectionId" IN
                       (SELECT academics_section_ids_taught_by_user(${taughtByUserId}::uuid)))
                 AND (${status}::text IS NULL OR hw."status"::text = ${status}::text)
               ORDER BY hw."dueAt" DESC, hw.id DESC
               LIMIT ${first}) h
        LEFT JOIN "Enrolment" e ON e."schoolId" = ${schoolId}::uuid AND e."sectionId" = h."sectionId"
                               AND e."status" = 'ACTIVE'
        LEFT JOIN "HomeworkExcusal" x ON x."homeworkId" = h.id AND x."studentId" = e."studentId"
        LEFT JOIN "HomeworkSubmission" s ON s."homeworkId" = h.id AND s."studentId" = e."studentId"
       GROUP BY h.id, h."dueAt"
       ORDER BY h."dueAt" DESC, h.id DESC`;
  }

  /**
   * A student's ASSIGNED homework due in [from, until) in the sections they are ACTIVE-ly enrolled in,
   * without a stored submission or an excusal of theirs, soonest first: one query.
   */
  dueSoon(
    schoolId: string,
    studentId: string,
    from: Date,
    until: Date,
    take: number,
  ): Promise<HomeworkRecord[]> {
    if (onlyUuids([studentId]).length === 0) return Promise.resolve([]);
    return this.db.forTenant(schoolId).homework.findMany({
      where: {
        schoolId,
        status: 'ASSIGNED',
        dueAt: { gte: from, lt: until },
        section: { enrolments: { some: { schoolId, studentId, status: 'ACTIVE' } } },
        submissions: { none: { studentId } },
        excusals: { none: { studentId } },
      },
      select: homeworkSelect,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }
}
