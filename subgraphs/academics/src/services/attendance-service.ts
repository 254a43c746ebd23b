import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import type { EventBus } from '@schools24/events';
import { isUuid, type RecordAccess, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { BufferedEntry } from '@schools24/write-buffer';
import {
  attendanceIndex,
  markIdFor,
  markRows,
  sessionBufferId,
  type AttendanceMarkingPayload,
} from '../attendance-payload.js';
import type {
  CorrectAttendanceInput,
  CreateAttendanceCodeInput,
  MarkAttendanceInput,
} from '../generated/resolvers-types.js';
import type { AcademicsLoaders } from '../loaders/index.js';
import type { AttendanceCodeRecord, AttendanceMarkRecord } from '../repositories/attendance-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { SectionRecord } from '../repositories/section-repository.js';
import type { SubstitutionRecord } from '../repositories/timetable-repository.js';
import { CONFLICT } from '../repositories/structure-admin-repository.js';
import type { AcademicsWriteKinds } from '../write-kinds.js';
import type { CalendarService } from './calendar-service.js';
import { isoDay, notFound, type AcademicsError } from './structure-rules.js';
import { isHeldOn } from './timetable-rules.js';

export interface AttendanceMarkView extends AttendanceMarkRecord {
  status: 'BUFFERED' | 'STORED';
}

export interface AttendanceSessionModel {
  section: SectionRecord;
  date: Date;
  periodNumber: number;
  marks: AttendanceMarkView[];
  unmarkedStudentIds: string[];
}

export interface AttendanceCodeCountModel {
  codeId: string;
  count: number;
}

export interface AttendanceSummaryModel {
  from: Date;
  to: Date;
  sessions: number;
  present: number;
  rate: number | null;
  byCode: AttendanceCodeCountModel[];
}

export interface StudentAttendanceModel {
  studentId: string;
  summary: AttendanceSummaryModel;
}

export interface SectionAttendanceModel {
  section: SectionRecord;
  summary: AttendanceSummaryModel;
  students: StudentAttendanceModel[];
}

export interface AttendanceDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  viewer: Viewer | null;
  logger: Logger;
  access: RecordAccess;
  calendar: CalendarService;
  kinds: AcademicsWriteKinds;
  events: EventBus;
}

const IDEMPOTENCY_ID = /^[A-Za-z0-9_.-]{1,128}$/;
const CODE = /^[A-Za-z0-9]{1,10}$/;
const MAX_MARKS = 200;
const MAX_REASON = 500;
const MAX_NOTE = 200;

const today = (): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

const storedView = (row: AttendanceMarkRecord): AttendanceMarkView => ({ ...row, status: 'STORED' });

function bufferedViews(entry: BufferedEntry<AttendanceMarkingPayload>): AttendanceMarkView[] {
  return markRows(entry.tenant, entry.actor, entry.payload).map((row) => ({ ...row, status: 'BUFFERED' }));
}

/** Stored marks and still-buffered ones, each mark once (the stored row wins while it is in both). */
function mergeMarks(
  stored: readonly AttendanceMarkRecord[],
  buffered: readonly BufferedEntry<AttendanceMarkingPayload>[],
  keep: (mark: AttendanceMarkView) => boolean,
): AttendanceMarkView[] {
  const byId = new Map<string, AttendanceMarkView>();
  for (const entry of buffered)
    for (const mark of bufferedViews(entry)) if (keep(mark)) byId.set(mark.id, mark);
  for (const row of stored) byId.set(row.id, storedView(row));
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Sessions, present sessions and the rate of a list of marks. */
export function summarise(
  marks: readonly { codeId: string }[],
  codes: readonly AttendanceCodeRecord[],
  range: { from: Date; to: Date },
): AttendanceSummaryModel {
  const counts = new Map<string, number>();
  for (const mark of marks) counts.set(mark.codeId, (counts.get(mark.codeId) ?? 0) + 1);
  const presentCodes = new Set(codes.filter((code) => code.countsAsPresent).map((code) => code.id));
  const present = marks.filter((mark) => presentCodes.has(mark.codeId)).length;
  return {
    ...range,
    sessions: marks.length,
    present,
    rate: marks.length === 0 ? null : present / marks.length,
    byCode: codes
      .filter((code) => counts.has(code.id))
      .map((code) => ({ codeId: code.id, count: counts.get(code.id) ?? 0 })),
  };
}

type Failed = { userErrors: AcademicsError[] };

/**
 * Attendance: codes (data per school; the defaults are created on first use), marking a whole
 * section session through the write buffer (one marking per session, idempotent), corrections with
 * a history, and summaries. Marking: admins, the section's teachers (class teacher or a teaching
 * assignment) and, for a period, that day's teacher of the lesson (its own, or its substitute).
 * Reading: sessions and section summaries as marking; a student's summary follows record ownership.
 */
export class AttendanceService {
  private codeList: Promise<AttendanceCodeRecord[]> | undefined;

  constructor(private readonly deps: AttendanceDependencies) {}

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

  /** The school's codes; a school without any gets the defaults (a no-op race when two ask at once). */
  codes(): Promise<AttendanceCodeRecord[]> {
    this.codeList ??= (async () => {
      const codes = await this.deps.repos.attendance.codes(this.schoolId);
      if (codes.length > 0) return codes;
      await this.deps.repos.attendance.ensureDefaultCodes(this.schoolId);
      return this.deps.repos.attendance.codes(this.schoolId);
    })();
    return this.codeList;
  }

  async code(id: string): Promise<AttendanceCodeRecord | null> {
    return (await this.codes()).find((code) => code.id === id) ?? null;
  }

  async createCode(
    input: CreateAttendanceCodeInput,
  ): Promise<{ attendanceCode: AttendanceCodeRecord | null; userErrors: AcademicsError[] }> {
    this.requireViewer();
    const code = input.code.trim().toUpperCase();
    const name = input.name.trim();
    const errors: AcademicsError[] = [];
    if (!CODE.test(code))
      errors.push(userError('INVALID_INPUT', 'A code is 1–10 letters or digits.', ['input', 'code']));
    if (name.length === 0 || name.length > 50)
      errors.push(userError('INVALID_INPUT', 'The name must be 1 to 50 characters.', ['input', 'name']));
    if (errors.length > 0) return { attendanceCode: null, userErrors: errors };
    const existing = await this.codes();
    const created = await this.deps.repos.attendance.createCode(this.schoolId, {
      code,
      name,
      countsAsPresent: input.countsAsPresent,
      position: existing.length,
    });
    if (created === CONFLICT)
      return {
        attendanceCode: null,
        userErrors: [userError('NAME_TAKEN', `The school has a code "${code}" already.`, ['input', 'code'])],
      };
    this.codeList = undefined;
    return { attendanceCode: created, userErrors: [] };
  }

  /** Whether the viewer may mark (and correct) this session: see the class comment. */
  private async mayMark(section: SectionRecord, date: Date, periodNumber: number): Promise<boolean> {
    if (await this.deps.access.canSeeSectionStudents(section.id)) return true;
    if (periodNumber === 0) return false;
    const { teacherId } = (await this.loaders.ownRecordsByUser.load(this.requireViewer().userId)) ?? {
      teacherId: null,
    };
    if (!teacherId || this.deps.viewer?.actorUserId !== undefined) return false;
    const lesson = await this.lessonOf(section, date, periodNumber);
    if (!lesson) return false;
    return (lesson.substituteTeacherId ?? lesson.teacherId) === teacherId;
  }

  /** The section's lesson in that period on that date, with its substitute if any. */
  private async lessonOf(section: SectionRecord, date: Date, periodNumber: number) {
    const [year, terms, entries, substitutions] = await Promise.all([
      this.deps.calendar.academicYear(section.academicYearId),
      this.deps.calendar.termsOf(section.academicYearId),
      this.loaders.timetableBySection.load(section.id),
      this.loaders.substitutionsByDate.load(isoDay(date)),
    ]);
    if (!year) return null;
    const entry = (entries ?? []).find(
      (candidate) => candidate.periodNumber === periodNumber && isHeldOn(candidate, date, year, terms),
    );
    if (!entry) return null;
    const substitution = (substitutions ?? []).find((row: SubstitutionRecord) => row.entryId === entry.id);
    return { teacherId: entry.teacherId, substituteTeacherId: substitution?.substituteTeacherId ?? null };
  }

  /** The section and the session's checks shared by marking and correcting. */
  private async session(
    sectionId: string,
    date: Date,
    periodNumber: number,
  ): Promise<{ section: SectionRecord } | Failed> {
    const section = isUuid(sectionId) ? await this.loaders.section.load(sectionId) : null;
    if (!section) return { userErrors: [notFound('section', ['input', 'sectionId'])] };
    if (!(await this.mayMark(section, date, periodNumber)))
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'You can mark attendance only of sections you teach (or a lesson you teach that day).',
        { sectionId: section.id },
      );
    const year = await this.deps.calendar.academicYear(section.academicYearId);
    if (!year || date < year.startsOn || date > year.endsOn)
      return {
        userErrors: [
          userError('INVALID_DATE_RANGE', "The date is outside the section's academic year.", [
            'input',
            'date',
          ]),
        ],
      };
    if (!Number.isInteger(periodNumber) || periodNumber < 0 || periodNumber > 20)
      return {
        userErrors: [
          userError('INVALID_INPUT', 'The period is 0 (daily) or a period number.', [
            'input',
            'periodNumber',
          ]),
        ],
      };
    if (periodNumber > 0 && !(await this.lessonOf(section, date, periodNumber)))
      return {
        userErrors: [
          userError('NOT_FOUND', `The section has no lesson in period ${periodNumber} on ${isoDay(date)}.`, [
            'input',
            'periodNumber',
          ]),
        ],
      };
    return { section };
  }

  async mark(
    input: MarkAttendanceInput,
  ): Promise<{ session: AttendanceSessionModel | null; isDuplicate: boolean; userErrors: AcademicsError[] }> {
    const viewer = this.requireViewer();
    const failed = (...userErrors: AcademicsError[]) => ({ session: null, isDuplicate: false, userErrors });
    const periodNumber = input.periodNumber ?? 0;
    if (!IDEMPOTENCY_ID.test(input.idempotencyId))
      return failed(
        userError('INVALID_INPUT', 'The idempotency id must be 1–128 letters, digits, ".", "_" or "-".', [
          'input',
          'idempotencyId',
        ]),
      );
    const found = await this.session(input.sectionId, input.date, periodNumber);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { section } = found;
    if (input.marks.length === 0 || input.marks.length > MAX_MARKS)
      return failed(userError('INVALID_INPUT', `Mark 1 to ${MAX_MARKS} students.`, ['input', 'marks']));

    const [codes, roster] = await Promise.all([
      this.codes(),
      this.deps.repos.attendance.rosterOn(this.schoolId, section.id, input.date),
    ]);
    const byCode = new Map(codes.map((code) => [code.code, code]));
    const enrolled = new Set(roster);
    const seen = new Set<string>();
    const errors: AcademicsError[] = [];
    const marks = input.marks.map((mark, index) => {
      const at = (field: string) => ['input', 'marks', String(index), field];
      const studentId = mark.studentId.toLowerCase();
      const code = byCode.get(mark.code.trim().toUpperCase());
      if (!code)
        errors.push(
          userError(
            'INVALID_INPUT',
            `Unknown code "${mark.code}"; the school's codes: ${codes.map((c) => c.code).join(', ')}.`,
            at('code'),
          ),
        );
      if (!enrolled.has(studentId))
        errors.push(
          userError(
            'NOT_ENROLLED',
            'The student is not enrolled in the section on that date.',
            at('studentId'),
          ),
        );
      if (seen.has(studentId))
        errors.push(userError('INVALID_INPUT', 'Each student may be marked once.', at('studentId')));
      seen.add(studentId);
      const note = mark.note?.trim() || null;
      if (note !== null && note.length > MAX_NOTE)
        errors.push(userError('INVALID_INPUT', `A note is at most ${MAX_NOTE} characters.`, at('note')));
      return { studentId, codeId: code?.id ?? '', note };
    });
    if (errors.length > 0) return failed(...errors);

    const date = isoDay(input.date);
    // A session stored already: the same marking again is a retry, another is refused.
    const stored = await this.deps.repos.attendance.sessionMarks(
      this.schoolId,
      section.id,
      input.date,
      periodNumber,
    );
    if (stored.length > 0) return this.existing(section, input, periodNumber, stored[0]?.idempotencyId);

    const markedAt = new Date();
    const payload: AttendanceMarkingPayload = {
      sectionId: section.id,
      date,
      periodNumber,
      idempotencyId: input.idempotencyId,
      markedAt: markedAt.toISOString(),
      marks,
    };
    const appended = await this.deps.kinds.attendance.append(
      this.schoolId,
      sessionBufferId(section.id, date, periodNumber),
      payload,
      {
        actor: viewer.userId,
        indexKeys: [
          attendanceIndex.ofSection(section.id),
          ...marks.map((mark) => attendanceIndex.ofStudent(mark.studentId)),
        ],
      },
    );
    if (appended.duplicate) {
      if (appended.status === 'dead-lettered')
        return failed(
          userError('SUBMISSION_FAILED', 'The earlier marking could not be saved; ask the school.', [
            'input',
          ]),
        );
      const [pending] = (
        await this.deps.kinds.attendance.pendingByIndex(
          this.schoolId,
          attendanceIndex.ofSection(section.id),
          { limit: 1000 },
        )
      ).filter((entry) => entry.payload.date === date && entry.payload.periodNumber === periodNumber);
      const storedNow = pending
        ? []
        : await this.deps.repos.attendance.sessionMarks(this.schoolId, section.id, input.date, periodNumber);
      const earlierId = pending?.payload.idempotencyId ?? storedNow[0]?.idempotencyId;
      if (!earlierId)
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The marking is being saved: retry.');
      return this.existing(section, input, periodNumber, earlierId);
    }
    await this.publishAbsences(section.id, date, periodNumber, marks, codes);
    return {
      session: await this.sessionView(section, input.date, periodNumber),
      isDuplicate: false,
      userErrors: [],
    };
  }

  private async existing(
    section: SectionRecord,
    input: MarkAttendanceInput,
    periodNumber: number,
    earlierId: string | undefined,
  ) {
    if (earlierId === input.idempotencyId)
      return {
        session: await this.sessionView(section, input.date, periodNumber),
        isDuplicate: true,
        userErrors: [],
      };
    return {
      session: null,
      isDuplicate: false,
      userErrors: [
        userError<'ALREADY_MARKED'>(
          'ALREADY_MARKED',
          'This session was marked already: change a mark with correctAttendance.',
          ['input', 'idempotencyId'],
        ),
      ],
    };
  }

  /** Events are notifications, not the record: the marking is durably buffered already. */
  private async publishAbsences(
    sectionId: string,
    date: string,
    periodNumber: number,
    marks: readonly { studentId: string; codeId: string }[],
    codes: readonly AttendanceCodeRecord[],
  ): Promise<void> {
    const absent = new Set(codes.filter((code) => !code.countsAsPresent).map((code) => code.id));
    await Promise.all(
      marks
        .filter((mark) => absent.has(mark.codeId))
        .map(async (mark) => {
          try {
            await this.deps.events.publish('studentAbsent', this.schoolId, {
              studentId: mark.studentId,
              sectionId,
              date,
              periodNumber: periodNumber === 0 ? null : periodNumber,
            });
          } catch (error) {
            this.deps.logger.warn(
              { err: error, event: 'studentAbsent', sectionId },
              'could not publish an event',
            );
          }
        }),
    );
  }

  private async sessionView(
    section: SectionRecord,
    date: Date,
    periodNumber: number,
  ): Promise<AttendanceSessionModel> {
    const day = isoDay(date);
    const [stored, buffered, roster] = await Promise.all([
      this.deps.repos.attendance.sessionMarks(this.schoolId, section.id, date, periodNumber),
      this.deps.kinds.attendance.pendingByIndex(this.schoolId, attendanceIndex.ofSection(section.id), {
        limit: 1000,
      }),
      this.deps.repos.attendance.rosterOn(this.schoolId, section.id, date),
    ]);
    const marks = mergeMarks(
      stored,
      buffered.filter((entry) => entry.payload.date === day && entry.payload.periodNumber === periodNumber),
      () => true,
    );
    const marked = new Set(marks.map((mark) => mark.studentId));
    return { section, date, periodNumber, marks, unmarkedStudentIds: roster.filter((id) => !marked.has(id)) };
  }

  async attendanceSession(
    sectionId: string,
    date: Date | null | undefined,
    periodNumber: number | null | undefined,
  ): Promise<AttendanceSessionModel | null> {
    const section = isUuid(sectionId) ? await this.loaders.section.load(sectionId) : null;
    if (!section) return null;
    await this.deps.access.assertCanSeeSectionStudents(section.id);
    return this.sessionView(section, date ?? today(), periodNumber ?? 0);
  }

  async correct(
    input: CorrectAttendanceInput,
  ): Promise<{ mark: AttendanceMarkView | null; userErrors: AcademicsError[] }> {
    const viewer = this.requireViewer();
    const failed = (...userErrors: AcademicsError[]) => ({ mark: null, userErrors });
    const periodNumber = input.periodNumber ?? 0;
    const found = await this.session(input.sectionId, input.date, periodNumber);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { section } = found;
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > MAX_REASON)
      return failed(
        userError('INVALID_INPUT', `The reason must be 1 to ${MAX_REASON} characters.`, ['input', 'reason']),
      );
    const codes = await this.codes();
    const code = codes.find((candidate) => candidate.code === input.code.trim().toUpperCase());
    if (!code) return failed(userError('INVALID_INPUT', `Unknown code "${input.code}".`, ['input', 'code']));
    const studentId = input.studentId.toLowerCase();
    if (!isUuid(studentId)) return failed(notFound('student', ['input', 'studentId']));
    const day = isoDay(input.date);
    const [roster, buffered] = await Promise.all([
      this.deps.repos.attendance.rosterOn(this.schoolId, section.id, input.date),
      this.deps.kinds.attendance.pendingByIndex(this.schoolId, attendanceIndex.ofSection(section.id), {
        limit: 1000,
      }),
    ]);
    if (!roster.includes(studentId))
      return failed(
        userError('NOT_ENROLLED', 'The student is not enrolled in the section on that date.', [
          'input',
          'studentId',
        ]),
      );
    if (buffered.some((entry) => entry.payload.date === day && entry.payload.periodNumber === periodNumber))
      return failed(
        userError('NOT_YET_STORED', 'This session is still being saved: correct it again in a moment.', [
          'input',
        ]),
      );
    const { mark, history } = await this.deps.repos.attendance.correct(this.schoolId, {
      markId: markIdFor(this.schoolId, studentId, day, periodNumber),
      sectionId: section.id,
      studentId,
      date: input.date,
      periodNumber,
      toCodeId: code.id,
      reason,
      correctedByUserId: viewer.userId,
    });
    if (history) {
      this.deps.logger.info(
        {
          action: 'attendance.corrected',
          markId: mark.id,
          correctionId: history.id,
          actorUserId: viewer.userId,
        },
        'academics attendance corrected',
      );
      if (!code.countsAsPresent) await this.publishAbsences(section.id, day, periodNumber, [mark], codes);
    }
    return { mark: storedView(mark), userErrors: [] };
  }

  async corrections(markId: string) {
    return this.deps.repos.attendance.correctionsOf(this.schoolId, [markId]);
  }

  private async range(from: Date | null | undefined, to: Date | null | undefined) {
    const year = from ? null : await this.deps.calendar.currentAcademicYear();
    return { from: from ?? year?.startsOn ?? today(), to: to ?? today() };
  }

  async studentAttendance(
    studentId: string,
    from: Date | null | undefined,
    to: Date | null | undefined,
    daily: boolean | null | undefined,
  ): Promise<StudentAttendanceModel | null> {
    if (!isUuid(studentId)) return null;
    await this.deps.access.assertCanSeeStudent(studentId);
    const id = studentId.toLowerCase();
    if (!(await this.deps.repos.structureAdmin.existingStudentIds(this.schoolId, [id])).has(id)) return null;
    const range = await this.range(from, to);
    const isDaily = daily ?? true;
    const [codes, stored, buffered] = await Promise.all([
      this.codes(),
      this.deps.repos.attendance.marksInRange(this.schoolId, { studentId: id }, range, isDaily),
      this.deps.kinds.attendance.pendingByIndex(this.schoolId, attendanceIndex.ofStudent(id), {
        limit: 1000,
      }),
    ]);
    const marks = mergeMarks(
      stored,
      buffered,
      (mark) => mark.studentId === id && this.inRange(mark, range, isDaily),
    );
    return { studentId: id, summary: summarise(marks, codes, range) };
  }

  private inRange(mark: AttendanceMarkView, range: { from: Date; to: Date }, daily: boolean): boolean {
    return (
      mark.date >= range.from &&
      mark.date <= range.to &&
      (daily ? mark.periodNumber === 0 : mark.periodNumber > 0)
    );
  }

  async sectionAttendance(
    sectionId: string,
    from: Date | null | undefined,
    to: Date | null | undefined,
    daily: boolean | null | undefined,
  ): Promise<SectionAttendanceModel | null> {
    const section = isUuid(sectionId) ? await this.loaders.section.load(sectionId) : null;
    if (!section) return null;
    await this.deps.access.assertCanSeeSectionStudents(section.id);
    const range = await this.range(from, to);
    const isDaily = daily ?? true;
    const [codes, stored, buffered] = await Promise.all([
      this.codes(),
      this.deps.repos.attendance.marksInRange(this.schoolId, { sectionId: section.id }, range, isDaily),
      this.deps.kinds.attendance.pendingByIndex(this.schoolId, attendanceIndex.ofSection(section.id), {
        limit: 1000,
      }),
    ]);
    const marks = mergeMarks(stored, buffered, (mark) => this.inRange(mark, range, isDaily));
    const byStudent = new Map<string, AttendanceMarkView[]>();
    for (const mark of marks) byStudent.set(mark.studentId, [...(byStudent.get(mark.studentId) ?? []), mark]);
    return {
      section,
      summary: summarise(marks, codes, range),
      students: [...byStudent.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([studentId, own]) => ({ studentId, summary: summarise(own, codes, range) })),
    };
  }
}
