/*
 * `npm run bench:day`: the student day view, warm and cold (issue 5, point 9).
 *
 * Real processes: an all-in-one gateway and, for a direct baseline, the academics subgraph as its
 * own process (verifying tokens with the gateway's JWKS, as in production). Every section of the
 * seeded school BENCH's current year gets a weekly timetable through the gateway's mutations as the
 * school admin (7 periods, Monday to Friday, a room per section, no teacher in two sections in the
 * same period), reused by later runs. Then students of every section ask for their day on a fixed
 * school day: `studentDay(date)` with the section, the lessons' periods, subjects and rooms
 * (academics) and each lesson's teacher name (identity), through the gateway; the same query
 * without the teacher's name straight at the academics subgraph. Warm: a paced open-loop load at
 * each rate. Cold: one request at a time, each after deleting the school's Redis cache keys. Every
 * response must be the body first verified for that student and target.
 */
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
import { createRedis, tenantKey, type Redis } from '@schools24/redis';
import { BENCH_DATABASE, prepareBenchDatabase } from './database.js';
import {
  loadAverage,
  log,
  READY_TIMEOUT_MS,
  ROOT,
  schoolCast,
  serverEnv,
  TokenSigner,
  TSX,
} from './homework-setup.js';
import { pacedLoad, type LoadResult } from './paced-load.js';
import { assertPortFree, cpuSeconds, machineBusySeconds, memoryMiB, Service } from './processes.js';
import { formatFixed, formatInteger, markdownTable, percentile } from './stats.js';
import { runBenchCli } from './cli.js';

const USAGE = `Usage: npm run bench:day -- [options]

Options:
  --rates L          comma-separated requests/s for the warm measurements (default 100,300,600)
  --duration S       seconds per warm measurement (default 10)
  --connections N    keep-alive connections per target (default 32)
  --students N       students asking for their day, spread over the sections (default 300)
  --cold N           cold requests per target, each after clearing the school's cache (default 200)
  --date YYYY-MM-DD  the school day (default: the next Monday)
  --port-base P      gateway on P, academics subgraph on P+11 (ports P+10..P+14 reserved; default 4460)
  --cpu-prof DIR     the gateway and the academics subgraph write V8 CPU profiles of the run into DIR
  -h, --help         show this help`;

/** What a student app sends for "my day" (teacher names come from identity). */
const DAY_QUERY = `query ($date: Date!) {
  studentDay(date: $date) {
    date
    section { displayName }
    lessons {
      kind
      period { number startsAt endsAt }
      entry { subject { name } room { name } }
      teacher { fullName }
    }
  }
}`;
/**
 * The academics part of it: what the gateway's plan asks academics for (the teacher as an entity
 * reference), without identity's name.
 */
const DAY_QUERY_ACADEMICS = `query ($date: Date!) {
  studentDay(date: $date) {
    date
    section { displayName }
    lessons {
      kind
      period { number startsAt endsAt }
      entry { subject { name } room { name } }
      teacher { id }
    }
  }
}`;

const SECTION_WEEK = `query ($sectionId: ID!) {
  sectionWeek(sectionId: $sectionId) { entries { weekday periodNumber } }
}`;
const BELL_SCHEDULE = `query { bellSchedule { weekday number startsAt endsAt } }`;
const SET_BELL_SCHEDULE = `mutation ($input: SetBellScheduleInput!) {
  setBellSchedule(input: $input) { periods { number } userErrors { code message } }
}`;
const ROOMS = `query ($after: String) {
  rooms(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
}`;
const CREATE_ROOM = `mutation ($input: CreateRoomInput!) {
  createRoom(input: $input) { room { id name } userErrors { code message } }
}`;
const CREATE_ENTRY = `mutation ($input: CreateTimetableEntryInput!) {
  createTimetableEntry(input: $input) { entry { id } userErrors { code message } }
}`;

/** The default day (weekday 0) of the bench school: 7 lessons with breaks. */
const PERIODS = [
  ['08:00', '08:45'],
  ['08:50', '09:35'],
  ['09:40', '10:25'],
  ['10:45', '11:30'],
  ['11:35', '12:20'],
  ['13:00', '13:45'],
  ['13:50', '14:35'],
].map(([startsAt, endsAt], index) => ({ number: index + 1, startsAt: startsAt ?? '', endsAt: endsAt ?? '' }));
const WEEKDAYS = [1, 2, 3, 4, 5];
const ROOM_PREFIX = 'Bench room';
const SETUP_CONCURRENCY = 4;

interface Options {
  rates: number[];
  duration: number;
  connections: number;
  students: number;
  cold: number;
  date: string;
  portBase: number;
  /** Where the servers write V8 CPU profiles (`--cpu-prof`), if asked. */
  cpuProfileDir: string | undefined;
}

/** The next Monday after today (UTC), as YYYY-MM-DD. */
function nextMonday(): string {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekday = new Date(today).getUTCDay(); // 0 Sunday … 6 Saturday
  const ahead = ((8 - weekday) % 7) + (weekday === 1 ? 7 : 0);
  return new Date(today + ahead * 86_400_000).toISOString().slice(0, 10);
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rates: { type: 'string', default: '100,300,600' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      students: { type: 'string', default: '300' },
      cold: { type: 'string', default: '200' },
      date: { type: 'string' },
      'port-base': { type: 'string', default: '4460' },
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
  const date = values.date ?? nextMonday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw new Error('--date must be YYYY-MM-DD');
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) throw new Error('--date must be a school day (Monday to Friday)');
  return {
    rates: values.rates.split(',').map((item) => whole('rates', item.trim())),
    duration: whole('duration', values.duration),
    connections: whole('connections', values.connections),
    students: whole('students', values.students),
    cold: whole('cold', values.cold),
    date,
    portBase: whole('port-base', values['port-base']),
    cpuProfileDir: values['cpu-prof'],
  };
}

interface GraphqlAnswer<T> {
  status: number;
  body: string;
  data: T | undefined;
  errors: unknown;
}

/** One GraphQL POST over an undici pool; throws nothing for GraphQL errors (the caller checks). */
async function post<T>(
  pool: Pool,
  token: string,
  schoolId: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer<T>> {
  const response = await pool.request({
    path: '/graphql',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-school-id': schoolId,
    },
    body: JSON.stringify({ query, variables }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const body = await response.body.text();
  let parsed: { data?: T; errors?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON: the caller sees no data.
  }
  return { status: response.statusCode, body, data: parsed.data, errors: parsed.errors };
}

/** The answer's data, or an error naming what went wrong. */
function dataOf<T>(answer: GraphqlAnswer<T>, what: string): T {
  if (answer.status !== 200 || answer.errors !== undefined || answer.data === undefined)
    throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 500)}`);
  return answer.data;
}

/** Runs `work` over `items`, at most `limit` at once. */
async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
    }),
  );
}

interface UserError {
  code: string;
  message: string;
}

/**
 * Gives every section a weekly timetable through the gateway as the school admin: the default day's
 * 7 periods, a room per section, Monday to Friday × 7 lessons. The teacher of section i in slot s
 * (weekday × period) is teacher (i + s) mod T, so no teacher is in two sections in one slot while
 * there are at most T sections; beyond that a slot is skipped rather than booked twice. Slots a
 * section already has (an earlier run, see `sectionWeek`) are kept. Returns the lessons per section
 * on each weekday, as `sectionWeek` reports them afterwards.
 */
async function ensureTimetable(
  pool: Pool,
  token: string,
  schoolId: string,
  sectionIds: readonly string[],
  teachers: readonly { id: string; subjectId: string }[],
): Promise<{ perSection: Map<string, Map<number, number>>; created: number; skipped: number }> {
  const call = <T>(query: string, variables: Record<string, unknown>, what: string) =>
    post<T>(pool, token, schoolId, query, variables).then((answer) => dataOf(answer, what));
  const userErrorsOf = (errors: UserError[], what: string) => {
    if (errors.length > 0) throw new Error(`${what}: ${JSON.stringify(errors)}`);
  };

  // Bell schedule: the default day's 7 periods, unless it has them already.
  const bell = await call<{
    bellSchedule: { weekday: number; number: number; startsAt: string; endsAt: string }[];
  }>(BELL_SCHEDULE, {}, 'bellSchedule');
  const defaultDay = bell.bellSchedule.filter((period) => period.weekday === 0);
  const same =
    defaultDay.length === PERIODS.length &&
    PERIODS.every((period, index) => {
      const have = defaultDay[index];
      return (
        have?.number === period.number && have.startsAt === period.startsAt && have.endsAt === period.endsAt
      );
    });
  if (!same) {
    const set = await call<{ setBellSchedule: { userErrors: UserError[] } }>(
      SET_BELL_SCHEDULE,
      { input: { weekday: 0, periods: PERIODS } },
      'setBellSchedule',
    );
    userErrorsOf(set.setBellSchedule.userErrors, 'setBellSchedule');
    log(`bell schedule set: ${PERIODS.length} periods on the default day`);
  }

  // Rooms: one per section, by name.
  const rooms = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const page: {
      rooms: {
        edges: { node: { id: string; name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await call(ROOMS, { after }, 'rooms');
    for (const { node } of page.rooms.edges) rooms.set(node.name, node.id);
    if (!page.rooms.pageInfo.hasNextPage) break;
    after = page.rooms.pageInfo.endCursor;
  }
  // Named by the section's id, so the room stays the section's whatever sections are added.
  const roomName = (index: number) => `${ROOM_PREFIX} ${(sectionIds[index] ?? '').slice(0, 8)}`;
  const missingRooms = sectionIds.map((_, index) => index).filter((index) => !rooms.has(roomName(index)));
  await bounded(missingRooms, SETUP_CONCURRENCY, async (index) => {
    const made = await call<{ createRoom: { room: { id: string } | null; userErrors: UserError[] } }>(
      CREATE_ROOM,
      { input: { name: roomName(index), capacity: 40 } },
      'createRoom',
    );
    userErrorsOf(made.createRoom.userErrors, 'createRoom');
    rooms.set(roomName(index), made.createRoom.room?.id ?? '');
  });
  if (missingRooms.length > 0) log(`created ${missingRooms.length} rooms`);

  // What each section has already.
  const week = async (sectionId: string) => {
    const answer = await call<{
      sectionWeek: { entries: { weekday: number; periodNumber: number }[] } | null;
    }>(SECTION_WEEK, { sectionId }, 'sectionWeek');
    if (!answer.sectionWeek) throw new Error(`sectionWeek(${sectionId}) is null`);
    return answer.sectionWeek.entries;
  };
  const existing = new Map<string, Set<string>>();
  await bounded(sectionIds, SETUP_CONCURRENCY, async (sectionId) => {
    existing.set(sectionId, new Set((await week(sectionId)).map((e) => `${e.weekday}:${e.periodNumber}`)));
  });

  // The lessons still missing, with teachers that never meet in a slot.
  const busy = new Set<string>();
  const todo: { input: Record<string, unknown> }[] = [];
  let skipped = 0;
  for (const [sectionIndex, sectionId] of sectionIds.entries()) {
    for (const [dayIndex, weekday] of WEEKDAYS.entries()) {
      for (const period of PERIODS) {
        const slot = dayIndex * PERIODS.length + (period.number - 1);
        if (existing.get(sectionId)?.has(`${weekday}:${period.number}`)) continue;
        const teacher = teachers[(sectionIndex + slot) % teachers.length];
        const key = `${weekday}:${period.number}:${teacher?.id ?? ''}`;
        if (!teacher || sectionIndex >= teachers.length || busy.has(key)) {
          skipped += 1;
          continue;
        }
        busy.add(key);
        todo.push({
          input: {
            sectionId,
            weekday,
            periodNumber: period.number,
            subjectId: teacher.subjectId,
            teacherId: teacher.id,
            roomId: rooms.get(roomName(sectionIndex)),
          },
        });
      }
    }
  }
  let created = 0;
  if (todo.length > 0) {
    log(`creating ${todo.length} timetable entries through the gateway (${SETUP_CONCURRENCY} at a time) …`);
    const started = performance.now();
    await bounded(todo, SETUP_CONCURRENCY, async ({ input }) => {
      const made = await call<{
        createTimetableEntry: { entry: { id: string } | null; userErrors: UserError[] };
      }>(CREATE_ENTRY, { input }, 'createTimetableEntry');
      const errors = made.createTimetableEntry.userErrors;
      // A clash with what is there already (e.g. made by hand): skipped, never booked twice.
      if (errors.length > 0 && errors.every((error) => error.code === 'TIMETABLE_CLASH')) skipped += 1;
      else {
        userErrorsOf(errors, `createTimetableEntry ${JSON.stringify(input)}`);
        created += 1;
      }
    });
    log(`  created ${created} in ${formatFixed((performance.now() - started) / 1000, 1)} s`);
  }

  const perSection = new Map<string, Map<number, number>>();
  await bounded(sectionIds, SETUP_CONCURRENCY, async (sectionId) => {
    const counts = new Map<number, number>();
    for (const entry of await week(sectionId))
      counts.set(entry.weekday, (counts.get(entry.weekday) ?? 0) + 1);
    perSection.set(sectionId, counts);
  });
  return { perSection, created, skipped };
}

/** Deletes the school's cache keys in Redis (everything of the tenant but its `auth` keys). */
async function clearSchoolCache(redis: Redis, schoolId: string): Promise<number> {
  const authPrefix = tenantKey(schoolId, 'auth', '');
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', tenantKey(schoolId, '*'), 'COUNT', 1000);
    cursor = next;
    const data = keys.filter((key) => !key.startsWith(authPrefix));
    if (data.length > 0) removed += await redis.del(...data);
  } while (cursor !== '0');
  return removed;
}

interface Student {
  studentId: string;
  sectionId: string;
  token: string;
  lessons: number;
}

type Target = 'gateway' | 'direct';

interface Day {
  studentDay: {
    date: string;
    section: { displayName: string } | null;
    lessons: {
      kind: string;
      period: { number: number } | null;
      entry: { subject: { name: string }; room: { name: string } | null };
      teacher: { fullName?: string; id?: string };
    }[];
  } | null;
}

interface Warm extends LoadResult {
  target: Target;
  rate: number;
  cpu: { server: number; self: number; other: number };
}

async function main(options: Options): Promise<void> {
  const cfg = config();
  const services: Service[] = [];
  const stopAll = () => Promise.all(services.map((service) => service.stop()));
  process.once('exit', () => services.forEach((service) => service.kill()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const startedAt = new Date();
  const loadStart = loadAverage();
  log(`Preparing database ${BENCH_DATABASE} …`);
  const school = await prepareBenchDatabase({ app: cfg.DATABASE_URL, admin: cfg.DATABASE_ADMIN_URL }, log);
  const owner = createDatabase({ url: school.adminUrl, poolSize: 2 });
  const stats = new pg.Pool({ connectionString: school.adminUrl, max: 1 });
  const redis = createRedis(cfg.REDIS_URL);
  const pools: Pool[] = [];
  try {
    await redis.connect();
    const cast = await schoolCast(owner, school.schoolId);
    const year = await owner.academicYear.findFirstOrThrow({ where: { id: cast.academicYearId } });
    const day = new Date(`${options.date}T00:00:00Z`);
    if (day < year.startsOn || day > year.endsOn)
      throw new Error(`${options.date} is outside the current academic year (${year.name}).`);
    const sections = cast.sections;
    // Each teacher teaches one subject: their first teaching assignment's, else one in turn.
    const subjects = await owner.subject.findMany({
      where: { schoolId: school.schoolId },
      orderBy: { id: 'asc' },
    });
    const teacherRows = await owner.teacher.findMany({
      where: { schoolId: school.schoolId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        teachingAssignments: { select: { subjectId: true }, orderBy: { subjectId: 'asc' }, take: 1 },
      },
    });
    const teachers = teacherRows.map((row, index) => ({
      id: row.id,
      subjectId: row.teachingAssignments[0]?.subjectId ?? subjects[index % subjects.length]?.id ?? '',
    }));
    log(
      `School ${school.schoolId}: ${sections.length} sections, ${teachers.length} teachers, ` +
        `${subjects.length} subjects; the day ${options.date}.`,
    );

    const jwk = await generateSigningJwk('bench-day');
    const signer = new TokenSigner(jwk, cfg);
    const roleOf = (userId: string): Role[] => cast.roles.get(userId) ?? ['STUDENT'];
    const adminToken = await signer.sign(school.schoolId, cast.adminUserId, roleOf(cast.adminUserId));

    const ports = { gateway: options.portBase, academics: options.portBase + 11 };
    for (const port of Object.values(ports)) await assertPortFree(port);
    // serverEnv puts every subgraph on P+10.. (academics on P+11): only academics listens there.
    const env = serverEnv(cfg, school, options.portBase);
    const profiling: Record<string, string> = options.cpuProfileDir
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(options.cpuProfileDir)}` }
      : {};
    const gateway = new Service({
      name: 'gateway (all-in-one)',
      command: TSX,
      args: ['gateway/src/main.ts'],
      cwd: ROOT,
      env: {
        ...env,
        TOPOLOGY: 'all-in-one',
        GATEWAY_PORT: String(ports.gateway),
        AUTH_SIGNING_KEYS: JSON.stringify([jwk]),
        ...profiling,
      },
      port: ports.gateway,
    });
    services.push(gateway);
    await gateway.waitReady(READY_TIMEOUT_MS);
    // Academics does not sign: it verifies with the JWKS the gateway serves for its in-process identity.
    const academics = new Service({
      name: 'academics subgraph',
      command: TSX,
      args: ['gateway/src/cli/start-subgraph.ts', 'academics'],
      cwd: ROOT,
      env: { ...env, AUTH_JWKS_URL: `${gateway.baseUrl}/.well-known/jwks.json`, ...profiling },
      port: ports.academics,
    });
    services.push(academics);
    await academics.waitReady(READY_TIMEOUT_MS);
    log(`gateway pid ${String(gateway.serverPid)}, academics pid ${String(academics.serverPid)}`);

    const setupPool = new Pool(gateway.baseUrl, { connections: SETUP_CONCURRENCY });
    pools.push(setupPool);
    const timetable = await ensureTimetable(
      setupPool,
      adminToken,
      school.schoolId,
      sections.map((section) => section.sectionId),
      teachers,
    );
    const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
    const lessonsOf = (sectionId: string) => timetable.perSection.get(sectionId)?.get(isoWeekday) ?? 0;
    const withLessons = sections.filter(
      (section) => section.students.length > 0 && lessonsOf(section.sectionId) > 0,
    );
    if (withLessons.length === 0) throw new Error(`No section has lessons on ${options.date}.`);

    // Students in turn from every section, so consecutive requests are different students and sections.
    const chosen: { id: string; userId: string; sectionId: string }[] = [];
    const longest = Math.max(...withLessons.map((section) => section.students.length));
    for (let position = 0; position < longest && chosen.length < options.students; position++) {
      for (const section of withLessons) {
        const student = section.students[position];
        if (student && chosen.length < options.students)
          chosen.push({ ...student, sectionId: section.sectionId });
      }
    }
    const students: Student[] = await Promise.all(
      chosen.map(async (student) => ({
        studentId: student.id,
        sectionId: student.sectionId,
        token: await signer.sign(school.schoolId, student.userId, roleOf(student.userId)),
        lessons: lessonsOf(student.sectionId),
      })),
    );
    log(
      `${students.length} students of ${withLessons.length} sections; ${lessonsOf(withLessons[0]?.sectionId ?? '')} lessons each.`,
    );

    const pool: Record<Target, Pool> = {
      gateway: new Pool(gateway.baseUrl, { connections: options.connections, pipelining: 1 }),
      direct: new Pool(academics.baseUrl, { connections: options.connections, pipelining: 1 }),
    };
    pools.push(pool.gateway, pool.direct);
    const queryOf: Record<Target, string> = { gateway: DAY_QUERY, direct: DAY_QUERY_ACADEMICS };
    const variables = { date: options.date };
    /** The body first verified for each (target, student): every later answer must equal it. */
    const expected: Record<Target, Map<string, string>> = { gateway: new Map(), direct: new Map() };

    /** Checks an answer in full: 200, no errors, the student's section and lessons, names present. */
    const verify = (target: Target, student: Student, answer: GraphqlAnswer<Day>): string | null => {
      const view = answer.data?.studentDay;
      const problem =
        answer.status !== 200
          ? 'status'
          : answer.errors !== undefined
            ? 'errors'
            : !view
              ? 'no studentDay'
              : view.date !== options.date
                ? 'wrong date'
                : !view.section?.displayName
                  ? 'no section'
                  : view.lessons.length !== student.lessons
                    ? `${view.lessons.length} lessons, expected ${student.lessons}`
                    : view.lessons.some(
                          (lesson) =>
                            !lesson.period ||
                            !lesson.entry.subject.name ||
                            !lesson.entry.room?.name ||
                            !(target === 'gateway' ? lesson.teacher.fullName : lesson.teacher.id),
                        )
                      ? 'a lesson without period, subject, room or teacher'
                      : null;
      return problem === null
        ? null
        : `${target} ${student.studentId}: ${problem}: ${answer.status} ${answer.body.slice(0, 300)}`;
    };
    /** One day view; null when it is the verified body (or, the first time, passes verification). */
    const ask = async (target: Target, student: Student): Promise<string | null> => {
      const answer = await post<Day>(
        pool[target],
        student.token,
        school.schoolId,
        queryOf[target],
        variables,
      );
      const known = expected[target].get(student.studentId);
      if (known !== undefined)
        return answer.body === known
          ? null
          : `${target} ${student.studentId}: answer differs: ${answer.body.slice(0, 300)}`;
      const problem = verify(target, student, answer);
      if (problem === null) expected[target].set(student.studentId, answer.body);
      return problem;
    };

    // Every student once per target (verified), then a paced warm-up.
    log('Verifying every student’s day on both targets …');
    for (const target of ['gateway', 'direct'] as const) {
      const failures: string[] = [];
      await bounded(students, 8, async (student) => {
        const problem = await ask(target, student);
        if (problem) failures.push(problem);
      });
      if (failures.length > 0)
        throw new Error(`${failures.length} day views failed, e.g.\n${failures.slice(0, 3).join('\n')}`);
    }
    log('Warm-up …');
    for (const target of ['gateway', 'direct'] as const) {
      const warm = await pacedLoad(200, 3, options.connections, (index) =>
        ask(target, students[index % students.length] as Student),
      );
      if (warm.errors > 0) throw new Error(`Warm-up errors (${target}): ${warm.errorSamples.join('\n')}`);
    }

    // Warm: the paced load at each rate, gateway then direct.
    const warmResults: Warm[] = [];
    for (const rate of options.rates) {
      for (const target of ['gateway', 'direct'] as const) {
        await sleep(1_000);
        const pids = [gateway.serverPid ?? 0, academics.serverPid ?? 0];
        const before = pids.map(cpuSeconds);
        const machineBefore = machineBusySeconds();
        const selfBefore = process.cpuUsage();
        const wall = performance.now();
        const run = await pacedLoad(rate, options.duration, options.connections, (index) =>
          ask(target, students[index % students.length] as Student),
        );
        const elapsed = (performance.now() - wall) / 1000;
        const used = pids.map((pid, index) => cpuSeconds(pid) - (before[index] ?? 0));
        const servers = used.reduce((sum, value) => sum + value, 0);
        const self = process.cpuUsage(selfBefore);
        const selfSeconds = (self.user + self.system) / 1e6;
        const machine = machineBusySeconds() - machineBefore;
        const pct = (value: number) => (value / elapsed) * 100;
        const measurement: Warm = {
          target,
          rate,
          ...run,
          cpu: {
            server: pct(target === 'gateway' ? (used[0] ?? 0) : (used[1] ?? 0)),
            self: pct(selfSeconds),
            other: pct(Math.max(0, machine - servers - selfSeconds)),
          },
        };
        warmResults.push(measurement);
        log(
          `${String(rate).padStart(4)}/s ${target.padEnd(7)} ${formatInteger(run.latencies.length / run.seconds).padStart(5)}/s ` +
            `p50 ${formatFixed(percentile(run.latencies, 50), 2)} p99 ${formatFixed(percentile(run.latencies, 99), 2)} ` +
            `max ${formatFixed(run.latencies.at(-1) ?? Number.NaN, 1)} ms errors ${run.errors} ` +
            `cpu ${formatInteger(measurement.cpu.server)} self ${formatInteger(measurement.cpu.self)} other ${formatInteger(measurement.cpu.other)} %`,
        );
        if (run.errors > 0) log(`  errors, e.g.:\n  ${run.errorSamples.join('\n  ')}`);
      }
    }

    // Tenant transactions (SQL reads) per request, from PostgreSQL's counter of the bench database.
    const commits = async () => {
      // An idle backend may hold its statistics up to 10 s before it reports them (PostgreSQL 15+).
      await sleep(11_000);
      const { rows } = await stats.query<{ n: string }>(
        `SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`,
      );
      const tables = await stats.query<{ relname: string; scans: string }>(
        `SELECT relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text AS scans FROM pg_stat_user_tables`,
      );
      return {
        commits: Number(rows[0]?.n ?? Number.NaN),
        scans: new Map(tables.rows.map((row) => [row.relname, Number(row.scans)])),
      };
    };

    // Cold: one request at a time, each after deleting the school's cache keys; targets interleaved.
    log(`Cold: ${options.cold} requests per target …`);
    const cold: Record<Target, number[]> = { gateway: [], direct: [] };
    const coldFailures: string[] = [];
    let keysRemoved = 0;
    for (let index = 0; index < options.cold; index++) {
      const student = students[index % students.length] as Student;
      for (const target of ['gateway', 'direct'] as const) {
        keysRemoved += await clearSchoolCache(redis, school.schoolId);
        const started = performance.now();
        const problem = await ask(target, student);
        const took = performance.now() - started;
        if (problem) coldFailures.push(problem);
        else cold[target].push(took);
      }
    }
    for (const target of ['gateway', 'direct'] as const) cold[target].sort((a, b) => a - b);

    /**
     * Transactions per request and the tables read (scans per request), over `count` requests of
     * each phase in turn; one statistics snapshot between phases.
     */
    type Phase = { target: Target; clear: boolean };
    const sqlCounts = async (phases: Phase[], count = 20) => {
      const found: { perRequest: number; tables: string }[] = [];
      let before = await commits();
      for (const { target, clear } of phases) {
        for (let index = 0; index < count; index++) {
          if (clear) await clearSchoolCache(redis, school.schoolId);
          const problem = await ask(target, students[index % students.length] as Student);
          if (problem) coldFailures.push(problem);
        }
        const after = await commits();
        const tables = [...after.scans]
          .map(([name, scans]): [string, number] => [name, (scans - (before.scans.get(name) ?? 0)) / count])
          .filter(([, scans]) => scans >= 0.5)
          .sort((x, y) => y[1] - x[1])
          .map(([name, scans]) => `${name} ${formatFixed(scans, 1)}`)
          .join(', ');
        found.push({ perRequest: (after.commits - before.commits) / count, tables: tables || '—' });
        before = after;
      }
      return found;
    };
    log('Counting SQL per request (about a minute) …');
    // The cold loop left the cache empty: warm it again for the students counted (both targets
    // share the academics keys), then count warm before cold.
    for (const student of students.slice(0, 20)) {
      for (const target of ['gateway', 'direct'] as const) {
        const problem = await ask(target, student);
        if (problem) coldFailures.push(problem);
      }
    }
    const [gatewayWarm, directWarm, gatewayCold, directCold] = await sqlCounts([
      { target: 'gateway', clear: false },
      { target: 'direct', clear: false },
      { target: 'gateway', clear: true },
      { target: 'direct', clear: true },
    ]);
    const none = { perRequest: Number.NaN, tables: '—' };
    const sql = {
      gatewayCold: gatewayCold ?? none,
      directCold: directCold ?? none,
      gatewayWarm: gatewayWarm ?? none,
      directWarm: directWarm ?? none,
    };
    const memory = {
      gateway: memoryMiB(gateway.serverPid ?? 0),
      academics: memoryMiB(academics.serverPid ?? 0),
    };

    // Report.
    const label: Record<Target, string> = {
      gateway: 'gateway (all-in-one), with teacher names',
      direct: 'academics subgraph, direct (no names)',
    };
    const warmRows = warmResults.map((m) => [
      `${formatInteger(m.rate)}/s`,
      label[m.target],
      formatInteger(m.latencies.length / m.seconds),
      formatFixed(percentile(m.latencies, 50), 2),
      formatFixed(percentile(m.latencies, 99), 2),
      formatFixed(m.latencies.at(-1) ?? Number.NaN, 1),
      String(m.errors),
      formatInteger(m.cpu.server),
      formatInteger(m.cpu.self),
      formatInteger(m.cpu.other),
    ]);
    const ratioRows = options.rates.map((rate) => {
      const g = warmResults.find((m) => m.rate === rate && m.target === 'gateway');
      const d = warmResults.find((m) => m.rate === rate && m.target === 'direct');
      const p = (m: Warm | undefined, q: number) => (m ? percentile(m.latencies, q) : Number.NaN);
      const cpuPerRequest = (m: Warm | undefined) =>
        m ? (m.cpu.server * 10_000) / (m.latencies.length / m.seconds) : Number.NaN;
      return [
        `${formatInteger(rate)}/s`,
        formatFixed(p(g, 50) / p(d, 50), 2),
        formatFixed(p(g, 99) / p(d, 99), 2),
        formatFixed(cpuPerRequest(g) / cpuPerRequest(d), 2),
        `${formatInteger(cpuPerRequest(g))} / ${formatInteger(cpuPerRequest(d))}`,
      ];
    });
    const coldRow = (target: Target) => {
      const values = cold[target];
      return [
        label[target],
        String(values.length),
        formatFixed(percentile(values, 50), 2),
        formatFixed(percentile(values, 99), 2),
        formatFixed(values.at(-1) ?? Number.NaN, 1),
      ];
    };
    const aim = warmResults.find((m) => m.rate === 300 && m.target === 'gateway');
    const out = [
      `## Student day view, warm and cold (${startedAt.toISOString()})`,
      '',
      `Node ${process.version}, ${availableParallelism()} cores, ${formatInteger(totalmem() / 2 ** 30)} GiB; load average ` +
        `at the start ${loadStart}, at the end ${loadAverage()}. The day ${options.date}; ${students.length} students ` +
        `of ${withLessons.length} sections, ${students[0]?.lessons ?? 0} lessons each; timetable: ${timetable.created} ` +
        `entries created this run, ${timetable.skipped} slots skipped. ${options.duration} s per warm measurement, ` +
        `${options.connections} keep-alive connections per target, requests due evenly (latency from the due time). ` +
        `RSS after: gateway ${formatInteger(memory.gateway.rss)} MiB, academics ${formatInteger(memory.academics.rss)} MiB.`,
      '',
      'Warm (Redis-backed loaders warm):',
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
          'server CPU %',
          'bench CPU %',
          'other CPU %',
        ],
        warmRows,
      ),
      '',
      'Gateway ÷ direct (CPU per request in µs of the serving process):',
      '',
      markdownTable(
        ['offered', 'p50 ratio', 'p99 ratio', 'CPU/request ratio', 'CPU µs/request gw / direct'],
        ratioRows,
      ),
      '',
      `Cold (one request at a time, each after deleting the school's ${formatInteger(keysRemoved / Math.max(1, 2 * options.cold))} ` +
        'cache keys in Redis on average; in-process state such as compiled plans stays warm):',
      '',
      markdownTable(
        ['target', 'requests', 'p50 ms', 'p99 ms', 'max ms'],
        [coldRow('gateway'), coldRow('direct')],
      ),
      '',
      'PostgreSQL transactions per request (`pg_stat_database.xact_commit` of the bench database over 20 ' +
        'sequential requests) and the tables they read (index + sequential scans per request, from ' +
        '`pg_stat_user_tables`); anything else using the database at the time counts too:',
      '',
      markdownTable(
        ['target', 'cold', 'warm', 'tables read per request, cold', 'tables read per request, warm'],
        (['gateway', 'direct'] as const).map((target) => {
          const coldSql = target === 'gateway' ? sql.gatewayCold : sql.directCold;
          const warmSql = target === 'gateway' ? sql.gatewayWarm : sql.directWarm;
          return [
            label[target],
            formatFixed(coldSql.perRequest, 1),
            formatFixed(warmSql.perRequest, 1),
            coldSql.tables,
            warmSql.tables,
          ];
        }),
      ),
      '',
      `Aim (issue 5, point 9): warm p99 ≤ 20 ms at 300 rps through the gateway — ` +
        `${aim ? `${formatFixed(percentile(aim.latencies, 99), 2)} ms` : 'not measured (no 300 in --rates)'}; ` +
        `cold ≤ 60 ms — p99 ${formatFixed(percentile(cold.gateway, 99), 2)} ms, p50 ${formatFixed(percentile(cold.gateway, 50), 2)} ms.`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const failures = warmResults.reduce((sum, m) => sum + m.errors, 0) + coldFailures.length;
    if (coldFailures.length > 0) log(`cold failures, e.g.:\n  ${coldFailures.slice(0, 5).join('\n  ')}`);
    if (failures > 0) throw new Error(`${failures} requests failed (see above).`);
  } finally {
    log('Stopping …');
    await Promise.allSettled(pools.map((item) => item.close()));
    await stopAll();
    redis.disconnect();
    await stats.end();
    await owner.$disconnect();
  }
}

await runBenchCli('bench:day', USAGE, parseOptions, main);
