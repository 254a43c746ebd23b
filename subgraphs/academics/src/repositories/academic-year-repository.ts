import type { TenantDatabase, TenantTransaction, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const academicYearSelect = {
  id: true,
  schoolId: true,
  name: true,
  startsOn: true,
  endsOn: true,
  isCurrent: true,
} satisfies Prisma.AcademicYearSelect;

export type AcademicYearRecord = Prisma.AcademicYearGetPayload<{ select: typeof academicYearSelect }>;

export const termSelect = {
  id: true,
  schoolId: true,
  academicYearId: true,
  parentTermId: true,
  kind: true,
  name: true,
  position: true,
  startsOn: true,
  endsOn: true,
  postingOpensAt: true,
  postingClosesAt: true,
  closedAt: true,
} satisfies Prisma.TermSelect;

export type TermRecord = Prisma.TermGetPayload<{ select: typeof termSelect }>;

/**
 * For writes of marks: the name of a closed grading period of the year whose dates hold `day`
 * (`YYYY-MM-DD`), or null. The grading periods holding the day are share-locked until the caller's
 * transaction ends, and closing one updates its row, so a mark written after this check can never
 * land in a period that was closed meanwhile.
 */
export async function closedPeriodHolding(
  tx: TenantTransaction,
  schoolId: string,
  academicYearId: string,
  day: string,
): Promise<string | null> {
  const periods = await tx.$queryRaw<{ name: string; closed: boolean }[]>`
    SELECT "name", "closedAt" IS NOT NULL AS closed FROM "Term"
     WHERE "schoolId" = ${schoolId}::uuid AND "academicYearId" = ${academicYearId}::uuid
       AND "kind" = 'GRADING_PERIOD' AND "startsOn" <= ${day}::date AND "endsOn" >= ${day}::date
     ORDER BY "startsOn", "id"
       FOR SHARE`;
  return periods.find((period) => period.closed)?.name ?? null;
}

/** The school calendar: academic years and their terms and grading periods. */
export class AcademicYearRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<AcademicYearRecord[]> {
    return this.db.forTenant(schoolId).academicYear.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: academicYearSelect,
    });
  }

  /** Every year of the school, newest first; a school accumulates one a year, so this stays small. */
  list(schoolId: string): Promise<AcademicYearRecord[]> {
    return this.db.forTenant(schoolId).academicYear.findMany({
      where: { schoolId },
      select: academicYearSelect,
      orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * The year flagged current: at most one per school (a partial unique index; the ordering only keeps
   * the answer deterministic).
   */
  findCurrent(schoolId: string): Promise<AcademicYearRecord | null> {
    return this.db.forTenant(schoolId).academicYear.findFirst({
      where: { schoolId, isCurrent: true },
      select: academicYearSelect,
      orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
    });
  }

  findTermsByIds(schoolId: string, ids: readonly string[]): Promise<TermRecord[]> {
    return this.db
      .forTenant(schoolId)
      .term.findMany({ where: { schoolId, id: { in: onlyUuids(ids) } }, select: termSelect });
  }

  /** Terms and grading periods of many years at once, in order (a year holds a dozen at most). */
  termsOfYears(schoolId: string, academicYearIds: readonly string[]): Promise<TermRecord[]> {
    return this.db.forTenant(schoolId).term.findMany({
      where: { schoolId, academicYearId: { in: onlyUuids(academicYearIds) } },
      select: termSelect,
      orderBy: [{ position: 'asc' }, { startsOn: 'asc' }, { id: 'asc' }],
    });
  }
}
