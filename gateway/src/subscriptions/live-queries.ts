import type { EventName, EventPayload } from '@schools24/events';

/**
 * Who may share one execution of a live query (see README "Live updates", grouping rule):
 *
 * - `viewer` (the default, always safe): one execution per distinct (document, variables, school,
 *   user, roles). Nothing another viewer is allowed to see can reach this one.
 * - `{ rolesOnly }`: a subscription whose document selects nothing below the root but these field
 *   coordinates (`Type.field`; `__typename` is free) runs once per distinct (document, variables,
 *   school, sorted roles); any other document is grouped per viewer. Listing a coordinate asserts
 *   that its subgraph authorizes it by role alone (`@authenticated`, `@requiresScopes`), with no
 *   per-record ownership rule, so its value is the same for every viewer with the same roles. The
 *   root field may have record rules: each subscriber's access to it is proven at subscribe time by
 *   executing the query with their own token, and again when the token expires (≤ 15 minutes) and
 *   the client subscribes anew.
 */
export type Grouping = 'viewer' | { readonly rolesOnly: readonly string[] };

/**
 * What a slow subscriber's bounded queue does when it is full. `snapshot`: it holds only the latest
 * result (a newer snapshot replaces an undelivered older one). `every`: it holds up to
 * SUBSCRIPTION_QUEUE_LIMIT results; beyond that the subscription ends with an error the client can
 * recover from by subscribing again (it then gets the current state first).
 */
export type Delivery = 'every' | 'snapshot';

/** The root field's arguments as the client gave them, coerced to the schema's input types. */
export type FieldArguments = Readonly<Record<string, unknown>>;

export type Trigger = {
  [Name in EventName]: {
    event: Name;
    /** Whether an event concerns a subscription with these arguments. */
    matches(payload: EventPayload<Name>, args: FieldArguments): boolean;
  };
}[EventName];

export interface LiveQuery {
  /** The backing `Query` field: the same arguments and the same type as the `Subscription` field. */
  query: string;
  /** Catalog events after which the query is executed again and pushed. */
  triggers: readonly Trigger[];
  grouping: Grouping;
  delivery: Delivery;
}

/** `Subscription` field name → how it is served. */
export type LiveQueryTable = Readonly<Record<string, LiveQuery>>;

export function on<Name extends EventName>(
  event: Name,
  matches: (payload: EventPayload<Name>, args: FieldArguments) => boolean,
): Trigger {
  return { event, matches } as Trigger;
}

/**
 * The key `leaderboardChanged` events carry for a `scope` argument: either the key itself (a String
 * argument) or an input object `{ sectionId, subjectId, termId }`.
 */
export function leaderboardScopeKey(scope: unknown): string | null {
  if (typeof scope === 'string') return scope;
  if (scope === null || typeof scope !== 'object') return null;
  const { sectionId, subjectId, termId } = scope as Record<string, unknown>;
  if (typeof sectionId !== 'string' || typeof subjectId !== 'string' || typeof termId !== 'string')
    return null;
  return `section:${sectionId}:subject:${subjectId}:term:${termId}`;
}

/** Ids are UUIDs: a client may send them in upper case, events carry them as stored (lower case). */
function sameId(fromEvent: string, argument: unknown): boolean {
  return typeof argument === 'string' && argument.toLowerCase() === fromEvent.toLowerCase();
}

/**
 * THE table: every `Subscription` field of the supergraph and the `Query` field, events and rules
 * behind it. A subscription field the supergraph has but this table lacks is refused (and fails the
 * gateway's schema test); an entry whose field the supergraph does not have yet is simply not served.
 */
export const LIVE_QUERIES: LiveQueryTable = {
  /** A teacher's list of submissions for one homework, pushed when a student submits. */
  homeworkSubmissions: {
    query: 'homeworkSubmissions',
    triggers: [on('homeworkSubmitted', (event, args) => sameId(event.homeworkId, args['homeworkId']))],
    grouping: 'viewer',
    delivery: 'every',
  },
  /** One student's submission of one homework, pushed when it is submitted and when it is graded. */
  homeworkSubmission: {
    query: 'homeworkSubmission',
    triggers: [
      on(
        'homeworkSubmitted',
        (event, args) =>
          sameId(event.homeworkId, args['homeworkId']) && sameId(event.studentId, args['studentId']),
      ),
      on(
        'homeworkGraded',
        (event, args) =>
          sameId(event.homeworkId, args['homeworkId']) && sameId(event.studentId, args['studentId']),
      ),
    ],
    grouping: 'viewer',
    delivery: 'every',
  },
  /**
   * A leaderboard for smart boards, pushed when a grade changes the standings; only the latest
   * snapshot matters. Who may read the root is a record rule (the section's teachers and students),
   * proven per subscriber at subscribe time. Below it, the scope's records, ranks, scores and name
   * tags are the same for every such viewer, so a board that shows `nameTag` is run once per role set
   * for the whole classroom; one that selects `entries.student` (identity authorizes each student
   * record per viewer) is run per viewer.
   */
  leaderboard: {
    query: 'leaderboard',
    triggers: [
      on(
        'leaderboardChanged',
        (event, args) => event.scope === leaderboardScopeKey(args['scope'])?.toLowerCase(),
      ),
    ],
    grouping: {
      rolesOnly: [
        ...['section', 'subject', 'term', 'version', 'totalCount', 'entries'].map(
          (field) => `Leaderboard.${field}`,
        ),
        ...['rank', 'score', 'nameTag'].map((field) => `LeaderboardEntry.${field}`),
        'StudentNameTag.id',
        'StudentNameTag.displayName',
        ...['id', 'name', 'displayName', 'room'].map((field) => `Section.${field}`),
        ...['id', 'code', 'name'].map((field) => `Subject.${field}`),
        ...['id', 'kind', 'name', 'startsOn', 'endsOn'].map((field) => `Term.${field}`),
      ],
    },
    delivery: 'snapshot',
  },
  /**
   * A quiz's leaderboard, pushed when an attempt is submitted or an essay graded; like `leaderboard`,
   * the root's record rule (staff; students once results are released) is proven per subscriber,
   * and a board selecting only ranks, scores and name tags runs once per role set.
   */
  quizLeaderboard: {
    query: 'quizLeaderboard',
    triggers: [on('quizLeaderboardChanged', (event, args) => sameId(event.quizId, args['quizId']))],
    grouping: {
      rolesOnly: [
        ...['quiz', 'version', 'totalCount', 'entries'].map((field) => `QuizLeaderboard.${field}`),
        ...['rank', 'score', 'nameTag'].map((field) => `QuizLeaderboardEntry.${field}`),
        'StudentNameTag.id',
        'StudentNameTag.displayName',
        ...['id', 'title'].map((field) => `Quiz.${field}`),
      ],
    },
    delivery: 'snapshot',
  },
  /**
   * A report-card batch's progress, pushed whenever one of its cards finishes (or fails an attempt);
   * only the latest counts matter. Per viewer: the root's rule is the section's teachers and admins,
   * and each card's download follows record ownership.
   */
  reportCardBatch: {
    query: 'reportCardBatch',
    triggers: [on('reportCardBatchProgressed', (event, args) => sameId(event.batchId, args['id']))],
    grouping: 'viewer',
    delivery: 'snapshot',
  },
};
