import { z } from 'zod';

const id = z.uuid();

/**
 * Every event the system publishes: its name and the keys its payload carries. Events carry keys
 * (and versions), never the data itself: a subscriber re-reads what it is allowed to see, so an
 * event can never leak a field past authorization, and a late event never shows stale data.
 */
export const EVENT_CATALOG = {
  /** A student's homework submission was accepted (buffered or stored). For the section's teachers. */
  homeworkSubmitted: z.object({
    homeworkId: id,
    sectionId: id,
    studentId: id,
    /**
     * The submission's id, derived from (school, the client's idempotency id): the same for the
     * buffered entry and the stored row.
     */
    submissionId: id,
  }),
  /** A teacher graded a submission. For that student and their guardians. */
  homeworkGraded: z.object({
    homeworkId: id,
    sectionId: id,
    studentId: id,
    submissionId: id,
  }),
  /**
   * A student was marked with a code that does not count as present (absent, excused, medical, …),
   * after the marking was acknowledged. For the comms domain (guardian SMS/push).
   */
  studentAbsent: z.object({
    studentId: id,
    sectionId: id,
    /** `YYYY-MM-DD`. */
    date: z.iso.date(),
    /** The bell-schedule period, or null for daily attendance. */
    periodNumber: z.number().int().positive().nullable(),
  }),
  /** An exam's results were published (the school is the envelope's). For its students and guardians. */
  examResultsPublished: z.object({
    examId: id,
  }),
  /** A leaderboard's standings changed (a grade landed). For whoever watches that scope. */
  leaderboardChanged: z.object({
    /** The leaderboard's scope key, e.g. `section:<id>:subject:<id>:term:<id>`. */
    scope: z.string().min(1).max(300),
    /** Increases with every change, so a subscriber can drop an out-of-order older snapshot. */
    version: z.number().int().nonnegative(),
  }),
  /** A quiz's leaderboard changed (an attempt was submitted or an essay graded). For its watchers. */
  quizLeaderboardChanged: z.object({
    quizId: id,
    /** Increases with every change, as `leaderboardChanged`'s. */
    version: z.number().int().nonnegative(),
  }),
  /** A report-card batch moved on (a card started, finished or failed). For whoever watches it. */
  reportCardBatchProgressed: z.object({
    batchId: id,
    done: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
} as const;

export type EventName = keyof typeof EVENT_CATALOG;
export type EventPayload<Name extends EventName> = z.infer<(typeof EVENT_CATALOG)[Name]>;

export const EVENT_NAMES = Object.keys(EVENT_CATALOG) as readonly EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_CATALOG, name);
}

/** An event as it travels: which school it belongs to, and when it happened. */
export interface EventEnvelope<Name extends EventName = EventName> {
  name: Name;
  schoolId: string;
  payload: EventPayload<Name>;
  /** ISO-8601 publication time. */
  at: string;
}
