/*
 * `npm run bench:homework`: homework submission through the write buffer (issue 4, point 12).
 *
 * Real processes: an all-in-one gateway and a worker (`gateway/src/cli/worker.ts`), the write buffer
 * on a redis-server of its own with AOF and `appendfsync always` (as in production). Students of the
 * seeded school BENCH submit text answers with `submitHomework` through the gateway, driven by
 * one paced loop at fixed rates (and once unpaced), every request a new (homework, student) pair with a
 * new idempotency id. The baseline writes the same row straight to PostgreSQL from this process with
 * `pg` (one transaction per submission, as the sink does for one row: set app.school_id, INSERT … ON
 * CONFLICT DO NOTHING) at the same rates and concurrency. Flush lag: for every acknowledged
 * submission, the row's createdAt (set when the flusher's transaction wrote it) minus its submittedAt
 * (when the API accepted it), once all are stored; plus the peak of the worker's lag gauge.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Pool } from 'undici';
import { generateSigningJwk } from '@schools24/auth';
import { config } from '@schools24/config';
import { createDatabase, type Role } from '@schools24/db';
import { TestRedisServer } from '@schools24/test-servers';
import { BENCH_DATABASE, prepareBenchDatabase } from './database.js';
import {
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
import { assertPortFree, cpuSeconds, machineBusySeconds, memoryMiB, Service } from './processes.js';
import { pacedLoad, type LoadResult } from './paced-load.js';
import { formatFixed, formatInteger, markdownTable, percentile } from './stats.js';
import { runBenchCli } from './cli.js';

const USAGE = `Usage: npm run bench:homework -- [options]

Options:
  --rates L         comma-separated submissions/s (default 250,500,1000); "max" adds an unpaced run
                    (default list: 250,500,1000,max)
  --duration S      seconds per measurement (default 10)
  --connections N   concurrent connections / pg clients (default 32)
  --port-base P     ports P, P+1 and P+10..P+14 are used (default 4430)
  --cpu-prof DIR    the gateway writes a V8 CPU profile of the whole run into DIR
  -h, --help        show this help`;

const SUBMIT = `mutation ($input: SubmitHomeworkInput!) {
  submitHomework(input: $input) { submission { id status } isDuplicate userErrors { code } }
}`;
/** Unpaced runs are given this many pairs per second of duration. */
const MAX_RATE_BUDGET = 6000;

interface Options {
  rates: (number | 'max')[];
  duration: number;
  connections: number;
  portBase: number;
  /** Where the gateway writes a V8 CPU profile (`--cpu-prof`), if asked. */
  cpuProfileDir: string | undefined;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rates: { type: 'string', default: '250,500,1000,max' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      'port-base': { type: 'string', default: '4430' },
      'cpu-prof': { type: 'string' },
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
    rates: values.rates
      .split(',')
      .map((item) => (item.trim() === 'max' ? 'max' : whole('rates', item.trim()))),
    duration: whole('duration', values.duration),
    connections: whole('connections', values.connections),
    portBase: whole('port-base', values['port-base']),
    cpuProfileDir: values['cpu-prof'],
  };
}

/** One (homework, student) pair with the student's token. */
interface Pair {
  homeworkId: string;
  studentId: string;
  userId: string;
  token: string;
}

/** Hands out pairs once each. */
class Pairs {
  private next = 0;
  constructor(private readonly list: Pair[]) {}
  take(): Pair {
    const pair = this.list[this.next++];
    if (!pair) throw new Error('Out of (homework, student) pairs; lower --duration or --rates.');
    return pair;
  }
  get left(): number {
    return this.list.length - this.next;
  }
}

interface Measurement {
  target: 'gateway' | 'direct';
  rate: number | 'max';
  seconds: number;
  latencies: number[];
  errors: number;
  errorSamples: string[];
  cpu: { gateway: number; worker: number; self: number; other: number };
  lag?: { p50: number; p99: number; max: number; gaugeMax: number; drainedMs: number; stored: number };
}

/** `submitHomework` through the gateway over keep-alive HTTP (`connections` sockets). */
async function loadGateway(
  url: string,
  schoolId: string,
  pairs: Pairs,
  rate: number | 'max',
  seconds: number,
  connections: number,
  tag: string,
  acked: string[],
): Promise<LoadResult> {
  const pool = new Pool(url, { connections, pipelining: 1 });
  try {
    return await pacedLoad(rate, seconds, connections, async (index) => {
      const pair = pairs.take();
      const response = await pool.request({
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${pair.token}`,
          'x-school-id': schoolId,
        },
        body: JSON.stringify({
          query: SUBMIT,
          variables: {
            input: { homeworkId: pair.homeworkId, idempotencyId: `${tag}-${index}`, text: 'My answer.' },
          },
        }),
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      const body = await response.body.text();
      try {
        const parsed = JSON.parse(body) as {
          data?: {
            submitHomework?: { submission?: { id: string; status: string } | null; userErrors: unknown[] };
          };
        };
        const payload = parsed.data?.submitHomework;
        const submission = payload?.submission;
        if (
          response.statusCode === 200 &&
          submission?.status === 'BUFFERED' &&
          payload?.userErrors.length === 0
        ) {
          acked.push(submission.id);
          return null;
        }
      } catch {
        // Not JSON: reported below.
      }
      return `${response.statusCode} ${body.slice(0, 300)}`;
    });
  } finally {
    await pool.close();
  }
}

/** The sink's work for one row, one transaction per submission, `connections` at once, paced. */
async function loadDirect(
  pool: pg.Pool,
  schoolId: string,
  pairs: Pairs,
  rate: number | 'max',
  seconds: number,
  connections: number,
  tag: string,
): Promise<LoadResult> {
  return pacedLoad(rate, seconds, connections, async (index) => {
    const pair = pairs.take();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.school_id', $1, true)`, [schoolId]);
      await client.query(
        `INSERT INTO "HomeworkSubmission" ("id", "schoolId", "homeworkId", "studentId", "idempotencyId",
           "submittedByUserId", "text", "submittedAt", "isLate", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, now())
         ON CONFLICT DO NOTHING`,
        [
          randomUUID(),
          schoolId,
          pair.homeworkId,
          pair.studentId,
          `${tag}-${index}`,
          pair.userId,
          'My answer.',
          new Date(),
        ],
      );
      await client.query('COMMIT');
      return null;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}

async function main(options: Options): Promise<void> {
  const cfg = config();
  const services: Service[] = [];
  let bufferRedis: TestRedisServer | undefined;
  const stopAll = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await bufferRedis?.stop();
  };
  process.once('exit', () => services.forEach((service) => service.kill()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const startedAt = new Date();
  const loadStart = loadAverage();
  log(`Preparing database ${BENCH_DATABASE} …`);
  const school = await prepareBenchDatabase({ app: cfg.DATABASE_URL, admin: cfg.DATABASE_ADMIN_URL }, log);
  const admin = createDatabase({ url: school.adminUrl, poolSize: 4 });
  const pool = new pg.Pool({ connectionString: school.databaseUrl, max: options.connections });
  try {
    const removed = await removeBenchHomework(admin, school.schoolId);
    if (removed > 0) log(`removed ${removed} homework of earlier runs`);
    const cast = await schoolCast(admin, school.schoolId);
    const sections = cast.sections.filter((section) => section.students.length > 0);
    const studentsPerRound = sections.reduce((sum, section) => sum + section.students.length, 0);
    const perTarget =
      options.rates.reduce<number>((sum, rate) => sum + (rate === 'max' ? MAX_RATE_BUDGET : rate), 0) *
        options.duration +
      2_000;
    const perSection = Math.ceil((2 * perTarget) / studentsPerRound);
    log(`Creating ${perSection * sections.length} homework (${perSection} per section) …`);
    const dueAt = new Date(Date.now() + 86_400_000);
    const homework = await createHomework(admin, school.schoolId, cast, sections, perSection, dueAt);

    const jwk = await generateSigningJwk('bench-homework');
    const signer = new TokenSigner(jwk, cfg);
    const tokens = new Map<string, string>();
    for (const section of sections) {
      for (const student of section.students) {
        const roles: Role[] = cast.roles.get(student.userId) ?? ['STUDENT'];
        tokens.set(student.userId, await signer.sign(school.schoolId, student.userId, roles));
      }
    }
    // Pairs interleaved over sections and students, so consecutive requests are different students.
    const all: Pair[] = [];
    for (let round = 0; round < perSection; round++) {
      const longest = Math.max(...sections.map((section) => section.students.length));
      for (let position = 0; position < longest; position++) {
        for (const section of sections) {
          const student = section.students[position];
          const homeworkId = homework.get(section.sectionId)?.[round];
          if (!student || !homeworkId) continue;
          all.push({
            homeworkId,
            studentId: student.id,
            userId: student.userId,
            token: tokens.get(student.userId) ?? '',
          });
        }
      }
    }
    const half = Math.floor(all.length / 2);
    const gatewayPairs = new Pairs(all.slice(0, half));
    const directPairs = new Pairs(all.slice(half));

    bufferRedis = await TestRedisServer.start();
    log(`Buffer Redis (AOF, appendfsync always) on ${bufferRedis.url}`);
    const ports = { gateway: options.portBase, worker: options.portBase + 1 };
    for (const port of Object.values(ports)) await assertPortFree(port);
    const env = { ...serverEnv(cfg, school, options.portBase), REDIS_BUFFER_URL: bufferRedis.url };
    const gateway = new Service({
      name: 'gateway (all-in-one)',
      command: TSX,
      args: ['gateway/src/main.ts'],
      cwd: ROOT,
      env: {
        ...env,
        TOPOLOGY: 'all-in-one',
        GATEWAY_PORT: String(ports.gateway),
        ...(options.cpuProfileDir
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(options.cpuProfileDir)}` }
          : {}),
        AUTH_SIGNING_KEYS: JSON.stringify([jwk]),
      },
      port: ports.gateway,
    });
    const worker = new Service({
      name: 'worker',
      command: TSX,
      args: ['gateway/src/cli/worker.ts'],
      cwd: ROOT,
      env: { ...env, WORKER_PORT: String(ports.worker), WRITE_BUFFER_CONSUMER: 'bench-worker' },
      port: ports.worker,
    });
    services.push(gateway, worker);
    await Promise.all(services.map((service) => service.waitReady(READY_TIMEOUT_MS)));
    log(`gateway pid ${String(gateway.serverPid)}, worker pid ${String(worker.serverPid)}`);

    const bufferGauge = async (name: 'pending' | 'lag_seconds') =>
      (await readMetrics(worker.baseUrl)).get(`schools24_write_buffer_${name}{kind="homework-submission"}`) ??
      0;
    /** Waits until the buffer holds nothing unflushed (entries are acknowledged after their commit). */
    const waitDrained = async (): Promise<number> => {
      const started = performance.now();
      while ((await bufferGauge('pending')) > 0) {
        if (performance.now() - started > 120_000)
          throw new Error('The write buffer did not drain in 2 minutes.');
        await sleep(50);
      }
      return performance.now() - started;
    };

    // Warm-up: 3 s at 100/s through the gateway (JIT, caches, pools), then drained.
    log('Warm-up …');
    const warm: string[] = [];
    const warmed = await loadGateway(
      gateway.baseUrl,
      school.schoolId,
      gatewayPairs,
      100,
      3,
      options.connections,
      `bench-${randomUUID()}`,
      warm,
    );
    if (warmed.errors > 0)
      throw new Error(`Warm-up errors: ${warmed.errorSamples.join('\n')}\n${gateway.outputTail()}`);
    await waitDrained();
    await loadDirect(
      pool,
      school.schoolId,
      directPairs,
      100,
      2,
      options.connections,
      `bench-direct-${randomUUID()}`,
    );

    const results: Measurement[] = [];
    for (const rate of options.rates) {
      for (const target of ['gateway', 'direct'] as const) {
        await sleep(1_000);
        const pids = [gateway.serverPid ?? 0, worker.serverPid ?? 0];
        const cpuBefore = pids.map(cpuSeconds);
        const machineBefore = machineBusySeconds();
        const selfBefore = process.cpuUsage();
        const wall = performance.now();
        const tag = `bench-${randomUUID()}`;
        const acked: string[] = [];
        let gaugeMax = 0;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            gaugeMax = Math.max(gaugeMax, await bufferGauge('lag_seconds').catch(() => 0));
            await sleep(250);
          }
        })();
        const run =
          target === 'gateway'
            ? await loadGateway(
                gateway.baseUrl,
                school.schoolId,
                gatewayPairs,
                rate,
                options.duration,
                options.connections,
                tag,
                acked,
              )
            : await loadDirect(
                pool,
                school.schoolId,
                directPairs,
                rate,
                options.duration,
                options.connections,
                tag,
              );
        const elapsed = (performance.now() - wall) / 1000;
        const used = pids.map((pid, index) => cpuSeconds(pid) - (cpuBefore[index] ?? 0));
        const self = process.cpuUsage(selfBefore);
        const selfSeconds = (self.user + self.system) / 1e6;
        const machine = machineBusySeconds() - machineBefore;
        const pct = (value: number) => (value / elapsed) * 100;
        const measurement: Measurement = {
          target,
          rate,
          ...run,
          cpu: {
            gateway: pct(used[0] ?? 0),
            worker: pct(used[1] ?? 0),
            self: pct(selfSeconds),
            other: pct(Math.max(0, machine - (used[0] ?? 0) - (used[1] ?? 0) - selfSeconds)),
          },
        };
        if (target === 'gateway') {
          const drainedMs = await waitDrained();
          sampling = false;
          await sampler;
          const lags = await admin.$queryRawUnsafe<{ lag: number }[]>(
            `SELECT (EXTRACT(EPOCH FROM ("createdAt" - "submittedAt")) * 1000)::float8 AS lag
               FROM "HomeworkSubmission" WHERE id = ANY($1::uuid[])`,
            acked,
          );
          const sorted = lags.map((row) => row.lag).sort((a, b) => a - b);
          measurement.lag = {
            p50: percentile(sorted, 50),
            p99: percentile(sorted, 99),
            max: sorted.at(-1) ?? Number.NaN,
            gaugeMax: gaugeMax * 1000,
            drainedMs,
            stored: sorted.length,
          };
          if (sorted.length !== acked.length) {
            throw new Error(
              `${acked.length} acknowledged but ${sorted.length} stored after the buffer drained.`,
            );
          }
        } else {
          sampling = false;
          await sampler;
        }
        results.push(measurement);
        const count = measurement.latencies.length;
        log(
          `${String(rate).padStart(5)}/s ${target.padEnd(8)} ${formatInteger(count / measurement.seconds).padStart(6)}/s ` +
            `p50 ${formatFixed(percentile(measurement.latencies, 50), 2)} p99 ${formatFixed(percentile(measurement.latencies, 99), 2)} ms ` +
            `errors ${measurement.errors}` +
            (measurement.lag
              ? ` lag p50 ${formatFixed(measurement.lag.p50, 0)} p99 ${formatFixed(measurement.lag.p99, 0)} ms`
              : '') +
            ` cpu gw ${formatInteger(measurement.cpu.gateway)} wk ${formatInteger(measurement.cpu.worker)} ` +
            `self ${formatInteger(measurement.cpu.self)} other ${formatInteger(measurement.cpu.other)} %`,
        );
        if (measurement.errors > 0) log(`  errors, e.g.:\n  ${measurement.errorSamples.join('\n  ')}`);
      }
    }
    const gatewayMemory = memoryMiB(gateway.serverPid ?? 0);

    // Report.
    const rateLabel = (rate: number | 'max') => (rate === 'max' ? 'unpaced' : `${formatInteger(rate)}/s`);
    const rows = results.map((m) => [
      rateLabel(m.rate),
      m.target === 'gateway' ? 'gateway → buffer (ack)' : 'straight to PostgreSQL',
      formatInteger(m.latencies.length / m.seconds),
      formatFixed(percentile(m.latencies, 50), 2),
      formatFixed(percentile(m.latencies, 99), 2),
      formatFixed(m.latencies.at(-1) ?? Number.NaN, 1),
      String(m.errors),
      m.target === 'gateway' ? `${formatInteger(m.cpu.gateway)} + ${formatInteger(m.cpu.worker)}` : '—',
      formatInteger(m.cpu.self),
      formatInteger(m.cpu.other),
    ]);
    const ratioRows = options.rates.map((rate) => {
      const g = results.find((m) => m.rate === rate && m.target === 'gateway');
      const d = results.find((m) => m.rate === rate && m.target === 'direct');
      const tput = (m: Measurement | undefined) => (m ? m.latencies.length / m.seconds : Number.NaN);
      const p = (m: Measurement | undefined, q: number) => (m ? percentile(m.latencies, q) : Number.NaN);
      return [
        rateLabel(rate),
        formatFixed(tput(g) / tput(d), 2),
        formatFixed(p(g, 50) / p(d, 50), 2),
        formatFixed(p(g, 99) / p(d, 99), 2),
      ];
    });
    const lagRows = results
      .filter((m) => m.lag)
      .map((m) => [
        rateLabel(m.rate),
        formatInteger(m.lag?.stored ?? 0),
        formatFixed(m.lag?.p50 ?? Number.NaN, 0),
        formatFixed(m.lag?.p99 ?? Number.NaN, 0),
        formatFixed(m.lag?.max ?? Number.NaN, 0),
        formatFixed(m.lag?.gaugeMax ?? Number.NaN, 0),
        formatFixed(m.lag?.drainedMs ?? Number.NaN, 0),
      ]);
    const out = [
      `## Homework submissions through the write buffer (${startedAt.toISOString()})`,
      '',
      `Node ${process.version}, ${availableParallelism()} cores, ${formatInteger(totalmem() / 2 ** 30)} GiB; load average ` +
        `at the start ${loadStart}, at the end ${loadAverage()}. ${options.duration} s per measurement, ` +
        `${options.connections} keep-alive connections / pg clients; gateway all-in-one + one worker, buffer on ` +
        `its own redis-server (AOF, appendfsync always). Gateway RSS after: ${formatInteger(gatewayMemory.rss)} MiB ` +
        `(peak ${formatInteger(gatewayMemory.peak)}).`,
      '',
      markdownTable(
        [
          'offered',
          'target',
          'achieved/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'errors',
          'gateway + worker CPU %',
          'bench CPU %',
          'other CPU %',
        ],
        rows,
      ),
      '',
      'Gateway-buffered ÷ direct:',
      '',
      markdownTable(['offered', 'throughput ratio', 'p50 ratio', 'p99 ratio'], ratioRows),
      '',
      "Flush lag of every acknowledged submission (row createdAt − API submittedAt), the peak of the worker's " +
        '`schools24_write_buffer_lag_seconds` (sampled every 250 ms) and how long the buffer took to drain after the load stopped:',
      '',
      markdownTable(
        ['offered', 'stored', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'gauge peak ms', 'drained after ms'],
        lagRows,
      ),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const failures = results.reduce((sum, m) => sum + m.errors, 0);
    if (failures > 0) throw new Error(`${failures} requests failed (see above).`);
  } finally {
    log('Stopping …');
    await stopAll();
    await removeBenchHomework(admin, school.schoolId).catch(() => 0);
    await pool.end();
    await admin.$disconnect();
  }
}

await runBenchCli('bench:homework', USAGE, parseOptions, main);
