/*
 * `npm run bench:login`: sign-in (`login` mutation) throughput and latency under a login storm, with
 * the argon2id hashing cap (AUTH_HASH_CONCURRENCY at once, AUTH_HASH_QUEUE waiting, the rest refused
 * at once with RATE_LIMITED). See bench/README.md.
 *
 * Real processes, as in production: the identity subgraph on its own (loaded directly), a gateway
 * with TOPOLOGY=distributed in front of that same identity process, and a gateway with
 * TOPOLOGY=all-in-one (identity, and its hashing cap, inside the gateway process). Every request
 * signs in a different seeded user of the school BENCH (round robin over all of them) with the
 * right password, so every refusal is load shedding and not a wrong password or a locked account.
 * The login throttles count failures only (there are none); their limits, and the gateway's request
 * rate limits, are set out of reach anyway, and a response refused by any of them is counted as an
 * error, not as shedding.
 */
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { config, parseConfig } from '@schools24/config';
import { generateSigningJwk } from '@schools24/auth';
import { createDatabase } from '@schools24/db';
import { DEMO_PASSWORD } from '@schools24/seed';
import { BENCH_DATABASE, BENCH_SCHOOL, prepareBenchDatabase } from './database.js';
import {
  assertPortFree,
  benchServerEnv,
  cpuSeconds,
  machineBusySeconds,
  ROOT,
  Service,
  subgraphAddresses,
  type ServiceSpec,
} from './processes.js';
import { formatFixed, formatInteger, markdownTable, percentile } from './stats.js';
import { runBenchCli } from './cli.js';

const READY_TIMEOUT_MS = 120_000;
/** What the hashing cap's refusal says (libs/auth semaphore.ts); the request limiter says "Too many requests". */
const SHED_MESSAGE = /busy signing people in/i;

const USAGE = `Usage: npm run bench:login -- [options]

Starts the identity subgraph, a distributed gateway in front of it and an all-in-one gateway, then
signs in distinct seeded users with autocannon at each concurrency level and prints, per target and
level: successful logins/s, their latency, RATE_LIMITED (shed) answers and their latency, and errors.

Options:
  --connections L       comma-separated concurrency levels (default 1,8,64,256)
  --duration S          seconds per measurement (default 8)
  --warmup S            seconds of warm-up per target, 8 connections (default 2)
  --targets L           any of direct,distributed,all-in-one (default all three)
  --hash-concurrency N  AUTH_HASH_CONCURRENCY for the servers (default: the product's, 2 x cores)
  --hash-queue N        AUTH_HASH_QUEUE for the servers (default: the product's, 4 x the concurrency)
  --timeout S           seconds before autocannon counts a request as timed out (default 10)
  --uv-threadpool N     UV_THREADPOOL_SIZE for the servers (default: unset, libuv's 4)
  --port-base P         ports P..P+6 are used (default 4420)
  -h, --help            show this help`;

type TargetName = 'direct' | 'distributed' | 'all-in-one';
const TARGET_NAMES: readonly TargetName[] = ['direct', 'distributed', 'all-in-one'];

interface LoginOptions {
  connections: number[];
  duration: number;
  warmup: number;
  targets: TargetName[];
  hashConcurrency: number | undefined;
  hashQueue: number | undefined;
  timeout: number;
  uvThreadpool: number | undefined;
  portBase: number;
}

function parseOptions(argv: string[]): LoginOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        connections: { type: 'string', default: '1,8,64,256' },
        duration: { type: 'string', default: '8' },
        warmup: { type: 'string', default: '2' },
        targets: { type: 'string', default: TARGET_NAMES.join(',') },
        'hash-concurrency': { type: 'string' },
        'hash-queue': { type: 'string' },
        timeout: { type: 'string', default: '10' },
        'uv-threadpool': { type: 'string' },
        'port-base': { type: 'string', default: '4420' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const whole = (flag: string, raw: string, min: number, max: number): number => {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new Error(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}").`);
    }
    return value;
  };
  const targets = values.targets.split(',').map((item) => item.trim());
  for (const item of targets) {
    if (!TARGET_NAMES.includes(item as TargetName)) {
      throw new Error(`--targets takes ${TARGET_NAMES.join(', ')} (got "${item}").`);
    }
  }
  return {
    connections: values.connections.split(',').map((item) => whole('connections', item.trim(), 1, 10_000)),
    duration: whole('duration', values.duration, 1, 3600),
    warmup: whole('warmup', values.warmup, 0, 600),
    targets: TARGET_NAMES.filter((name) => targets.includes(name)),
    hashConcurrency:
      values['hash-concurrency'] === undefined
        ? undefined
        : whole('hash-concurrency', values['hash-concurrency'], 1, 256),
    hashQueue:
      values['hash-queue'] === undefined ? undefined : whole('hash-queue', values['hash-queue'], 0, 10_000),
    timeout: whole('timeout', values.timeout, 1, 600),
    uvThreadpool:
      values['uv-threadpool'] === undefined
        ? undefined
        : whole('uv-threadpool', values['uv-threadpool'], 1, 1024),
    portBase: whole('port-base', values['port-base'], 1024, 65_535 - 6),
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

const LOGIN_MUTATION =
  'mutation BenchLogin($input: LoginInput!) { login(input: $input) { ' +
  'tokens { accessToken } userErrors { code message } } }';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

type Outcome =
  | { kind: 'ok'; status: number }
  | { kind: 'shed'; status: number }
  | { kind: 'error'; status: number; detail: string };

/** What one response to `login` is: a signed-in user, a shed sign-in (the hashing cap), or anything else. */
function classify(status: number, body: string): Outcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'error', status, detail: `HTTP ${status}, not JSON: ${body.slice(0, 120)}` };
  }
  if (status === 200 && typeof at(parsed, 'data', 'login', 'tokens', 'accessToken') === 'string') {
    return { kind: 'ok', status };
  }
  const code = at(parsed, 'errors', 0, 'extensions', 'code');
  const message = at(parsed, 'errors', 0, 'message');
  if (code === 'RATE_LIMITED' && typeof message === 'string' && SHED_MESSAGE.test(message)) {
    return { kind: 'shed', status };
  }
  const userError = at(parsed, 'data', 'login', 'userErrors', 0, 'code');
  if (typeof userError === 'string') return { kind: 'error', status, detail: `userError ${userError}` };
  if (typeof code === 'string') {
    return { kind: 'error', status, detail: `HTTP ${status} ${code}: ${String(message).slice(0, 100)}` };
  }
  return { kind: 'error', status, detail: `HTTP ${status}: ${body.slice(0, 120)}` };
}

interface Target {
  name: TargetName;
  label: string;
  /** The process receiving the load. */
  front: Service;
  /** The process that hashes, when it is not the front (identity behind the distributed gateway). */
  behind: Service | undefined;
}

interface Measurement {
  target: Target;
  connections: number;
  seconds: number;
  /** Latencies in ms, sorted. */
  ok: number[];
  shed: number[];
  errors: number[];
  errorKinds: Map<string, number>;
  /** HTTP status codes per outcome, e.g. `shed` → { 200: 1234 }. */
  statuses: Record<'ok' | 'shed' | 'error', Map<number, number>>;
  timeouts: number;
  socketErrors: number;
  /** % of one core. */
  frontCpu: number;
  behindCpu: number;
  loadCpu: number;
  otherCpu: number;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Round robin over the request bodies, shared by every connection: each login is the next user. */
class Users {
  private next = 0;
  constructor(private readonly bodies: readonly string[]) {}

  body(): string {
    const body = this.bodies[this.next % this.bodies.length] ?? '';
    this.next += 1;
    return body;
  }
}

async function measure(
  target: Target,
  users: Users,
  connections: number,
  seconds: number,
  timeout: number,
): Promise<Measurement> {
  const ok: number[] = [];
  const shed: number[] = [];
  const errors: number[] = [];
  const errorKinds = new Map<string, number>();
  const statuses = {
    ok: new Map<number, number>(),
    shed: new Map<number, number>(),
    error: new Map<number, number>(),
  };
  // `onResponse` of a request runs synchronously just before the instance's `response` event for the
  // same response (autocannon's httpClient), so the outcome is handed over in this variable.
  let pending: Outcome | undefined;

  const pids = [target.front, ...(target.behind ? [target.behind] : [])].map((service) => {
    if (service.serverPid === undefined) throw new Error(`${service.name} has no known server process`);
    return service.serverPid;
  });
  const cpuBefore = pids.map(cpuSeconds);
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: `${target.front.baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
    timeout,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, body: users.body() }),
        onResponse: (status, body) => {
          pending = classify(status, body);
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    const outcome = pending ?? { kind: 'error', status: statusCode, detail: 'response without a body' };
    pending = undefined;
    bump(statuses[outcome.kind], outcome.status);
    if (outcome.kind === 'ok') ok.push(responseTime);
    else if (outcome.kind === 'shed') shed.push(responseTime);
    else {
      errors.push(responseTime);
      bump(errorKinds, outcome.detail);
    }
  });
  const result = await instance;
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = pids.map(cpuSeconds);
  const machine = machineBusySeconds() - machineBefore;
  const self = process.cpuUsage(selfBefore);
  const used = cpuAfter.map((after, index) => after - (cpuBefore[index] ?? after));
  const loadSeconds = (self.user + self.system) / 1e6;
  const percent = (value: number) => (value / elapsed) * 100;
  const sort = (values: number[]) => values.sort((a, b) => a - b);
  return {
    target,
    connections,
    // autocannon counts responses from its start to its stop; the last in-flight ones are dropped.
    seconds: result.duration > 0 ? result.duration : elapsed,
    ok: sort(ok),
    shed: sort(shed),
    errors: sort(errors),
    errorKinds,
    statuses,
    timeouts: result.timeouts,
    socketErrors: result.errors - result.timeouts,
    frontCpu: percent(used[0] ?? Number.NaN),
    behindCpu: target.behind ? percent(used[1] ?? Number.NaN) : Number.NaN,
    loadCpu: percent(loadSeconds),
    otherCpu: percent(Math.max(0, machine - used.reduce((a, b) => a + b, 0) - loadSeconds)),
  };
}

/**
 * autocannon drops its connections when the time is up, but the server still finishes what it had
 * accepted (up to the cap plus the queue, and requests not yet at the cap): waits until the servers
 * of the target use less than 15 % of a core over 300 ms (at most 15 s), so the next measurement
 * starts from an idle server.
 */
async function waitIdle(target: Target): Promise<void> {
  const pids = [target.front, ...(target.behind ? [target.behind] : [])].map(
    (service) => service.serverPid ?? 0,
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    const before = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    await sleep(300);
    const used = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - before;
    if (used < 0.045 || Date.now() > deadline) return;
  }
}

/** One sign-in outside the load, which must succeed. */
async function verifyLogin(target: Target, body: string): Promise<void> {
  const response = await fetch(`${target.front.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  const outcome = classify(response.status, text);
  if (outcome.kind !== 'ok') {
    throw new Error(`Signing in through ${target.label} failed (${response.status}): ${text}`);
  }
}

/** Active users of BENCH with a password, in a fixed order; every seeded user has the demo password. */
async function benchUsers(adminUrl: string, schoolId: string): Promise<string[]> {
  const db = createDatabase({ url: adminUrl, poolSize: 1 });
  try {
    const rows = await db.user.findMany({
      where: { schoolId, status: 'ACTIVE', passwordHash: { not: null } },
      select: { email: true },
      orderBy: { email: 'asc' },
    });
    return rows.map((row) => row.email);
  } finally {
    await db.$disconnect();
  }
}

function statusText(map: Map<number, number>): string {
  return [...map.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${formatInteger(count)}`)
    .join(' ');
}

async function main(options: LoginOptions): Promise<void> {
  const cfg = config();
  const services: Service[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => {
    stopping ??= Promise.all(services.map((service) => service.stop())).then(() => undefined);
    return stopping;
  };
  process.once('exit', () => services.forEach((service) => service.kill()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping the servers …`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  const startedAt = performance.now();
  const loadStart = loadAverage();
  try {
    log(`Preparing database ${BENCH_DATABASE} on ${new URL(cfg.DATABASE_URL).host} …`);
    const school = await prepareBenchDatabase({ app: cfg.DATABASE_URL, admin: cfg.DATABASE_ADMIN_URL }, log);
    const emails = await benchUsers(school.adminUrl, school.schoolId);
    const maxConnections = Math.max(...options.connections);
    if (emails.length < 2 * maxConnections) {
      throw new Error(
        `School ${BENCH_SCHOOL.code} has ${emails.length} users who can sign in; at least ${2 * maxConnections} ` +
          'are needed so that no account signs in twice at once.',
      );
    }
    const bodies = emails.map((email) =>
      JSON.stringify({
        query: LOGIN_MUTATION,
        variables: { input: { schoolCode: BENCH_SCHOOL.code, email, password: DEMO_PASSWORD } },
      }),
    );
    log(`School ${BENCH_SCHOOL.code}: ${emails.length} users sign in in turn (password of the seed).`);

    const ports = {
      identity: options.portBase,
      distributed: options.portBase + 1,
      allInOne: options.portBase + 2,
    };
    for (const port of Object.values(ports)) await assertPortFree(port);

    const env: Record<string, string> = {
      ...benchServerEnv(cfg, school),
      // Limits that must not be what refuses a sign-in here (their cost still counts): besides the
      // gateway's request limits (benchServerEnv), the failed-sign-in throttles (every password is
      // right, so they count nothing; the per-address one is shared by every run on 127.0.0.1).
      AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000',
      ...(options.hashConcurrency === undefined
        ? {}
        : { AUTH_HASH_CONCURRENCY: String(options.hashConcurrency) }),
      ...(options.hashQueue === undefined ? {} : { AUTH_HASH_QUEUE: String(options.hashQueue) }),
      ...(options.uvThreadpool === undefined ? {} : { UV_THREADPOOL_SIZE: String(options.uvThreadpool) }),
    };
    // Login is served by identity alone, so only identity runs; the distributed gateway's other
    // subgraphs point at ports nothing listens on (never called).
    Object.assign(
      env,
      subgraphAddresses((name, index) =>
        name === 'identity' ? ports.identity : options.portBase + 3 + index,
      ),
    );
    // The cap exactly as the servers parse it (the same machine, so the same defaults).
    const serverConfig = parseConfig(env);
    const cap = { concurrency: serverConfig.AUTH_HASH_CONCURRENCY, queue: serverConfig.AUTH_HASH_QUEUE };

    const signer = { AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('bench-login')]) };
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const spec = (
      name: string,
      args: string[],
      port: number,
      extra: Record<string, string>,
    ): ServiceSpec => ({
      name,
      command: tsx,
      args,
      cwd: ROOT,
      env: { ...env, ...extra },
      port,
    });
    const identity = new Service(
      spec('identity', ['gateway/src/cli/start-subgraph.ts', 'identity'], ports.identity, signer),
    );
    services.push(identity);
    const distributed = options.targets.includes('distributed')
      ? new Service(
          spec('gateway (distributed)', ['gateway/src/main.ts'], ports.distributed, {
            TOPOLOGY: 'distributed',
            GATEWAY_PORT: String(ports.distributed),
          }),
        )
      : undefined;
    const allInOne = options.targets.includes('all-in-one')
      ? new Service(
          spec('gateway (all-in-one)', ['gateway/src/main.ts'], ports.allInOne, {
            TOPOLOGY: 'all-in-one',
            GATEWAY_PORT: String(ports.allInOne),
            ...signer,
          }),
        )
      : undefined;
    if (distributed) services.push(distributed);
    if (allInOne) services.push(allInOne);
    log(`Starting ${services.length} processes (ports ${options.portBase}-${options.portBase + 2}) …`);
    await Promise.all(services.map((service) => service.waitReady(READY_TIMEOUT_MS)));
    for (const service of services) {
      log(`  ${service.name.padEnd(22)} ${service.baseUrl}  pid ${String(service.serverPid)}`);
    }

    const targets: Target[] = [];
    if (options.targets.includes('direct')) {
      targets.push({
        name: 'direct',
        label: 'identity subgraph, direct',
        front: identity,
        behind: undefined,
      });
    }
    if (distributed) {
      targets.push({
        name: 'distributed',
        label: 'gateway distributed → identity',
        front: distributed,
        behind: identity,
      });
    }
    if (allInOne) {
      targets.push({ name: 'all-in-one', label: 'gateway all-in-one', front: allInOne, behind: undefined });
    }

    const users = new Users(bodies);
    log('Verifying a sign-in through every target …');
    for (const item of targets) await verifyLogin(item, users.body());
    if (options.warmup > 0) {
      log(`Warm-up: ${options.warmup} s per target at 8 connections …`);
      for (const item of targets) {
        await measure(item, users, 8, options.warmup, options.timeout);
        await waitIdle(item);
      }
    }

    const results: Measurement[] = [];
    for (const connections of options.connections) {
      for (const item of targets) {
        const m = await measure(item, users, connections, options.duration, options.timeout);
        results.push(m);
        const errorCount = m.errors.length + m.timeouts + m.socketErrors;
        log(
          `${String(connections).padStart(4)} conns  ${item.label.padEnd(31)} ` +
            `${formatInteger(m.ok.length / m.seconds).padStart(4)} logins/s  ` +
            `p50 ${formatFixed(percentile(m.ok, 50), 1)} p99 ${formatFixed(percentile(m.ok, 99), 1)} ms  ` +
            `shed ${formatInteger(m.shed.length)} (p99 ${formatFixed(percentile(m.shed, 99), 1)} ms)  ` +
            `errors ${errorCount}  cpu ${formatInteger(m.frontCpu)}${item.behind ? `+${formatInteger(m.behindCpu)}` : ''} %  ` +
            `other ${formatInteger(m.otherCpu)} %`,
        );
        await waitIdle(item);
      }
    }

    // Report.
    const rows = results.map((m) => {
      const errorCount = m.errors.length + m.timeouts + m.socketErrors;
      return [
        String(m.connections),
        m.target.label,
        `${cap.concurrency} / ${cap.queue}`,
        formatInteger(m.ok.length / m.seconds),
        formatFixed(percentile(m.ok, 50), 1),
        formatFixed(percentile(m.ok, 95), 1),
        formatFixed(percentile(m.ok, 99), 1),
        formatFixed(m.ok.at(-1) ?? Number.NaN, 1),
        formatInteger(m.shed.length),
        formatInteger(m.shed.length / m.seconds),
        formatFixed(percentile(m.shed, 50), 1),
        formatFixed(percentile(m.shed, 99), 1),
        String(errorCount),
        String(m.timeouts),
        `${formatInteger(m.frontCpu)}${m.target.behind ? ` + ${formatInteger(m.behindCpu)}` : ''}`,
        formatInteger(m.loadCpu),
        formatInteger(m.otherCpu),
      ];
    });
    const direct = new Map(
      results.filter((m) => m.target.name === 'direct').map((m) => [m.connections, m.ok.length / m.seconds]),
    );
    const ratioRows = options.connections.map((connections) => {
      const base = direct.get(connections) ?? Number.NaN;
      const ratio = (name: TargetName) => {
        const m = results.find((item) => item.target.name === name && item.connections === connections);
        return m ? formatFixed(m.ok.length / m.seconds / base, 2) : '—';
      };
      return [String(connections), formatInteger(base), ratio('distributed'), ratio('all-in-one')];
    });
    const errorLines = results.flatMap((m) =>
      [...m.errorKinds.entries()].map(
        ([detail, count]) =>
          `- ${m.connections} conns, ${m.target.label}: ${formatInteger(count)} × ${detail}`,
      ),
    );
    const statusLines = results.map(
      (m) =>
        `- ${m.connections} conns, ${m.target.label}: ok ${statusText(m.statuses.ok) || '—'}; ` +
        `shed ${statusText(m.statuses.shed) || '—'}; errors ${statusText(m.statuses.error) || '—'}`,
    );
    const out = [
      `## Login storm (${new Date().toISOString()})`,
      '',
      `Node ${process.version}, ${availableParallelism()} cores, ${formatInteger(totalmem() / 2 ** 30)} GiB; ` +
        `load average (1/5/15 min) at the start ${loadStart}, at the end ${loadAverage()}; ` +
        `${formatFixed((performance.now() - startedAt) / 1000, 0)} s in all.`,
      `Hashing cap per process: AUTH_HASH_CONCURRENCY = ${cap.concurrency} argon2id hashes at once, ` +
        `AUTH_HASH_QUEUE = ${cap.queue} waiting (${options.hashConcurrency === undefined ? 'product defaults' : 'set by --hash-*'}); ` +
        `the identity process hashes for "direct" and "distributed", the all-in-one gateway for itself.`,
      `${options.duration} s per measurement, autocannon timeout ${options.timeout} s; every login is the next of ` +
        `${emails.length} seeded users with the right password; request and login-failure limits out of reach.`,
      '',
      markdownTable(
        [
          'conns',
          'target',
          'cap / queue',
          'logins/s',
          'ok p50 ms',
          'ok p95 ms',
          'ok p99 ms',
          'ok max ms',
          'shed',
          'shed/s',
          'shed p50 ms',
          'shed p99 ms',
          'other errors',
          'timeouts',
          'server CPU %',
          'autocannon CPU %',
          'other CPU %',
        ],
        rows,
      ),
      '',
      'Successful logins/s through a gateway × direct (same concurrency):',
      '',
      markdownTable(['conns', 'direct logins/s', 'distributed × direct', 'all-in-one × direct'], ratioRows),
      '',
      'shed = answered RATE_LIMITED by the hashing cap ("The server is busy signing people in"). other errors = ' +
        'anything else: a refusal by another limit, a wrong answer, a socket error or a timeout (must be 0). ' +
        'server CPU % = the process receiving the load (+ identity behind the distributed gateway), % of one core.',
      '',
      'HTTP status codes per outcome:',
      ...statusLines,
      ...(errorLines.length > 0 ? ['', 'Errors:', ...errorLines] : []),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const failures = results.reduce((sum, m) => sum + m.errors.length + m.timeouts + m.socketErrors, 0);
    if (failures > 0)
      throw new Error(`${failures} responses were neither a login nor shed (see "Errors" above).`);
  } finally {
    log('Stopping the servers …');
    await stopAll();
  }
}

await runBenchCli('bench:login', USAGE, parseOptions, main);
