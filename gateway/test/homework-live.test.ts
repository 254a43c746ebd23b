// Live homework and leaderboards through the gateway (issue 4, points 7, 9 and 11) on the REAL
// supergraph and live query table: graphql-ws (and once graphql-sse) clients, the real academics
// subgraph, Redis pub/sub. A teacher's list gets a submission while it is still buffered; a student
// gets their grade; a smart board (a teacher's token) gets new standings when a grade lands; ties are
// ordered and ranked deterministically; a leaderboard Redis lost is rebuilt to what PostgreSQL says;
// other sections, other students, parents and other schools are refused; unsubscribing frees Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannel } from '@schools24/events';
import { tenantKey } from '@schools24/redis';
import {
  clearTenantCache,
  createTestSchool,
  startGatewayStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS, type GatewayServer } from '../src/index.js';
import {
  currentSectionsWithPeople,
  signInTeacherOf,
  teacherOutsideSection,
  type SectionWithPeople,
} from './section-people.js';
import {
  bearer,
  subscribeOverSse,
  subscribeOverWebSocket,
  type Subscription,
} from './subscriptions-support.js';

type School = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

// The buffer on a Redis database of its own, so no other file's flusher stores this file's
// submissions before the "still buffered" assertions look at them.
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/12';
const DAY_MS = 86_400_000;

const SUBMISSIONS = `subscription ($homeworkId: ID!) {
  homeworkSubmissions(homeworkId: $homeworkId, first: 50) {
    totalCount edges { node { id status student { id } } }
  }
}`;
const SUBMISSION = `subscription ($homeworkId: ID!, $studentId: ID!) {
  homeworkSubmission(homeworkId: $homeworkId, studentId: $studentId) { id status isGraded points feedback }
}`;
const LEADERBOARD = `subscription ($scope: LeaderboardScopeInput!) {
  leaderboard(scope: $scope, first: 100) { version totalCount entries { rank score student { id } } }
}`;
const LEADERBOARD_QUERY = LEADERBOARD.replace('subscription', 'query');
/** What a classroom's screens show: ranks, scores and name tags, nothing with per-record rules. */
const CLASSROOM_BOARD = `subscription ($scope: LeaderboardScopeInput!) {
  leaderboard(scope: $scope, first: 100) { version entries { rank score nameTag { id displayName } } }
}`;

interface Cast {
  sectionId: string;
  subjectId: string;
  academicYearId: string;
  teacherUserId: string;
  otherTeacherUserId: string;
  /** Students of the section with a login, in id order. */
  students: { id: string; userId: string }[];
  outsiderUserId: string;
  parentUserId: string;
}

async function castOf(db: Db, schoolId: string): Promise<Cast> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  const sections = await currentSectionsWithPeople(db, schoolId, year.id);
  const teacherOf = (section: SectionWithPeople) => signInTeacherOf(section)?.userId ?? null;
  const section = sections.find((candidate) => teacherOf(candidate) && candidate.enrolments.length >= 4);
  const teacherUserId = section ? teacherOf(section) : null;
  const outsider = sections.find((other) => other.id !== section?.id && other.enrolments.length > 0)
    ?.enrolments[0];
  if (!section || !teacherUserId || !outsider?.student.userId)
    throw new Error(`seed lacks a section: ${sections.map((s) => s.enrolments.length).join(',')}`);
  const otherTeacher = await teacherOutsideSection(db, schoolId, section.id);
  const parentUserId = section.enrolments
    .flatMap((enrolment) => enrolment.student.guardians)
    .find((link) => link.guardian.userId !== null)?.guardian.userId;
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, orderBy: { id: 'asc' } });
  if (!otherTeacher.userId || !parentUserId) throw new Error('seed lacks a teacher or a parent');
  return {
    sectionId: section.id,
    subjectId: subject.id,
    academicYearId: year.id,
    teacherUserId,
    otherTeacherUserId: otherTeacher.userId,
    students: section.enrolments.map(({ student }) => ({ id: student.id, userId: student.userId ?? '' })),
    outsiderUserId: outsider.student.userId,
    parentUserId,
  };
}

interface Standing {
  rank: number;
  score: number;
  student: { id: string };
}

/** The standings computed independently: from the rows, in PostgreSQL's uuid order for ties. */
async function standingsInDatabase(
  db: Db,
  scope: { sectionId: string; subjectId: string },
  window: { from: Date; until: Date },
): Promise<Standing[]> {
  const rows = await db.$queryRaw<{ studentId: string; score: number }[]>`
    SELECT s."studentId"::text AS "studentId", SUM(s.points)::int AS score
      FROM "HomeworkSubmission" s JOIN "Homework" h ON h.id = s."homeworkId"
     WHERE h."sectionId" = ${scope.sectionId}::uuid AND h."subjectId" = ${scope.subjectId}::uuid
       AND h."dueAt" >= ${window.from} AND h."dueAt" < ${window.until} AND s.points IS NOT NULL
     GROUP BY s."studentId"
     ORDER BY score DESC, s."studentId" ASC`;
  return rows.map((row) => ({
    rank: rows.findIndex((other) => other.score === row.score) + 1,
    score: row.score,
    student: { id: row.studentId },
  }));
}

const codes = (errors: unknown) =>
  ((errors ?? []) as { extensions?: Record<string, unknown> }[]).map((error) => error.extensions?.['code']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['all-in-one', 'distributed'] as const)('live homework and leaderboards, %s', (topology) => {
  let stack: TestEndpoint;
  let school: School;
  let other: School;
  let cast: Cast;
  let termId: string;
  let window: { from: Date; until: Date };
  let tokens: Record<'teacher' | 'otherTeacher' | 'outsider' | 'parent' | 'otherAdmin', string>;
  let studentTokens: string[];
  let gateway: GatewayServer | undefined;
  const hubStats = () => {
    if (!gateway) throw new Error('no gateway');
    return gateway.subscriptions.stats();
  };
  /** Until the gateway has let go of every subscription (a client's dispose reaches it a little later). */
  const untilNoSubscribers = async () => {
    const deadline = Date.now() + 5_000;
    while (hubStats().subscribers > 0) {
      if (Date.now() > deadline) throw new Error('subscriptions were not released');
      await sleep(20);
    }
  };
  const open: Subscription[] = [];
  const track = <T extends Subscription>(subscription: T): T => {
    open.push(subscription);
    return subscription;
  };
  const scope = () => ({ sectionId: cast.sectionId, subjectId: cast.subjectId, termId });

  const call = async <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => {
    const response = await stack.graphql<T>(query, variables, { schoolId: school.schoolId, token });
    return response.body;
  };

  const assign = async (title: string): Promise<string> => {
    const body = await call<{ assignHomework: { homework: { id: string } | null } }>(
      tokens.teacher,
      `mutation ($input: AssignHomeworkInput!) { assignHomework(input: $input) { homework { id } userErrors { code } } }`,
      {
        input: {
          sectionId: cast.sectionId,
          subjectId: cast.subjectId,
          title,
          instructions: 'Show your working.',
          dueAt: new Date(Date.now() + DAY_MS).toISOString(),
          maxPoints: 20,
        },
      },
    );
    const id = body.data?.assignHomework.homework?.id;
    if (!id) throw new Error(`assignHomework failed: ${JSON.stringify(body)}`);
    return id;
  };

  const submit = async (studentIndex: number, homeworkId: string) => {
    const body = await call<{ submitHomework: { submission: { id: string; status: string } | null } }>(
      studentTokens[studentIndex] ?? '',
      `mutation ($input: SubmitHomeworkInput!) { submitHomework(input: $input) { submission { id status } userErrors { code } } }`,
      { input: { homeworkId, idempotencyId: randomUUID(), text: 'my answer' } },
    );
    const submission = body.data?.submitHomework.submission;
    if (!submission) throw new Error(`submitHomework failed: ${JSON.stringify(body)}`);
    return submission;
  };

  /** Runs a flusher until these submissions are stored. */
  const flush = async (submissionIds: string[]) => {
    const flusher = stack.app.writeBuffer.createFlusher({ consumer: `live-test-${randomUUID()}` });
    flusher.start();
    try {
      const deadline = Date.now() + 15_000;
      while (
        (await stack.resources.db.homeworkSubmission.count({ where: { id: { in: submissionIds } } })) <
        submissionIds.length
      ) {
        if (Date.now() > deadline) throw new Error('the submissions were not stored');
        await sleep(50);
      }
    } finally {
      await flusher.stop({ timeoutMs: 10_000 });
    }
  };

  const grade = async (submissionId: string, points: number) => {
    const body = await call<{ gradeSubmission: { userErrors: { code: string }[] } }>(
      tokens.teacher,
      `mutation ($input: GradeSubmissionInput!) { gradeSubmission(input: $input) { submission { id points } userErrors { code } } }`,
      { input: { submissionId, points, feedback: 'Well done.' } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.gradeSubmission.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    const keepGateway: typeof createGatewayServer = async (options) => {
      gateway = await createGatewayServer(options);
      return gateway;
    };
    stack = await startGatewayStack({ createGatewayServer: keepGateway, subgraphs: SUBGRAPHS }, topology, {
      REDIS_BUFFER_URL: BUFFER_REDIS_URL,
    });
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 120, teachers: 12 }),
      createTestSchool(stack.resources.db, { students: 10 }),
    ]);
    cast = await castOf(stack.resources.db, school.schoolId);
    // A term of our own that surely holds "tomorrow" (the seeded calendar may be on a break).
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    const term = await stack.resources.db.term.create({
      data: {
        schoolId: school.schoolId,
        academicYearId: cast.academicYearId,
        name: `Leaderboard term ${randomUUID().slice(0, 8)}`,
        position: 90,
        startsOn: new Date(today.getTime() - DAY_MS),
        endsOn: new Date(today.getTime() + 30 * DAY_MS),
      },
    });
    termId = term.id;
    window = { from: term.startsOn, until: new Date(term.endsOn.getTime() + DAY_MS) };
    await clearTenantCache(stack.resources, school.schoolId);
    const token = (userId: string) => tokenForUser(stack.resources, school.schoolId, userId);
    const otherAdmin = await stack.resources.db.roleAssignment.findFirstOrThrow({
      where: { schoolId: other.schoolId, role: 'SCHOOL_ADMIN' },
    });
    tokens = {
      teacher: await token(cast.teacherUserId),
      otherTeacher: await token(cast.otherTeacherUserId),
      outsider: await token(cast.outsiderUserId),
      parent: await token(cast.parentUserId),
      otherAdmin: await tokenForUser(stack.resources, other.schoolId, otherAdmin.userId),
    };
    studentTokens = await Promise.all(cast.students.map((student) => token(student.userId)));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((subscription) => subscription.dispose()));
    await Promise.allSettled([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  it("a teacher's homeworkSubmissions gets a student's submission while it is still buffered", async () => {
    const homeworkId = await assign('Live list');
    const teacher = track(
      subscribeOverWebSocket(stack.url, bearer(tokens.teacher), SUBMISSIONS, { homeworkId }),
    );
    const first = await teacher.collector.result(1);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({ homeworkSubmissions: { totalCount: 0, edges: [] } });

    const submission = await submit(0, homeworkId);
    expect(submission.status).toBe('BUFFERED');
    const second = await teacher.collector.result(2);
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual({
      homeworkSubmissions: {
        totalCount: 1,
        edges: [{ node: { id: submission.id, status: 'BUFFERED', student: { id: cast.students[0]?.id } } }],
      },
    });
    // Nothing flushed it: the row is not in PostgreSQL yet.
    expect(await stack.resources.db.homeworkSubmission.count({ where: { id: submission.id } })).toBe(0);
    await teacher.dispose();
  });

  it('a student following their submission over SSE gets the grade when the teacher grades', async () => {
    const homeworkId = await assign('Live grade');
    const submission = await submit(1, homeworkId);
    const studentId = cast.students[1]?.id;
    const student = track(
      subscribeOverSse(stack.url, bearer(studentTokens[1] ?? ''), SUBMISSION, { homeworkId, studentId }),
    );
    const first = await student.collector.result(1);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      homeworkSubmission: {
        id: submission.id,
        status: 'BUFFERED',
        isGraded: false,
        points: null,
        feedback: null,
      },
    });
    await flush([submission.id]);
    await grade(submission.id, 17);
    await student.collector.until(
      (collector) =>
        collector.results.some(
          (result) => (result.data?.['homeworkSubmission'] as { isGraded?: boolean } | null)?.isGraded,
        ),
      10_000,
      'the grade',
    );
    expect(student.collector.results.at(-1)?.data).toEqual({
      homeworkSubmission: {
        id: submission.id,
        status: 'STORED',
        isGraded: true,
        points: 17,
        feedback: 'Well done.',
      },
    });
    await student.dispose();
  });

  it('a smart board gets new standings when grades land; ties share a rank, ordered by student id', async () => {
    const board = track(
      subscribeOverWebSocket(stack.url, bearer(tokens.teacher), LEADERBOARD, { scope: scope() }),
    );
    const before = await board.collector.result(1);
    expect(before.errors).toBeUndefined();
    const beforeBoard = before.data?.['leaderboard'] as { version: string; entries: Standing[] };
    expect(beforeBoard.entries).toEqual(await standingsInDatabase(stack.resources.db, cast, window));

    // Students 2, 0 and 3 each answer one homework; 2 and 3 tie, 0 is ahead.
    const homeworkId = await assign('Live standings');
    const submissions = await Promise.all([2, 0, 3].map((index) => submit(index, homeworkId)));
    await flush(submissions.map((submission) => submission.id));
    const points = [12, 19, 12];
    for (const [index, submission] of submissions.entries()) await grade(submission.id, points[index] ?? 0);

    await board.collector.until(
      (collector) => {
        const latest = collector.results.at(-1)?.data?.['leaderboard'] as { entries: Standing[] } | undefined;
        return (latest?.entries.filter((entry) => entry.score === 12).length ?? 0) >= 2;
      },
      10_000,
      'the standings after three grades',
    );
    const after = board.collector.results.at(-1)?.data?.['leaderboard'] as {
      version: string;
      totalCount: number;
      entries: Standing[];
    };
    expect(BigInt(after.version)).toBeGreaterThan(BigInt(beforeBoard.version));
    const expected = await standingsInDatabase(stack.resources.db, cast, window);
    expect(after.entries).toEqual(expected);
    expect(after.totalCount).toBe(expected.length);
    // The tie, explicitly: the same rank, the lower student id first, the next rank skipped.
    const tied = after.entries.filter((entry) => entry.score === 12);
    const tiedIds = [cast.students[2]?.id, cast.students[3]?.id].sort();
    expect(tied.map((entry) => entry.student.id)).toEqual(tiedIds);
    expect(new Set(tied.map((entry) => entry.rank)).size).toBe(1);
    const ahead = after.entries.find((entry) => entry.student.id === cast.students[0]?.id);
    expect(ahead?.rank).toBeLessThan(tied[0]?.rank ?? 0);
    // Every snapshot pushed had a higher version than the one before.
    const versions = board.collector.results.map((result) =>
      BigInt((result.data?.['leaderboard'] as { version: string }).version),
    );
    expect(versions).toEqual([...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await board.dispose();
  });

  it("a classroom's boards with name tags run once per role set per event; student records stay per viewer", async () => {
    const viewers = [tokens.teacher, ...studentTokens.slice(0, 4)];
    await untilNoSubscribers();
    const boards = viewers.map((token) =>
      track(subscribeOverWebSocket(stack.url, bearer(token), CLASSROOM_BOARD, { scope: scope() })),
    );
    const first = await Promise.all(boards.map((board) => board.collector.result(1)));
    // The teacher's screen and the four students' share two executions: one per role set.
    expect(hubStats().groups).toBe(2);

    const homeworkId = await assign('Classroom board');
    const submission = await submit(1, homeworkId);
    await flush([submission.id]);
    const executionsBefore = hubStats().eventExecutions;
    await grade(submission.id, 17);
    await Promise.all(boards.map((board) => board.collector.result(2)));
    expect(hubStats().eventExecutions - executionsBefore).toBe(2);

    // Everyone sees the same standings, each entry with the student's name tag (students see their
    // classmates' too), read independently from the database.
    const expected = await standingsInDatabase(stack.resources.db, cast, window);
    const names = new Map(
      (
        await stack.resources.db.student.findMany({
          where: { id: { in: expected.map((entry) => entry.student.id) } },
          select: { id: true, givenName: true, familyName: true },
        })
      ).map((student) => [student.id, `${student.givenName} ${student.familyName.charAt(0).toUpperCase()}.`]),
    );
    const board = expected.map(({ rank, score, student }) => ({
      rank,
      score,
      nameTag: { id: student.id, displayName: names.get(student.id) },
    }));
    for (const [index, { collector }] of boards.entries()) {
      const result = collector.results.at(-1);
      expect(first[index]?.errors).toBeUndefined();
      expect(result?.errors).toBeUndefined();
      expect((result?.data?.['leaderboard'] as { entries: unknown[] }).entries).toEqual(board);
    }
    await Promise.all(boards.map((subscription) => subscription.dispose()));
    await untilNoSubscribers();

    // The same board with `student` (identity authorizes each record per viewer): per viewer.
    const perViewer = studentTokens
      .slice(0, 2)
      .map((token) =>
        track(subscribeOverWebSocket(stack.url, bearer(token), LEADERBOARD, { scope: scope() })),
      );
    await Promise.all(perViewer.map((subscription) => subscription.collector.result(1)));
    expect(hubStats().groups).toBe(2);
    await Promise.all(perViewer.map((subscription) => subscription.dispose()));
    await untilNoSubscribers();
  });

  it('rebuilds a leaderboard Redis lost from PostgreSQL, to the same standings', async () => {
    const read = async () => {
      const body = await call<{ leaderboard: { version: string; totalCount: number; entries: Standing[] } }>(
        studentTokens[0] ?? '',
        LEADERBOARD_QUERY,
        { scope: scope() },
      );
      expect(body.errors).toBeUndefined();
      return body.data?.leaderboard;
    };
    const cached = await read();
    expect(cached?.entries.length).toBeGreaterThanOrEqual(3);
    const key = tenantKey(
      school.schoolId,
      'leaderboard',
      `section:${cast.sectionId}:subject:${cast.subjectId}:term:${termId}`,
    );
    expect(await stack.resources.redis.exists(key)).toBe(1);
    await stack.resources.redis.del(key);

    const rebuilt = await read();
    expect(await stack.resources.redis.exists(key)).toBe(1);
    expect(rebuilt?.entries).toEqual(await standingsInDatabase(stack.resources.db, cast, window));
    expect(rebuilt?.entries).toEqual(cached?.entries);
    expect(rebuilt?.totalCount).toBe(cached?.totalCount);
  });

  describe('refusals', () => {
    const refusedOverWebSocket = async (token: string, query: string, variables: Record<string, unknown>) => {
      const ws = track(subscribeOverWebSocket(stack.url, bearer(token), query, variables));
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(ws.collector.results).toEqual([]);
      return codes(ws.collector.failure);
    };

    it("another section's teacher may not follow a homework's submissions", async () => {
      const homeworkId = await assign('Refusals');
      expect(await refusedOverWebSocket(tokens.otherTeacher, SUBMISSIONS, { homeworkId })).toEqual([
        'FORBIDDEN',
      ]);
    });

    it("a classmate may not follow another student's submission", async () => {
      const homeworkId = await assign('Refusals 2');
      expect(
        await refusedOverWebSocket(studentTokens[1] ?? '', SUBMISSION, {
          homeworkId,
          studentId: cast.students[0]?.id,
        }),
      ).toEqual(['FORBIDDEN']);
    });

    it.each([
      ['a student of another section', 'outsider'],
      ["another section's teacher", 'otherTeacher'],
      ['a parent', 'parent'],
    ] as const)('%s may not watch the leaderboard', async (_name, who) => {
      expect(await refusedOverWebSocket(tokens[who], LEADERBOARD, { scope: scope() })).toEqual(['FORBIDDEN']);
    });

    it("another school's admin: no leaderboard, and this school's events never reach them", async () => {
      const ws = track(
        subscribeOverWebSocket(stack.url, bearer(tokens.otherAdmin), LEADERBOARD, { scope: scope() }),
      );
      expect((await ws.collector.result(1)).data).toEqual({ leaderboard: null });
      await stack.app.events.publish('leaderboardChanged', school.schoolId, {
        scope: `section:${cast.sectionId}:subject:${cast.subjectId}:term:${termId}`,
        version: Number.MAX_SAFE_INTEGER,
      });
      await sleep(300);
      expect(ws.collector.results).toHaveLength(1);
      await ws.dispose();
    });

    it('naming another school at connection_init is refused (4403)', async () => {
      const ws = track(
        subscribeOverWebSocket(
          stack.url,
          { ...bearer(tokens.teacher), 'x-school-id': other.schoolId },
          LEADERBOARD,
          { scope: scope() },
        ),
      );
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect((ws.collector.failure as { code?: number }).code).toBe(4403);
    });
  });

  it('unsubscribing releases the Redis subscription at once', async () => {
    const channel = eventChannel('leaderboardChanged', school.schoolId);
    const numsub = async () =>
      Number(((await stack.resources.redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
    const settle = async (expected: number) => {
      const deadline = Date.now() + 2_000;
      while ((await numsub()) !== expected && Date.now() < deadline) await sleep(10);
      return numsub();
    };
    expect(await settle(0)).toBe(0);
    const board = track(
      subscribeOverWebSocket(stack.url, bearer(tokens.teacher), LEADERBOARD, { scope: scope() }),
    );
    await board.collector.result(1);
    expect(await numsub()).toBe(1);
    board.unsubscribe();
    expect(await settle(0)).toBe(0);
  });
});
