/*
 * Dates of the living term. Everything is relative to `today`: the school-local calendar date of the
 * run (the demo school is in India, UTC+05:30 without daylight saving). A calendar date is a Date at
 * UTC midnight, as Prisma reads and writes @db.Date columns.
 */

/** The demo school's offset from UTC, in minutes (Asia/Kolkata). */
export const SCHOOL_UTC_OFFSET_MINUTES = 330;

const DAY_MS = 86_400_000;

/** The school-local calendar date of an instant. */
export function schoolDateOf(instant: Date): Date {
  const local = new Date(instant.getTime() + SCHOOL_UTC_OFFSET_MINUTES * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

export const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * DAY_MS);

/** An instant given as school-local wall-clock time on a calendar date. */
export const atSchoolTime = (day: Date, hours: number, minutes = 0): Date =>
  new Date(day.getTime() + (hours * 60 + minutes - SCHOOL_UTC_OFFSET_MINUTES) * 60_000);

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: Date): number => ((day.getUTCDay() + 6) % 7) + 1;

/** `YYYY-MM-DD`. */
export const isoDay = (day: Date): string => day.toISOString().slice(0, 10);

/** The demo school teaches Monday to Friday. */
export const SCHOOL_WEEKDAYS = [1, 2, 3, 4, 5] as const;
export const isSchoolDay = (day: Date): boolean => isoWeekday(day) <= 5;

/** Up to `count` school days strictly before `today` and not before `notBefore`, oldest first. */
export function schoolDaysBefore(today: Date, count: number, notBefore: Date): Date[] {
  const days: Date[] = [];
  for (let day = addDays(today, -1); days.length < count && day >= notBefore; day = addDays(day, -1)) {
    if (isSchoolDay(day)) days.unshift(day);
  }
  return days;
}

/** The first `count` school days strictly after `today`, not after `notAfter`. */
export function schoolDaysAfter(today: Date, count: number, notAfter: Date): Date[] {
  const days: Date[] = [];
  for (let day = addDays(today, 1); days.length < count && day <= notAfter; day = addDays(day, 1)) {
    if (isSchoolDay(day)) days.push(day);
  }
  return days;
}

/** Today when it is a school day, else the next one (what "today's lessons" means on a weekend). */
export function nextSchoolDay(today: Date): Date {
  let day = today;
  while (!isSchoolDay(day)) day = addDays(day, 1);
  return day;
}

/** Calendar year (April start) of the academic year holding the date. */
export const academicYearStartOf = (day: Date): number =>
  day.getUTCMonth() >= 3 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
