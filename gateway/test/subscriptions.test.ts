// Subscriptions through the gateway (issue 4, points 7 and 11): graphql-ws on /graphql and GraphQL
// over SSE on /graphql/stream, with real clients, real Redis pub/sub and real subgraphs. Each
// `Subscription` field of the test supergraph is backed by a real `Query` field, so the subgraphs'
// own authorization and record ownership decide who may subscribe.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenIssuer, processKeyRing } from '@schools24/auth';
import { eventChannel } from '@schools24/events';
import { tokenRevocations } from '@schools24/graphql';
import {
  clearTenantCache,
  createTestSchool,
  startGatewayStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import type { GatewayServer } from '../src/index.js';
import {
  bearer,
  codesOf,
  liveGateway,
  subscribeOverSse,
  subscribeOverWebSocket,
  type Received,
  type Subscription,
} from './subscriptions-support.js';

type School = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

const STUDENT = `subscription Student($id: ID!) { student(id: $id) { id fullName } }`;

interface Cast {
  teacherUserId: string;
  /** A student the teacher teaches, and one they don't. */
  taughtStudentId: string;
  untaughtStudentId: string;
  sectionId: string;
  parentUserId: string;
  /** A child of that parent, and a student who is not. */
  childId: string;
  adminUserId: string;
}

async function castOf(db: Db, schoolId: string): Promise<Cast> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  const teacher = await db.teacher.findFirstOrThrow({
    where: { schoolId, userId: { not: null }, classSections: { some: { academicYearId: year.id } } },
    select: { id: true, userId: true },
    orderBy: { employeeNumber: 'asc' },
  });
  const sections = await db.section.findMany({
    where: {
      schoolId,
      OR: [{ classTeacherId: teacher.id }, { teachingAssignments: { some: { teacherId: teacher.id } } }],
    },
    select: { id: true },
  });
  const sectionIds = sections.map((section) => section.id);
  const taught = await db.enrolment.findFirstOrThrow({
    where: { schoolId, status: 'ACTIVE', academicYearId: year.id, sectionId: { in: sectionIds } },
    select: { studentId: true, sectionId: true },
  });
  const taughtIds = (
    await db.enrolment.findMany({
      where: { schoolId, status: 'ACTIVE', academicYearId: year.id, sectionId: { in: sectionIds } },
      select: { studentId: true },
    })
  ).map((row) => row.studentId);
  const parent = await db.guardian.findFirstOrThrow({
    where: { schoolId, userId: { not: null }, students: { some: {} } },
    select: { userId: true, students: { select: { studentId: true } } },
  });
  const childIds = parent.students.map((link) => link.studentId);
  const untaught = await db.student.findFirstOrThrow({
    where: { schoolId, id: { notIn: [...taughtIds, ...childIds] } },
    select: { id: true },
  });
  const admin = await db.roleAssignment.findFirstOrThrow({ where: { schoolId, role: 'SCHOOL_ADMIN' } });
  const [child] = childIds;
  if (!teacher.userId || !parent.userId || !child) throw new Error('the seeded school lacks users');
  return {
    teacherUserId: teacher.userId,
    taughtStudentId: taught.studentId,
    untaughtStudentId: untaught.id,
    sectionId: taught.sectionId,
    parentUserId: parent.userId,
    childId: child,
    adminUserId: admin.userId,
  };
}

async function numsub(stack: TestEndpoint, channel: string): Promise<number> {
  const reply = (await stack.resources.redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** Polls until `read` returns `expected`; resolves to the milliseconds it took. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const value = await read();
    if (value === expected) return performance.now() - started;
    if (performance.now() - started > timeoutMs)
      throw new Error(`still ${String(value)}, expected ${String(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function submitted(studentId: string, sectionId: string) {
  return { homeworkId: randomUUID(), sectionId, studentId, submissionId: randomUUID() };
}

describe.each(['all-in-one', 'distributed'] as const)('subscriptions through the gateway, %s', (topology) => {
  const servers: GatewayServer[] = [];
  let stack: TestEndpoint;
  let school: School;
  let other: School;
  let cast: Cast;
  let tokens: { teacher: string; parent: string; admin: string; otherAdmin: string };
  const open: Subscription[] = [];

  const track = <T extends Subscription>(subscription: T): T => {
    open.push(subscription);
    return subscription;
  };

  beforeAll(async () => {
    stack = await startGatewayStack(liveGateway(servers), topology);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 60 }),
      createTestSchool(stack.resources.db, { students: 10 }),
    ]);
    cast = await castOf(stack.resources.db, school.schoolId);
    const otherAdmin = await stack.resources.db.roleAssignment.findFirstOrThrow({
      where: { schoolId: other.schoolId, role: 'SCHOOL_ADMIN' },
    });
    tokens = {
      teacher: await tokenForUser(stack.resources, school.schoolId, cast.teacherUserId),
      parent: await tokenForUser(stack.resources, school.schoolId, cast.parentUserId),
      admin: await tokenForUser(stack.resources, school.schoolId, cast.adminUserId),
      otherAdmin: await tokenForUser(stack.resources, other.schoolId, otherAdmin.userId),
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((subscription) => subscription.dispose()));
    await Promise.allSettled([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  it('serves every Subscription field of the supergraph from the table', () => {
    expect(servers[0]?.subscriptions.problems()).toEqual([]);
  });

  it.each(['graphql-ws', 'sse'] as const)(
    "a teacher's %s subscription gets the student now, then again after an event",
    async (transport) => {
      const subscribe = transport === 'graphql-ws' ? subscribeOverWebSocket : subscribeOverSse;
      const subscription = track(
        subscribe(stack.url, bearer(tokens.teacher), STUDENT, { id: cast.taughtStudentId }),
      );
      const first = await subscription.collector.result(1);
      expect(first.errors).toBeUndefined();
      expect(first.data).toMatchObject({ student: { id: cast.taughtStudentId } });

      // A change the subscriber can only see by a fresh read through the gateway and the subgraphs.
      const renamed = `Renamed ${randomUUID().slice(0, 8)}`;
      await stack.resources.db.student.update({
        where: { id: cast.taughtStudentId },
        data: { givenName: renamed },
      });
      await clearTenantCache(stack.resources, school.schoolId);
      await stack.app.events.publish(
        'homeworkSubmitted',
        school.schoolId,
        submitted(cast.taughtStudentId, cast.sectionId),
      );
      const second = await subscription.collector.result(2);
      expect(second.errors).toBeUndefined();
      expect((second.data?.['student'] as { fullName: string }).fullName).toContain(renamed);

      // An event about another student does not push anything.
      await stack.app.events.publish(
        'homeworkSubmitted',
        school.schoolId,
        submitted(cast.untaughtStudentId, cast.sectionId),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscription.collector.results).toHaveLength(2);
      await subscription.dispose();
    },
  );

  describe('refusals', () => {
    const closeOf = (failure: unknown) => failure as { code?: number; reason?: string };
    const statusOf = (failure: unknown) => (failure as { response?: { status?: number } }).response?.status;
    const errorsOf = (failure: unknown) =>
      failure as { message: string; extensions?: Record<string, unknown> }[];

    it.each([
      ['no token', {}],
      ['a bad token', bearer('not.a.token')],
    ])('graphql-ws with %s: the connection is closed (4403, UNAUTHENTICATED)', async (_name, params) => {
      const before = servers[0]?.subscriptions.stats().subscribeExecutions;
      const subscription = track(
        subscribeOverWebSocket(stack.url, params, STUDENT, { id: cast.taughtStudentId }),
      );
      await subscription.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(subscription.collector.results).toEqual([]);
      expect(closeOf(subscription.collector.failure).code).toBe(4403);
      expect(closeOf(subscription.collector.failure).reason).toMatch(/^UNAUTHENTICATED/);
      expect(servers[0]?.subscriptions.stats().subscribeExecutions).toBe(before);
    });

    it.each([
      ['no token', {}],
      ['a bad token', bearer('not.a.token')],
    ])('SSE with %s: 401, nothing streamed', async (_name, headers) => {
      const subscription = track(subscribeOverSse(stack.url, headers, STUDENT, { id: cast.taughtStudentId }));
      await subscription.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(subscription.collector.results).toEqual([]);
      expect(statusOf(subscription.collector.failure)).toBe(401);
    });

    it.each([
      ['a teacher, for a student outside their sections', 'teacher', 'untaughtStudentId'],
      ['a parent, for a child not theirs', 'parent', 'untaughtStudentId'],
    ] as const)('%s: FORBIDDEN by the subgraph, over graphql-ws and SSE', async (_name, who, studentKey) => {
      const variables = { id: cast[studentKey] };
      const ws = track(subscribeOverWebSocket(stack.url, bearer(tokens[who]), STUDENT, variables));
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(ws.collector.results).toEqual([]);
      expect(errorsOf(ws.collector.failure).map((error) => error.extensions?.['code'])).toEqual([
        'FORBIDDEN',
      ]);

      const sse = track(subscribeOverSse(stack.url, bearer(tokens[who]), STUDENT, variables));
      await sse.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(statusOf(sse.collector.failure)).toBe(403);
    });

    it('a parent may follow their own child', async () => {
      const ws = track(
        subscribeOverWebSocket(stack.url, bearer(tokens.parent), STUDENT, { id: cast.childId }),
      );
      expect((await ws.collector.result(1)).data).toMatchObject({ student: { id: cast.childId } });
      await ws.dispose();
    });

    it('another school named in x-school-id: FORBIDDEN at connection_init and on SSE', async () => {
      const params = { ...bearer(tokens.teacher), 'x-school-id': other.schoolId };
      const ws = track(subscribeOverWebSocket(stack.url, params, STUDENT, { id: cast.taughtStudentId }));
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(closeOf(ws.collector.failure).code).toBe(4403);
      expect(closeOf(ws.collector.failure).reason).toMatch(/^FORBIDDEN/);

      const sse = track(subscribeOverSse(stack.url, params, STUDENT, { id: cast.taughtStudentId }));
      await sse.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(statusOf(sse.collector.failure)).toBe(403);
    });

    it("another school's student id: not found, and that school's events never arrive", async () => {
      const ws = track(
        subscribeOverWebSocket(stack.url, bearer(tokens.otherAdmin), STUDENT, { id: cast.taughtStudentId }),
      );
      expect((await ws.collector.result(1)).data).toEqual({ student: null });
      await stack.app.events.publish(
        'homeworkSubmitted',
        school.schoolId,
        submitted(cast.taughtStudentId, cast.sectionId),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ws.collector.results).toHaveLength(1);
      await ws.dispose();
    });

    it('operation limits apply to subscription documents, before anything runs', async () => {
      const before = servers[0]?.subscriptions.stats().subscribeExecutions;
      const aliases = Array.from({ length: 20 }, (_, index) => `a${index}: id`).join(' ');
      const ws = track(
        subscribeOverWebSocket(
          stack.url,
          bearer(tokens.admin),
          `subscription ($id: ID!) { student(id: $id) { ${aliases} } }`,
          { id: cast.taughtStudentId },
        ),
      );
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(errorsOf(ws.collector.failure)[0]?.message).toMatch(/alias/i);
      expect(servers[0]?.subscriptions.stats().subscribeExecutions).toBe(before);
    });

    it('queries and mutations are not run over the subscription transports', async () => {
      const ws = track(subscribeOverWebSocket(stack.url, bearer(tokens.admin), '{ school { id } }'));
      await ws.collector.until((collector) => collector.ended, 5_000, 'the refusal');
      expect(errorsOf(ws.collector.failure).map((error) => error.extensions?.['code'])).toEqual([
        'BAD_USER_INPUT',
      ]);
    });
  });

  describe('token lifetime', () => {
    it('a revoked token ends the subscription (UNAUTHENTICATED), without waiting for an event', async () => {
      const ws = track(
        subscribeOverWebSocket(stack.url, bearer(tokens.parent), STUDENT, { id: cast.childId }),
      );
      await ws.collector.result(1);
      const sse = track(subscribeOverSse(stack.url, bearer(tokens.parent), STUDENT, { id: cast.childId }));
      await sse.collector.result(1);
      const revokedAt = new Date();
      await stack.resources.db.user.update({
        where: { id: cast.parentUserId },
        data: { tokensValidAfter: revokedAt },
      });
      await tokenRevocations(stack.app).publish(school.schoolId, cast.parentUserId, revokedAt);

      await ws.collector.until((collector) => collector.ended, 5_000, 'the end');
      expect(
        (ws.collector.failure as Received['errors'])?.map((error) => error.extensions?.['code']),
      ).toEqual(['UNAUTHENTICATED']);
      // SSE has no error event: the error comes as a result, then the stream completes.
      await sse.collector.until((collector) => collector.completed, 5_000, 'the end');
      expect(codesOf(sse.collector.results.at(-1))).toEqual(['UNAUTHENTICATED']);
      tokens.parent = await tokenForUser(stack.resources, school.schoolId, cast.parentUserId);
    });

    it('an expiring token ends the subscription when it expires', async () => {
      const { config, logger } = stack.resources;
      const issuer = new AccessTokenIssuer(processKeyRing(config, logger), {
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        ttlSeconds: 2,
      });
      const roles = ['TEACHER'] as const;
      const { token, expiresAt } = await issuer.issue({
        userId: cast.teacherUserId,
        schoolId: school.schoolId,
        roles,
        sessionId: randomUUID(),
      });
      const ws = track(
        subscribeOverWebSocket(stack.url, bearer(token), STUDENT, { id: cast.taughtStudentId }),
      );
      await ws.collector.result(1);
      await ws.collector.until((collector) => collector.ended, 5_000, 'the expiry');
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime() - 50);
      expect((ws.collector.failure as Received['errors'])?.[0]?.message).toMatch(/expired/);
    });
  });

  describe('releasing Redis', () => {
    const channel = () => eventChannel('homeworkSubmitted', school.schoolId);

    it.each(['complete', 'socket close', 'SSE disconnect'] as const)(
      'on %s the Redis subscription is released at once',
      async (how) => {
        await eventually(() => numsub(stack, channel()), 0);
        const subscription = track(
          how === 'SSE disconnect'
            ? subscribeOverSse(stack.url, bearer(tokens.teacher), STUDENT, { id: cast.taughtStudentId })
            : subscribeOverWebSocket(stack.url, bearer(tokens.teacher), STUDENT, {
                id: cast.taughtStudentId,
              }),
        );
        await subscription.collector.result(1);
        expect(await numsub(stack, channel())).toBe(1);
        if (how === 'socket close' && 'client' in subscription) {
          (subscription.client as { terminate(): void }).terminate();
        } else {
          subscription.unsubscribe();
        }
        const ms = await eventually(() => numsub(stack, channel()), 0, 1_000);
        expect(ms).toBeLessThan(500);
        expect(servers[0]?.subscriptions.stats().subscribers).toBe(0);
      },
    );
  });
});
