/*
 * `npm run db:migrate`: creates the database if needed and applies prisma/migrations with the
 * runner in @schools24/db, because `prisma migrate deploy` needs Prisma's native engine, which
 * cannot be downloaded on machines without internet.
 */
import { config } from '@schools24/config';
// Not through the @schools24/db entry point: that also loads the generated client, which may not
// have been generated yet when migrations run.
import { applyMigrations, ensureDatabase } from '@schools24/db';

const databaseUrl = config().DATABASE_ADMIN_URL;
const database = new URL(databaseUrl).pathname.slice(1);
try {
  if (await ensureDatabase(databaseUrl)) console.log(`created database ${database}`);
  const { applied } = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
  console.log(
    applied.length ? `${database}: ${applied.length} migration(s) applied` : `${database}: up to date`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
