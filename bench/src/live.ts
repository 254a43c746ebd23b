/*
 * `npm run bench:live`: leaderboard events fanned out to WebSocket subscribers (issue 4, point 12).
 *
 * A real all-in-one gateway process (the write buffer on a redis-server of its own). N graphql-ws
 * clients, each its own socket, subscribe to `leaderboard(scope, first: 10)` of one section of the
 * seeded school BENCH; a teacher grades a STORED submission through the gateway and every client
 * times the arrival of the new version. Three cases: a realistic mix of viewers (the admin, the
 * section's teachers and its students, round robin) on a classroom board that shows name tags
 * (grouped per role set: one execution per role set and event); the same mix on a board that
 * selects `entries.student` (identity authorizes each record per viewer, so one execution per
 * viewer and event); and one shared viewer (a smart board's token reused by every client: one
 * execution per event). Then memory: S sockets with K idle subscriptions each, the
 * gateway's RSS (and heap, when its /metrics has it) before, after the sockets, after the
 * subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { generateSigningJwk } from '@schools24/auth';
import { config } from '@schools24/config';
import { createDatabase, type Role } from '@schools24/db';
import { TestRedisServer } from '@schools24/test-servers';
import { BENCH_DATABASE, prepareBenchDatabase } from './database.js';
import {
  BENCH_HOMEWORK_PREFIX,
  createHomework,
  loadAverage,
  log,
  readMetrics,
  READY_TIMEOUT_MS,
  removeBenchHomework,
  ROOT,
  schoolCast,
  serverEnv,
  TokenSigner,
  TSX,
} from './homework-setup.js';
import { assertPortFree, memoryMiB, Service } from './processes.js';
import { formatFixed, formatInteger, markdownTable, percentile } from './stats.js';
import { runBenchCli } from './cli.js';

const USAGE = `Usage: npm run bench:live -- [options]

Options:
  --subscribers N   WebSocket clients for the delivery measurement (default 1000)
  --events N        grades (leaderboard events) per case (default 5)
  --idle-sockets S  sockets for the memory measurement (default 1000)
  --idle-per-socket K  idle subscriptions on each of them (default 10; S x K = 10,000)
  --port-base P     ports P and P+10..P+14 (default 4450)
  -h, --help        show this help`;

/** What a classroom's screens show: nothing with per-record rules, so shared per role set. */
const CLASSROOM_BOARD = `subscription ($scope: LeaderboardScopeInput!) {
  leaderboard(scope: $scope, first: 10) { version totalCount entries { rank score nameTag { id displayName } } }
}`;
/** The same standings with each entry's student record: served per viewer. */
const STUDENT_RECORDS_BOARD = `subscription ($scope: LeaderboardScopeInput!) {
  leaderboard(scope: $scope, first: 10) { version totalCount entries { rank score student { id } } }
}`;
const GRADE = `mutation ($input: GradeSubmissionInput!) {
  gradeSubmission(input: $input) { submission { id points } userErrors { code } }
}`;
const TERM_NAME = 'Bench leaderboard term';
const DAY_MS = 86_400_000;

interface Options {
  subscribers: number;
  events: number;
  idleSockets: number;
  idlePerSocket: number;
  portBase: number;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      subscribers: { type: 'string', default: '1000' },
      events: { type: 'string', default: '5' },
      'idle-sockets': { type: 'string', default: '1000' },
      'idle-per-socket': { type: 'string', default: '10' },
      'port-base': { type: 'string', default: '4450' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const whole = (name: string, raw: string) => {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    subscribers: whole('subscribers', values.subscribers),
    events: whole('events', values.events),
    idleSockets: whole('idle-sockets', values['idle-sockets']),
    idlePerSocket: whole('idle-per-socket', values['idle-per-socket']),
    portBase: whole('port-base', values['port-base']),
  };
}

interface Board {
  version?: string;
}

/** One socket and what its subscriptions received: the highest version and when each arrived. */
class Subscriber {
  readonly client: Client;
  readonly arrivals = new Map<string, number>();
  received = 0;
  failure: string | undefined;
  constructor(url: string, token: string) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      shouldRetry: () => false,
      lazy: false,
      keepAlive: 0,
      onNonLazyError: (error) => {
        this.failure = error instanceof Error ? error.message : JSON.stringify(error);
      },
    });
    this.connected = new Promise((resolve, reject) => {
      this.client.on('connected', () => resolve());
      this.client.on('closed', (event) => reject(new Error(`socket closed: ${JSON.stringify(event)}`)));
    });
    // A rejection before anyone awaits it (a socket closed at the end) is not a crash.
    this.connected.catch(() => undefined);
  }

  /** Resolves once the server acknowledged connection_init (listened for from the start). */
  readonly connected: Promise<void>;

  /** Subscribes; resolves with the first result (authorization happens there). */
  subscribe(scope: Record<string, string>, query = CLASSROOM_BOARD): Promise<void> {
    return new Promise((resolve, reject) => {
      let first = true;
      this.client.subscribe<{ leaderboard: Board | null }>(
        { query, variables: { scope } },
        {
          next: (result) => {
            const now = performance.now();
            this.received += 1;
            const version = result.data?.leaderboard?.version;
            if (result.errors || !version) {
              this.failure = JSON.stringify(result.errors ?? result.data);
              reject(new Error(this.failure));
              return;
            }
            if (!this.arrivals.has(version)) this.arrivals.set(version, now);
            if (first) {
              first = false;
              resolve();
            }
          },
          error: (error) => {
            this.failure = error instanceof Error ? error.message : JSON.stringify(error);
            reject(new Error(this.failure));
          },
          complete: () => undefined,
        },
      );
    });
  }

  /** When a version at least `version` arrived, or undefined. */
  arrivalOf(version: bigint): number | undefined {
    let best: number | undefined;
    for (const [value, at] of this.arrivals) {
      if (BigInt(value) >= version && (best === undefined || at < best)) best = at;
    }
    return best;
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

/** In batches, so the gateway's authorization runs are not all queued at once. */
async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(run));
  }
}

interface EventResult {
  delivered: number;
  fromResponse: number[];
  fromRequest: number[];
  responseMs: number;
}

async function main(options: Options): Promise<void> {
  const cfg = config();
  const services: Service[] = [];
  let bufferRedis: TestRedisServer | undefined;
  const open: Subscriber[] = [];
  const closeAll = async () => {
    await Promise.allSettled(open.splice(0).map((subscriber) => subscriber.dispose()));
  };
  const stopAll = async () => {
    await closeAll();
    await Promise.all(services.map((service) => service.stop()));
    await bufferRedis?.stop();
  };
  process.once('exit', () => services.forEach((service) => service.kill()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const startedAt = new Date();
  const loadStart = loadAverage();
  log(`Preparing database ${BENCH_DATABASE} …`);
  const school = await prepareBenchDatabase({ app: cfg.DATABASE_URL, admin: cfg.DATABASE_ADMIN_URL }, log);
  const admin = createDatabase({ url: school.adminUrl, poolSize: 2 });
  try {
    await removeBenchHomework(admin, school.schoolId);
    const cast = await schoolCast(admin, school.schoolId);
    const section = [...cast.sections].sort(
      (a, b) => b.students.length + b.teacherUserIds.length - (a.students.length + a.teacherUserIds.length),
    )[0];
    if (!section || section.teacherUserIds.length === 0)
      throw new Error('No section with teachers who can sign in.');
    // A term of our own holding tomorrow (the seeded calendar may be on a break), reused by later
    // runs while it still holds tomorrow (the servers cache a year's terms).
    const tomorrow = new Date(Date.now() + DAY_MS);
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    let term = await admin.term.findFirst({
      where: {
        schoolId: school.schoolId,
        academicYearId: cast.academicYearId,
        name: { startsWith: TERM_NAME },
        startsOn: { lte: today },
        endsOn: { gte: new Date(today.getTime() + 2 * DAY_MS) },
      },
    });
    term ??= await admin.term.create({
      data: {
        schoolId: school.schoolId,
        academicYearId: cast.academicYearId,
        name: `${TERM_NAME} ${randomUUID().slice(0, 8)}`,
        position: 90,
        startsOn: new Date(today.getTime() - DAY_MS),
        endsOn: new Date(today.getTime() + 60 * DAY_MS),
      },
    });
    const scope = { sectionId: section.sectionId, subjectId: cast.subjectId, termId: term.id };
    const homework = await createHomework(admin, school.schoolId, cast, [section], 1, tomorrow);
    const homeworkId = homework.get(section.sectionId)?.[0] ?? '';
    // STORED submissions of every student of the section (as the flusher would have written them).
    const submissions = section.students.map((student) => ({
      id: randomUUID(),
      schoolId: school.schoolId,
      homeworkId,
      studentId: student.id,
      idempotencyId: `${BENCH_HOMEWORK_PREFIX}-${randomUUID()}`,
      submittedByUserId: student.userId,
      text: 'My answer.',
      submittedAt: new Date(),
      isLate: false,
    }));
    await admin.homeworkSubmission.createMany({ data: submissions });
    log(
      `Section ${section.sectionId}: ${section.students.length} students, ${section.teacherUserIds.length} teachers; ` +
        `term ${term.name}.`,
    );

    const jwk = await generateSigningJwk('bench-live');
    const signer = new TokenSigner(jwk, cfg);
    const token = (userId: string) =>
      signer.sign(school.schoolId, userId, cast.roles.get(userId) ?? ([] as Role[]));
    const teacherToken = await token(section.teacherUserIds[0] ?? '');
    const viewers = [
      await token(cast.adminUserId),
      teacherToken,
      ...(await Promise.all(section.teacherUserIds.slice(1).map(token))),
      ...(await Promise.all(section.students.map((student) => token(student.userId)))),
    ];

    bufferRedis = await TestRedisServer.start();
    const port = options.portBase;
    await assertPortFree(port);
    const gateway = new Service({
      name: 'gateway (all-in-one)',
      command: TSX,
      args: ['gateway/src/main.ts'],
      cwd: ROOT,
      env: {
        ...serverEnv(cfg, school, options.portBase),
        REDIS_BUFFER_URL: bufferRedis.url,
        TOPOLOGY: 'all-in-one',
        GATEWAY_PORT: String(port),
        AUTH_SIGNING_KEYS: JSON.stringify([jwk]),
      },
      port,
    });
    services.push(gateway);
    await gateway.waitReady(READY_TIMEOUT_MS);
    const wsUrl = `ws://127.0.0.1:${port}/graphql`;
    log(`gateway pid ${String(gateway.serverPid)}`);

    const memory = async () => {
      const metrics = await readMetrics(gateway.baseUrl).catch(() => new Map<string, number>());
      const proc = memoryMiB(gateway.serverPid ?? 0);
      const heap = metrics.get('nodejs_heap_size_used_bytes');
      const rss = metrics.get('process_resident_memory_bytes');
      return {
        rssMiB: rss === undefined ? proc.rss : rss / 2 ** 20,
        heapMiB: heap === undefined ? Number.NaN : heap / 2 ** 20,
        source: rss === undefined ? '/proc' : '/metrics',
      };
    };

    let points = 0;
    const grade = async (): Promise<{ sent: number; responded: number; version: bigint }> => {
      const submission = submissions[points % submissions.length];
      points += 1;
      // The version before the grade: what the subscribers hold now, plus one.
      const sent = performance.now();
      const response = await fetch(`${gateway.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${teacherToken}`,
          'x-school-id': school.schoolId,
        },
        body: JSON.stringify({
          query: GRADE,
          variables: {
            input: { submissionId: submission?.id, points: 1 + (points % 100), feedback: 'Bench.' },
          },
        }),
      });
      const body = (await response.json()) as {
        errors?: unknown;
        data?: { gradeSubmission?: { userErrors: unknown[] } };
      };
      const responded = performance.now();
      if (body.errors || body.data?.gradeSubmission?.userErrors.length !== 0) {
        throw new Error(`gradeSubmission failed: ${JSON.stringify(body)}`);
      }
      return { sent, responded, version: 0n };
    };

    const highest = (subscribers: Subscriber[]) => {
      let max = 0n;
      for (const subscriber of subscribers) {
        for (const version of subscriber.arrivals.keys()) if (BigInt(version) > max) max = BigInt(version);
      }
      return max;
    };

    const deliveryCase = async (label: string, tokens: string[], query?: string): Promise<EventResult[]> => {
      const subscribers = tokens.map((item) => new Subscriber(wsUrl, item));
      open.push(...subscribers);
      const opening = performance.now();
      await inBatches(subscribers, 100, async (subscriber) => {
        await subscriber.connected;
        await subscriber.subscribe(scope, query);
      });
      log(
        `${label}: ${subscribers.length} subscribed in ${formatFixed((performance.now() - opening) / 1000, 1)} s`,
      );
      const results: EventResult[] = [];
      for (let event = 0; event < options.events; event++) {
        await sleep(500);
        const before = highest(subscribers);
        const { sent, responded } = await grade();
        const deadline = performance.now() + 15_000;
        let arrivals: (number | undefined)[] = [];
        for (;;) {
          arrivals = subscribers.map((subscriber) => subscriber.arrivalOf(before + 1n));
          if (arrivals.every((at) => at !== undefined) || performance.now() > deadline) break;
          await sleep(10);
        }
        const got = arrivals.filter((at): at is number => at !== undefined);
        results.push({
          delivered: got.length,
          fromResponse: got.map((at) => at - responded).sort((a, b) => a - b),
          fromRequest: got.map((at) => at - sent).sort((a, b) => a - b),
          responseMs: responded - sent,
        });
        const last = results.at(-1);
        log(
          `  event ${event + 1}: ${got.length}/${subscribers.length} delivered; from the grade's response ` +
            `p50 ${formatFixed(percentile(last?.fromResponse ?? [], 50), 1)} p99 ${formatFixed(percentile(last?.fromResponse ?? [], 99), 1)} ` +
            `max ${formatFixed(last?.fromResponse.at(-1) ?? Number.NaN, 1)} ms (grade took ${formatFixed(responded - sent, 1)} ms)`,
        );
      }
      await closeAll();
      return results;
    };

    const mixTokens = Array.from(
      { length: options.subscribers },
      (_, index) => viewers[index % viewers.length] ?? '',
    );
    const mix = await deliveryCase(`classroom board, mix of ${viewers.length} viewers`, mixTokens);
    await sleep(2_000);
    const perViewer = await deliveryCase(
      `student records, mix of ${viewers.length} viewers`,
      mixTokens,
      STUDENT_RECORDS_BOARD,
    );
    await sleep(2_000);
    const shared = await deliveryCase(
      'one shared viewer (smart board token)',
      mixTokens.map(() => teacherToken),
    );
    await sleep(3_000);

    // Memory: S sockets, then K idle subscriptions on each (the mix of viewers).
    log(`Memory: ${options.idleSockets} sockets × ${options.idlePerSocket} subscriptions …`);
    const settle = async () => {
      await sleep(3_000);
      return memory();
    };
    const before = await settle();
    const idle = Array.from(
      { length: options.idleSockets },
      (_, index) => new Subscriber(wsUrl, viewers[index % viewers.length] ?? ''),
    );
    open.push(...idle);
    await inBatches(idle, 200, (subscriber) => subscriber.connected);
    const afterSockets = await settle();
    const opening = performance.now();
    await inBatches(idle, 50, async (subscriber) => {
      await Promise.all(Array.from({ length: options.idlePerSocket }, () => subscriber.subscribe(scope)));
    });
    const subscribeSeconds = (performance.now() - opening) / 1000;
    const failures = idle.filter((subscriber) => subscriber.failure !== undefined).length;
    const afterSubscriptions = await settle();
    const gatewayPeak = memoryMiB(gateway.serverPid ?? 0).peak;
    await closeAll();
    const afterClose = await settle();

    // Report.
    const summary = (label: string, results: EventResult[]) => {
      const all = results.flatMap((result) => result.fromResponse).sort((a, b) => a - b);
      const fromRequest = results.flatMap((result) => result.fromRequest).sort((a, b) => a - b);
      const perEventP99 = results
        .map((result) => formatFixed(percentile(result.fromResponse, 99), 0))
        .join(', ');
      return [
        label,
        String(options.subscribers),
        String(results.length),
        `${formatInteger(results.reduce((sum, result) => sum + result.delivered, 0))}/${formatInteger(results.length * options.subscribers)}`,
        formatFixed(percentile(all, 50), 1),
        formatFixed(percentile(all, 99), 1),
        formatFixed(all.at(-1) ?? Number.NaN, 1),
        formatFixed(percentile(fromRequest, 99), 1),
        formatFixed(
          percentile(
            results.map((result) => result.responseMs).sort((a, b) => a - b),
            50,
          ),
          1,
        ),
        perEventP99,
      ];
    };
    const mem = (label: string, value: { rssMiB: number; heapMiB: number }) => [
      label,
      formatFixed(value.rssMiB, 1),
      formatFixed(value.heapMiB, 1),
    ];
    const totalIdle = options.idleSockets * options.idlePerSocket;
    const perSub = (a: number, b: number) => formatFixed(((b - a) * 2 ** 20) / totalIdle / 1024, 2);
    const out = [
      `## Live leaderboard fan-out (${startedAt.toISOString()})`,
      '',
      `Node ${process.version}, ${availableParallelism()} cores, ${formatInteger(totalmem() / 2 ** 30)} GiB; load average ` +
        `at the start ${loadStart}, at the end ${loadAverage()}. All-in-one gateway; ${options.subscribers} graphql-ws ` +
        `clients (one socket each) in the bench process; leaderboard(first: 10) of a section with ` +
        `${section.students.length} students; an event is one gradeSubmission through the gateway.`,
      '',
      markdownTable(
        [
          'case',
          'subscribers',
          'events',
          'delivered',
          'p50 ms',
          'p99 ms',
          'max ms',
          'p99 from request ms',
          'grade response ms',
          'p99 per event',
        ],
        [
          summary(
            `classroom board (name tags), mix of ${viewers.length} viewers (one group per role set)`,
            mix,
          ),
          summary(`student records, mix of ${viewers.length} viewers (one group each)`, perViewer),
          summary('one shared viewer', shared),
        ],
      ),
      '',
      'Delivery is measured from the grade\'s HTTP response to each client receiving the new version ("from request": ' +
        'from sending the grade).',
      '',
      `Memory for ${formatInteger(totalIdle)} idle subscriptions: ${options.idleSockets} sockets × ${options.idlePerSocket} ` +
        `(mix of viewers), opened in ${formatFixed(subscribeSeconds, 1)} s, ${failures} failed; gateway memory from ` +
        `${before.source}${Number.isNaN(before.heapMiB) ? ' (its /metrics has no heap gauge)' : ''}, 3 s after each step (no forced GC):`,
      '',
      markdownTable(
        ['when', 'RSS MiB', 'heap used MiB'],
        [
          mem('before', before),
          mem(`${options.idleSockets} sockets open`, afterSockets),
          mem(`+ ${formatInteger(totalIdle)} subscriptions`, afterSubscriptions),
          mem('all closed', afterClose),
        ],
      ),
      '',
      `Per socket: RSS ${formatFixed(((afterSockets.rssMiB - before.rssMiB) * 1024) / options.idleSockets, 1)} KiB; ` +
        `per subscription (beyond the sockets): RSS ${perSub(afterSockets.rssMiB, afterSubscriptions.rssMiB)} KiB, ` +
        `heap ${perSub(afterSockets.heapMiB, afterSubscriptions.heapMiB)} KiB; gateway peak RSS ${formatInteger(gatewayPeak)} MiB.`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    if (failures > 0) throw new Error(`${failures} idle sockets failed`);
  } finally {
    log('Stopping …');
    await stopAll();
    await removeBenchHomework(admin, school.schoolId).catch(() => 0);
    await admin.$disconnect();
  }
}

await runBenchCli('bench:live', USAGE, parseOptions, main);
