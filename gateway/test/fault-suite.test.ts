import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { TcpProxy, TestRedisServer } from '@schools24/test-servers';
import { createTestSchool, signTestToken, startGatewayStack, type TestEndpoint } from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

// Issue 4, point 10: ≥ 10,000 homework submissions through the public API while the flushing
// workers are SIGKILLed at random moments, the buffer's Redis is SIGKILLed and restarted from its
// AOF, and PostgreSQL is unreachable for a while; clients retry like a real app. Afterwards every
// acknowledged submission is in PostgreSQL exactly once.
//
// Isolation: the buffer Redis is this test's own redis-server (AOF, appendfsync always); the outage
// is a TCP proxy in front of PostgreSQL that only this test's gateway and workers use.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUBMISSIONS = Number(process.env['FAULT_SUITE_SUBMISSIONS'] ?? 10_000);
const PG_OUTAGE_MS = Number(process.env['FAULT_SUITE_PG_OUTAGE_MS'] ?? 30_000);
const WORKER_KILLS = 5;
const CLIENTS = 48;
const WORKERS = 2;

/** Answers a retry cannot change: the suite fails at once instead of retrying forever. */
const PERMANENT = new Set([
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
]);

const SUBMIT = /* GraphQL */ `
  mutation FaultSuiteSubmit($input: SubmitHomeworkInput!) {
    submitHomework(input: $input) {
      isDuplicate
      submission {
        id
        status
      }
      userErrors {
        code
        message
      }
    }
  }
`;

const SEE_HOMEWORK = /* GraphQL */ `
  query FaultSuiteHomework($id: ID!) {
    homework(id: $id) {
      id
    }
  }
`;

interface SubmitResult {
  data?: {
    submitHomework: {
      isDuplicate: boolean;
      submission: { id: string; status: string } | null;
      userErrors: { code: string; message: string }[];
    };
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Task {
  homeworkId: string;
  token: string;
  idempotencyId: string;
}

/** One flushing worker process (`npm run start:worker`), restartable under a new consumer name. */
class WorkerProcess {
  private child: ChildProcess | undefined;
  private generation = 0;
  output = '';

  constructor(
    private readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.generation += 1;
    const child = spawn('node_modules/.bin/tsx', ['gateway/src/cli/worker.ts'], {
      cwd: ROOT,
      env: { ...this.env, WRITE_BUFFER_CONSUMER: `${this.name}-${this.generation}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)),
    );
    this.child = child;
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

async function submit(url: string, task: Task): Promise<SubmitResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${task.token}` },
    body: JSON.stringify({
      query: SUBMIT,
      variables: {
        input: { homeworkId: task.homeworkId, idempotencyId: task.idempotencyId, text: 'answer' },
      },
    }),
    signal: AbortSignal.timeout(15_000),
  });
  return (await response.json()) as SubmitResult;
}

describe('fault suite: acknowledged submissions survive worker kills, a buffer Redis crash and a PostgreSQL outage', () => {
  let bufferRedis: TestRedisServer;
  let pgProxy: TcpProxy;
  let stack: TestEndpoint;
  let school: Awaited<ReturnType<typeof createTestSchool>>;
  const workers: WorkerProcess[] = [];
  let tasks: Task[] = [];
  /** Students taking part: the outage starts once each has submitted once (their facts are warm). */
  let studentCount = 0;

  beforeAll(async () => {
    bufferRedis = await TestRedisServer.start();
    const appUrl = new URL(config().DATABASE_URL);
    pgProxy = await TcpProxy.start(appUrl.hostname, Number(appUrl.port || 5432));
    const proxiedUrl = new URL(appUrl);
    proxiedUrl.port = String(pgProxy.port);
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, 'all-in-one', {
      DATABASE_URL: proxiedUrl.toString(),
      REDIS_BUFFER_URL: bufferRedis.url,
      WRITE_BUFFER_MAX_PENDING: SUBMISSIONS * 2,
    });
    for (let index = 0; index < WORKERS; index += 1) {
      const worker = new WorkerProcess(`fault-worker-${index}`, {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'warn',
        WORKER_PORT: '0',
        DATABASE_URL: proxiedUrl.toString(),
        REDIS_URL: config().REDIS_URL,
        REDIS_BUFFER_URL: bufferRedis.url,
        // Reclaim a killed worker's entries quickly; back-off must stay below the claim time.
        WRITE_BUFFER_CLAIM_IDLE_MS: '3000',
        WRITE_BUFFER_BACKOFF_MAX_MS: '1000',
        AUTH_SIGNING_KEYS: '',
      });
      worker.start();
      workers.push(worker);
    }

    // A school whose students with accounts each have one section's worth of homework to hand in.
    const { db } = stack.resources;
    school = await createTestSchool(db, { students: 360, teachers: 12 });
    const year = await db.academicYear.findFirstOrThrow({
      where: { schoolId: school.schoolId, isCurrent: true },
    });
    const admin = await db.roleAssignment.findFirstOrThrow({
      where: { schoolId: school.schoolId, role: 'SCHOOL_ADMIN' },
    });
    const subject = await db.subject.findFirstOrThrow({ where: { schoolId: school.schoolId } });
    const enrolments = await db.enrolment.findMany({
      where: {
        schoolId: school.schoolId,
        academicYearId: year.id,
        status: 'ACTIVE',
        student: { userId: { not: null } },
      },
      select: { sectionId: true, student: { select: { userId: true } } },
    });
    const students = enrolments.length;
    const perStudent = Math.ceil(SUBMISSIONS / students);
    const sectionIds = [...new Set(enrolments.map((enrolment) => enrolment.sectionId))];
    const homeworkBySection = new Map<string, string[]>();
    for (const sectionId of sectionIds) {
      const ids = Array.from({ length: perStudent }, () => randomUUID());
      homeworkBySection.set(sectionId, ids);
      await db.homework.createMany({
        data: ids.map((id, index) => ({
          id,
          schoolId: school.schoolId,
          sectionId,
          subjectId: subject.id,
          assignedByUserId: admin.userId,
          title: `Fault suite ${index + 1}`,
          instructions: 'Answer in a sentence.',
          dueAt: new Date(Date.now() + 86_400_000),
          maxPoints: 10,
          allowedFileTypes: [],
          maxFileBytes: 0,
        })),
      });
    }
    const perStudentTasks: Task[][] = [];
    for (const enrolment of enrolments) {
      const userId = enrolment.student.userId;
      if (!userId) continue;
      const token = await signTestToken(stack.resources, {
        userId,
        schoolId: school.schoolId,
        roles: ['STUDENT'],
      });
      perStudentTasks.push(
        (homeworkBySection.get(enrolment.sectionId) ?? []).map((homeworkId) => ({
          homeworkId,
          token,
          idempotencyId: randomUUID(),
        })),
      );
    }
    studentCount = perStudentTasks.length;
    // Students have seen their homework in the app before they hand it in: the homework is in the
    // cache (as the student's own facts will be after their first submission).
    for (const homeworkId of [...homeworkBySection.values()].flat()) {
      const { body } = await stack.graphql(SEE_HOMEWORK, { id: homeworkId }, { schoolId: school.schoolId });
      expect(body.errors).toBeUndefined();
    }
    // Round robin over the students, as a class hands in one homework after another.
    for (let round = 0; round < perStudent; round += 1) {
      for (const studentTasks of perStudentTasks) {
        const task = studentTasks[round];
        if (task) tasks.push(task);
      }
    }
    tasks = tasks.slice(0, Math.max(SUBMISSIONS, 0));
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(workers.map((worker) => worker.kill('SIGTERM')));
    await school?.remove();
    await stack?.stop();
    await pgProxy?.close();
    await bufferRedis?.stop();
  });

  it('stores every acknowledged submission exactly once', { timeout: 600_000 }, async () => {
    expect(tasks.length).toBe(SUBMISSIONS);
    const url = stack.url;
    const acknowledged = new Set<string>();
    let acknowledgedDuringOutage = 0;
    const samples = new Map<string, string>();
    const retriesByReason = new Map<string, number>();
    const countRetry = (reason: string) =>
      retriesByReason.set(reason, (retriesByReason.get(reason) ?? 0) + 1);
    const started = Date.now();

    // Clients: each takes the next task and retries it (same idempotency id) until acknowledged.
    let next = 0;
    const client = async () => {
      for (let task = tasks[next++]; task; task = tasks[next++]) {
        for (let attempt = 0; ; attempt += 1) {
          let reason: string;
          try {
            const result = await submit(url, task);
            const payload = result.data?.submitHomework;
            if (payload?.submission) {
              acknowledged.add(task.idempotencyId);
              if (pgProxy.cutOff) acknowledgedDuringOutage += 1;
              break;
            }
            reason = payload?.userErrors[0]?.code ?? result.errors?.[0]?.extensions?.code ?? 'NO_ANSWER';
            if (!samples.has(reason)) samples.set(reason, JSON.stringify(result).slice(0, 200));
            if ((payload && payload.userErrors.length > 0) || PERMANENT.has(reason)) {
              throw new Error(
                `submission refused for good: ${JSON.stringify(payload?.userErrors ?? result.errors)}`,
              );
            }
          } catch (error) {
            if (error instanceof Error && error.message.startsWith('submission refused')) throw error;
            reason = 'NETWORK';
          }
          countRetry(reason);
          await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
        }
      }
    };

    // Chaos, while the clients run.
    const chaosLog: string[] = [];
    const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const chaos = async () => {
      const killWorkers = (async () => {
        for (let kill = 0; kill < WORKER_KILLS; kill += 1) {
          await sleep(2_000 + Math.random() * 4_000);
          const worker = workers[Math.floor(Math.random() * workers.length)];
          if (!worker) continue;
          await worker.kill('SIGKILL');
          chaosLog.push(`${at()} SIGKILL worker`);
          worker.start();
        }
      })();
      const crashRedis = (async () => {
        await sleep(5_000 + Math.random() * 3_000);
        await bufferRedis.kill();
        chaosLog.push(`${at()} SIGKILL buffer Redis`);
        await sleep(2_000);
        await bufferRedis.launch();
        chaosLog.push(`${at()} buffer Redis restarted from its AOF`);
      })();
      const cutPostgres = (async () => {
        // A student's app has talked to the school before an outage: wait for one round of
        // submissions, so the buffer can be shown absorbing writes while PostgreSQL is away.
        await sleep(5_000);
        while (acknowledged.size < studentCount) await sleep(200);
        pgProxy.cut();
        chaosLog.push(`${at()} PostgreSQL cut off`);
        await sleep(PG_OUTAGE_MS);
        pgProxy.restore();
        chaosLog.push(`${at()} PostgreSQL back`);
      })();
      await Promise.all([killWorkers, crashRedis, cutPostgres]);
    };

    const progress = setInterval(() => {
      const retries = [...retriesByReason].map(([reason, count]) => `${reason} ${count}`).join(', ');
      process.stdout.write(
        `fault suite ${at()}: acknowledged ${acknowledged.size}/${tasks.length}; retries ${retries}; samples ${[...samples.values()].join(' | ')}\n`,
      );
      samples.clear();
    }, 5_000);
    try {
      await Promise.all([...Array.from({ length: CLIENTS }, client), chaos()]);
    } finally {
      clearInterval(progress);
    }
    const acknowledgedAt = Date.now();

    // Drain: every acknowledged entry reaches PostgreSQL.
    const { db } = stack.resources;
    const deadline = Date.now() + 120_000;
    let stored = 0;
    while (Date.now() < deadline) {
      stored = await db.homeworkSubmission.count({ where: { schoolId: school.schoolId } });
      if (stored >= acknowledged.size) break;
      await sleep(500);
    }
    const rows = await db.homeworkSubmission.groupBy({
      by: ['idempotencyId'],
      where: { schoolId: school.schoolId },
      _count: { _all: true },
    });
    const duplicated = rows.filter((row) => row._count._all > 1).length;
    const storedIds = new Set(rows.map((row) => row.idempotencyId));
    const missing = [...acknowledged].filter((id) => !storedIds.has(id));
    const unacknowledged = [...storedIds].filter((id) => !acknowledged.has(id));

    process.stdout.write(
      [
        'fault suite:',
        `  submissions sent ${tasks.length}, acknowledged ${acknowledged.size}`,
        `  retries ${[...retriesByReason].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none'}`,
        `  chaos: ${chaosLog.join('; ')}`,
        `  acknowledged in ${((acknowledgedAt - started) / 1000).toFixed(1)} s, drained ${((Date.now() - acknowledgedAt) / 1000).toFixed(1)} s later`,
        `  acknowledged while PostgreSQL was cut off: ${acknowledgedDuringOutage}`,
        `  stored ${storedIds.size} rows, missing ${missing.length}, duplicated ${duplicated}, stored but never acknowledged ${unacknowledged.length}`,
        '',
      ].join('\n'),
    );
    expect(chaosLog.filter((line) => line.includes('SIGKILL worker'))).toHaveLength(WORKER_KILLS);
    expect(acknowledged.size).toBe(tasks.length);
    // The buffer kept accepting submissions while PostgreSQL was down (known students, warm facts).
    expect(acknowledgedDuringOutage).toBeGreaterThan(0);
    // Outages are answered as what they are (retryable), never as a masked internal error.
    expect(retriesByReason.get('INTERNAL_SERVER_ERROR') ?? 0).toBe(0);
    expect(missing).toEqual([]);
    expect(duplicated).toBe(0);
    // A client that timed out may have been acknowledged by the server all the same: such a row is
    // the same submission (same idempotency id) and is counted in `acknowledged` on the retry.
    expect(unacknowledged).toEqual([]);
  });
});
