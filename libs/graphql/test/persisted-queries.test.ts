import { createHash, randomUUID } from 'node:crypto';
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { createRedis, type Redis } from '@schools24/redis';
import { RedisKeyValueCache, TrustedDocuments } from '../src/persisted-queries.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the APQ store in Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = createRedis(config().REDIS_URL);
    await redis.connect();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('stores under the prefix with a TTL, and serves hot keys from memory', async () => {
    const cache = new RedisKeyValueCache(redis, { prefix: 's24:g:', defaultTtlSeconds: 600 });
    const key = `apq:${randomUUID()}`;
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, '{ school { id } }', { ttl: 120 });
    expect(await redis.get(`s24:g:${key}`)).toBe('{ school { id } }');
    expect(await redis.ttl(`s24:g:${key}`)).toBeGreaterThan(100);

    // Another replica finds it in Redis; afterwards it answers from memory.
    const replica = new RedisKeyValueCache(redis, { prefix: 's24:g:', defaultTtlSeconds: 600 });
    expect(await replica.get(key)).toBe('{ school { id } }');
    await redis.del(`s24:g:${key}`);
    expect(await replica.get(key)).toBe('{ school { id } }');
  });

  it('keeps at most `localEntries` in memory, dropping the least recently used', async () => {
    const cache = new RedisKeyValueCache(redis, { prefix: 's24:g:', defaultTtlSeconds: 60, localEntries: 2 });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].map((id) => `apq:${id}`) as [
      string,
      string,
      string,
    ];
    await cache.set(a, 'A');
    await cache.set(b, 'B');
    await cache.get(a); // a is now the most recent
    await cache.set(c, 'C');
    await redis.del(`s24:g:${a}`, `s24:g:${b}`, `s24:g:${c}`);
    expect(await cache.get(a)).toBe('A');
    expect(await cache.get(b)).toBeUndefined();
    expect(await cache.get(c)).toBe('C');
  });

  it('treats an unreachable Redis as a miss, so clients fall back to sending the query', async () => {
    const down = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false });
    down.on('error', () => {}); // connection refused, as intended
    try {
      const cache = new RedisKeyValueCache(down, { prefix: 's24:g:', defaultTtlSeconds: 60 });
      expect(await cache.get('apq:nothing')).toBeUndefined();
      await expect(cache.set('apq:x', 'X')).resolves.toBeUndefined();
    } finally {
      down.disconnect();
    }
  });
});

describe('trusted documents', () => {
  const REGISTERED = 'query A { school { id } }';
  const trusted = TrustedDocuments.fromManifest({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [{ id: sha256(REGISTERED), name: 'A', type: 'query', body: REGISTERED }],
  });
  const gate = trusted.gate();
  const post = (body: unknown): HTTPGraphQLRequest => ({
    method: 'POST',
    headers: new HeaderMap(),
    search: '',
    body,
  });
  const get = (params: Record<string, string>): HTTPGraphQLRequest => ({
    method: 'GET',
    headers: new HeaderMap(),
    search: `?${new URLSearchParams(params).toString()}`,
    body: undefined,
  });
  const hashOnly = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

  it('lets registered operations through by text or by hash, over POST or GET', () => {
    expect(gate(post({ query: REGISTERED }))).toBeUndefined();
    expect(gate(post({ extensions: hashOnly(REGISTERED) }))).toBeUndefined();
    expect(gate(get({ query: REGISTERED }))).toBeUndefined();
    expect(gate(get({ extensions: JSON.stringify(hashOnly(REGISTERED)) }))).toBeUndefined();
  });

  it('refuses anything else, judging a text by its own hash rather than the one it claims', () => {
    const other = '{ school { name } }';
    for (const request of [
      post({ query: other }),
      post({ query: other, extensions: hashOnly(REGISTERED) }),
      post({ extensions: hashOnly(other) }),
      get({ query: other }),
      post([{ query: REGISTERED }]),
    ]) {
      expect(gate(request)).toMatchObject({
        status: 400,
        errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
      });
    }
  });

  it('serves registered texts to Apollo by hash and stores nothing', async () => {
    const store = trusted.store();
    expect(await store.get(`apq:${sha256(REGISTERED)}`)).toBe(REGISTERED);
    await store.set(`apq:${sha256('{ x }')}`, '{ x }');
    expect(await store.get(`apq:${sha256('{ x }')}`)).toBeUndefined();
  });

  it('refuses a manifest in another format or with a wrong id', () => {
    expect(() => TrustedDocuments.fromManifest({ operations: [] })).toThrow(/not a persisted query manifest/);
    expect(() =>
      TrustedDocuments.fromManifest({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256('{ a }'), name: 'A', type: 'query', body: '{ b }' }],
      }),
    ).toThrow(/not the SHA-256 of its body/);
  });
});
