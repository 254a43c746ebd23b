import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Config } from '@schools24/config';
import { globalKey, KEY_PREFIX, type Redis } from '@schools24/redis';

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

const OPEN: ThrottleState = { blocked: false, retryAfterSeconds: 0 };

function limiter(redis: Redis, keyPrefix: string, points: number, duration: number) {
  return new RateLimiterRedis({
    storeClient: redis,
    useRedisPackage: false,
    keyPrefix,
    points,
    duration,
    // While Redis is unreachable, count in this process rather than fail every sign-in.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

/**
 * Failed sign-ins counted in Redis over a window, per account and per client address. An account
 * with too many failures is locked until the window ends (a password reset lifts it); an address
 * with too many failures across accounts is refused likewise (credential stuffing). Unknown accounts
 * are counted the same way, so locking reveals nothing about which emails exist.
 */
export class LoginThrottle {
  private readonly accounts: RateLimiterRedis;
  private readonly addresses: RateLimiterRedis;

  constructor(redis: Redis, config: Config) {
    const window = config.AUTH_LOGIN_FAILURE_WINDOW_SECONDS;
    // Keys are `s24:t:<school>:auth:login-failures:<sha256(email)>`: tenant-prefixed, no email in clear.
    this.accounts = limiter(redis, `${KEY_PREFIX}:t`, config.AUTH_LOGIN_MAX_FAILURES, window);
    this.addresses = limiter(
      redis,
      globalKey('auth', 'login-failures-by-ip'),
      config.AUTH_LOGIN_MAX_FAILURES_PER_IP,
      window,
    );
  }

  private accountKey(schoolId: string | null, email: string): string {
    const digest = createHash('sha256').update(email).digest('base64url');
    return `${schoolId ?? 'unknown-school'}:auth:login-failures:${digest}`;
  }

  async account(schoolId: string | null, email: string): Promise<ThrottleState> {
    return state(await this.accounts.get(this.accountKey(schoolId, email)), this.accounts.points);
  }

  async address(ip: string): Promise<ThrottleState> {
    return state(await this.addresses.get(ip), this.addresses.points);
  }

  /** Counts a failure; returns the account's state after it. */
  async failed(schoolId: string | null, email: string, ip: string): Promise<ThrottleState> {
    const [account] = await Promise.all([
      this.accounts.penalty(this.accountKey(schoolId, email), 1),
      this.addresses.penalty(ip, 1),
    ]);
    return state(account, this.accounts.points);
  }

  /** Forgets the account's failures (after a successful sign-in or password reset). */
  async clear(schoolId: string, email: string): Promise<void> {
    await this.accounts.delete(this.accountKey(schoolId, email));
  }
}

function state(
  result: { consumedPoints: number; msBeforeNext: number } | null,
  limit: number,
): ThrottleState {
  if (!result || result.consumedPoints < limit) return OPEN;
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}
