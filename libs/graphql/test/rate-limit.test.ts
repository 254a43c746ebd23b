import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, parseConfig, rateLimits } from '@schools24/config';
import { createRedis, type Redis } from '@schools24/redis';
import { RequestRateLimiter } from '../src/rate-limit.js';

async function refusal(promise: Promise<void>): Promise<GraphQLError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GraphQLError)) throw new Error(`expected a GraphQLError, got ${String(error)}`);
  return error;
}

describe('request rate limits', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = createRedis(config().REDIS_URL);
    await redis.connect();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('refuses the request after the limit with RATE_LIMITED, 429 and Retry-After', async () => {
    const limiter = new RequestRateLimiter(redis, { userPerMinute: 2, ipPerMinute: 100 });
    const userId = randomUUID();
    await limiter.charge({ ip: null, userId });
    await limiter.charge({ ip: null, userId });
    const error = await refusal(limiter.charge({ ip: null, userId }));
    const retryAfter = error.extensions.retryAfterSeconds;
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const http = error.extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe(String(retryAfter));
    expect(Number(await redis.get(`s24:g:rate:user:${userId}`))).toBe(3);

    // Over the limit, the key is refused from memory for the rest of the window: no Redis command.
    const again = limiter.charge({ ip: null, userId });
    expect(redis.autoPipelineQueueSize).toBe(0);
    expect((await refusal(again)).extensions.code).toBe('RATE_LIMITED');
    expect(Number(await redis.get(`s24:g:rate:user:${userId}`))).toBe(3);
  });

  it('sends the address and the user counters of one request in one pipelined write', async () => {
    const limiter = new RequestRateLimiter(redis, { userPerMinute: 5, ipPerMinute: 5 });
    const ip = `198.51.100.7-${randomUUID()}`;
    const userId = randomUUID();
    const charged = limiter.charge({ ip, userId });
    // Both commands are queued in this tick: ioredis writes them to the socket together.
    expect(redis.autoPipelineQueueSize).toBe(2);
    await charged;
    expect(Number(await redis.get(`s24:g:rate:ip:${ip}`))).toBe(1);
    expect(Number(await redis.get(`s24:g:rate:user:${userId}`))).toBe(1);
  });

  it('does nothing when both limits are off', async () => {
    const limiter = new RequestRateLimiter(redis, { userPerMinute: 0, ipPerMinute: 0 });
    expect(limiter.enabled).toBe(false);
    for (let index = 0; index < 5; index += 1) await limiter.charge({ ip: '192.0.2.1', userId: 'u' });
  });

  it('keeps limiting in process memory while Redis is unreachable', async () => {
    const down = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false });
    try {
      const limiter = new RequestRateLimiter(down, { userPerMinute: 0, ipPerMinute: 3 });
      const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
      const started = performance.now();
      for (let index = 0; index < 3; index += 1) await limiter.charge({ ip, userId: null });
      const error = await refusal(limiter.charge({ ip, userId: null }));
      expect(error.extensions.code).toBe('RATE_LIMITED');
      // Answered at once, not after connection retries.
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      down.disconnect();
    }
  });
});

describe('rate limit settings', () => {
  it('default to 600 per user and 3,000 per address a minute, and to off under NODE_ENV=test', () => {
    expect(rateLimits(parseConfig({ NODE_ENV: 'production' }))).toEqual({
      userPerMinute: 600,
      ipPerMinute: 3000,
    });
    expect(rateLimits(parseConfig({}))).toEqual({ userPerMinute: 600, ipPerMinute: 3000 });
    expect(rateLimits(parseConfig({ NODE_ENV: 'test' }))).toEqual({ userPerMinute: 0, ipPerMinute: 0 });
    expect(
      rateLimits(
        parseConfig({ NODE_ENV: 'test', RATE_LIMIT_USER_PER_MINUTE: '5', RATE_LIMIT_IP_PER_MINUTE: '0' }),
      ),
    ).toEqual({ userPerMinute: 5, ipPerMinute: 0 });
  });
});
