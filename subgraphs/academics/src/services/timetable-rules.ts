import type { TermRecord } from '../repositories/academic-year-repository.js';
import type {
  BellPeriodRecord,
  SubstitutionRecord,
  TimetableEntryRecord,
} from '../repositories/timetable-repository.js';
import type { SectionRecord } from '../repositories/section-repository.js';

/** One lesson of a day view. */
export interface LessonModel {
  entry: TimetableEntryRecord;
  period: BellPeriodRecord | null;
  /** Who teaches it that day. */
  teacherId: string;
  substitution: SubstitutionRecord | null;
  kind: 'REGULAR' | 'COVERED' | 'COVERING';
}

export interface TeacherDayModel {
  teacherId: string;
  date: Date;
  lessons: LessonModel[];
}

export interface StudentDayModel {
  studentId: string;
  date: Date;
  section: SectionRecord | null;
  lessons: LessonModel[];
}

export interface SectionWeekModel {
  section: SectionRecord;
  term: TermRecord | null;
  entries: TimetableEntryRecord[];
}

export const MAX_PERIODS_PER_DAY = 20;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM`, or null when it is not a 24-hour time. */
export function minutesOf(clock: string): number | null {
  const match = CLOCK.exec(clock.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export const clockOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** ISO weekday of a calendar date (UTC midnight): 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: Date): number => ((date.getUTCDay() + 6) % 7) + 1;

/** The periods a weekday runs on: its own when it has any, else the default day's (weekday 0). */
export function periodsOfWeekday(periods: readonly BellPeriodRecord[], weekday: number): BellPeriodRecord[] {
  const own = periods.filter((period) => period.weekday === weekday);
  return (own.length > 0 ? own : periods.filter((period) => period.weekday === 0)).sort(
    (a, b) => a.number - b.number,
  );
}

/**
 * Two entries of one year can meet only when their times overlap: a whole-year entry overlaps
 * everything, a term's entry overlaps the same term's (terms of a year never overlap each other).
 */
export const scopesOverlap = (a: { termId: string | null }, b: { termId: string | null }): boolean =>
  a.termId === null || b.termId === null || a.termId === b.termId;

/** Whether an entry is held on a date of its year: on its weekday, and inside its term if it has one. */
export function isHeldOn(
  entry: TimetableEntryRecord,
  date: Date,
  year: { id: string; startsOn: Date; endsOn: Date },
  terms: readonly TermRecord[],
): boolean {
  if (entry.academicYearId !== year.id || date < year.startsOn || date > year.endsOn) return false;
  if (entry.weekday !== isoWeekday(date)) return false;
  if (entry.termId === null) return true;
  const term = terms.find((candidate) => candidate.id === entry.termId);
  return !!term && date >= term.startsOn && date <= term.endsOn;
}

/** Which of a clashing entry's fields collide with the candidate, in the order a message names them. */
export function clashesOf(
  candidate: Pick<TimetableEntryRecord, 'sectionId' | 'teacherId' | 'roomId' | 'termId'>,
  slotEntries: readonly TimetableEntryRecord[],
): { on: 'sectionId' | 'teacherId' | 'roomId'; entry: TimetableEntryRecord }[] {
  const found: { on: 'sectionId' | 'teacherId' | 'roomId'; entry: TimetableEntryRecord }[] = [];
  for (const entry of slotEntries) {
    if (!scopesOverlap(candidate, entry)) continue;
    if (entry.sectionId === candidate.sectionId) found.push({ on: 'sectionId', entry });
    if (entry.teacherId === candidate.teacherId) found.push({ on: 'teacherId', entry });
    if (candidate.roomId !== null && entry.roomId === candidate.roomId) found.push({ on: 'roomId', entry });
  }
  return found;
}

const byPeriod = (a: LessonModel, b: LessonModel) =>
  a.entry.periodNumber - b.entry.periodNumber || a.entry.id.localeCompare(b.entry.id);

export interface DayFacts {
  date: Date;
  year: { id: string; startsOn: Date; endsOn: Date };
  terms: readonly TermRecord[];
  periods: readonly BellPeriodRecord[];
  substitutions: readonly SubstitutionRecord[];
}

function lessonOf(entry: TimetableEntryRecord, facts: DayFacts, day: BellPeriodRecord[]): LessonModel {
  const substitution = facts.substitutions.find((row) => row.entryId === entry.id) ?? null;
  return {
    entry,
    period: day.find((period) => period.number === entry.periodNumber) ?? null,
    teacherId: substitution?.substituteTeacherId ?? entry.teacherId,
    substitution,
    kind: substitution ? 'COVERED' : 'REGULAR',
  };
}

/** A section's lessons on the date: its entries held that day, with that day's substitutions. */
export function sectionLessons(entries: readonly TimetableEntryRecord[], facts: DayFacts): LessonModel[] {
  const day = periodsOfWeekday(facts.periods, isoWeekday(facts.date));
  return entries
    .filter((entry) => isHeldOn(entry, facts.date, facts.year, facts.terms))
    .map((entry) => lessonOf(entry, facts, day))
    .sort(byPeriod);
}

/**
 * A teacher's lessons on the date: their own entries held that day (COVERED when a substitute takes
 * one) and the entries they cover (COVERING), by period.
 */
export function teacherLessons(
  teacherId: string,
  own: readonly TimetableEntryRecord[],
  covered: readonly TimetableEntryRecord[],
  facts: DayFacts,
): LessonModel[] {
  const day = periodsOfWeekday(facts.periods, isoWeekday(facts.date));
  const mine = own
    .filter((entry) => isHeldOn(entry, facts.date, facts.year, facts.terms))
    .map((entry) => lessonOf(entry, facts, day));
  const covering = facts.substitutions
    .filter((row) => row.substituteTeacherId === teacherId)
    .flatMap((substitution): LessonModel[] => {
      const entry = covered.find((candidate) => candidate.id === substitution.entryId);
      return entry
        ? [
            {
              entry,
              period: day.find((period) => period.number === entry.periodNumber) ?? null,
              teacherId,
              substitution,
              kind: 'COVERING',
            },
          ]
        : [];
    });
  return [...mine, ...covering].sort(byPeriod);
}
