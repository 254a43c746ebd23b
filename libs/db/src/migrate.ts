import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/*
 * Applies prisma/migrations without the Prisma CLI, whose migration engine cannot be downloaded on
 * machines without internet. It keeps Prisma's bookkeeping (the `_prisma_migrations` table, sha256
 * checksums, Prisma's advisory lock key), so `prisma migrate status` and `prisma migrate deploy`
 * accept databases it migrated, and the two cannot run at the same time.
 */

const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/** The key Prisma's migration engine locks on PostgreSQL. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's own DDL for its bookkeeping table. */
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`;

export interface ApplyMigrationsOptions {
  /** Folder holding `<name>/migration.sql` folders; defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
  log?: (line: string) => void;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Applies every migration not yet applied, in lexical order of folder name, each in its own
 * transaction. Returns the names applied by this call (empty when another process got there first).
 */
export async function applyMigrations(
  databaseUrl: string,
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => undefined);
  const local = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session lock: released on unlock or, if this process dies, when the connection closes.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await client.query<MigrationRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
           FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const done = checkHistory(rows.rows, local, log);
      const applied: string[] = [];
      for (const migration of local) {
        if (done.has(migration.name)) continue;
        await applyOne(client, migration);
        log(`applied ${migration.name}`);
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8').catch((error: unknown) => {
      throw new MigrationError(`Migration folder ${name} has no readable migration.sql: ${String(error)}`);
    });
    migrations.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** Refuses a history Prisma would refuse; returns the names already applied. */
function checkHistory(
  rows: MigrationRow[],
  local: LocalMigration[],
  log: (line: string) => void,
): Set<string> {
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} failed earlier and was never resolved; the database may be ` +
          `half-migrated. Repair it by hand, then mark the attempt rolled back ` +
          `(prisma migrate resolve --rolled-back ${row.migration_name}, or set rolled_back_at on its ` +
          `_prisma_migrations row).${row.logs ? `\nIts log:\n${row.logs}` : ''}`,
      );
    }
    const migration = byName.get(row.migration_name);
    if (!migration) {
      log(`warning: ${row.migration_name} is applied to the database but missing from the migrations folder`);
    } else if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} ` +
          `in the database, ${migration.checksum} on disk). Restore the file and add a new migration instead.`,
      );
    }
    done.add(row.migration_name);
  }
  return done;
}

async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    // No parameters, so pg uses the simple protocol, which accepts a whole multi-statement script.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    // The rollback leaves no trace, so unlike a failed `prisma migrate deploy` the fix is simply to
    // correct the file and run again. If the connection is gone, the original error is what matters.
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${String(error)}`, {
      cause: error,
    });
  }
}

/** Creates the database named in the URL unless it exists; true when this call created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  return withMaintenanceClient(databaseUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another process created it between the check and CREATE (42P04 duplicate_database, or
      // 23505 when both hit the catalog's unique index at once).
      if (isPgError(error) && (error.code === '42P04' || error.code === '23505')) return false;
      throw error;
    }
  });
}

/** Drops the database named in the URL, disconnecting its sessions; no error if it is missing. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  await withMaintenanceClient(databaseUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) throw new MigrationError(`The database URL names no database: ${redact(databaseUrl)}`);
  return name;
}

/** CREATE/DROP DATABASE cannot run inside the target database, so they go through `postgres`. */
async function withMaintenanceClient<T>(
  databaseUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function isPgError(error: unknown): error is { code: string } {
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
