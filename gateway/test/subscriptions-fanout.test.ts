// Fan-out and slow clients (issue 4, point 7): an event executes each group's backing query once and
// reaches every subscriber; groups never mix viewers who could see different data; a client that
// stops reading holds one snapshot at most and slows nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { clearTenantCache, createTestSchool, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { startGatewayStack } from '@schools24/testkit';
import type { GatewayServer } from '../src/index.js';
import {
  bearer,
  liveGateway,
  subscribeOverWebSocket,
  wsUrl,
  type Subscription,
} from './subscriptions-support.js';

type School = Awaited<ReturnType<typeof createTestSchool>>;

const SECTION = `subscription Section($id: ID!) { section(id: $id) { id name displayName } }`;
const STUDENT = `subscription Student($id: ID!) { student(id: $id) { id fullName } }`;
const FANOUT = 200;

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe.each(['all-in-one', 'distributed'] as const)('fan-out, %s', (topology) => {
  const servers: GatewayServer[] = [];
  let stack: TestEndpoint;
  let school: School;
  let sectionId: string;
  let studentId: string;
  let tokens: { admin: string; teacher: string };
  const open: Subscription[] = [];

  beforeAll(async () => {
    // A generous cost budget for the slow-client test's deliberately large result; limits are tested
    // elsewhere. A long keep-alive, so the stalled client is not dropped as dead mid-test.
    stack = await startGatewayStack(liveGateway(servers), topology, {
      GRAPHQL_MAX_COST: 1_000_000,
      SUBSCRIPTION_KEEPALIVE_MS: 60_000,
    });
    school = await createTestSchool(stack.resources.db, { students: 200 });
    const { db } = stack.resources;
    const teacher = await db.teacher.findFirstOrThrow({
      where: { schoolId: school.schoolId, userId: { not: null }, classSections: { some: {} } },
      select: { userId: true, classSections: { select: { id: true }, take: 1 } },
    });
    const [section] = teacher.classSections;
    if (!section || !teacher.userId) throw new Error('no class teacher');
    sectionId = section.id;
    studentId = (
      await db.enrolment.findFirstOrThrow({
        where: { schoolId: school.schoolId, sectionId, status: 'ACTIVE' },
      })
    ).studentId;
    const admin = await db.roleAssignment.findFirstOrThrow({
      where: { schoolId: school.schoolId, role: 'SCHOOL_ADMIN' },
    });
    tokens = {
      admin: await tokenForUser(stack.resources, school.schoolId, admin.userId),
      teacher: await tokenForUser(stack.resources, school.schoolId, teacher.userId),
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((subscription) => subscription.dispose()));
    await school?.remove();
    await stack?.stop();
  });

  const stats = () => {
    const server = servers[0];
    if (!server) throw new Error('no gateway');
    return server.subscriptions.stats();
  };

  it(`one event reaches ${FANOUT} WebSocket subscribers with ONE execution per group`, async () => {
    const subscribers = Array.from({ length: FANOUT }, () =>
      subscribeOverWebSocket(stack.url, bearer(tokens.admin), SECTION, { id: sectionId }),
    );
    open.push(...subscribers);
    await Promise.all(subscribers.map((subscriber) => subscriber.collector.result(1, 60_000)));
    // A viewer with other roles is another group, even for the same document and variables.
    const teacher = subscribeOverWebSocket(stack.url, bearer(tokens.teacher), SECTION, { id: sectionId });
    open.push(teacher);
    await teacher.collector.result(1);
    expect(stats().groups).toBe(2);

    const rounds: number[][] = [];
    for (let round = 1; round <= 3; round += 1) {
      const before = stats().eventExecutions;
      const published = performance.now();
      await stack.app.events.publish('leaderboardChanged', school.schoolId, {
        scope: `section:${sectionId}`,
        version: round,
      });
      await Promise.all(
        [...subscribers, teacher].map((subscriber) => subscriber.collector.result(round + 1, 30_000)),
      );
      const latencies = subscribers.map(
        (subscriber) => (subscriber.collector.arrivals[round] ?? 0) - published,
      );
      rounds.push(latencies);
      expect(stats().eventExecutions - before).toBe(2);
    }
    const all = rounds.flat();
    console.info(
      `[fan-out ${topology}] ${FANOUT} subscribers, one event: ` +
        rounds
          .map(
            (latencies) =>
              `p50 ${percentile(latencies, 50).toFixed(1)} ms, last ${Math.max(...latencies).toFixed(1)} ms`,
          )
          .join(' | ') +
        ` (overall p99 ${percentile(all, 99).toFixed(1)} ms)`,
    );
    for (const subscriber of subscribers) {
      expect(subscriber.collector.results[3]).toEqual(subscriber.collector.results[1]);
    }
    await Promise.all([...subscribers, teacher].map((subscriber) => subscriber.dispose()));
    await waitFor(() => stats().subscribers === 0);
  }, 120_000);

  it("per-viewer fields: one execution per viewer, shared by that viewer's subscriptions only", async () => {
    const subscribers = [
      subscribeOverWebSocket(stack.url, bearer(tokens.admin), STUDENT, { id: studentId }),
      subscribeOverWebSocket(stack.url, bearer(tokens.admin), STUDENT, { id: studentId }),
      subscribeOverWebSocket(stack.url, bearer(tokens.teacher), STUDENT, { id: studentId }),
      subscribeOverWebSocket(stack.url, bearer(tokens.teacher), STUDENT, { id: studentId }),
    ];
    open.push(...subscribers);
    await Promise.all(subscribers.map((subscriber) => subscriber.collector.result(1)));
    expect(stats().groups).toBe(2);
    const before = stats().eventExecutions;
    await stack.app.events.publish('homeworkGraded', school.schoolId, {
      homeworkId: crypto.randomUUID(),
      sectionId,
      studentId,
      submissionId: crypto.randomUUID(),
    });
    await Promise.all(subscribers.map((subscriber) => subscriber.collector.result(2)));
    expect(stats().eventExecutions - before).toBe(2);
    await Promise.all(subscribers.map((subscriber) => subscriber.dispose()));
  });

  // Queueing is the gateway's alone, the same in both topologies. All-in-one only: the testkit's
  // distributed stack resets config overrides (the cost budget, the keep-alive) to their defaults.
  it.runIf(topology === 'all-in-one')(
    'a client that stops reading holds one snapshot and does not slow the others',
    async () => {
      // A large result (every enrolment of the year, several times: a few hundred KB), so the stalled
      // socket's buffers fill after a few dozen events.
      const enrolments = Array.from(
        { length: 8 },
        (_, index) =>
          `e${index}: sections { enrolments(first: 100) { edges { node { id rollNumber student { id fullName admissionNumber } } } } }`,
      ).join(' ');
      const document = `subscription Board($id: ID!) { section(id: $id) { id name academicYear { ${enrolments} } } }`;

      // The slow client speaks graphql-transport-ws by hand so it can stop reading its socket.
      const slow = new WebSocket(wsUrl(stack.url), 'graphql-transport-ws');
      const slowMessages: { type: string; payload?: { data?: { section?: { name?: string } } } }[] = [];
      slow.on('message', (data: Buffer) =>
        slowMessages.push(JSON.parse(data.toString()) as (typeof slowMessages)[number]),
      );
      await new Promise((resolve, reject) => slow.once('open', resolve).once('error', reject));
      slow.send(JSON.stringify({ type: 'connection_init', payload: bearer(tokens.admin) }));
      // The first result is large (hundreds of KB): on a loaded machine it can take a while.
      const until = (condition: () => boolean) => waitFor(condition, 60_000);
      await until(() => slowMessages.some((message) => message.type === 'connection_ack'));
      slow.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: document, variables: { id: sectionId } },
        }),
      );
      await until(() => slowMessages.some((message) => message.type === 'next'));
      const size = JSON.stringify(slowMessages.find((message) => message.type === 'next')).length;
      slow.pause();

      const fast = subscribeOverWebSocket(stack.url, bearer(tokens.admin), document, { id: sectionId });
      open.push(fast);
      await fast.collector.result(1);

      const events = Math.max(30, Math.ceil((10 * 1024 * 1024) / size));
      const latencies: number[] = [];
      for (let version = 1; version <= events; version += 1) {
        await stack.resources.db.section.update({ where: { id: sectionId }, data: { name: `v${version}` } });
        await clearTenantCache(stack.resources, school.schoolId);
        const published = performance.now();
        await stack.app.events.publish('leaderboardChanged', school.schoolId, {
          scope: `section:${sectionId}`,
          version,
        });
        await fast.collector.result(version + 1);
        latencies.push((fast.collector.arrivals[version] ?? 0) - published);
      }
      const names = fast.collector.results
        .slice(1)
        .map((result) => (result.data?.['section'] as { name: string }).name);
      expect(names).toEqual(Array.from({ length: events }, (_, index) => `v${index + 1}`));
      expect(stats().maxQueued).toBe(1);
      console.info(
        `[slow client ${topology}] ${events} events of ${(size / 1024).toFixed(0)} KB; fast client p50 ` +
          `${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
      );

      // Reading again, the slow client catches up with fewer messages, ending on the latest state.
      slow.resume();
      await until(
        () =>
          slowMessages.filter((message) => message.type === 'next').at(-1)?.payload?.data?.section?.name ===
          `v${events}`,
      );
      const delivered = slowMessages.filter((message) => message.type === 'next').length - 1;
      console.info(`[slow client ${topology}] received ${delivered} of ${events} results once it read again`);
      expect(delivered).toBeLessThan(events);
      slow.close();
      await fast.dispose();
    },
    180_000,
  );
});
