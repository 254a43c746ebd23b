/*
 * Configuration for the Prisma 6 CLI (npm alias `prisma6`), the only Prisma CLI that can diff and
 * inspect migrations offline: with `engine: "js"` it runs its WASM schema engine over a driver
 * adapter instead of the native engine, which cannot be downloaded here. The Prisma 7 CLI keeps
 * using the root prisma.config.ts for `prisma generate`. Run it through prisma/tools/prisma6.ts,
 * which sets DATABASE_URL, the engine stand-ins and a schema copy the 6.x CLI accepts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, env } from 'prisma6/config';
import { MigrationAdapterFactory } from './adapter.js';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  migrations: { path: fileURLToPath(new URL('../migrations', import.meta.url)) },
  adapter: async () => new MigrationAdapterFactory(env('DATABASE_URL')),
});
