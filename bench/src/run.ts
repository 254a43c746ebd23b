/*
 * `npm run bench`: gateway throughput against the subgraphs it fronts, with every server a real
 * process. See bench/README.md.
 */
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { config, SUBGRAPH_NAMES, type SubgraphName } from '@schools24/config';
import { generateSigningJwk } from '@schools24/auth';
import { AUTHORIZATION_HEADER, SCHOOL_ID_HEADER } from '@schools24/graphql';
import { BENCH_DATABASE, BENCH_SCHOOL, prepareBenchDatabase } from './database.js';
import {
  rosterAcademicsOperation,
  rosterIdentityOperation,
  rosterOperation,
  rosterStudentIds,
  singleSubgraphOperation,
  type Operation,
  type SingleSubgraph,
} from './operations.js';
import {
  assertPortFree,
  cpuSeconds,
  cpuSecondsByName,
  machineBusySeconds,
  memoryMiB,
  Service,
  type ServiceSpec,
  benchServerEnv,
  ROOT,
  subgraphAddresses,
} from './processes.js';
import { formatFixed, formatInteger, markdownTable, median } from './stats.js';
import { runBenchCli } from './cli.js';

const READY_TIMEOUT_MS = 120_000;
/** Command names of the stores whose CPU is reported apart from the rest of the machine. */
const STORE_PROCESSES = ['postgres', 'redis-server'];

const USAGE = `Usage: npm run bench -- [options]

Starts the five subgraphs (each its own process), a gateway with TOPOLOGY=distributed and one with
TOPOLOGY=all-in-one, then loads them with autocannon, interleaving rounds, and prints medians.

Options:
  --duration S      seconds per measurement (default 10)
  --connections N   concurrent connections (default 50)
  --rounds N        rounds over all targets (default 3)
  --warmup S        seconds of warm-up per target before the first round (default 3)
  --single NAME     one-subgraph query: academics (section by id) or identity (20 students); default academics
  --port-base P     ports P..P+15 are used (default 4400)
  --max-other P     repeat a measurement (up to --retries times) while the rest of the machine uses
                    more than P % of a core, keeping the quietest (default 25)
  --retries N       default 2
  --node-options S  NODE_OPTIONS for every server process, e.g. "--max-semi-space-size=64" (default none)
  -h, --help        show this help`;

interface BenchOptions {
  duration: number;
  connections: number;
  rounds: number;
  warmup: number;
  single: SingleSubgraph;
  portBase: number;
  nodeOptions: string;
  maxOther: number;
  retries: number;
}

function parseOptions(argv: string[]): BenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '50' },
        rounds: { type: 'string', default: '3' },
        warmup: { type: 'string', default: '3' },
        single: { type: 'string', default: 'academics' },
        'port-base': { type: 'string', default: '4400' },
        'node-options': { type: 'string', default: '' },
        'max-other': { type: 'string', default: '25' },
        retries: { type: 'string', default: '2' },
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
  if (values.single !== 'academics' && values.single !== 'identity') {
    throw new Error(`--single must be academics or identity (got "${values.single}").`);
  }
  return {
    duration: whole('duration', values.duration, 1, 3600),
    connections: whole('connections', values.connections, 1, 10_000),
    rounds: whole('rounds', values.rounds, 1, 100),
    warmup: whole('warmup', values.warmup, 0, 600),
    single: values.single,
    portBase: whole('port-base', values['port-base'], 1024, 65_535 - 15),
    nodeOptions: values['node-options'].trim(),
    maxOther: whole('max-other', values['max-other'], 0, 10_000),
    retries: whole('retries', values.retries, 0, 10),
  };
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A place the load goes to, with the processes whose CPU to watch while it does. */
interface Target {
  group: 'a' | 'b';
  label: string;
  /** The process receiving the load. */
  front: Service;
  /** Subgraph processes the front calls (distributed gateway only). */
  behind: Service[];
  operation: Operation;
  /** The direct target whose rps this one is compared with. */
  baseline?: Target;
  /** Not compared; shown for reference. */
  reference?: boolean;
  body: string;
  /** The verified response body, when the response is byte-for-byte repeatable. */
  expectedBody?: string;
  verifiedData?: unknown;
  samples: Sample[];
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** CPU use during the measurement, in % of one core. */
  frontCpu: number;
  behindCpu: number;
  loadCpu: number;
  /** PostgreSQL and Redis, % of one core. */
  storeCpu: number;
  /** Everything else on the machine (other users' work; the idle servers), % of one core. */
  otherCpu: number;
  /** CPU the servers (front and subgraphs behind it) spent per request, µs. */
  serverMicros: number;
}

function target(fields: Omit<Target, 'body' | 'samples' | 'behind'> & { behind?: Service[] }): Target {
  return {
    ...fields,
    behind: fields.behind ?? [],
    body: JSON.stringify({ query: fields.operation.query, variables: fields.operation.variables }),
    samples: [],
  };
}

/** Who the load acts as: the school admin's access token, and the school (the header repeats it). */
interface Caller {
  schoolId: string;
  token: string;
}

function requestHeaders(caller: Caller): Record<string, string> {
  return {
    'content-type': 'application/json',
    [AUTHORIZATION_HEADER]: `Bearer ${caller.token}`,
    [SCHOOL_ID_HEADER]: caller.schoolId,
  };
}

/** Signs in through a gateway with the `login` mutation, as a client would. */
async function signIn(gatewayUrl: string, login: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation BenchLogin($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { message } } }',
      variables: { input: { ...login, schoolCode: BENCH_SCHOOL.code } },
    }),
  });
  const text = await response.text();
  let token: unknown;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'data' in body) {
      const { data } = body;
      if (typeof data === 'object' && data !== null && 'login' in data) {
        const { login: payload } = data;
        if (typeof payload === 'object' && payload !== null && 'tokens' in payload) {
          const { tokens } = payload;
          if (typeof tokens === 'object' && tokens !== null && 'accessToken' in tokens)
            token = tokens.accessToken;
        }
      }
    }
  } catch {
    // Reported below.
  }
  if (response.status !== 200 || typeof token !== 'string') {
    throw new Error(`Signing in as ${login.email} failed (${response.status}): ${text}`);
  }
  return token;
}

/** One request outside the load: must be a 200 with the expected data and no `errors`. */
async function verify(item: Target, caller: Caller): Promise<{ text: string; data: unknown }> {
  const url = `${item.front.baseUrl}/graphql`;
  const response = await fetch(url, { method: 'POST', headers: requestHeaders(caller), body: item.body });
  const text = await response.text();
  const fail = (why: string) =>
    new Error(
      `Verification of "${item.label}" (${url}) failed: ${why}.\nResponse ${response.status}: ${text}`,
    );
  if (response.status !== 200) throw fail(`status ${response.status}, expected 200`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw fail('the body is not a JSON object');
  if ('errors' in parsed) throw fail('the response has errors');
  const data = 'data' in parsed ? parsed.data : undefined;
  if (data === null || data === undefined) throw fail('the response has no data');
  const problem = item.operation.check(data);
  if (problem) throw fail(problem);
  return { text, data };
}

async function load(
  item: Target,
  caller: Caller,
  seconds: number,
  connections: number,
  checkBodies: boolean,
): Promise<Sample> {
  const pids = [item.front, ...item.behind].map((service) => {
    if (service.serverPid === undefined) throw new Error(`${service.name} has no known server process`);
    return service.serverPid;
  });
  const cpuBefore = pids.map(cpuSeconds);
  const machineBefore = machineBusySeconds();
  const storeBefore = cpuSecondsByName(STORE_PROCESSES);
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: `${item.front.baseUrl}/graphql`,
    method: 'POST',
    headers: requestHeaders(caller),
    body: item.body,
    connections,
    duration: seconds,
    ...(checkBodies && item.expectedBody !== undefined ? { expectBody: item.expectedBody } : {}),
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = pids.map(cpuSeconds);
  const machine = machineBusySeconds() - machineBefore;
  const store = Math.max(0, cpuSecondsByName(STORE_PROCESSES) - storeBefore);
  const self = process.cpuUsage(selfBefore);
  const percent = (seconds_: number) => (seconds_ / elapsed) * 100;
  const used = cpuAfter.map((after, index) => after - (cpuBefore[index] ?? after));

  const problems = [
    result.non2xx > 0 ? `${result.non2xx} non-2xx responses` : '',
    result.errors > 0 ? `${result.errors} errors (${result.timeouts} timeouts)` : '',
    result.mismatches > 0 ? `${result.mismatches} responses differ from the verified body` : '',
    result.requests.total === 0 ? 'no request completed' : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `Load on "${item.label}" failed: ${problems.join(', ')}.\n${item.front.name} output:\n${item.front.outputTail()}`,
    );
  }
  const loadSeconds = (self.user + self.system) / 1e6;
  const servers = used.reduce((a, b) => a + b, 0);
  const ours = servers + loadSeconds + store;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    frontCpu: percent(used[0] ?? Number.NaN),
    behindCpu: item.behind.length === 0 ? Number.NaN : percent(used.slice(1).reduce((a, b) => a + b, 0)),
    loadCpu: percent(loadSeconds),
    storeCpu: percent(store),
    otherCpu: percent(Math.max(0, machine - ours)),
    serverMicros: result.requests.total > 0 ? (servers / result.requests.total) * 1e6 : Number.NaN,
  };
}

function summary(item: Target) {
  const of = (key: keyof Sample) => median(item.samples.map((sample) => sample[key]));
  return {
    rps: of('rps'),
    p50: of('p50'),
    p99: of('p99'),
    frontCpu: of('frontCpu'),
    behindCpu: of('behindCpu'),
    loadCpu: of('loadCpu'),
    storeCpu: of('storeCpu'),
    otherCpu: of('otherCpu'),
    serverMicros: of('serverMicros'),
  };
}

async function main(options: BenchOptions): Promise<void> {
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

  const loadStart = loadAverage();
  if ((loadavg()[0] ?? 0) > 0.5) {
    log(`Note: the machine is already busy (load average ${loadStart}); expect noisy numbers.`);
  }
  try {
    log(`Preparing database ${BENCH_DATABASE} on ${new URL(cfg.DATABASE_URL).host} …`);
    // Releases with row-level security serve as an unprivileged role and migrate as the owner
    // (DATABASE_ADMIN_URL); before that, DATABASE_URL does both.
    const adminUrl =
      'DATABASE_ADMIN_URL' in cfg && typeof cfg.DATABASE_ADMIN_URL === 'string'
        ? cfg.DATABASE_ADMIN_URL
        : cfg.DATABASE_URL;
    const school = await prepareBenchDatabase({ app: cfg.DATABASE_URL, admin: adminUrl }, log);
    log(
      `School ${BENCH_SCHOOL.code} (${school.schoolId}, ${school.seeded ? 'seeded now' : 'already seeded'}), ` +
        `section ${school.sectionId}`,
    );

    const ports = {
      distributed: options.portBase,
      allInOne: options.portBase + 1,
      subgraph: (name: SubgraphName) => options.portBase + 11 + SUBGRAPH_NAMES.indexOf(name),
    };
    const allPorts = [ports.distributed, ports.allInOne, ...SUBGRAPH_NAMES.map(ports.subgraph)];
    for (const port of allPorts) await assertPortFree(port);

    const env: Record<string, string> = {
      ...benchServerEnv(cfg, school),
      // Longer than the run, so the Redis-backed loaders stay warm from warm-up to the last round.
      CACHE_TTL_SECONDS: '3600',
      // One token serves the whole run (the longest lifetime allowed).
      AUTH_ACCESS_TOKEN_TTL_SECONDS: '3600',
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      ...subgraphAddresses((name) => ports.subgraph(name)),
    };
    // Identity (and the all-in-one gateway, which hosts identity) sign access tokens with this key;
    // every other process verifies them with identity's JWKS, as in production.
    const signer = { AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('bench')]) };
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const spec = (
      name: string,
      args: string[],
      port: number,
      extra: Record<string, string> = {},
    ): ServiceSpec => ({
      name,
      command: tsx,
      args,
      cwd: ROOT,
      env: { ...env, ...extra },
      port,
    });

    const subgraphs = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [
        name,
        new Service(
          spec(
            name,
            ['gateway/src/cli/start-subgraph.ts', name],
            ports.subgraph(name),
            name === 'identity' ? signer : {},
          ),
        ),
      ]),
    ) as Record<SubgraphName, Service>;
    services.push(...Object.values(subgraphs));
    const distributed = new Service(
      spec('gateway (distributed)', ['gateway/src/main.ts'], ports.distributed, {
        TOPOLOGY: 'distributed',
        GATEWAY_PORT: String(ports.distributed),
      }),
    );
    const allInOne = new Service(
      spec('gateway (all-in-one)', ['gateway/src/main.ts'], ports.allInOne, {
        TOPOLOGY: 'all-in-one',
        GATEWAY_PORT: String(ports.allInOne),
        ...signer,
      }),
    );
    services.push(distributed, allInOne);
    log(`Starting ${services.length} processes (ports ${options.portBase}-${options.portBase + 15}) …`);
    await Promise.all(services.map((service) => service.waitReady(READY_TIMEOUT_MS)));
    for (const service of services) {
      log(`  ${service.name.padEnd(22)} ${service.baseUrl}  pid ${String(service.serverPid)}`);
    }

    const caller: Caller = {
      schoolId: school.schoolId,
      token: await signIn(allInOne.baseUrl, school.login),
    };
    log(`Signed in as ${school.login.email}.`);

    // (a) one subgraph; (b) academics + identity.
    const single = singleSubgraphOperation(options.single, school.sectionId);
    const singleFront = subgraphs[options.single];
    const aDirect = target({
      group: 'a',
      label: `${options.single} subgraph, direct`,
      front: singleFront,
      operation: single,
    });
    const bDirect = target({
      group: 'b',
      label: 'academics subgraph, direct (roster without identity fields)',
      front: subgraphs.academics,
      operation: rosterAcademicsOperation(school.sectionId),
    });
    // The identity half needs the roster's student ids.
    const academicsRoster = await verify(bDirect, caller);
    const studentIds = rosterStudentIds(academicsRoster.data);
    const bIdentity = target({
      group: 'b',
      label: 'identity subgraph, direct (_entities for the 20 students)',
      front: subgraphs.identity,
      operation: rosterIdentityOperation(studentIds),
      reference: true,
    });
    const roster = rosterOperation(school.sectionId);
    const targets: Target[] = [
      aDirect,
      target({
        group: 'a',
        label: 'gateway distributed',
        front: distributed,
        behind: [singleFront],
        operation: single,
        baseline: aDirect,
      }),
      target({
        group: 'a',
        label: 'gateway all-in-one',
        front: allInOne,
        operation: single,
        baseline: aDirect,
      }),
      bDirect,
      bIdentity,
      target({
        group: 'b',
        label: 'gateway distributed',
        front: distributed,
        behind: [subgraphs.academics, subgraphs.identity],
        operation: roster,
        baseline: bDirect,
      }),
      target({
        group: 'b',
        label: 'gateway all-in-one',
        front: allInOne,
        operation: roster,
        baseline: bDirect,
      }),
    ];

    log('Verifying every target (200, data as expected, no errors) …');
    for (const item of targets) {
      const first = await verify(item, caller);
      const second = await verify(item, caller);
      item.verifiedData = first.data;
      if (first.text === second.text) item.expectedBody = first.text;
      log(
        `  ok  (${item.group}) ${item.label}${item.expectedBody ? '' : ' (body varies between requests; not compared)'}`,
      );
    }
    // The federated query through either gateway must return what the subgraphs return together.
    const distributedRoster = targets.find((item) => item.front === distributed && item.group === 'b');
    const allInOneRoster = targets.find((item) => item.front === allInOne && item.group === 'b');
    if (JSON.stringify(distributedRoster?.verifiedData) !== JSON.stringify(allInOneRoster?.verifiedData)) {
      throw new Error('The two gateways return different data for the federated query.');
    }

    if (options.warmup > 0) {
      log(`Warm-up: ${options.warmup} s per target, every response body compared with the verified one …`);
      for (const item of targets) await load(item, caller, options.warmup, options.connections, true);
    }

    const step = Math.max(1, Math.ceil(targets.length / options.rounds));
    const noisy = { repeats: 0, kept: 0 };
    for (let round = 0; round < options.rounds; round++) {
      const offset = (round * step) % targets.length;
      const order = targets.map((_, index) => targets[(index + offset) % targets.length] as Target);
      for (const item of order) {
        let sample: Sample | undefined;
        for (let attempt = 0; attempt <= options.retries; attempt++) {
          if (attempt > 0) await sleep(5_000);
          const next = await load(item, caller, options.duration, options.connections, false);
          log(
            `round ${round + 1}/${options.rounds}  (${item.group}) ${item.label.padEnd(58)} ` +
              `${formatInteger(next.rps).padStart(6)} rps  p50 ${formatFixed(next.p50, 1)} ms  ` +
              `p99 ${formatFixed(next.p99, 1)} ms  cpu ${formatInteger(next.frontCpu)} %  ` +
              `other ${formatInteger(next.otherCpu)} %`,
          );
          if (!sample || next.otherCpu < sample.otherCpu) sample = next;
          if (sample.otherCpu <= options.maxOther) break;
          noisy.repeats += 1;
          if (attempt < options.retries) log('  (other processes were busy; measuring again)');
        }
        if (!sample) throw new Error('no measurement');
        if (sample.otherCpu > options.maxOther) noisy.kept += 1;
        item.samples.push(sample);
        await sleep(500);
      }
    }

    const memory = [distributed, allInOne, ...Object.values(subgraphs)].map((service) => ({
      service,
      ...memoryMiB(service.serverPid ?? 0),
    }));

    // Report.
    const rows = targets.map((item) => {
      const s = summary(item);
      const base = item.baseline ? summary(item.baseline).rps : Number.NaN;
      return [
        `(${item.group}) ${item.label}`,
        formatInteger(s.rps),
        formatFixed(s.p50, 1),
        formatFixed(s.p99, 1),
        item.baseline ? formatFixed(s.rps / base, 2) : item.reference ? '—' : '1.00',
        formatInteger(s.serverMicros),
        formatInteger(s.frontCpu),
        formatInteger(s.behindCpu),
        formatInteger(s.storeCpu),
        formatInteger(s.loadCpu),
        formatInteger(s.otherCpu),
      ];
    });
    const aRps = summary(bDirect).rps;
    const iRps = summary(bIdentity).rps;
    const twoCalls = 1 / (1 / aRps + 1 / iRps);
    const out: string[] = [];
    out.push(
      `## Results (${new Date().toISOString()})`,
      '',
      `Node ${process.version}, ${availableParallelism()} cores, ${formatInteger(totalmem() / 2 ** 30)} GiB; ` +
        `load average (1/5/15 min) at the start ${loadStart}, at the end ${loadAverage()}` +
        `${options.nodeOptions ? `; servers ran with NODE_OPTIONS="${options.nodeOptions}"` : ''}.`,
      `${options.rounds} interleaved rounds x ${options.duration} s per target, ${options.connections} connections, ` +
        `medians shown; ${options.warmup} s warm-up per target first, so the Redis-backed loaders are warm.`,
      `(a) one-subgraph query on ${options.single}: ${single.query}`,
      `(b) federated: ${roster.query}`,
      '',
      markdownTable(
        [
          'target',
          'rps',
          'p50 ms',
          'p99 ms',
          'rps × direct',
          'server CPU µs/req',
          'front CPU %',
          'subgraphs CPU %',
          'pg+redis CPU %',
          'autocannon CPU %',
          'other CPU %',
        ],
        rows,
      ),
      '',
      `rps × direct compares with the direct row of the same group; for (b) that is the academics roster ` +
        `alone, a stricter baseline than the two direct calls a client would otherwise make ` +
        `(academics roster, then identity for its students: derived 1/(1/${formatInteger(aRps)} + 1/${formatInteger(iRps)}) ` +
        `= ${formatInteger(twoCalls)} rosters/s; against that, distributed × ` +
        `${formatFixed(summary(distributedRoster ?? bDirect).rps / twoCalls, 2)}, all-in-one × ` +
        `${formatFixed(summary(allInOneRoster ?? bDirect).rps / twoCalls, 2)}).`,
      'server CPU µs/req = CPU time of the front process plus the subgraph processes behind it, per request ' +
        '(all-in-one: the gateway alone does everything). The other CPU columns are % of one core while loaded ' +
        '(200 % = the whole machine): front = the process receiving the load (over 100 % = its GC and ' +
        'helper threads), subgraphs = the subgraph processes behind the distributed gateway, pg+redis = ' +
        'PostgreSQL and Redis, autocannon = this process, other = everything else on the machine (near 0 ' +
        'when nothing else runs).',
      '',
      'Memory after load (VmRSS, peak VmHWM):',
      ...memory.map(
        ({ service, rss, peak }) =>
          `- ${service.name}: ${formatInteger(rss)} MiB (peak ${formatInteger(peak)} MiB)`,
      ),
      '',
      `Measurements repeated because other processes used more than ${options.maxOther} % of a core: ` +
        `${noisy.repeats}; kept although still above it (after ${options.retries} repeats): ${noisy.kept}.`,
      '',
      'rps per round:',
      ...targets.map(
        (item) =>
          `- (${item.group}) ${item.label}: ${item.samples.map((sample) => formatInteger(sample.rps)).join(', ')}`,
      ),
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    log('Stopping the servers …');
    await stopAll();
  }
}

await runBenchCli('bench', USAGE, parseOptions, main);
