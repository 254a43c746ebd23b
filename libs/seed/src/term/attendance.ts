/*
 * Attendance for every school day of the history: a daily register (period 0) for every section, and
 * per-period registers of every lesson on the last PERIOD_REGISTER_DAYS school day(s) (the demo
 * section: every day). Today's registers are left for the teachers to take. Most students are
 * present; each has an absence-proneness of their own, so a few are absent far more than others.
 */
import type { Prisma } from '@schools24/db';
import { attendanceMarkId } from './academics-ids.js';
import { atSchoolTime, isoDay, isoWeekday } from './calendar.js';
import type { TermContext } from './context.js';
import { seededRandom } from './random.js';
import { BELL_PERIODS, minutesOf, type TimetablePlan } from './timetable.js';

/** The academics subgraph's default codes (DEFAULT_ATTENDANCE_CODES), in its picker order. */
export const ATTENDANCE_CODES = [
  { code: 'P', name: 'Present', countsAsPresent: true },
  { code: 'A', name: 'Absent', countsAsPresent: false },
  { code: 'L', name: 'Late', countsAsPresent: true },
  { code: 'E', name: 'Excused', countsAsPresent: false },
  { code: 'M', name: 'Medical', countsAsPresent: false },
] as const;
type Code = (typeof ATTENDANCE_CODES)[number]['code'];

export const PERIOD_REGISTER_DAYS = 1;

export interface AttendancePlan {
  codes: Prisma.AttendanceCodeCreateManyInput[];
  marks: Prisma.AttendanceMarkCreateManyInput[];
}

const NOTES: Partial<Record<Code, string[]>> = {
  L: ['Bus was late', 'Arrived after assembly'],
  E: ['Family function (leave letter received)', 'Inter-school competition'],
  M: ['Fever (note from parent)', 'Doctor’s appointment'],
};

export function planAttendance(context: TermContext, timetable: TimetablePlan): AttendancePlan {
  const { schoolId, id } = context;
  const random = seededRandom(context.seed, context.code, 'attendance', isoDay(context.today));
  const codes = ATTENDANCE_CODES.map((code, position) => ({
    id: id('attendance-code', code.code),
    schoolId,
    ...code,
    position,
  }));
  const codeId = new Map(codes.map((code) => [code.code, code.id]));
  const proneness = new Map<string, number>();
  for (const section of context.sections)
    for (const student of section.students)
      proneness.set(
        student.id,
        random.chance(0.08) ? 0.12 + random.next() * 0.1 : 0.01 + random.next() * 0.03,
      );

  const marks: Prisma.AttendanceMarkCreateManyInput[] = [];
  const periodDays = new Set(context.history.slice(-PERIOD_REGISTER_DAYS).map(isoDay));
  const substitutionBy = new Map(
    timetable.substitutions.map((row) => [
      `${row.entryId}/${isoDay(new Date(row.date))}`,
      row.substituteTeacherId,
    ]),
  );
  const userOf = (teacherId: string | null | undefined) =>
    (teacherId && context.teacherUserId.get(teacherId)) || context.adminUserId;
  for (const day of context.history) {
    const date = isoDay(day);
    const weekday = isoWeekday(day);
    for (const section of context.sections) {
      const daily = new Map<string, Code>();
      for (const student of section.students) {
        const p = proneness.get(student.id) ?? 0.02;
        const draw = random.next();
        const code: Code =
          draw < p
            ? random.chance(0.75)
              ? 'A'
              : random.chance(0.5)
                ? 'M'
                : 'E'
            : draw < p + 0.03
              ? 'L'
              : 'P';
        daily.set(student.id, code);
      }
      const register = (
        periodNumber: number,
        markedBy: string,
        markedAt: Date,
        codeOf: (studentId: string) => Code,
      ) => {
        for (const student of section.students) {
          const code = codeOf(student.id);
          const notes = NOTES[code];
          marks.push({
            id: attendanceMarkId(schoolId, student.id, date, periodNumber),
            schoolId,
            sectionId: section.id,
            studentId: student.id,
            date: day,
            periodNumber,
            codeId: codeId.get(code) ?? '',
            note: notes && random.chance(0.5) ? random.pick(notes) : null,
            idempotencyId: `seed.${section.id}.${date}.${periodNumber}`,
            markedByUserId: markedBy,
            markedAt,
          });
        }
      };
      register(
        0,
        userOf(section.classTeacherId),
        atSchoolTime(day, 8, 10),
        (studentId) => daily.get(studentId) ?? 'P',
      );
      if (!periodDays.has(date) && section.id !== context.sample.sectionId) continue;
      for (const entry of timetable.entries) {
        if (entry.sectionId !== section.id || entry.weekday !== weekday) continue;
        const bell = BELL_PERIODS[entry.periodNumber - 1];
        const teacher = substitutionBy.get(`${entry.id}/${date}`) ?? entry.teacherId;
        register(
          entry.periodNumber,
          userOf(teacher),
          atSchoolTime(day, 0, minutesOf(bell?.start ?? '08:00') + 5),
          // Late in the morning means on time later; absent all day means absent in every lesson.
          (studentId) => {
            const code = daily.get(studentId) ?? 'P';
            return code === 'L' ? (entry.periodNumber === 1 ? 'L' : 'P') : code;
          },
        );
      }
    }
  }
  return { codes, marks };
}
