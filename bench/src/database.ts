import { withDatabaseName } from '@schools24/config';
import { applyMigrations, createDatabase, ensureDatabase } from '@schools24/db';
import { planSchool, resolveSeedOptions, seedSchool, type DemoLogin } from '@schools24/seed';

export const BENCH_DATABASE = 'schools24_bench';
export const BENCH_SCHOOL = { code: 'BENCH', students: 1000 } as const;

function schoolAdmin(logins: readonly DemoLogin[]): DemoLogin {
  const admin = logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('The seed plan has no school admin login.');
  return admin;
}

/** Where the servers connect (`app`), and the owner that migrates and seeds (`admin`). */
export interface DatabaseUrls {
  app: string;
  admin: string;
}

export interface BenchSchool {
  /** The bench database as the servers reach it (DATABASE_URL's user). */
  databaseUrl: string;
  /** The bench database as its owner (migrations, seed). */
  adminUrl: string;
  schoolId: string;
  /** A section with a full roster (1000 students over 36 sections: 27-28 each). */
  sectionId: string;
  /** The school admin the benchmark signs in as (`login`). */
  login: { email: string; password: string };
  /** True when this run (re)created the school. */
  seeded: boolean;
  migrationsApplied: number;
}

/**
 * The benchmark's own database on DATABASE_URL's server: created, migrated and seeded (as the
 * database owner) with the school BENCH on first use, reused afterwards. Seeding is deterministic,
 * so the ids are the same on every machine and every run.
 */
export async function prepareBenchDatabase(
  urls: DatabaseUrls,
  log: (line: string) => void,
): Promise<BenchSchool> {
  const databaseUrl = withDatabaseName(urls.app, BENCH_DATABASE);
  const adminUrl = withDatabaseName(urls.admin, BENCH_DATABASE);
  if (await ensureDatabase(adminUrl)) log(`created database ${BENCH_DATABASE}`);
  const { applied } = await applyMigrations(adminUrl);
  if (applied.length > 0) log(`applied ${applied.length} migration(s)`);

  const db = createDatabase({ url: adminUrl, poolSize: 2 });
  try {
    const plan = planSchool(resolveSeedOptions(BENCH_SCHOOL));
    const admin = schoolAdmin(plan.logins);
    const existing = await db.school.findUnique({
      where: { code: BENCH_SCHOOL.code },
      select: { id: true },
    });
    if (existing && existing.id !== plan.school.id) {
      throw new Error(
        `School ${BENCH_SCHOOL.code} in ${BENCH_DATABASE} was not seeded by the benchmark ` +
          `(id ${existing.id}); drop the database (DROP DATABASE ${BENCH_DATABASE}) and run again.`,
      );
    }
    // A school seeded by an older release may lack what sign-in needs now (e.g. password hashes).
    const canSignIn =
      existing !== null &&
      (await db.user.findFirst({
        where: { schoolId: existing.id, email: admin.email, passwordHash: { not: null } },
        select: { id: true },
      })) !== null;
    if (existing && canSignIn) {
      return {
        databaseUrl,
        adminUrl,
        schoolId: existing.id,
        sectionId: plan.sample.sectionId,
        login: { email: admin.email, password: admin.password },
        seeded: false,
        migrationsApplied: applied.length,
      };
    }
    log(
      `${existing ? 're-seeding (its admin cannot sign in)' : 'seeding'} school ${BENCH_SCHOOL.code} ` +
        `with ${BENCH_SCHOOL.students} students …`,
    );
    const seeded = await seedSchool(db, { ...BENCH_SCHOOL, replace: existing !== null });
    const seededAdmin = schoolAdmin(seeded.logins);
    return {
      databaseUrl,
      adminUrl,
      schoolId: seeded.schoolId,
      sectionId: seeded.sample.sectionId,
      login: { email: seededAdmin.email, password: seededAdmin.password },
      seeded: true,
      migrationsApplied: applied.length,
    };
  } finally {
    await db.$disconnect();
  }
}
