import type { Prisma, TenantDatabase } from '@schools24/db';
import type { BufferedEntry } from '@schools24/write-buffer';
import { markRows, type AttendanceMarkingPayload } from '../attendance-payload.js';
import { orConflict, type Conflict } from './structure-admin-repository.js';

export const attendanceCodeSelect = {
  id: true,
  schoolId: true,
  code: true,
  name: true,
  countsAsPresent: true,
  position: true,
} satisfies Prisma.AttendanceCodeSelect;
export type AttendanceCodeRecord = Prisma.AttendanceCodeGetPayload<{ select: typeof attendanceCodeSelect }>;

export const attendanceMarkSelect = {
  id: true,
  schoolId: true,
  sectionId: true,
  studentId: true,
  date: true,
  periodNumber: true,
  codeId: true,
  note: true,
  idempotencyId: true,
  markedByUserId: true,
  markedAt: true,
} satisfies Prisma.AttendanceMarkSelect;
export type AttendanceMarkRecord = Prisma.AttendanceMarkGetPayload<{ select: typeof attendanceMarkSelect }>;

export const attendanceCorrectionSelect = {
  id: true,
  schoolId: true,
  markId: true,
  fromCodeId: true,
  toCodeId: true,
  reason: true,
  correctedByUserId: true,
  correctedAt: true,
} satisfies Prisma.AttendanceCorrectionSelect;
export type AttendanceCorrectionRecord = Prisma.AttendanceCorrectionGetPayload<{
  select: typeof attendanceCorrectionSelect;
}>;

/** The codes a school starts with when it has none (see AttendanceService.codes). */
export const DEFAULT_ATTENDANCE_CODES = [
  { code: 'P', name: 'Present', countsAsPresent: true },
  { code: 'A', name: 'Absent', countsAsPresent: false },
  { code: 'L', name: 'Late', countsAsPresent: true },
  { code: 'E', name: 'Excused', countsAsPresent: false },
  { code: 'M', name: 'Medical', countsAsPresent: false },
] as const;

export interface Correction {
  markId: string;
  sectionId: string;
  studentId: string;
  date: Date;
  periodNumber: number;
  toCodeId: string;
  reason: string;
  correctedByUserId: string;
}

/** Attendance codes, marks and their corrections. */
export class AttendanceRepository {
  constructor(private readonly db: TenantDatabase) {}

  codes(schoolId: string): Promise<AttendanceCodeRecord[]> {
    return this.db.forTenant(schoolId).attendanceCode.findMany({
      where: { schoolId },
      select: attendanceCodeSelect,
      orderBy: [{ position: 'asc' }, { code: 'asc' }],
    });
  }

  /** Gives a school the default codes (a no-op for codes it has: a race adds them once). */
  async ensureDefaultCodes(schoolId: string): Promise<void> {
    await this.db.forTenant(schoolId).attendanceCode.createMany({
      data: DEFAULT_ATTENDANCE_CODES.map((code, position) => ({ ...code, schoolId, position })),
      skipDuplicates: true,
    });
  }

  createCode(
    schoolId: string,
    fields: { code: string; name: string; countsAsPresent: boolean; position: number },
  ): Promise<AttendanceCodeRecord | Conflict> {
    return orConflict(
      this.db.forTenant(schoolId).attendanceCode.create({
        data: { ...fields, schoolId },
        select: attendanceCodeSelect,
      }),
    );
  }

  /** The students enrolled in the section on the date, by the enrolments' dates (any status). */
  async rosterOn(schoolId: string, sectionId: string, date: Date): Promise<string[]> {
    const rows = await this.db.forTenant(schoolId).enrolment.findMany({
      where: {
        schoolId,
        sectionId,
        startsOn: { lte: date },
        OR: [{ endsOn: null }, { endsOn: { gte: date } }],
      },
      select: { studentId: true },
      orderBy: { rollNumber: 'asc' },
    });
    return rows.map((row) => row.studentId);
  }

  sessionMarks(schoolId: string, sectionId: string, date: Date, periodNumber: number) {
    return this.db.forTenant(schoolId).attendanceMark.findMany({
      where: { schoolId, sectionId, date, periodNumber },
      select: attendanceMarkSelect,
      orderBy: { id: 'asc' },
    });
  }

  /** A student's or a section's marks over a date range (both ends included). */
  marksInRange(
    schoolId: string,
    of: { studentId: string } | { sectionId: string },
    range: { from: Date; to: Date },
    daily: boolean,
  ): Promise<AttendanceMarkRecord[]> {
    return this.db.forTenant(schoolId).attendanceMark.findMany({
      where: {
        schoolId,
        ...of,
        date: { gte: range.from, lte: range.to },
        periodNumber: daily ? 0 : { gt: 0 },
      },
      select: attendanceMarkSelect,
    });
  }

  correctionsOf(schoolId: string, markIds: readonly string[]): Promise<AttendanceCorrectionRecord[]> {
    return this.db.forTenant(schoolId).attendanceCorrection.findMany({
      where: { schoolId, markId: { in: [...markIds] } },
      select: attendanceCorrectionSelect,
      orderBy: [{ correctedAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * The sink: every marking of the batch in ONE transaction, across schools (`set_config` per school,
   * row-level security per statement), `INSERT … ON CONFLICT DO NOTHING`: a redelivered marking
   * changes nothing, and a buffered marking never overwrites a corrected mark.
   */
  async storeMarkings(entries: readonly BufferedEntry<AttendanceMarkingPayload>[]): Promise<void> {
    const bySchool = new Map<string, BufferedEntry<AttendanceMarkingPayload>[]>();
    for (const entry of entries) bySchool.set(entry.tenant, [...(bySchool.get(entry.tenant) ?? []), entry]);
    const [first] = bySchool.keys();
    if (first === undefined) return;
    await this.db.withTenant(first, async (tx) => {
      for (const [schoolId, group] of bySchool) {
        if (schoolId !== first) await tx.$executeRaw`SELECT set_config('app.school_id', ${schoolId}, true)`;
        await tx.attendanceMark.createMany({
          data: group.flatMap((entry) => markRows(schoolId, entry.actor, entry.payload)),
          skipDuplicates: true,
        });
      }
    });
  }

  /**
   * Sets a student's mark for a session and records the correction, in one transaction, the mark
   * row locked: the history always holds the code it replaced. Unchanged when the code is the same.
   */
  correct(
    schoolId: string,
    correction: Correction,
  ): Promise<{ mark: AttendanceMarkRecord; history: AttendanceCorrectionRecord | null }> {
    return this.db.withTenant(schoolId, async (tx) => {
      const [locked] = await tx.$queryRaw<{ codeId: string }[]>`
        SELECT "codeId"::text AS "codeId" FROM "AttendanceMark"
         WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${correction.markId}::uuid FOR UPDATE`;
      if (locked && locked.codeId === correction.toCodeId) {
        const mark = await tx.attendanceMark.findUniqueOrThrow({
          where: { id: correction.markId },
          select: attendanceMarkSelect,
        });
        return { mark, history: null };
      }
      const mark = locked
        ? await tx.attendanceMark.update({
            where: { id: correction.markId },
            data: { codeId: correction.toCodeId },
            select: attendanceMarkSelect,
          })
        : await tx.attendanceMark.create({
            data: {
              id: correction.markId,
              schoolId,
              sectionId: correction.sectionId,
              studentId: correction.studentId,
              date: correction.date,
              periodNumber: correction.periodNumber,
              codeId: correction.toCodeId,
              idempotencyId: `correction.${correction.markId}`,
              markedByUserId: correction.correctedByUserId,
              markedAt: new Date(),
            },
            select: attendanceMarkSelect,
          });
      const history = await tx.attendanceCorrection.create({
        data: {
          schoolId,
          markId: correction.markId,
          fromCodeId: locked?.codeId ?? null,
          toCodeId: correction.toCodeId,
          reason: correction.reason,
          correctedByUserId: correction.correctedByUserId,
        },
        select: attendanceCorrectionSelect,
      });
      return { mark, history };
    });
  }
}
