// The leaderboards' Redis side on a real Redis: the order ZRANGE gives, shared ranks, the lock's
// fencing (a writer whose lock lapsed writes nothing), no partial set from an update, and versions
// that keep growing after Redis lost the leaderboard.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type Redis } from '@schools24/redis';
import { LeaderboardStandings, LockUnavailableError } from '../src/services/leaderboard-standings.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('leaderboard standings in Redis', () => {
  let redis: Redis;
  let standings: LeaderboardStandings;
  const schoolId = randomUUID();
  const scope = () => ({ sectionId: randomUUID(), subjectId: randomUUID(), termId: randomUUID() });
  const [low, mid, high] = [
    '11111111-0000-4000-8000-000000000000',
    '55555555-0000-4000-8000-000000000000',
    'aaaaaaaa-0000-4000-8000-000000000000',
  ];

  beforeAll(async () => {
    redis = createRedis(REDIS_URL);
    await redis.connect();
    standings = new LeaderboardStandings(redis, { lockMs: 200, lockWaitMs: 300 });
  });

  afterAll(async () => {
    const keys = await redis.keys(`s24:t:${schoolId}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lists points descending, equal points by student id ascending, sharing a rank', async () => {
    const board = scope();
    await standings.withLock(schoolId, board, (token) =>
      standings.rebuild(schoolId, board, token, [
        { studentId: high ?? '', score: 7 },
        { studentId: low ?? '', score: 7 },
        { studentId: mid ?? '', score: 9 },
      ]),
    );
    const read = await standings.read(schoolId, board, 10);
    expect(read?.totalCount).toBe(3);
    expect(read?.entries).toEqual([
      { rank: 1, studentId: mid, score: 9 },
      { rank: 2, studentId: low, score: 7 },
      { rank: 2, studentId: high, score: 7 },
    ]);
    expect((await standings.read(schoolId, board, 2))?.entries.map((entry) => entry.studentId)).toEqual([
      mid,
      low,
    ]);
  });

  it('an empty leaderboard is built (not rebuilt on every read)', async () => {
    const board = scope();
    await standings.withLock(schoolId, board, (token) => standings.rebuild(schoolId, board, token, []));
    expect(await standings.read(schoolId, board, 10)).toMatchObject({ totalCount: 0, entries: [] });
  });

  it('a writer whose lock lapsed (or who never held it) writes nothing', async () => {
    const board = scope();
    await standings.withLock(schoolId, board, (token) =>
      standings.rebuild(schoolId, board, token, [{ studentId: low ?? '', score: 1 }]),
    );
    expect(await standings.update(schoolId, board, 'not-the-token', low ?? '', 50)).toBeNull();
    const lapsed = await standings.withLock(schoolId, board, async (token) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return standings.update(schoolId, board, token, low ?? '', 50);
    });
    expect(lapsed).toBeNull();
    expect((await standings.read(schoolId, board, 10))?.entries).toEqual([
      { rank: 1, studentId: low, score: 1 },
    ]);
  });

  it('waits for the lock, then gives up with LockUnavailableError', async () => {
    const board = scope();
    const slow = new LeaderboardStandings(redis, { lockMs: 5_000, lockWaitMs: 100 });
    let release!: () => void;
    const held = slow.withLock(schoolId, board, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(slow.withLock(schoolId, board, async () => 1)).rejects.toBeInstanceOf(LockUnavailableError);
    release();
    await held;
    expect(await slow.withLock(schoolId, board, async () => 2)).toBe(2);
  });

  it('an update to a missing set leaves it missing (the next read rebuilds it whole); versions only grow', async () => {
    const board = scope();
    const first = await standings.withLock(schoolId, board, (token) =>
      standings.update(schoolId, board, token, low ?? '', 3),
    );
    expect(await standings.read(schoolId, board, 10)).toBeNull();
    expect(first).toBeGreaterThan(Date.now() - 60_000);
    const keys = standings.keys(schoolId, board);
    await redis.del(keys.set, keys.version);
    const rebuilt = await standings.withLock(schoolId, board, (token) =>
      standings.rebuild(schoolId, board, token, [{ studentId: low ?? '', score: 3 }]),
    );
    expect(rebuilt).toBeGreaterThan(first ?? Infinity);
    expect(await redis.exists(keys.set)).toBe(1);
    expect(Number(await redis.pttl(keys.set))).toBeGreaterThan(0);
  });
});
