import { type Config } from '@schools24/config';
import { createDatabase, isDatabaseReachable, rowLevelSecurityBypass, type Database } from '@schools24/db';
import type { Logger } from '@schools24/logger';
import { createRedis, isRedisReachable, type Redis } from '@schools24/redis';
import type { ReadinessChecks } from './http.js';

/** Process-wide connections, shared by every subgraph hosted in the process. */
export interface Resources {
  config: Config;
  db: Database;
  redis: Redis;
  logger: Logger;
}

export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
}

function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * Opens PostgreSQL and Redis and fails fast with a message that says which one is missing and
 * how to fix it, instead of a stack trace from deep inside a driver.
 */
export async function openResources(config: Config, logger: Logger): Promise<Resources> {
  const db = createDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  const redis = createRedis(config.REDIS_URL);
  const problems: string[] = [];
  try {
    await redis.connect();
  } catch {
    problems.push(
      `Redis is not reachable at ${describeTarget(config.REDIS_URL)}: set REDIS_URL, or start it (\`docker compose up -d redis\`).`,
    );
  }
  if (!(await isDatabaseReachable(db))) {
    problems.push(
      `PostgreSQL is not reachable at ${describeTarget(config.DATABASE_URL)}: set DATABASE_URL, or start it (\`docker compose up -d postgres\`).`,
    );
  } else {
    const bypass = await rowLevelSecurityBypass(db);
    if (bypass) {
      problems.push(
        `DATABASE_URL must name the app role, but ${bypass}: row-level security would not separate ` +
          'schools. Use schools24_app (the default; created by `npm run db:migrate`), and keep the ' +
          "owner in DATABASE_ADMIN_URL for migrations and the seed (README, 'Data layer').",
      );
    }
  }
  if (problems.length > 0) {
    redis.disconnect();
    await db.$disconnect();
    throw new DependencyUnavailableError(problems.join('\n'));
  }
  return { config, db, redis, logger };
}

export async function closeResources(resources: Resources): Promise<void> {
  await Promise.allSettled([resources.db.$disconnect(), resources.redis.quit()]);
}

export function readinessChecks(resources: Pick<Resources, 'db' | 'redis'>): ReadinessChecks {
  return {
    database: () => isDatabaseReachable(resources.db),
    redis: () => isRedisReachable(resources.redis),
  };
}
