// Real PostgreSQL: each case makes its own scratch database (and the drift check its own shadow
// database) and drops it, so the cases can run beside any other test.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config, withDatabaseName } from '@schools24/config';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, dropDatabase, ensureDatabase } from '@schools24/db';
import { diffMigrationsToSchema } from '../tools/drift.js';
import { MIGRATIONS_DIR, runPrisma6WithSchema, SCHEMA_DIR, TMP_DIR } from '../tools/prisma6.js';

const scratch: string[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((url) => dropDatabase(url)));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratchDatabase(): Promise<string> {
  const url = withDatabaseName(
    config().DATABASE_ADMIN_URL,
    `schools24_test_${randomBytes(6).toString('hex')}`,
  );
  scratch.push(url);
  expect(await ensureDatabase(url)).toBe(true);
  return url;
}

async function tempCopy(dir: string): Promise<string> {
  await mkdir(TMP_DIR, { recursive: true });
  const copy = await mkdtemp(join(TMP_DIR, 'drift-test-'));
  tempDirs.push(copy);
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function localMigrations(dir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('migration runner', { timeout: 60_000 }, () => {
  it('applies every migration once and records it as Prisma does', async () => {
    const url = await scratchDatabase();
    const names = await localMigrations();
    expect(names.length).toBeGreaterThan(0);

    expect((await applyMigrations(url)).applied).toEqual(names);
    expect((await applyMigrations(url)).applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished: boolean; steps: number }>(
      url,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count AS steps
         FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const expected = await Promise.all(
      names.map(async (name) => ({
        migration_name: name,
        checksum: createHash('sha256')
          .update(await readFile(join(MIGRATIONS_DIR, name, 'migration.sql')))
          .digest('hex'),
        finished: true,
        steps: 1,
      })),
    );
    expect(rows).toEqual(expected);
  });

  it('applies each migration once when two processes migrate a fresh database at the same time', async () => {
    const url = await scratchDatabase();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);

    expect([...first.applied, ...second.applied].sort()).toEqual(await localMigrations());
    const counts = await query<{ migration_name: string; n: number }>(
      url,
      'SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name',
    );
    expect(counts.every((row) => row.n === 1)).toBe(true);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const url = await scratchDatabase();
    const migrations = await tempCopy(MIGRATIONS_DIR);
    await applyMigrations(url, { migrationsDir: migrations });
    const [first] = await localMigrations(migrations);
    const file = join(migrations, first ?? '', 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited later\n`);

    await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(
      `Migration ${first} was modified after it was applied`,
    );
  });

  it('rolls a failing migration back, and refuses to continue after a failure Prisma recorded', async () => {
    const url = await scratchDatabase();
    const migrations = await tempCopy(MIGRATIONS_DIR);
    const broken = '99999999999999_broken';
    await mkdir(join(migrations, broken));
    await writeFile(
      join(migrations, broken, 'migration.sql'),
      'CREATE TABLE "Probe" (id int);\nSELECT 1/0;\n',
    );

    await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(
      `Migration ${broken} failed and was rolled back`,
    );
    const tables = await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Probe'`);
    expect(tables).toEqual([]);

    // What `prisma migrate deploy` leaves behind when a migration fails: a row never finished.
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ($1, 'x', $2, 'boom')`,
      [randomUUID(), broken],
    );
    await expect(applyMigrations(url, { migrationsDir: migrations })).rejects.toThrow(
      `Migration ${broken} failed earlier and was never resolved`,
    );
  });
});

describe('schema drift', { timeout: 60_000 }, () => {
  it('migrations applied by the runner match prisma/schema, and Prisma accepts their history', async () => {
    const url = await scratchDatabase();
    await applyMigrations(url);

    const diff = await diffMigrationsToSchema({ databaseUrl: url });
    expect(diff.sql).toBe('');
    expect(diff.inSync).toBe(true);

    const status = await runPrisma6WithSchema(['migrate', 'status'], url);
    expect(status.stdout).toContain('Database schema is up to date!');
    expect(status.code).toBe(0);
  });

  it('reports the missing ALTER TABLE when a field is added without a migration', async () => {
    const schema = await tempCopy(SCHEMA_DIR);
    const identity = join(schema, 'identity.prisma');
    const text = await readFile(identity, 'utf8');
    expect(text).toMatch(/^model School \{$/m);
    await writeFile(identity, text.replace(/^model School \{$/m, 'model School {\n  driftProbe String?'));

    const diff = await diffMigrationsToSchema({
      schemaDir: schema,
      databaseUrl: withDatabaseName(config().DATABASE_ADMIN_URL, 'postgres'),
    });
    expect(diff.inSync).toBe(false);
    expect(diff.sql).toMatch(/ALTER TABLE "School" ADD COLUMN\s+"driftProbe" TEXT;/);
  });
});
