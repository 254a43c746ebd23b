import { deserialize, serialize } from 'node:v8';
import DataLoader from 'dataloader';
import { Counter } from 'prom-client';
import { tenantKey, type Redis } from '@schools24/redis';
import type { Logger } from '@schools24/logger';

/**
 * Bumped when the shape of cached values changes, so a deploy never reads values written by an
 * older release.
 */
const CACHE_FORMAT = 'c1';

const lookups = new Counter({
  name: 'schools24_cache_loader_lookups_total',
  help: 'Keys looked up through Redis-backed loaders, by namespace and result (hit, miss, error).',
  labelNames: ['namespace', 'result'] as const,
});

export interface CacheScope {
  redis: Redis;
  /** Tenant the keys belong to; part of every Redis key. */
  schoolId: string;
  ttlSeconds: number;
  logger?: Logger;
}

export interface CachedLoaderSpec<K, V> {
  /** Names the kind of value, e.g. `student` or `enrolments-by-student`; part of the Redis key. */
  namespace: string;
  /**
   * Loads every missing key in ONE database query. Keys absent from the returned map resolve to
   * null and are not cached (a later write would otherwise have to know to invalidate a miss).
   */
  batchLoad: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>;
  /** Defaults to String(key). */
  keyToString?: (key: K) => string;
  /** Max keys per batch (one MGET and one SQL query each). */
  maxBatchSize?: number;
}

function cacheKey(scope: CacheScope, namespace: string, key: string): string {
  return tenantKey(scope.schoolId, CACHE_FORMAT, namespace, key);
}

/**
 * A per-request DataLoader: within a request it batches and de-duplicates; across requests it
 * reads Redis first (one MGET), loads all misses from PostgreSQL in one query, and writes them back
 * with a TTL in one pipeline. Values are stored with V8 serialization so Dates and BigInts survive
 * the round trip. Redis trouble degrades to database reads, never to errors.
 */
export function createCachedLoader<K, V>(
  scope: CacheScope,
  spec: CachedLoaderSpec<K, V>,
): DataLoader<K, V | null> {
  const toString = spec.keyToString ?? ((key: K) => String(key));
  return new DataLoader<K, V | null, string>(
    async (keys) => {
      const redisKeys = keys.map((key) => cacheKey(scope, spec.namespace, toString(key)));
      const results = new Array<V | null>(keys.length).fill(null);
      const missing: number[] = [];

      let cached: (Buffer | null)[] | undefined;
      try {
        cached = await scope.redis.mgetBuffer(...redisKeys);
      } catch (error) {
        lookups.inc({ namespace: spec.namespace, result: 'error' }, keys.length);
        scope.logger?.warn(
          { err: error, namespace: spec.namespace },
          'cache read failed; reading the database',
        );
      }
      keys.forEach((_key, index) => {
        const raw = cached?.[index];
        if (raw) {
          try {
            results[index] = deserialize(raw) as V;
            return;
          } catch {
            // Unreadable entry (e.g. written by another Node major): treat as a miss and overwrite.
          }
        }
        missing.push(index);
      });
      if (cached) {
        lookups.inc({ namespace: spec.namespace, result: 'hit' }, keys.length - missing.length);
        lookups.inc({ namespace: spec.namespace, result: 'miss' }, missing.length);
      }
      if (missing.length === 0) return results;

      const loaded = await spec.batchLoad(missing.map((index) => keys[index] as K));
      const pipeline = scope.redis.pipeline();
      for (const index of missing) {
        const key = keys[index] as K;
        if (!loaded.has(key)) continue;
        const value = loaded.get(key) as V;
        results[index] = value;
        pipeline.set(redisKeys[index] as string, serialize(value), 'EX', scope.ttlSeconds);
      }
      if (pipeline.length > 0) {
        await pipeline.exec().catch((error: unknown) => {
          scope.logger?.warn({ err: error, namespace: spec.namespace }, 'cache write-back failed');
        });
      }
      return results;
    },
    { cacheKeyFn: toString, maxBatchSize: spec.maxBatchSize ?? 500 },
  );
}

/** Drops cached values after a write. Call it after the database commit, before answering. */
export async function invalidateCached(
  scope: Pick<CacheScope, 'redis' | 'schoolId'>,
  namespace: string,
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 0) return;
  await scope.redis.del(...keys.map((key) => tenantKey(scope.schoolId, CACHE_FORMAT, namespace, key)));
}

/** Groups rows by a key, for loaders whose value is a list (e.g. enrolments by student). */
export function groupBy<K, V>(rows: readonly V[], keyOf: (row: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Indexes rows by a unique key, for loaders whose value is one row. */
export function indexBy<K, V>(rows: readonly V[], keyOf: (row: V) => K): Map<K, V> {
  return new Map(rows.map((row) => [keyOf(row), row]));
}

/**
 * Fresh reads with a last-known copy for database outages ("stale if error"): `read` always asks
 * the database and keeps its answer in Redis; only when the database cannot be reached (see
 * `isDependencyUnavailable`) is the kept answer used instead. For small facts a write path needs
 * ("which student is this user", "is the student in this section"), so buffered writes keep being
 * accepted through an outage, while nothing ever serves stale data when the database is up.
 */
export class LastKnown {
  constructor(
    private readonly scope: Omit<CacheScope, 'ttlSeconds'>,
    /** How long a kept answer may stand in for the database (bounds the staleness in an outage). */
    private readonly keepSeconds: number,
    private readonly isUnavailable: (error: unknown) => boolean,
  ) {}

  async read<V>(namespace: string, id: string, load: () => Promise<V>): Promise<V> {
    const key = tenantKey(this.scope.schoolId, 'last-known', CACHE_FORMAT, namespace, id);
    try {
      const value = await load();
      this.scope.redis
        .set(key, serialize(value), 'EX', this.keepSeconds)
        .catch((error: unknown) =>
          this.scope.logger?.warn({ err: error, key }, 'could not keep a last-known value'),
        );
      return value;
    } catch (error) {
      if (!this.isUnavailable(error)) throw error;
      const kept = await this.scope.redis.getBuffer(key).catch(() => null);
      if (kept === null) throw error;
      this.scope.logger?.warn({ namespace }, 'database unavailable: answered from the last-known value');
      return deserialize(kept) as V;
    }
  }
}
