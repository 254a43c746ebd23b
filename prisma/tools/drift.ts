/*
 * The comparison behind db:migration:create and db:drift: the SQL that would bring a database built
 * from the migrations folder to the Prisma schema's datamodel, computed offline by the Prisma 6 CLI
 * (it replays the migrations into a throwaway shadow database made by adapter.ts).
 */
import { MIGRATIONS_DIR, runPrisma6, SCHEMA_DIR, withPrisma6Schema } from './prisma6.js';

export interface DiffOptions {
  /** Any database on the server; shadow databases are created and dropped next to it. */
  databaseUrl: string;
  schemaDir?: string;
  migrationsDir?: string;
}

export interface SchemaDiff {
  inSync: boolean;
  /** The migration script that is missing; empty when in sync. */
  sql: string;
}

export async function diffMigrationsToSchema(options: DiffOptions): Promise<SchemaDiff> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const result = await withPrisma6Schema(options.schemaDir ?? SCHEMA_DIR, (schema) =>
    runPrisma6(
      [
        'migrate',
        'diff',
        '--from-migrations',
        migrationsDir,
        '--to-schema-datamodel',
        schema,
        '--script',
        '--exit-code',
      ],
      options.databaseUrl,
    ),
  );
  // --exit-code: 0 no difference, 2 difference, anything else an error.
  if (result.code === 0) return { inSync: true, sql: '' };
  if (result.code === 2) return { inSync: false, sql: result.stdout };
  throw new Error(`prisma6 migrate diff failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
}
