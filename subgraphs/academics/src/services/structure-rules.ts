import { userError, type UserError } from '@schools24/errors';
import type { HomeworkErrorCode } from '../generated/resolvers-types.js';
import type { AcademicYearRecord, TermRecord } from '../repositories/academic-year-repository.js';

/** One closed code enum for every academics operation (named after homework, where it began). */
export type AcademicsError = UserError<HomeworkErrorCode>;

export const DAY_MS = 86_400_000;

/** A calendar date (UTC midnight, as the `Date` scalar parses it) `days` later. */
export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);

/** `YYYY-MM-DD`, as messages and the `Date` scalar print it. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export interface DateRange {
  startsOn: Date;
  endsOn: Date;
}

/** Both ends included, as the school calendar counts days. */
export const within = (inner: DateRange, outer: DateRange): boolean =>
  inner.startsOn >= outer.startsOn && inner.endsOn <= outer.endsOn;

export const overlaps = (a: DateRange, b: DateRange): boolean =>
  a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

export const notFound = (what: string, field: string[]): AcademicsError =>
  userError('NOT_FOUND', `No such ${what} in this school.`, field);

/** Collects the problems of one input, so a form shows them all at once. */
export class Problems {
  readonly errors: AcademicsError[] = [];

  add(code: HomeworkErrorCode, message: string, field: string[]): void {
    this.errors.push(userError(code, message, field));
  }

  /** A trimmed text of 1..max characters (a problem otherwise). */
  text(value: string, max: number, field: string[], what: string): string {
    const trimmed = value.trim();
    if (trimmed.length === 0 || trimmed.length > max)
      this.add('INVALID_INPUT', `${what} must be 1 to ${max} characters.`, field);
    return trimmed;
  }

  /** Like `text`, but empty means none (null). */
  optionalText(value: string | null | undefined, max: number, field: string[], what: string): string | null {
    const trimmed = value?.trim() ?? '';
    if (trimmed.length === 0) return null;
    if (trimmed.length > max) this.add('INVALID_INPUT', `${what} must be at most ${max} characters.`, field);
    return trimmed;
  }

  integer(value: number, min: number, max: number, field: string[], what: string): number {
    if (!Number.isInteger(value) || value < min || value > max)
      this.add('INVALID_INPUT', `${what} must be a whole number from ${min} to ${max}.`, field);
    return value;
  }

  /** First day not after the last. */
  dateOrder(range: DateRange, field: string[]): void {
    if (range.startsOn > range.endsOn)
      this.add('INVALID_DATE_RANGE', 'The last day must not be before the first.', field);
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

/** Longest academic year accepted: a typo in a year (2207 for 2027) should not pass. */
const MAX_YEAR_DAYS = 731;

export function checkYearDates(problems: Problems, range: DateRange, field: string[]): void {
  problems.dateOrder(range, field);
  if ((range.endsOn.getTime() - range.startsOn.getTime()) / DAY_MS > MAX_YEAR_DAYS)
    problems.add('INVALID_DATE_RANGE', 'An academic year lasts at most two years.', field);
}

/** A year's dates may change only while every term still fits inside them. */
export function checkYearHoldsTerms(problems: Problems, year: DateRange, terms: readonly TermRecord[]): void {
  const outside = terms.find((term) => !within(term, year));
  if (outside)
    problems.add(
      'INVALID_DATE_RANGE',
      `The term "${outside.name}" (${isoDay(outside.startsOn)} to ${isoDay(outside.endsOn)}) would fall outside the year.`,
      ['input'],
    );
}

/**
 * The calendar rules for a term or grading period with these dates: a term inside its year and
 * overlapping no other term; a grading period inside its term and overlapping no other period of
 * that term; a term being changed keeps its grading periods inside it.
 */
export function checkTermDates(
  problems: Problems,
  candidate: DateRange & { id: string | null; parentTermId: string | null },
  year: AcademicYearRecord,
  terms: readonly TermRecord[],
): void {
  problems.dateOrder(candidate, ['input', 'endsOn']);
  if (!problems.ok) return;
  const parent = candidate.parentTermId ? terms.find((term) => term.id === candidate.parentTermId) : null;
  const frame = parent ?? year;
  if (!within(candidate, frame))
    problems.add(
      'INVALID_DATE_RANGE',
      parent
        ? `A grading period must fall inside its term (${isoDay(parent.startsOn)} to ${isoDay(parent.endsOn)}).`
        : `A term must fall inside its academic year (${isoDay(year.startsOn)} to ${isoDay(year.endsOn)}).`,
      ['input', 'startsOn'],
    );
  const clash = terms.find(
    (other) =>
      other.id !== candidate.id &&
      other.parentTermId === candidate.parentTermId &&
      overlaps(other, candidate),
  );
  if (clash)
    problems.add(
      'OVERLAPPING_DATES',
      `The dates overlap "${clash.name}" (${isoDay(clash.startsOn)} to ${isoDay(clash.endsOn)}).`,
      ['input', 'startsOn'],
    );
  if (candidate.id) {
    const escaping = terms.find(
      (period) => period.parentTermId === candidate.id && !within(period, candidate),
    );
    if (escaping)
      problems.add(
        'INVALID_DATE_RANGE',
        `The grading period "${escaping.name}" would fall outside the term.`,
        ['input', 'startsOn'],
      );
  }
}

export function checkPostingWindow(
  problems: Problems,
  window: { postingOpensAt: Date | null; postingClosesAt: Date | null },
): void {
  if (window.postingOpensAt && window.postingClosesAt && window.postingClosesAt <= window.postingOpensAt)
    problems.add('INVALID_DATE_RANGE', 'Posting must close after it opens.', ['input', 'postingClosesAt']);
}
