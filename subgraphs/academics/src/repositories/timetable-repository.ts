import { Prisma, type TenantDatabase, type TenantTransaction } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';
import {
  CONFLICT,
  IN_USE,
  isRefusal,
  orConflict,
  type Conflict,
  type Refusal,
} from './structure-admin-repository.js';

export const bellPeriodSelect = {
  id: true,
  schoolId: true,
  weekday: true,
  number: true,
  name: true,
  startMinute: true,
  endMinute: true,
} satisfies Prisma.BellPeriodSelect;
export type BellPeriodRecord = Prisma.BellPeriodGetPayload<{ select: typeof bellPeriodSelect }>;

export const roomSelect = {
  id: true,
  schoolId: true,
  name: true,
  capacity: true,
} satisfies Prisma.RoomSelect;
export type RoomRecord = Prisma.RoomGetPayload<{ select: typeof roomSelect }>;

export const timetableEntrySelect = {
  id: true,
  schoolId: true,
  academicYearId: true,
  termId: true,
  sectionId: true,
  weekday: true,
  periodNumber: true,
  subjectId: true,
  teacherId: true,
  roomId: true,
} satisfies Prisma.TimetableEntrySelect;
export type TimetableEntryRecord = Prisma.TimetableEntryGetPayload<{ select: typeof timetableEntrySelect }>;

export const substitutionSelect = {
  id: true,
  schoolId: true,
  entryId: true,
  date: true,
  substituteTeacherId: true,
  reason: true,
} satisfies Prisma.SubstitutionSelect;
export type SubstitutionRecord = Prisma.SubstitutionGetPayload<{ select: typeof substitutionSelect }>;

export type NewBellPeriod = Pick<BellPeriodRecord, 'number' | 'name' | 'startMinute' | 'endMinute'>;
export type NewTimetableEntry = Omit<TimetableEntryRecord, 'id' | 'schoolId'>;

/** What a bell-schedule change is checked against: the whole schedule and the slots entries use. */
export interface BellFacts {
  periods: BellPeriodRecord[];
  /** Distinct (weekday, period number) pairs of the school's timetable entries. */
  usedSlots: { weekday: number; periodNumber: number }[];
}

/** What a new entry is checked against: the bell schedule and the entries of its year in its slot. */
export interface EntryFacts {
  periods: BellPeriodRecord[];
  slotEntries: TimetableEntryRecord[];
}

/** What a substitution is checked against, read under the lock. */
export interface SubstitutionFacts {
  entry: TimetableEntryRecord;
  /** The substitute's own entries in the entry's year, weekday and period. */
  substituteEntries: TimetableEntryRecord[];
  /** Every substitution of the school on the date, with its entry. */
  onDate: (SubstitutionRecord & { entry: TimetableEntryRecord })[];
}

/**
 * Serialises every timetable write of one school for the rest of the transaction, so rules that
 * span rows (clashes, a free substitute, periods still in use) are checked on what is committed.
 * Timetable writes are rare admin actions, so one lock per school costs nothing noticeable.
 */
async function lockTimetable(tx: TenantTransaction, schoolId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`academics:timetable:${schoolId}`}, 0))`;
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

/** Bell schedules, rooms, timetable entries and substitutions: reads for the loaders, locked writes. */
export class TimetableRepository {
  constructor(private readonly db: TenantDatabase) {}

  bellPeriods(schoolId: string): Promise<BellPeriodRecord[]> {
    return this.db.forTenant(schoolId).bellPeriod.findMany({
      where: { schoolId },
      select: bellPeriodSelect,
      orderBy: [{ weekday: 'asc' }, { number: 'asc' }],
    });
  }

  rooms(schoolId: string): Promise<RoomRecord[]> {
    return this.db.forTenant(schoolId).room.findMany({
      where: { schoolId },
      select: roomSelect,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  roomsByIds(schoolId: string, ids: readonly string[]): Promise<RoomRecord[]> {
    return this.db.forTenant(schoolId).room.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: roomSelect,
    });
  }

  entriesByIds(schoolId: string, ids: readonly string[]): Promise<TimetableEntryRecord[]> {
    return this.db.forTenant(schoolId).timetableEntry.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: timetableEntrySelect,
    });
  }

  entriesOfSections(schoolId: string, sectionIds: readonly string[]): Promise<TimetableEntryRecord[]> {
    return this.db.forTenant(schoolId).timetableEntry.findMany({
      where: { schoolId, sectionId: { in: onlyUuids(sectionIds) } },
      select: timetableEntrySelect,
      orderBy: [{ weekday: 'asc' }, { periodNumber: 'asc' }, { id: 'asc' }],
    });
  }

  /** The entries of many teachers in one academic year. */
  entriesOfTeachers(
    schoolId: string,
    academicYearId: string,
    teacherIds: readonly string[],
  ): Promise<TimetableEntryRecord[]> {
    return this.db.forTenant(schoolId).timetableEntry.findMany({
      where: { schoolId, academicYearId, teacherId: { in: onlyUuids(teacherIds) } },
      select: timetableEntrySelect,
      orderBy: [{ weekday: 'asc' }, { periodNumber: 'asc' }, { id: 'asc' }],
    });
  }

  substitutionsOn(schoolId: string, dates: readonly Date[]): Promise<SubstitutionRecord[]> {
    return this.db.forTenant(schoolId).substitution.findMany({
      where: { schoolId, date: { in: [...dates] } },
      select: substitutionSelect,
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
    });
  }

  /** Replaces one weekday's periods (weekday 0: the default day), once `check` has accepted the facts. */
  replaceBellDay<P>(
    schoolId: string,
    weekday: number,
    periods: readonly NewBellPeriod[],
    check: (facts: BellFacts) => Refusal<P> | null,
  ): Promise<BellPeriodRecord[] | Refusal<P>> {
    return this.db.withTenant(schoolId, async (tx) => {
      await lockTimetable(tx, schoolId);
      const [current, usedSlots] = await Promise.all([
        tx.bellPeriod.findMany({ where: { schoolId }, select: bellPeriodSelect }),
        tx.timetableEntry.findMany({
          where: { schoolId },
          select: { weekday: true, periodNumber: true },
          distinct: ['weekday', 'periodNumber'],
        }),
      ]);
      const refusal = check({ periods: current, usedSlots });
      if (refusal) return refusal;
      await tx.bellPeriod.deleteMany({ where: { schoolId, weekday } });
      if (periods.length > 0)
        await tx.bellPeriod.createMany({ data: periods.map((period) => ({ ...period, schoolId, weekday })) });
      return tx.bellPeriod.findMany({
        where: { schoolId, weekday },
        select: bellPeriodSelect,
        orderBy: { number: 'asc' },
      });
    });
  }

  createRoom(
    schoolId: string,
    room: { name: string; capacity: number | null },
  ): Promise<RoomRecord | Conflict> {
    return orConflict(
      this.db.forTenant(schoolId).room.create({ data: { ...room, schoolId }, select: roomSelect }),
    );
  }

  /** Deletes a room no entry uses (IN_USE otherwise); null when there is none. */
  async deleteRoom(schoolId: string, id: string): Promise<RoomRecord | typeof IN_USE | null> {
    try {
      return await this.db.withTenant(schoolId, async (tx) => {
        const room = await tx.room.findFirst({ where: { schoolId, id }, select: roomSelect });
        if (!room) return null;
        await tx.room.delete({ where: { id } });
        return room;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) return IN_USE;
      throw error;
    }
  }

  /** Adds an entry under the school's timetable lock, once `check` has seen its slot's entries. */
  createEntry<P>(
    schoolId: string,
    entry: NewTimetableEntry,
    check: (facts: EntryFacts) => Refusal<P> | null,
  ): Promise<TimetableEntryRecord | Refusal<P>> {
    return this.db.withTenant(schoolId, async (tx) => {
      await lockTimetable(tx, schoolId);
      const [periods, slotEntries] = await Promise.all([
        tx.bellPeriod.findMany({ where: { schoolId }, select: bellPeriodSelect }),
        tx.timetableEntry.findMany({
          where: {
            schoolId,
            academicYearId: entry.academicYearId,
            weekday: entry.weekday,
            periodNumber: entry.periodNumber,
          },
          select: timetableEntrySelect,
        }),
      ]);
      const refusal = check({ periods, slotEntries });
      if (refusal) return refusal;
      return tx.timetableEntry.create({ data: { ...entry, schoolId }, select: timetableEntrySelect });
    });
  }

  /** Deletes an entry with its substitutions; returns it and the dates those substitutions were on. */
  deleteEntry(schoolId: string, id: string): Promise<{ entry: TimetableEntryRecord; dates: Date[] } | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      await lockTimetable(tx, schoolId);
      const entry = await tx.timetableEntry.findFirst({
        where: { schoolId, id },
        select: timetableEntrySelect,
      });
      if (!entry) return null;
      const substitutions = await tx.substitution.findMany({
        where: { schoolId, entryId: id },
        select: { date: true },
      });
      await tx.timetableEntry.delete({ where: { id } });
      return { entry, dates: substitutions.map((row) => row.date) };
    });
  }

  /** Adds a substitution under the lock once `check` accepts (null: no such entry; CONFLICT: taken). */
  createSubstitution<P>(
    schoolId: string,
    fields: {
      entryId: string;
      date: Date;
      substituteTeacherId: string;
      reason: string | null;
      createdByUserId: string;
    },
    check: (facts: SubstitutionFacts) => Refusal<P> | null,
  ): Promise<SubstitutionRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        await lockTimetable(tx, schoolId);
        const entry = await tx.timetableEntry.findFirst({
          where: { schoolId, id: fields.entryId },
          select: timetableEntrySelect,
        });
        if (!entry) return null;
        const [substituteEntries, onDate] = await Promise.all([
          tx.timetableEntry.findMany({
            where: {
              schoolId,
              academicYearId: entry.academicYearId,
              weekday: entry.weekday,
              periodNumber: entry.periodNumber,
              teacherId: fields.substituteTeacherId,
            },
            select: timetableEntrySelect,
          }),
          tx.substitution.findMany({
            where: { schoolId, date: fields.date },
            select: { ...substitutionSelect, entry: { select: timetableEntrySelect } },
          }),
        ]);
        const refusal = check({ entry, substituteEntries, onDate });
        if (refusal) return refusal;
        return tx.substitution.create({ data: { ...fields, schoolId }, select: substitutionSelect });
      }),
    );
  }

  deleteSubstitution(schoolId: string, id: string): Promise<SubstitutionRecord | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const row = await tx.substitution.findFirst({ where: { schoolId, id }, select: substitutionSelect });
      if (!row) return null;
      await tx.substitution.delete({ where: { id } });
      return row;
    });
  }
}

export { CONFLICT, IN_USE, isRefusal };
