/*
 * `npm run db:prisma6 -- <command>`: any Prisma 6 CLI command that reads the schema (migrate
 * status, migrate resolve, migrate deploy, db pull --print) against DATABASE_ADMIN_URL, offline. The
 * Prisma 7 CLI cannot do these without its native engine (see prisma6.config.ts).
 */
import { config } from '@schools24/config';
import { runPrisma6WithSchema } from './prisma6.js';

const result = await runPrisma6WithSchema(process.argv.slice(2), config().DATABASE_ADMIN_URL);
process.stderr.write(result.stderr);
process.stdout.write(result.stdout);
process.exitCode = result.code;
