import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { isDependencyUnavailable } from '@schools24/errors';
import { createRedis, type Redis } from '@schools24/redis';
import { LastKnown } from '../src/index.js';

const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('LastKnown (stale if error)', () => {
  let redis: Redis;
  let lastKnown: LastKnown;

  beforeAll(async () => {
    redis = createRedis(config().REDIS_URL);
    await redis.connect();
    lastKnown = new LastKnown({ redis, schoolId: randomUUID() }, 60, isDependencyUnavailable);
  });
  afterAll(async () => {
    await redis?.quit();
  });

  it('always reads fresh while the database answers, and answers from the kept value only in an outage', async () => {
    const id = randomUUID();
    expect(
      await lastKnown.read('facts', id, () => Promise.resolve({ studentId: 'a', since: new Date(0) })),
    ).toEqual({
      studentId: 'a',
      since: new Date(0),
    });
    // Fresh data wins when the database answers, even though a value is kept.
    expect(
      await lastKnown.read('facts', id, () => Promise.resolve({ studentId: 'b', since: new Date(1) })),
    ).toEqual({
      studentId: 'b',
      since: new Date(1),
    });
    await expect
      .poll(() => lastKnown.read('facts', id, () => Promise.reject(outage())))
      .toEqual({
        studentId: 'b',
        since: new Date(1),
      });
  });

  it('rethrows other errors, and an outage with nothing kept', async () => {
    const id = randomUUID();
    await lastKnown.read('facts', id, () => Promise.resolve(true));
    await expect(
      lastKnown.read('facts', id, () => Promise.reject(new Error('syntax error'))),
    ).rejects.toThrow('syntax error');
    await expect(lastKnown.read('facts', randomUUID(), () => Promise.reject(outage()))).rejects.toThrow(
      'ECONNREFUSED',
    );
  });
});
