import { userError } from '@schools24/errors';
import { isUuid } from '@schools24/graphql';
import type { MarkRow, MarksFacts, ScheduleClash } from '../repositories/exam-repository.js';
import type { HomeworkErrorCode, HomeworkUserError } from './homework-service.js';

/** Limits of exams and their papers. */
export const EXAM_LIMITS = {
  name: 200,
  room: 32,
  invigilators: 10,
  maxMarks: 1000,
  paperHours: 12,
  rows: 200,
  reason: 500,
} as const;

/** A wrong row of a bulk marks entry, named by its student id as given. */
export interface MarkRowError {
  studentId: string;
  field: string[];
  message: string;
  code: HomeworkErrorCode;
}

export interface PaperTimes {
  startsAt: Date;
  endsAt: Date;
  room: string;
  invigilatorTeacherIds: readonly string[];
  maxMarks: number;
  passMarks: number;
}

/** Room codes are compared case-insensitively: stored trimmed and upper-cased. */
export const normalizeRoom = (room: string) => room.trim().toUpperCase();

/** The rules of a paper that need no database: times, room, invigilators, marks. */
export function paperProblems(
  input: PaperTimes,
  window: { startsOn: Date; endsOn: Date },
): HomeworkUserError[] {
  const problems: HomeworkUserError[] = [];
  const start = input.startsAt.getTime();
  const end = input.endsAt.getTime();
  if (!(end > start) || end - start > EXAM_LIMITS.paperHours * 3_600_000)
    problems.push(
      userError('INVALID_DATE_RANGE', 'A paper must end after it starts, at most 12 hours later.', [
        'input',
        'endsAt',
      ]),
    );
  // The window's dates are whole UTC days, both included.
  if (start < window.startsOn.getTime() || end > window.endsOn.getTime() + 86_400_000)
    problems.push(
      userError('INVALID_DATE_RANGE', "The paper must fall inside the exam's academic year (or term).", [
        'input',
        'startsAt',
      ]),
    );
  const room = normalizeRoom(input.room);
  if (room.length === 0 || room.length > EXAM_LIMITS.room)
    problems.push(userError('INVALID_INPUT', 'The room code must be 1–32 characters.', ['input', 'room']));
  const invigilators = input.invigilatorTeacherIds;
  if (
    invigilators.length === 0 ||
    invigilators.length > EXAM_LIMITS.invigilators ||
    new Set(invigilators.map((id) => id.toLowerCase())).size !== invigilators.length
  )
    problems.push(
      userError('INVALID_INPUT', 'A paper needs 1–10 different invigilators.', [
        'input',
        'invigilatorTeacherIds',
      ]),
    );
  if (!Number.isInteger(input.maxMarks) || input.maxMarks < 1 || input.maxMarks > EXAM_LIMITS.maxMarks)
    problems.push(
      userError('INVALID_MARKS', 'The maximum marks must be a whole number from 1 to 1,000.', [
        'input',
        'maxMarks',
      ]),
    );
  if (!Number.isInteger(input.passMarks) || input.passMarks < 0 || input.passMarks > input.maxMarks)
    problems.push(
      userError('INVALID_MARKS', 'The pass marks must be a whole number from 0 to the maximum.', [
        'input',
        'passMarks',
      ]),
    );
  return problems;
}

const time = (at: Date) => at.toISOString().slice(11, 16);
const when = (clash: ScheduleClash) =>
  `${clash.startsAt.toISOString().slice(0, 10)} ${time(clash.startsAt)}–${time(clash.endsAt)} UTC`;

/** One userError per clash and kind, naming what is double-booked and by which paper. */
export function clashErrors(clashes: readonly ScheduleClash[]): HomeworkUserError[] {
  const errors: HomeworkUserError[] = [];
  for (const clash of clashes) {
    const paper = `${clash.examName}: ${clash.subjectName} for ${clash.sectionLabel}, ${when(clash)}`;
    if (clash.sameRoom)
      errors.push(
        userError('SCHEDULE_CLASH', `Room ${clash.room} is taken at that time by ${paper}.`, [
          'input',
          'room',
        ]),
      );
    if (clash.sameSection)
      errors.push(
        userError('SCHEDULE_CLASH', `Section ${clash.sectionLabel} already sits ${paper}.`, [
          'input',
          'sectionId',
        ]),
      );
    for (const teacherId of clash.sharedInvigilatorIds)
      errors.push(
        userError('SCHEDULE_CLASH', `Invigilator ${teacherId} already invigilates ${paper}.`, [
          'input',
          'invigilatorTeacherIds',
        ]),
      );
  }
  return errors;
}

/** The rows' own shape: ids, duplicates, marks within 0..max, absent without marks. */
export function rowShapeErrors(rows: readonly MarkRow[], maxMarks: number): MarkRowError[] {
  const errors: MarkRowError[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const field = (name: string) => ['input', 'rows', String(index), name];
    const key = row.studentId.toLowerCase();
    if (!isUuid(row.studentId)) {
      errors.push({
        studentId: row.studentId,
        field: field('studentId'),
        message: 'Not a student id.',
        code: 'NOT_FOUND',
      });
      return;
    }
    if (seen.has(key))
      errors.push({
        studentId: row.studentId,
        field: field('studentId'),
        message: 'The student appears twice in the rows.',
        code: 'INVALID_INPUT',
      });
    seen.add(key);
    if (row.isAbsent ? row.marks !== null : !isWholeMark(row.marks, maxMarks))
      errors.push({
        studentId: row.studentId,
        field: field('marks'),
        message: row.isAbsent
          ? 'An absent student has no marks.'
          : `The marks must be a whole number from 0 to ${maxMarks}.`,
        code: 'INVALID_MARKS',
      });
  });
  return errors;
}

export const isWholeMark = (marks: number | null, maxMarks: number): marks is number =>
  marks !== null && Number.isInteger(marks) && marks >= 0 && marks <= maxMarks;

/** Everything wrong with a bulk entry, judged under the locks (see `ExamRepository.enterMarks`). */
export function markEntryErrors(rows: readonly MarkRow[], facts: MarksFacts): MarkRowError[] {
  const errors = rowShapeErrors(rows, facts.paper.maxMarks);
  rows.forEach((row, index) => {
    if (!isUuid(row.studentId)) return;
    const id = row.studentId.toLowerCase();
    const field = ['input', 'rows', String(index), 'studentId'];
    if (!facts.enrolled.has(id))
      errors.push({
        studentId: row.studentId,
        field,
        message: "The student is not ACTIVE-ly enrolled in the paper's section.",
        code: 'NOT_ENROLLED',
      });
    else if (facts.moderated.has(id))
      errors.push({
        studentId: row.studentId,
        field: ['input', 'rows', String(index), 'marks'],
        message: 'A moderator changed this mark; ask them to moderate it again.',
        code: 'MARK_MODERATED',
      });
  });
  return errors;
}

/** Why the paper's marks cannot change now, if they cannot. */
export function marksFrozen(facts: {
  paper: { marksLockedAt: Date | null };
  publishedAt: Date | null;
  /** The closed grading period holding the paper's day, or null. */
  closedPeriod: string | null;
}) {
  if (facts.publishedAt)
    return userError<HomeworkErrorCode>(
      'RESULTS_PUBLISHED',
      "The exam's results are published: an admin must unpublish them first.",
      ['input', 'examPaperId'],
    );
  if (facts.closedPeriod !== null)
    return userError<HomeworkErrorCode>(
      'PERIOD_CLOSED',
      `The grading period "${facts.closedPeriod}" holding this paper's day is closed: its marks are locked.`,
      ['input', 'examPaperId'],
    );
  if (facts.paper.marksLockedAt)
    return userError<HomeworkErrorCode>('MARKS_LOCKED', "The paper's marks are locked.", [
      'input',
      'examPaperId',
    ]);
  return null;
}
