import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { createRedis, tenantKey, type Redis } from '@schools24/redis';
import { createCachedLoader, invalidateCached } from '../src/index.js';

interface Row {
  id: string;
  name: string;
  bornOn: Date;
  balance: bigint;
}

const rows = new Map<string, Row>(
  ['a', 'b', 'c'].map((id) => [
    id,
    { id, name: `row ${id}`, bornOn: new Date('2014-06-01T00:00:00Z'), balance: 2n ** 60n },
  ]),
);

describe('createCachedLoader against the real Redis', () => {
  let redis: Redis;
  const schoolId = randomUUID();

  beforeAll(async () => {
    redis = createRedis(config().REDIS_URL);
    await redis.connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(tenantKey(schoolId, '*'));
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  function loaderWithCalls(namespace: string) {
    const calls: string[][] = [];
    const loader = createCachedLoader<string, Row>(
      { redis, schoolId, ttlSeconds: 30 },
      {
        namespace,
        batchLoad: async (ids) => {
          calls.push([...ids]);
          return new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id) as Row] as const] : [])));
        },
      },
    );
    return { loader, calls };
  }

  it('loads misses in one batch, then serves the next request from Redis with types intact', async () => {
    const first = loaderWithCalls('rows');
    const loaded = await Promise.all(['a', 'b', 'missing'].map((id) => first.loader.load(id)));
    expect(first.calls).toEqual([['a', 'b', 'missing']]);
    expect(loaded[2]).toBeNull();

    const second = loaderWithCalls('rows');
    const cached = await Promise.all(['a', 'b', 'c'].map((id) => second.loader.load(id)));
    expect(second.calls).toEqual([['c']]);
    expect(cached[0]).toEqual(rows.get('a'));
    expect(cached[0]?.bornOn).toBeInstanceOf(Date);
    expect(typeof cached[0]?.balance).toBe('bigint');

    const ttl = await redis.ttl(tenantKey(schoolId, 'c1', 'rows', 'a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('keeps tenants apart: the same key in another school is a miss', async () => {
    const mine = loaderWithCalls('isolation');
    await mine.loader.load('a');
    const calls: string[][] = [];
    const otherSchool = createCachedLoader<string, Row>(
      { redis, schoolId: randomUUID(), ttlSeconds: 30 },
      {
        namespace: 'isolation',
        batchLoad: async (ids) => {
          calls.push([...ids]);
          return new Map();
        },
      },
    );
    expect(await otherSchool.load('a')).toBeNull();
    expect(calls).toEqual([['a']]);
  });

  it('reads the database again after invalidation', async () => {
    const warm = loaderWithCalls('invalidate');
    await warm.loader.load('a');
    await invalidateCached({ redis, schoolId }, 'invalidate', ['a']);
    const after = loaderWithCalls('invalidate');
    await after.loader.load('a');
    expect(after.calls).toEqual([['a']]);
  });

  it('falls back to the database when Redis is unreachable', async () => {
    const down = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const loader = createCachedLoader<string, Row>(
      { redis: down, schoolId, ttlSeconds: 30 },
      { namespace: 'down', batchLoad: async (ids) => new Map(ids.map((id) => [id, rows.get(id) as Row])) },
    );
    expect(await loader.load('b')).toEqual(rows.get('b'));
    down.disconnect();
  });
});
