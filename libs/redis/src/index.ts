import { Redis, type RedisOptions } from 'ioredis';

export type { Redis } from 'ioredis';

/** Product-wide prefix, so one Redis can be shared with other software. */
export const KEY_PREFIX = 's24';

/**
 * Opens a Redis connection. `lazyConnect` lets callers decide when to connect (and fail with a
 * clear message) instead of retrying silently in the background.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    ...options,
  });
}

/** Every tenant-owned key starts with the school id, so one school's data can never be read by key alone. */
export function tenantKey(schoolId: string, ...parts: string[]): string {
  return [KEY_PREFIX, 't', schoolId, ...parts].join(':');
}

/** Keys that belong to no tenant (platform-wide). */
export function globalKey(...parts: string[]): string {
  return [KEY_PREFIX, 'g', ...parts].join(':');
}

export async function isRedisReachable(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
