/*
 * Redis state derived from a school's rows: leaderboards (sorted sets rebuilt from PostgreSQL when
 * missing) and cached records. Seed ids are deterministic, so a school seeded again (--replace, or
 * a dropped and re-created database) would otherwise meet the previous run's leaderboards and
 * cached rows under the same keys. Dropping them makes the next read rebuild from what was seeded.
 * Write-buffer keys are left alone: they hold acknowledged writes.
 */
import { tenantKey, type Redis } from '@schools24/redis';

/** Key patterns of derived state: leaderboards, cache-loader entries (format c1) and their fallbacks. */
const DERIVED = [['leaderboard'], ['c1'], ['last-known']] as const;

/** Deletes the school's derived Redis keys; returns how many were deleted. */
export async function forgetDerivedRedisState(redis: Redis, schoolId: string): Promise<number> {
  let deleted = 0;
  for (const parts of DERIVED) {
    const match = tenantKey(schoolId, ...parts, '*');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}
