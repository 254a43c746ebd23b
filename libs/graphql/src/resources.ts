import { type Config } from '@schools24/config';
import { createDatabase, isDatabaseReachable, rowLevelSecurityBypass, type Database } from '@schools24/db';
import { EventBus } from '@schools24/events';
import type { Logger } from '@schools24/logger';
import { createRedis, isRedisReachable, type Redis } from '@schools24/redis';
import { checkBufferDurability, WriteBuffer } from '@schools24/write-buffer';
import type { ReadinessChecks } from './http.js';

/** Process-wide connections, shared by every subgraph hosted in the process. */
export interface Resources {
  config: Config;
  db: Database;
  /** Cache, rate limits, pub/sub publishing. */
  redis: Redis;
  logger: Logger;
  /** The write buffer's Redis (REDIS_BUFFER_URL): the same connection as `redis` when the URLs match. */
  bufferRedis: Redis;
  /** High-volume student writes; subgraphs register their kinds, workers flush them. */
  writeBuffer: WriteBuffer;
  /** Catalog events over Redis pub/sub. */
  events: EventBus;
}

/** What the process-wide Redis connection carries besides the cache: the buffer and the events. */
export type LiveResources = Pick<Resources, 'bufferRedis' | 'writeBuffer' | 'events'>;

/**
 * Opens the write buffer (on its own Redis when REDIS_BUFFER_URL differs from REDIS_URL) and the
 * event bus. Throws when the buffer's Redis is unreachable.
 */
export async function openLiveResources(
  config: Config,
  redis: Redis,
  logger: Logger,
): Promise<LiveResources> {
  let bufferRedis = redis;
  if (config.REDIS_BUFFER_URL !== config.REDIS_URL) {
    bufferRedis = createRedis(config.REDIS_BUFFER_URL);
    // Reconnection attempts while it is down: appends fail with a retryable error meanwhile.
    bufferRedis.on('error', (error: Error) =>
      logger.warn({ err: error.message }, "write buffer's Redis unavailable"),
    );
    try {
      await bufferRedis.connect();
    } catch {
      bufferRedis.disconnect();
      throw new DependencyUnavailableError(
        `The write buffer's Redis is not reachable at ${describeTarget(config.REDIS_BUFFER_URL)}: set ` +
          'REDIS_BUFFER_URL (or unset it to share REDIS_URL), or start it (`docker compose up -d redis-buffer`).',
      );
    }
  }
  const writeBuffer = new WriteBuffer({
    redis: bufferRedis,
    maxPending: config.WRITE_BUFFER_MAX_PENDING,
    maxPayloadBytes: config.WRITE_BUFFER_MAX_PAYLOAD_BYTES,
    logger,
  });
  return { bufferRedis, writeBuffer, events: new EventBus(redis, logger) };
}

/**
 * Warns (once, at start-up) when the buffer's Redis would not keep acknowledged writes through a
 * crash: acknowledgements are only as durable as its AOF settings.
 */
export async function warnIfBufferNotDurable(
  resources: Pick<Resources, 'bufferRedis' | 'logger' | 'config'>,
) {
  const warnings = await checkBufferDurability(resources.bufferRedis);
  if (warnings.length === 0) return;
  const level = resources.config.NODE_ENV === 'production' ? 'error' : 'warn';
  resources.logger[level](
    { warnings, bufferRedis: describeTarget(resources.config.REDIS_BUFFER_URL) },
    "the write buffer's Redis is not durable: acknowledged writes can be lost on a crash " +
      '(needs appendonly yes, appendfsync always, maxmemory-policy noeviction)',
  );
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
  try {
    const live = await openLiveResources(config, redis, logger);
    const resources: Resources = { config, db, redis, logger, ...live };
    await warnIfBufferNotDurable(resources);
    return resources;
  } catch (error) {
    redis.disconnect();
    await db.$disconnect();
    throw error;
  }
}

export async function closeResources(resources: Resources): Promise<void> {
  await resources.events.close();
  await Promise.allSettled([
    resources.db.$disconnect(),
    resources.redis.quit(),
    ...(resources.bufferRedis !== resources.redis ? [resources.bufferRedis.quit()] : []),
  ]);
}

export function readinessChecks(resources: Pick<Resources, 'db' | 'redis'>): ReadinessChecks {
  return {
    database: () => isDatabaseReachable(resources.db),
    redis: () => isRedisReachable(resources.redis),
  };
}
