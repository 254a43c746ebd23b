/*
 * `npm run db:drift`: fails when prisma/schema changed without a migration, so CI catches a model
 * edit whose table change would never reach a database. Exit 0 in sync, 1 drift (the missing SQL
 * is printed), 2 the check itself failed.
 */
import { config, withDatabaseName } from '@schools24/config';
import { diffMigrationsToSchema } from './drift.js';

try {
  const diff = await diffMigrationsToSchema({
    databaseUrl: withDatabaseName(config().DATABASE_ADMIN_URL, 'postgres'),
  });
  if (diff.inSync) {
    console.log('prisma/migrations and prisma/schema agree.');
  } else {
    console.error('prisma/schema has changes no migration covers. Missing SQL:\n');
    console.error(diff.sql);
    console.error('Create the migration with: npm run db:migration:create -- <snake_case_name>');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
