/*
 * `npm run db:seed`: seeds one deterministic demo school into DATABASE_ADMIN_URL's database (as
 * the owner: row-level security hides every school from the app role without a tenant).
 * Progress goes to stderr (a line per step), the summary and demo logins to stdout.
 */
import { parseArgs } from 'node:util';
import { config } from '@schools24/config';
import { createDatabase, type Database } from '@schools24/db';
import { createRedis } from '@schools24/redis';
import {
  DEFAULT_SEED_OPTIONS,
  SCHOOL_CODE_PATTERN,
  SEED_LIMITS,
  STUDENT_LOGIN_MIN_AGE,
  SchoolExistsError,
  SeedError,
  isDatabaseEmpty,
  forgetDerivedRedisState,
  seedSchool,
  type SeededSchool,
} from './index.js';

const USAGE = `Usage: npm run db:seed -- [options]

Seeds a deterministic demo school (same options, same data and ids) into the database of
DATABASE_ADMIN_URL (default: DATABASE_URL's, as user postgres).

Options:
  --code CODE      school code to log in with (default DEMO)
  --students N     students, spread over 12 classes x 3 sections (default ${DEFAULT_SEED_OPTIONS.students}, max ${SEED_LIMITS.students.max})
  --teachers N     teachers (default ${DEFAULT_SEED_OPTIONS.teachers}, max ${SEED_LIMITS.teachers.max})
  --seed N         random seed (default ${DEFAULT_SEED_OPTIONS.seed})
  --today DATE     build the living term around this date, YYYY-MM-DD (default: today in India)
  --structure-only people and structure only: no timetable, attendance, homework, quizzes or exams
  --replace        delete the school with this code first, if it exists
  --if-empty       seed only when the database has no school yet (quick start)
  -h, --help       show this help

Examples:
  npm run db:seed
  npm run db:seed -- --students 5000 --code BIGDEMO --replace`;

class UsageError extends Error {}

interface CliOptions {
  code: string;
  students: number;
  teachers: number;
  seed: number;
  replace: boolean;
  ifEmpty: boolean;
  livingTerm: boolean;
  today: Date | undefined;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        code: { type: 'string' },
        students: { type: 'string' },
        teachers: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        'structure-only': { type: 'boolean' },
        replace: { type: 'boolean' },
        'if-empty': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const whole = (
    flag: keyof typeof SEED_LIMITS & string,
    raw: string | undefined,
    fallback: number,
  ): number => {
    if (raw === undefined) return fallback;
    const { min, max } = SEED_LIMITS[flag];
    const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}").`);
    }
    return value;
  };
  const code = (values.code ?? 'DEMO').trim().toUpperCase();
  if (!SCHOOL_CODE_PATTERN.test(code)) {
    throw new UsageError(
      `--code must be 1-32 letters, digits, "-" or "_", starting with a letter or digit (got "${values.code}").`,
    );
  }
  if (values.replace && values['if-empty']) {
    throw new UsageError('--replace and --if-empty contradict each other; use one of them.');
  }
  const today = values.today === undefined ? undefined : new Date(`${values.today.trim()}T00:00:00Z`);
  if (today && (!/^\d{4}-\d{2}-\d{2}$/.test(values.today?.trim() ?? '') || Number.isNaN(today.getTime()))) {
    throw new UsageError(`--today must be a date YYYY-MM-DD (got "${values.today}").`);
  }
  if (today && values['structure-only']) {
    throw new UsageError('--today sets the living term, which --structure-only leaves out; use one of them.');
  }
  return {
    code,
    livingTerm: !values['structure-only'],
    today,
    students: whole('students', values.students, DEFAULT_SEED_OPTIONS.students),
    teachers: whole('teachers', values.teachers, DEFAULT_SEED_OPTIONS.teachers),
    seed: whole('seed', values.seed, DEFAULT_SEED_OPTIONS.seed),
    replace: values.replace ?? false,
    ifEmpty: values['if-empty'] ?? false,
  };
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/** Walks an error's cause chain for a PostgreSQL or Node error code (3D000, ECONNREFUSED, ...). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; cause?: unknown; meta?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (typeof record.meta === 'object' && record.meta !== null) {
      const meta = record.meta as {
        driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } };
      };
      const cause = meta.driverAdapterError?.cause;
      if (typeof cause?.originalCode === 'string') codes.push(cause.originalCode);
      if (typeof cause?.kind === 'string') codes.push(cause.kind);
    }
    current = record.cause;
  }
  return codes;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message.trim() : String(error);
  // Prisma wraps driver errors in a multi-line "Invalid `prisma.x()` invocation" message.
  return /Message: `([^`]*)`/.exec(text)?.[1] ?? text;
}

const MIGRATE_HINT = 'Run `npm run db:migrate` first.';

/** Tables the seed writes; all must exist. */
const TABLES = [
  'School',
  'User',
  'RoleAssignment',
  'Staff',
  'Teacher',
  'AcademicYear',
  'Term',
  'Grade',
  'Subject',
  'Section',
  'TeachingAssignment',
  'Student',
  'Guardian',
  'StudentGuardian',
  'Enrolment',
  'FeeStructure',
  'Announcement',
];

/** Fails with a message saying what to do when the database is unreachable, missing or unmigrated. */
async function checkDatabase(db: Database, url: string): Promise<void> {
  let present: { table_name: string }[];
  try {
    present = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text AS table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_name = ANY(${TABLES})`;
  } catch (error) {
    const codes = errorCodes(error);
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    if (codes.includes('3D000') || codes.includes('DatabaseDoesNotExist')) {
      throw new SeedError(
        `Database "${database}" does not exist. Run \`npm run db:migrate\` first (it creates and migrates it).`,
      );
    }
    throw new SeedError(
      `Cannot connect to PostgreSQL at ${redact(url)}: ${message(error)}\n` +
        'Is PostgreSQL running, and is DATABASE_ADMIN_URL (or DATABASE_URL) right?',
    );
  }
  const missing = TABLES.filter((table) => !present.some((row) => row.table_name === table));
  if (missing.length === TABLES.length) {
    throw new SeedError(
      `The database ${redact(url)} is not migrated (it has no Schools24 tables). ${MIGRATE_HINT}`,
    );
  }
  if (missing.length > 0) {
    throw new SeedError(
      `The database ${redact(url)} is not migrated (missing table${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')}). ${MIGRATE_HINT}`,
    );
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const number = new Intl.NumberFormat('en-US');

/** What the living term holds, when one was seeded. */
function termSummary(result: SeededSchool): string[] {
  if (!result.today) return [];
  const rows = (...names: string[]) => names.map((name) => number.format(result.tables[name] ?? 0));
  const [entries, substitutions, rooms] = rows('timetable entries', 'substitutions', 'rooms');
  const [marks] = rows('attendance marks');
  const [homework, submissions, excusals] = rows('homework', 'homework submissions', 'homework excusals');
  const [questions, quizzes, attempts] = rows('questions', 'quizzes', 'quiz attempts');
  const [papers, examMarks] = rows('exam papers', 'exam marks');
  return [
    `  living term     around ${result.today}:`,
    `    timetable     ${entries} weekly lessons in ${rooms} rooms, ${substitutions} substitutions` +
      (result.unplacedLessons > 0 ? ` (${result.unplacedLessons} lessons did not fit the week)` : ''),
    `    attendance    ${marks} marks (daily registers, and per-period ones of recent days)`,
    `    homework      ${homework} (${submissions} submissions, ${excusals} excused)`,
    `    quizzes       ${quizzes} on ${questions} bank questions, ${attempts} attempts`,
    `    exams         ${papers} papers, ${examMarks} marks, results published`,
  ];
}

function printSummary(result: SeededSchool, elapsedMs: number): void {
  const { counts } = result;
  const lines = [
    '',
    `Seeded ${result.code}: ${result.name}${result.replaced ? ' (replaced the existing school)' : ''} in ${seconds(elapsedMs)}`,
    `  school id       ${result.schoolId}`,
    `  academic year   ${result.academicYear} (${result.academicYearId})`,
    `  students        ${number.format(counts.students)} in ${counts.sections} sections ` +
      `(${number.format(counts.studentsWithLogin)} aged ${STUDENT_LOGIN_MIN_AGE}+ with a login)`,
    `  teachers        ${number.format(counts.teachers)} (${number.format(counts.teachingAssignments)} teaching assignments, ${counts.subjects} subjects)`,
    `  guardians       ${number.format(counts.guardians)} (${number.format(counts.studentGuardians)} student links)`,
    `  users           ${number.format(counts.users)}`,
    ...termSummary(result),
    '',
    'Demo logins (sign in with the school code, the email and this password):',
  ];
  const roleWidth = Math.max(4, ...result.logins.map((login) => login.role.length));
  const emailWidth = Math.max(5, ...result.logins.map((login) => login.email.length));
  lines.push(`  ${'ROLE'.padEnd(roleWidth)}  ${'EMAIL'.padEnd(emailWidth)}  PASSWORD`);
  for (const login of result.logins) {
    lines.push(`  ${login.role.padEnd(roleWidth)}  ${login.email.padEnd(emailWidth)}  ${login.password}`);
  }
  lines.push(`  (school code ${result.code})`, '');
  process.stdout.write(lines.join('\n'));
}

/** Best effort: a Redis that cannot be reached only leaves caches that expire by themselves. */
async function forgetCachedState(schoolId: string): Promise<void> {
  const redis = createRedis(config().REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await forgetDerivedRedisState(redis, schoolId);
  } catch (error) {
    process.stderr.write(
      `db:seed: could not drop the school's leaderboards and cached rows in Redis (${message(error)}); they expire by themselves.\n`,
    );
  } finally {
    redis.disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`db:seed: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let url: string;
  try {
    url = config().DATABASE_ADMIN_URL;
  } catch (error) {
    process.stderr.write(`db:seed: ${message(error)}\n`);
    return 1;
  }
  const db = createDatabase({ url, poolSize: 4 });
  try {
    await checkDatabase(db, url);
    if (options.ifEmpty && !(await isDatabaseEmpty(db))) {
      process.stderr.write('db:seed: the database already has a school; nothing to do (--if-empty).\n');
      return 0;
    }
    const started = performance.now();
    const stepStarted = { at: started };
    process.stderr.write(
      `db:seed: seeding ${options.code} (${options.students} students, ${options.teachers} teachers, seed ${options.seed}) into ${redact(url)}\n`,
    );
    const result = await seedSchool(db, {
      code: options.code,
      students: options.students,
      teachers: options.teachers,
      seed: options.seed,
      replace: options.replace,
      livingTerm: options.livingTerm,
      ...(options.today ? { today: options.today } : {}),
      onProgress: (step, done, total) => {
        if (done !== total) return;
        const now = performance.now();
        process.stderr.write(
          `  ${step.padEnd(24)} ${number.format(total).padStart(8)}  ${seconds(now - stepStarted.at).padStart(8)}\n`,
        );
        stepStarted.at = now;
      },
    });
    printSummary(result, performance.now() - started);
    await forgetCachedState(result.schoolId);
    return 0;
  } catch (error) {
    if (error instanceof SchoolExistsError) {
      process.stderr.write(
        `db:seed: a school with code ${error.code} already exists${error.schoolId ? ` (id ${error.schoolId})` : ''}.\n` +
          'Run again with --replace to delete it and seed it afresh, or pick another --code.\n',
      );
      return 1;
    }
    if (error instanceof SeedError) {
      process.stderr.write(`db:seed: ${error.message}\n`);
      return 1;
    }
    const codes = errorCodes(error);
    if (
      codes.some((code) =>
        ['P2021', 'P2022', '42P01', '42703', 'TableDoesNotExist', 'ColumnNotFound'].includes(code),
      )
    ) {
      process.stderr.write(
        `db:seed: the database schema is out of date: ${message(error)}\n${MIGRATE_HINT}\n`,
      );
      return 1;
    }
    process.stderr.write(`db:seed: seeding failed, nothing was written: ${message(error)}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
