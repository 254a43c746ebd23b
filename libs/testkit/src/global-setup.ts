import { config } from '@schools24/config';
import { applyMigrations, ensureDatabase } from '@schools24/db';

/** Vitest global setup: make sure the test database exists and has every migration. */
export default async function setup(): Promise<void> {
  const url = config().DATABASE_ADMIN_URL;
  await ensureDatabase(url);
  await applyMigrations(url);
}
