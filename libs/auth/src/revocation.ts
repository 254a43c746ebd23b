import { forTenant, type Database } from '@schools24/db';
import type { Logger } from '@schools24/logger';
import { tenantKey, type Redis } from '@schools24/redis';

/** Cached value for a user who no longer exists: no token of theirs is valid. */
const GONE = Number.MAX_SAFE_INTEGER;

// Monotonic write: the stored instant only ever moves forward, so a reader that loaded an older
// value from PostgreSQL before a revocation cannot overwrite the newer one after it.
const SET_MAX = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local value = tonumber(ARGV[1])
if value > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return value
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return current
`;

export interface TokenRevocationsOptions {
  redis: Redis;
  /** The app's client; the user is read as their own school (row-level security). */
  db: Database;
  logger: Logger;
  /** How long a user's instant stays cached in Redis (PostgreSQL holds it for good). */
  ttlSeconds: number;
}

/**
 * Per-user "tokens valid after" instants: access tokens issued before a user's instant are refused,
 * which makes logout, password change, role change and disabling take effect at once. PostgreSQL
 * (`User.tokensValidAfter`) is the source of truth; Redis caches it under the tenant's prefix, so
 * every verification costs one GET and a cache miss one indexed read.
 */
export class TokenRevocations {
  constructor(private readonly options: TokenRevocationsOptions) {}

  private key(schoolId: string, userId: string): string {
    return tenantKey(schoolId, 'auth', 'tokens-valid-after', userId);
  }

  /** Milliseconds since the epoch before which the user's tokens are invalid (0: none revoked). */
  async validAfter(schoolId: string, userId: string): Promise<number> {
    const key = this.key(schoolId, userId);
    try {
      const cached = await this.options.redis.get(key);
      if (cached !== null) return Number(cached);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'revocation cache read failed; reading the database');
    }
    const row = await forTenant(this.options.db, schoolId).user.findFirst({
      where: { id: userId, schoolId },
      select: { tokensValidAfter: true },
    });
    const value = row ? (row.tokensValidAfter?.getTime() ?? 0) : GONE;
    await this.cache(key, value).catch((error: unknown) =>
      this.options.logger.warn({ err: error }, 'revocation cache write failed'),
    );
    return value;
  }

  /**
   * Publishes a new instant after it was committed to PostgreSQL. Throws when Redis cannot take it:
   * the caller must not report success while a stale cached instant would keep old tokens alive.
   */
  async publish(schoolId: string, userId: string, validAfter: Date): Promise<void> {
    await this.cache(this.key(schoolId, userId), validAfter.getTime());
  }

  private async cache(key: string, value: number): Promise<void> {
    await this.options.redis.eval(SET_MAX, 1, key, String(value), String(this.options.ttlSeconds));
  }
}
