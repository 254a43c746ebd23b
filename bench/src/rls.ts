/*
 * The cost of row-level security: the same read, run the same number of times on one connection,
 * with and without the tenant transaction. `npx tsx bench/src/rls.ts [--iterations N] [--rounds R]`
 *
 * - without: the owner's connection (DATABASE_ADMIN_URL; a superuser, so no policy applies) and a
 *   plain Prisma read: what every query cost before row-level security;
 * - with: the app role (DATABASE_URL) through `forTenant`, as the repositories read now:
 *   BEGIN; SELECT set_config('app.school_id', …, true); <the read>; COMMIT;
 * - policy only: the app role with the tenant set once for the session (benchmark only; the product
 *   never does this), and the plain read: the policy's predicate without the transaction around it.
 *
 * Three reads, as the repositories issue them: one student by id, a DataLoader batch of 50 students
 * by id, and a page of 20 students in name order. Variants are interleaved
 * over rounds; each figure is the median over rounds of the mean time per read. Its database,
 * `schools24_bench_rls`, holds the gateway benchmark's school (BENCH, 1,000 students) and is
 * created, migrated and seeded on first use.
 */
import { parseArgs } from 'node:util';
import { config, withDatabaseName } from '@schools24/config';
import {
  applyMigrations,
  createDatabase,
  ensureDatabase,
  forTenant,
  type Database,
  type Prisma,
  type TenantClient,
} from '@schools24/db';
import { seedSchool } from '@schools24/seed';
import { BENCH_SCHOOL } from './database.js';
import { formatFixed, markdownTable, median } from './stats.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '200' },
  },
});
const ITERATIONS = Number(values.iterations);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);

const studentSelect = {
  id: true,
  schoolId: true,
  userId: true,
  admissionNumber: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  gender: true,
  admittedOn: true,
} as const;

/** A read, written once per client type (the tenant client's types are Prisma's extended ones). */
interface Read {
  name: string;
  plain: (db: Database) => Promise<unknown>;
  tenant: (db: TenantClient) => Promise<unknown>;
}

type Variant = 'without' | 'with' | 'policy only';

const DATABASE = 'schools24_bench_rls';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Creates, migrates (as the admin) and seeds the benchmark database; returns the school's id. */
async function prepare(adminUrl: string): Promise<string> {
  if (await ensureDatabase(adminUrl)) log(`created database ${DATABASE}`);
  await applyMigrations(adminUrl);
  const admin = createDatabase({ url: adminUrl, poolSize: 2 });
  try {
    const existing = await admin.school.findUnique({
      where: { code: BENCH_SCHOOL.code },
      select: { id: true },
    });
    if (existing) return existing.id;
    log(`seeding school ${BENCH_SCHOOL.code} with ${BENCH_SCHOOL.students} students …`);
    return (await seedSchool(admin, BENCH_SCHOOL)).schoolId;
  } finally {
    await admin.$disconnect();
  }
}

/** Mean µs per read over `iterations` sequential reads. */
async function timePerRead(run: () => Promise<unknown>, iterations: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await run();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

async function main(): Promise<void> {
  const cfg = config();
  const adminUrl = withDatabaseName(cfg.DATABASE_ADMIN_URL, DATABASE);
  const appUrl = withDatabaseName(cfg.DATABASE_URL, DATABASE);
  const schoolId = await prepare(adminUrl);
  const owner = createDatabase({ url: adminUrl, poolSize: 1 });
  const app = createDatabase({ url: appUrl, poolSize: 1 });
  const session = createDatabase({ url: appUrl, poolSize: 1 });
  try {
    const ids = (
      await owner.student.findMany({
        where: { schoolId },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: 50,
      })
    ).map((row) => row.id);
    const [first] = ids;
    if (!first || ids.length < 50) throw new Error('the bench school has too few students');
    await session.$executeRaw`SELECT set_config('app.school_id', ${schoolId}, false)`;

    const byId = {
      where: { schoolId, id: first },
      select: studentSelect,
    } satisfies Prisma.StudentFindFirstArgs;
    const batch = {
      where: { schoolId, id: { in: ids } },
      select: studentSelect,
    } satisfies Prisma.StudentFindManyArgs;
    const page = {
      where: { schoolId },
      select: studentSelect,
      orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }],
      take: 21,
    } satisfies Prisma.StudentFindManyArgs;
    const reads: Read[] = [
      {
        name: 'one student by id',
        plain: (db) => db.student.findFirst(byId),
        tenant: (db) => db.student.findFirst(byId),
      },
      {
        name: '50 students by id (a loader batch)',
        plain: (db) => db.student.findMany(batch),
        tenant: (db) => db.student.findMany(batch),
      },
      {
        name: 'a page of 20 students by name',
        plain: (db) => db.student.findMany(page),
        tenant: (db) => db.student.findMany(page),
      },
    ];
    const tenant = forTenant(app, schoolId);
    const runners = (read: Read): [Variant, () => Promise<unknown>][] => [
      ['without', () => read.plain(owner)],
      ['with', () => read.tenant(tenant)],
      ['policy only', () => read.plain(session)],
    ];
    // Same answers first: the comparison is only fair if every variant reads the same rows.
    for (const read of reads) {
      const answers = await Promise.all(runners(read).map(([, run]) => run()));
      const expected = JSON.stringify(answers[0]);
      if (answers.some((answer) => JSON.stringify(answer) !== expected)) {
        throw new Error(`${read.name}: the variants disagree; the benchmark would compare different reads`);
      }
    }

    const samples = new Map<string, number[]>();
    for (const read of reads) {
      for (const [, run] of runners(read)) await timePerRead(run, WARMUP);
      log(`${read.name}: warmed up`);
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const read of reads) {
        // Rotate the order each round so no variant always runs first.
        const entries = runners(read);
        const shift = round % entries.length;
        for (const [variant, run] of [...entries.slice(shift), ...entries.slice(0, shift)]) {
          const key = `${read.name}|${variant}`;
          samples.set(key, [...(samples.get(key) ?? []), await timePerRead(run, ITERATIONS)]);
        }
      }
      log(`round ${round + 1}/${ROUNDS} done`);
    }

    const rows = reads.map((read) => {
      const at = (variant: Variant) => median(samples.get(`${read.name}|${variant}`) ?? []);
      const without = at('without');
      return [
        read.name,
        formatFixed(without, 0),
        formatFixed(at('with'), 0),
        `${formatFixed(at('with') / without, 2)}×`,
        formatFixed(at('policy only'), 0),
        `${formatFixed(at('policy only') / without, 2)}×`,
      ];
    });
    process.stdout.write(
      `${markdownTable(
        [
          'read (Prisma 7 + adapter-pg, one connection)',
          'without RLS, µs',
          'with tenant transaction, µs',
          'ratio',
          'policy only, µs',
          'ratio',
        ],
        rows,
      )}\n\n${ROUNDS} rounds × ${ITERATIONS} reads per variant, sequential; medians of the per-round means.\n`,
    );
  } finally {
    await Promise.all([owner.$disconnect(), app.$disconnect(), session.$disconnect()]);
  }
}

await main();
