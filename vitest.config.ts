import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Tests run against the real PostgreSQL and Redis. They use their own database (the app's database
// name + `_test`), migrated once by the global setup; every test seeds its own school, so files run
// in parallel without seeing each other's data. Like production, the stack under test connects as
// the app role (row-level security applies); migrations and fixtures use the admin URL, pointed at
// the same test database.
const appDatabaseUrl = new URL(
  process.env.DATABASE_URL ?? 'postgresql://schools24_app@127.0.0.1:5432/schools24',
);
const adminDatabaseUrl = new URL(process.env.DATABASE_ADMIN_URL ?? appDatabaseUrl);
if (!process.env.DATABASE_ADMIN_URL) {
  adminDatabaseUrl.username = 'postgres';
  adminDatabaseUrl.password = '';
}
const testDatabasePath = `${appDatabaseUrl.pathname.replace(/_test$/, '')}_test`;
appDatabaseUrl.pathname = testDatabasePath;
adminDatabaseUrl.pathname = testDatabasePath;

const testEnv = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  DATABASE_URL: appDatabaseUrl.toString(),
  DATABASE_ADMIN_URL: adminDatabaseUrl.toString(),
  DATABASE_POOL_SIZE: '5',
};
// The global setup runs in this process, not in a worker: it must see the test database too.
Object.assign(process.env, testEnv);

export default defineConfig({
  resolve: {
    // Vite prefers graphql's ESM build while Apollo's CommonJS packages load the CJS one; two copies
    // of graphql break `instanceof` (schemas, errors). Node itself resolves the CJS build: do the same.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.tmp/**'],
    globalSetup: ['libs/testkit/src/global-setup.ts'],
    env: testEnv,
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
