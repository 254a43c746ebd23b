import { userError } from '@schools24/errors';
import type { HomeworkRecord } from '../repositories/homework-repository.js';
import type { HomeworkUserError } from './homework-service.js';

const DAY_MS = 86_400_000;

export interface LatePolicyInput {
  penaltyPercentPerDay: number;
  maxPenaltyPercent?: number | null;
  cutoffDays?: number | null;
}

/** The late-policy columns of a homework. */
export interface LatePolicyColumns {
  latePenaltyPercentPerDay: number;
  latePenaltyMaxPercent: number;
  lateCutoffDays: number | null;
}

const isWhole = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/** The policy's columns, or what is wrong with it (reported at `path`). */
export function parseLatePolicy(
  input: LatePolicyInput,
  path: string[],
): { columns: LatePolicyColumns } | { problems: HomeworkUserError[] } {
  const max = input.maxPenaltyPercent ?? 100;
  const cutoff = input.cutoffDays ?? null;
  const problems: HomeworkUserError[] = [];
  if (!isWhole(input.penaltyPercentPerDay, 0, 100))
    problems.push(
      userError('INVALID_INPUT', 'The penalty per day must be a whole percent from 0 to 100.', [
        ...path,
        'penaltyPercentPerDay',
      ]),
    );
  if (!isWhole(max, 0, 100))
    problems.push(
      userError('INVALID_INPUT', 'The largest penalty must be a whole percent from 0 to 100.', [
        ...path,
        'maxPenaltyPercent',
      ]),
    );
  if (cutoff !== null && !isWhole(cutoff, 1, 365))
    problems.push(
      userError('INVALID_INPUT', 'The cutoff must be from 1 to 365 days after the due time.', [
        ...path,
        'cutoffDays',
      ]),
    );
  if (problems.length > 0) return { problems };
  return {
    columns: {
      latePenaltyPercentPerDay: input.penaltyPercentPerDay,
      latePenaltyMaxPercent: max,
      lateCutoffDays: cutoff,
    },
  };
}

/**
 * Started days between the homework's current due time and the submission (0 when not late). A
 * submission flagged late against an earlier due time that was then moved past it counts 0 days: the
 * flag records what happened, the penalty follows the deadline the teacher set.
 */
export function daysLate(
  homework: Pick<HomeworkRecord, 'dueAt'>,
  submission: { submittedAt: Date; isLate: boolean },
) {
  if (!submission.isLate) return 0;
  const late = submission.submittedAt.getTime() - homework.dueAt.getTime();
  return late > 0 ? Math.ceil(late / DAY_MS) : 0;
}

/** The penalty in percent for a submission, and the final points for raw points under it. */
export function applyLatePolicy(
  homework: Pick<HomeworkRecord, 'dueAt' | 'latePenaltyPercentPerDay' | 'latePenaltyMaxPercent'>,
  submission: { submittedAt: Date; isLate: boolean },
  rawPoints: number,
): { latePenaltyPercent: number; points: number } {
  const days = daysLate(homework, submission);
  const percent = Math.min(homework.latePenaltyMaxPercent, homework.latePenaltyPercentPerDay * days);
  // Whole points, to the nearest (halves up): the integer product keeps this exact.
  return { latePenaltyPercent: percent, points: Math.round((rawPoints * (100 - percent)) / 100) };
}

/** Whether the policy's cutoff has passed at `now` (then submissions are refused). */
export function isPastLateCutoff(
  homework: Pick<HomeworkRecord, 'dueAt' | 'lateCutoffDays'>,
  now: Date,
): boolean {
  return (
    homework.lateCutoffDays !== null &&
    now.getTime() > homework.dueAt.getTime() + homework.lateCutoffDays * DAY_MS
  );
}
