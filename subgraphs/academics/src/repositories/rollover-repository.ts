import type { TenantDatabase, TenantTransaction } from '@schools24/db';
import { academicYearSelect, type AcademicYearRecord } from './academic-year-repository.js';
import { enrolmentSelect, type EnrolmentRecord } from './enrolment-repository.js';
import { gradeSelect, type GradeRecord } from './grade-repository.js';
import { sectionSelect, type SectionRecord } from './section-repository.js';
import { lockRow, orConflict, type Conflict } from './structure-admin-repository.js';

/** Everything a rollover plan is made from. */
export interface RolloverFacts {
  from: AcademicYearRecord;
  to: AcademicYearRecord;
  grades: GradeRecord[];
  /** Sections of the old year, in display order. */
  fromSections: SectionRecord[];
  toSections: SectionRecord[];
  /** ACTIVE enrolments of the old year, by section and roll number. */
  enrolments: EnrolmentRecord[];
  /** Students with an ACTIVE enrolment in the new year already. */
  enrolledInTarget: ReadonlySet<string>;
  /** Per section of the new year: its ACTIVE enrolments and highest roll number so far. */
  targetRosters: ReadonlyMap<string, { activeCount: number; highestRollNumber: number }>;
}

/** What a real rollover writes. */
export interface RolloverWrites {
  promotedEnrolmentIds: string[];
  graduatedEnrolmentIds: string[];
  /** The old year's last day: where promoted and graduated enrolments end. */
  endsOn: Date;
  created: {
    studentId: string;
    sectionId: string;
    academicYearId: string;
    rollNumber: number;
    startsOn: Date;
  }[];
}

/** Generous: a school's whole roll moves in a few statements, but a busy database should not abort it. */
const ROLLOVER_TIMEOUT_MS = 60_000;

/** Year rollover: the facts for a plan, and applying a plan in ONE transaction. */
export class RolloverRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * The facts for a dry run, read in one (unlocked) transaction: one client type for `readFacts`, since
   * calling Prisma methods on a union of the two client types exceeds TypeScript's depth limit once
   * the schema grows.
   */
  facts(schoolId: string, fromYearId: string, toYearId: string): Promise<RolloverFacts | null> {
    return this.db.withTenant(schoolId, (tx) => readFacts(tx, schoolId, fromYearId, toYearId));
  }

  /**
   * Reads the facts under both years' locks, lets `plan` decide, and writes what it returns, all in
   * one transaction: nothing is half done. `plan` returning null writes nothing. A clash with an
   * admission racing the rollover (the one-ACTIVE-enrolment index) rolls everything back (CONFLICT).
   */
  apply<R>(
    schoolId: string,
    fromYearId: string,
    toYearId: string,
    plan: (facts: RolloverFacts) => { writes: RolloverWrites | null; result: R },
  ): Promise<R | Conflict | null> {
    return orConflict(
      this.db.withTenant(
        schoolId,
        async (tx) => {
          // Both years, in a fixed order, so two rollovers cannot deadlock.
          for (const id of [fromYearId, toYearId].sort()) {
            if (!(await lockRow(tx, 'AcademicYear', schoolId, id))) return null;
          }
          const facts = await readFacts(tx, schoolId, fromYearId, toYearId);
          if (!facts) return null;
          const { writes, result } = plan(facts);
          if (writes) await write(tx, schoolId, writes);
          return result;
        },
        { timeout: ROLLOVER_TIMEOUT_MS },
      ),
    );
  }
}

async function write(tx: TenantTransaction, schoolId: string, writes: RolloverWrites): Promise<void> {
  if (writes.promotedEnrolmentIds.length > 0)
    await tx.enrolment.updateMany({
      where: { schoolId, id: { in: writes.promotedEnrolmentIds }, status: 'ACTIVE' },
      data: { status: 'PROMOTED', endsOn: writes.endsOn },
    });
  if (writes.graduatedEnrolmentIds.length > 0)
    await tx.enrolment.updateMany({
      where: { schoolId, id: { in: writes.graduatedEnrolmentIds }, status: 'ACTIVE' },
      data: { status: 'GRADUATED', endsOn: writes.endsOn },
    });
  if (writes.created.length > 0)
    await tx.enrolment.createMany({ data: writes.created.map((row) => ({ schoolId, ...row })) });
}

async function readFacts(
  client: TenantTransaction,
  schoolId: string,
  fromYearId: string,
  toYearId: string,
): Promise<RolloverFacts | null> {
  const years = await client.academicYear.findMany({
    where: { schoolId, id: { in: [fromYearId, toYearId] } },
    select: academicYearSelect,
  });
  const from = years.find((year) => year.id === fromYearId);
  const to = years.find((year) => year.id === toYearId);
  if (!from || !to) return null;
  const sectionOrder = [
    { grade: { level: 'asc' as const } },
    { name: 'asc' as const },
    { id: 'asc' as const },
  ];
  const [grades, fromSections, toSections, enrolments, targetRows] = await Promise.all([
    client.grade.findMany({ where: { schoolId }, select: gradeSelect, orderBy: [{ level: 'asc' }] }),
    client.section.findMany({
      where: { schoolId, academicYearId: fromYearId },
      select: sectionSelect,
      orderBy: sectionOrder,
    }),
    client.section.findMany({
      where: { schoolId, academicYearId: toYearId },
      select: sectionSelect,
      orderBy: sectionOrder,
    }),
    client.enrolment.findMany({
      where: { schoolId, academicYearId: fromYearId, status: 'ACTIVE' },
      select: enrolmentSelect,
      orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
    }),
    // The new year's enrolments so far (before a rollover, usually few: early admissions).
    client.enrolment.findMany({
      where: { schoolId, academicYearId: toYearId },
      select: { sectionId: true, studentId: true, status: true, rollNumber: true },
    }),
  ]);
  const targetRosters = new Map<string, { activeCount: number; highestRollNumber: number }>();
  for (const section of toSections) targetRosters.set(section.id, { activeCount: 0, highestRollNumber: 0 });
  const enrolledInTarget = new Set<string>();
  for (const row of targetRows) {
    const roster = targetRosters.get(row.sectionId);
    if (roster) roster.highestRollNumber = Math.max(roster.highestRollNumber, row.rollNumber);
    if (row.status !== 'ACTIVE') continue;
    enrolledInTarget.add(row.studentId);
    if (roster) roster.activeCount += 1;
  }
  return {
    from,
    to,
    grades,
    fromSections,
    toSections,
    enrolments,
    enrolledInTarget,
    targetRosters,
  };
}
