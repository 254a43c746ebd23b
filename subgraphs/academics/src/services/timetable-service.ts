import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode } from '@schools24/errors';
import {
  isUuid,
  parsePageRequest,
  type Connection,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
} from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type {
  CreateRoomInput,
  CreateSubstitutionInput,
  CreateTimetableEntryInput,
  RoomIdInput,
  SetBellScheduleInput,
  SubstitutionIdInput,
  TimetableEntryIdInput,
} from '../generated/resolvers-types.js';
import type { AcademicsLoaders } from '../loaders/index.js';
import { forgetTimetable, SCHOOL_KEY, teacherYearKey, type TimetableStale } from '../loaders/timetable.js';
import type { OwnRecords } from '../repositories/homework-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import {
  CONFLICT,
  IN_USE,
  isRefusal,
  type BellPeriodRecord,
  type RoomRecord,
  type SubstitutionRecord,
  type TimetableEntryRecord,
} from '../repositories/timetable-repository.js';
import type { CalendarService } from './calendar-service.js';
import type { HomeworkService } from './homework-service.js';
import { sectionDisplayName } from '../resolvers/section-display-name.js';
import { pageOfList } from './submission-view.js';
import { isoDay, notFound, Problems, type AcademicsError } from './structure-rules.js';
import {
  clashesOf,
  isHeldOn,
  isoWeekday,
  MAX_PERIODS_PER_DAY,
  minutesOf,
  periodsOfWeekday,
  sectionLessons,
  teacherLessons,
  WEEKDAY_NAMES,
  type DayFacts,
  type SectionWeekModel,
  type StudentDayModel,
  type TeacherDayModel,
} from './timetable-rules.js';

export type RoomPage = Connection<RoomRecord>;

export interface TimetableDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
  access: RecordAccess;
  calendar: CalendarService;
  homework: HomeworkService;
}

type Result<K extends string, V> = { [key in K]: V | null } & { userErrors: AcademicsError[] };
const failed = <K extends string>(key: K, ...userErrors: AcademicsError[]) =>
  ({ [key]: null, userErrors }) as Result<K, never>;
const done = <K extends string, V>(key: K, value: V) =>
  ({ [key]: value, userErrors: [] }) as unknown as Result<K, V>;
type Clash = ReturnType<typeof clashesOf>[number];
type Deletion = { deletedId: string | null; userErrors: AcademicsError[] };

const LIMITS = { roomName: 50, periodName: 50, reason: 200, roomCapacity: 2000 };

const today = (): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

const slotName = (weekday: number, period: number) => `${WEEKDAY_NAMES[weekday] ?? 'day'}, period ${period}`;

/**
 * The timetable: bell schedule, rooms, weekly entries with clash detection, substitutions, and the
 * day and week views. Writes are for school admins (the SDL says so); every multi-row rule is checked
 * inside the write's transaction under the school's timetable lock (see the repository). Reads go
 * through the Redis-backed loaders only, so a day view costs a fixed number of queries cold and none
 * warm; each write drops exactly the cached lists it changed.
 */
export class TimetableService {
  constructor(private readonly deps: TimetableDependencies) {}

  private get schoolId() {
    return this.deps.tenant.schoolId;
  }

  private get loaders() {
    return this.deps.tenant.loaders;
  }

  private requireViewer(): Viewer {
    if (!this.deps.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    return this.deps.viewer;
  }

  private async changed(action: string, stale: TimetableStale, ids: Record<string, string>) {
    await forgetTimetable(this.deps.redis, this.schoolId, this.loaders, stale);
    this.deps.logger.info(
      { action, ...ids, actorUserId: this.deps.viewer?.userId },
      'academics timetable changed',
    );
  }

  /** The viewer's own student and teacher records, cached (none for a platform admin acting here). */
  private async ownRecords(): Promise<OwnRecords> {
    const viewer = this.deps.viewer;
    if (!viewer || viewer.actorUserId !== undefined) return { studentId: null, teacherId: null };
    return (await this.loaders.ownRecordsByUser.load(viewer.userId)) ?? { studentId: null, teacherId: null };
  }

  // Reads ------------------------------------------------------------------------------------------

  async bellSchedule(): Promise<BellPeriodRecord[]> {
    return (await this.loaders.bellPeriods.load(SCHOOL_KEY)) ?? [];
  }

  async rooms(args: ConnectionArgs): Promise<RoomPage> {
    const page = parsePageRequest(args);
    return pageOfList((await this.loaders.rooms.load(SCHOOL_KEY)) ?? [], page);
  }

  room(id: string | null) {
    return id && isUuid(id) ? this.loaders.room.load(id) : Promise.resolve(null);
  }

  entry(id: string) {
    return isUuid(id) ? this.loaders.timetableEntry.load(id) : Promise.resolve(null);
  }

  async sectionWeek(sectionId: string, termId: string | null | undefined): Promise<SectionWeekModel | null> {
    const section = isUuid(sectionId) ? await this.loaders.section.load(sectionId) : null;
    if (!section) return null;
    await this.deps.homework.assertCanSeeSectionHomework(section.id);
    let term = null;
    if (termId != null) {
      term = isUuid(termId) ? await this.loaders.term.load(termId) : null;
      if (!term || term.academicYearId !== section.academicYearId) return null;
    }
    const entries = (await this.loaders.timetableBySection.load(section.id)) ?? [];
    return {
      section,
      term,
      entries: term ? entries.filter((entry) => entry.termId === null || entry.termId === term.id) : entries,
    };
  }

  /** The current year's facts every day view needs, null when the date is outside it. */
  private async dayFacts(date: Date): Promise<DayFacts | null> {
    const year = await this.deps.calendar.currentAcademicYear();
    if (!year || date < year.startsOn || date > year.endsOn) return null;
    const [terms, periods, substitutions] = await Promise.all([
      this.deps.calendar.termsOf(year.id),
      this.loaders.bellPeriods.load(SCHOOL_KEY),
      this.loaders.substitutionsByDate.load(isoDay(date)),
    ]);
    return { date, year, terms, periods: periods ?? [], substitutions: substitutions ?? [] };
  }

  async teacherDay(
    teacherId: string | null | undefined,
    date: Date | null | undefined,
  ): Promise<TeacherDayModel | null> {
    const viewer = this.requireViewer();
    const day = date ?? today();
    // The day's school-wide facts do not depend on who asks: read them alongside the viewer's own
    // records (one round trip to the cache instead of two in a row); nothing is shown before the check.
    const [own, facts] = await Promise.all([this.ownRecords(), this.dayFacts(day)]);
    const id = teacherId ?? own.teacherId;
    if (!id || !isUuid(id)) return null;
    const isSelf = own.teacherId !== null && own.teacherId === id.toLowerCase();
    if (!isSelf && !viewer.roles.includes('SCHOOL_ADMIN') && !viewer.roles.includes('PLATFORM_ADMIN'))
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can see only your own teaching day.', {
        teacherId: id,
      });
    if (
      !isSelf &&
      !(await this.deps.repos.structureAdmin.existingTeacherIds(this.schoolId, [id])).has(id.toLowerCase())
    )
      return null;
    if (!facts) return { teacherId: id, date: day, lessons: [] };
    const covering = facts.substitutions.filter((row) => row.substituteTeacherId === id.toLowerCase());
    const [mine, covered] = await Promise.all([
      this.loaders.timetableByTeacher.load(teacherYearKey(facts.year.id, id)),
      this.loaders.timetableEntry.loadMany(covering.map((row) => row.entryId)),
    ]);
    const coveredEntries = covered.filter(
      (entry): entry is TimetableEntryRecord => entry !== null && !(entry instanceof Error),
    );
    return {
      teacherId: id,
      date: day,
      lessons: teacherLessons(id.toLowerCase(), mine ?? [], coveredEntries, facts),
    };
  }

  async studentDay(
    studentId: string | null | undefined,
    date: Date | null | undefined,
  ): Promise<StudentDayModel | null> {
    this.requireViewer();
    const day = date ?? today();
    // As for a teacher's day: the school-wide facts are read alongside the viewer's own records.
    const [own, facts] = await Promise.all([this.ownRecords(), this.dayFacts(day)]);
    const id = studentId ?? own.studentId;
    if (!id || !isUuid(id)) return null;
    // A student reading their own day needs no ownership facts (a query) to prove it.
    if (own.studentId !== id.toLowerCase()) await this.deps.access.assertCanSeeStudent(id);
    const enrolments = (await this.loaders.enrolmentsByStudent.load(id)) ?? [];
    const enrolment = enrolments.find(
      (row) => row.startsOn <= day && (row.endsOn === null || row.endsOn >= day),
    );
    if (!enrolment || !facts || enrolment.academicYearId !== facts.year.id)
      return { studentId: id, date: day, section: null, lessons: [] };
    const [section, entries] = await Promise.all([
      this.loaders.section.load(enrolment.sectionId),
      this.loaders.timetableBySection.load(enrolment.sectionId),
    ]);
    return { studentId: id, date: day, section, lessons: sectionLessons(entries ?? [], facts) };
  }

  // Writes -----------------------------------------------------------------------------------------

  async setBellSchedule(input: SetBellScheduleInput): Promise<Result<'periods', BellPeriodRecord[]>> {
    this.requireViewer();
    const problems = new Problems();
    problems.integer(input.weekday, 0, 7, ['input', 'weekday'], 'The weekday');
    if (input.periods.length > MAX_PERIODS_PER_DAY)
      problems.add('INVALID_INPUT', `A day has at most ${MAX_PERIODS_PER_DAY} periods.`, [
        'input',
        'periods',
      ]);
    if (input.weekday === 0 && input.periods.length === 0)
      problems.add('INVALID_INPUT', 'The default day needs at least one period.', ['input', 'periods']);
    const periods = input.periods.map((period, index) => {
      const at = (field: string) => ['input', 'periods', String(index), field];
      const startMinute = minutesOf(period.startsAt);
      const endMinute = minutesOf(period.endsAt);
      if (startMinute === null) problems.add('INVALID_INPUT', 'Times are `HH:MM` (24-hour).', at('startsAt'));
      if (endMinute === null) problems.add('INVALID_INPUT', 'Times are `HH:MM` (24-hour).', at('endsAt'));
      if (startMinute !== null && endMinute !== null && endMinute <= startMinute)
        problems.add('INVALID_INPUT', `Period ${period.number} must end after it starts.`, at('endsAt'));
      return {
        number: problems.integer(period.number, 1, MAX_PERIODS_PER_DAY, at('number'), 'The period number'),
        name: problems.optionalText(period.name, LIMITS.periodName, at('name'), 'The name'),
        startMinute: startMinute ?? 0,
        endMinute: endMinute ?? 0,
      };
    });
    if (!problems.ok) return failed('periods', ...problems.errors);
    const sorted = [...periods].sort((a, b) => a.startMinute - b.startMinute);
    if (new Set(periods.map((period) => period.number)).size !== periods.length)
      problems.add('INVALID_INPUT', 'Each period number may appear once.', ['input', 'periods']);
    for (let index = 1; index < sorted.length; index += 1) {
      const [before, after] = [sorted[index - 1], sorted[index]];
      if (before && after && after.startMinute < before.endMinute)
        problems.add('OVERLAPPING_DATES', `Periods ${before.number} and ${after.number} overlap.`, [
          'input',
          'periods',
        ]);
    }
    if (!problems.ok) return failed('periods', ...problems.errors);

    const weekday = input.weekday;
    const result = await this.deps.repos.timetable.replaceBellDay(
      this.schoolId,
      weekday,
      periods,
      (facts) => {
        const after = [
          ...facts.periods.filter((period) => period.weekday !== weekday),
          ...periods.map((period) => ({ ...period, id: '', schoolId: this.schoolId, weekday })),
        ];
        const orphan = facts.usedSlots.find(
          (slot) =>
            !periodsOfWeekday(after, slot.weekday).some((period) => period.number === slot.periodNumber),
        );
        return orphan
          ? {
              refused: [
                {
                  code: 'IN_USE' as const,
                  message: `Timetable entries use ${slotName(orphan.weekday, orphan.periodNumber)}: move or delete them first.`,
                  field: ['input', 'periods'],
                },
              ],
            }
          : null;
      },
    );
    if (isRefusal<AcademicsError[]>(result)) return failed('periods', ...result.refused);
    await this.changed('bell-schedule.set', { bellPeriods: [SCHOOL_KEY] }, { weekday: String(weekday) });
    return done('periods', result);
  }

  async createRoom(input: CreateRoomInput): Promise<Result<'room', RoomRecord>> {
    this.requireViewer();
    const problems = new Problems();
    const name = problems.text(input.name, LIMITS.roomName, ['input', 'name'], 'The name');
    const capacity =
      input.capacity == null
        ? null
        : problems.integer(input.capacity, 1, LIMITS.roomCapacity, ['input', 'capacity'], 'The capacity');
    if (!problems.ok) return failed('room', ...problems.errors);
    const room = await this.deps.repos.timetable.createRoom(this.schoolId, { name, capacity });
    if (room === CONFLICT)
      return failed('room', {
        code: 'NAME_TAKEN',
        message: `There is a room "${name}" already.`,
        field: ['input', 'name'],
      });
    await this.changed('room.created', { rooms: [SCHOOL_KEY] }, { roomId: room.id });
    return done('room', room);
  }

  async deleteRoom(input: RoomIdInput): Promise<Deletion> {
    this.requireViewer();
    const deleted = isUuid(input.id)
      ? await this.deps.repos.timetable.deleteRoom(this.schoolId, input.id)
      : null;
    if (!deleted) return { deletedId: null, userErrors: [notFound('room', ['input', 'id'])] };
    if (deleted === IN_USE)
      return {
        deletedId: null,
        userErrors: [{ code: 'IN_USE', message: 'Timetable entries use this room.', field: ['input', 'id'] }],
      };
    await this.changed('room.deleted', { rooms: [SCHOOL_KEY], room: [deleted.id] }, { roomId: deleted.id });
    return { deletedId: deleted.id, userErrors: [] };
  }

  async createTimetableEntry(
    input: CreateTimetableEntryInput,
  ): Promise<Result<'entry', TimetableEntryRecord>> {
    this.requireViewer();
    const load = <T>(id: string | null | undefined, loader: { load: (key: string) => Promise<T | null> }) =>
      id != null && isUuid(id) ? loader.load(id) : Promise.resolve(null);
    const [section, subject, term, room, teachers] = await Promise.all([
      load(input.sectionId, this.loaders.section),
      load(input.subjectId, this.loaders.subject),
      load(input.termId, this.loaders.term),
      load(input.roomId, this.loaders.room),
      this.deps.repos.structureAdmin.existingTeacherIds(this.schoolId, [input.teacherId]),
    ]);
    const problems = new Problems();
    if (!section) problems.errors.push(notFound('section', ['input', 'sectionId']));
    if (!subject) problems.errors.push(notFound('subject', ['input', 'subjectId']));
    if (!teachers.has(input.teacherId.toLowerCase()))
      problems.errors.push(notFound('teacher', ['input', 'teacherId']));
    if (input.roomId != null && !room) problems.errors.push(notFound('room', ['input', 'roomId']));
    if (input.termId != null && !term) problems.errors.push(notFound('term', ['input', 'termId']));
    problems.integer(input.weekday, 1, 7, ['input', 'weekday'], 'The weekday');
    if (!problems.ok || !section || !subject) return failed('entry', ...problems.errors);
    if (term && term.kind !== 'TERM')
      return failed('entry', {
        code: 'WRONG_KIND',
        message: 'Name a term, not a grading period.',
        field: ['input', 'termId'],
      });
    if (term && term.academicYearId !== section.academicYearId)
      return failed('entry', {
        code: 'WRONG_ACADEMIC_YEAR',
        message: "The term is not in the section's academic year.",
        field: ['input', 'termId'],
      });
    const candidate = {
      academicYearId: section.academicYearId,
      termId: term?.id ?? null,
      sectionId: section.id,
      weekday: input.weekday,
      periodNumber: input.periodNumber,
      subjectId: subject.id,
      teacherId: input.teacherId.toLowerCase(),
      roomId: room?.id ?? null,
    };
    const result = await this.deps.repos.timetable.createEntry<'NO_PERIOD' | Clash[]>(
      this.schoolId,
      candidate,
      (facts) => {
        const day = periodsOfWeekday(facts.periods, candidate.weekday);
        if (!day.some((period) => period.number === candidate.periodNumber)) return { refused: 'NO_PERIOD' };
        const clashes = clashesOf(candidate, facts.slotEntries);
        return clashes.length > 0 ? { refused: clashes } : null;
      },
    );
    if (isRefusal<'NO_PERIOD' | Clash[]>(result)) {
      if (result.refused === 'NO_PERIOD')
        return failed(
          'entry',
          notFound(
            `period ${candidate.periodNumber} on ${WEEKDAY_NAMES[candidate.weekday]}s in the bell schedule`,
            ['input', 'periodNumber'],
          ),
        );
      return failed(
        'entry',
        ...(await Promise.all(result.refused.map((clash) => this.describeClash(clash)))),
      );
    }
    await this.changed(
      'timetable-entry.created',
      {
        timetableBySection: [result.sectionId],
        timetableByTeacher: [teacherYearKey(result.academicYearId, result.teacherId)],
      },
      { entryId: result.id },
    );
    return done('entry', result);
  }

  /** "7-B Mathematics": a lesson as messages name it, from the cached structure. */
  private async lessonLabel(entry: TimetableEntryRecord): Promise<string> {
    const [section, subject] = await Promise.all([
      this.loaders.section.load(entry.sectionId),
      this.loaders.subject.load(entry.subjectId),
    ]);
    const grade = section ? await this.loaders.grade.load(section.gradeId) : null;
    return [section && grade ? sectionDisplayName(section, grade) : null, subject?.name]
      .filter(Boolean)
      .join(' ');
  }

  /** A clash found inside the transaction, named for people once it is over. */
  private async describeClash({ on, entry }: Clash): Promise<AcademicsError> {
    const lesson = await this.lessonLabel(entry);
    const when = `on ${slotName(entry.weekday, entry.periodNumber)}`;
    const room = on === 'roomId' ? await this.room(entry.roomId) : null;
    const message =
      on === 'sectionId'
        ? `The section already has ${lesson} ${when}.`
        : on === 'teacherId'
          ? `The teacher already teaches ${lesson} ${when}.`
          : `The room ${room?.name ?? ''} is already booked for ${lesson} ${when}.`;
    return { code: 'TIMETABLE_CLASH', message, field: ['input', on] };
  }

  async deleteTimetableEntry(input: TimetableEntryIdInput): Promise<Deletion> {
    this.requireViewer();
    const deleted = isUuid(input.id)
      ? await this.deps.repos.timetable.deleteEntry(this.schoolId, input.id)
      : null;
    if (!deleted) return { deletedId: null, userErrors: [notFound('timetable entry', ['input', 'id'])] };
    const { entry, dates } = deleted;
    await this.changed(
      'timetable-entry.deleted',
      {
        timetableEntry: [entry.id],
        timetableBySection: [entry.sectionId],
        timetableByTeacher: [teacherYearKey(entry.academicYearId, entry.teacherId)],
        substitutionsByDate: dates.map(isoDay),
      },
      { entryId: entry.id },
    );
    return { deletedId: entry.id, userErrors: [] };
  }

  async createSubstitution(
    input: CreateSubstitutionInput,
  ): Promise<Result<'substitution', SubstitutionRecord>> {
    const viewer = this.requireViewer();
    const [entry, teachers] = await Promise.all([
      this.entry(input.entryId),
      this.deps.repos.structureAdmin.existingTeacherIds(this.schoolId, [input.substituteTeacherId]),
    ]);
    if (!entry) return failed('substitution', notFound('timetable entry', ['input', 'entryId']));
    const substituteId = input.substituteTeacherId.toLowerCase();
    if (!teachers.has(substituteId))
      return failed('substitution', notFound('teacher', ['input', 'substituteTeacherId']));
    const problems = new Problems();
    const reason = problems.optionalText(input.reason, LIMITS.reason, ['input', 'reason'], 'The reason');
    if (substituteId === entry.teacherId)
      problems.add('INVALID_INPUT', 'The substitute must be another teacher.', [
        'input',
        'substituteTeacherId',
      ]);
    const [year, terms] = await Promise.all([
      this.deps.calendar.academicYear(entry.academicYearId),
      this.deps.calendar.termsOf(entry.academicYearId),
    ]);
    if (isoWeekday(input.date) !== entry.weekday)
      problems.add(
        'INVALID_INPUT',
        `${isoDay(input.date)} is a ${WEEKDAY_NAMES[isoWeekday(input.date)]}; the lesson is on ${WEEKDAY_NAMES[entry.weekday]}s.`,
        ['input', 'date'],
      );
    else if (!year || !isHeldOn(entry, input.date, year, terms))
      problems.add('INVALID_DATE_RANGE', 'The lesson is not held on that date (outside its year or term).', [
        'input',
        'date',
      ]);
    if (!problems.ok || !year) return failed('substitution', ...problems.errors);

    const result = await this.deps.repos.timetable.createSubstitution(
      this.schoolId,
      {
        entryId: entry.id,
        date: input.date,
        substituteTeacherId: substituteId,
        reason,
        createdByUserId: viewer.userId,
      },
      (facts) => {
        const coveredAway = new Set(facts.onDate.map((row) => row.entryId));
        const ownLesson = facts.substituteEntries.find(
          (own) => isHeldOn(own, input.date, year, terms) && !coveredAway.has(own.id),
        );
        const covering = facts.onDate.find(
          (row) =>
            row.substituteTeacherId === substituteId &&
            row.entry.periodNumber === facts.entry.periodNumber &&
            row.entryId !== facts.entry.id,
        );
        const busy = ownLesson ?? covering?.entry;
        return busy ? { refused: busy } : null;
      },
    );
    if (result === null) return failed('substitution', notFound('timetable entry', ['input', 'entryId']));
    if (result === CONFLICT)
      return failed('substitution', {
        code: 'ALREADY_EXISTS',
        message: 'This lesson already has a substitute on that date.',
        field: ['input', 'date'],
      });
    if (isRefusal<TimetableEntryRecord>(result))
      return failed('substitution', {
        code: 'TIMETABLE_CLASH',
        message: `The substitute is not free: they teach ${await this.lessonLabel(result.refused)} in period ${result.refused.periodNumber} on ${isoDay(input.date)}.`,
        field: ['input', 'substituteTeacherId'],
      });
    await this.changed(
      'substitution.created',
      { substitutionsByDate: [isoDay(result.date)] },
      { substitutionId: result.id },
    );
    return done('substitution', result);
  }

  async deleteSubstitution(input: SubstitutionIdInput): Promise<Deletion> {
    this.requireViewer();
    const deleted = isUuid(input.id)
      ? await this.deps.repos.timetable.deleteSubstitution(this.schoolId, input.id)
      : null;
    if (!deleted) return { deletedId: null, userErrors: [notFound('substitution', ['input', 'id'])] };
    await this.changed(
      'substitution.deleted',
      { substitutionsByDate: [isoDay(deleted.date)] },
      { substitutionId: deleted.id },
    );
    return { deletedId: deleted.id, userErrors: [] };
  }
}
