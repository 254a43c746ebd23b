import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from '@schools24/config';
import { ErrorCode } from '@schools24/errors';
import type { Logger } from '@schools24/logger';
import { globalKey, type Redis } from '@schools24/redis';
import { countRefusal } from './refusals.js';

const WINDOW_SECONDS = 60;

/** RATE_LIMITED with `retryAfterSeconds`, answered 429 with a `Retry-After` header. */
export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  const error = new GraphQLError(`Too many requests: try again in ${retryAfterSeconds} s.`, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds },
  });
  // Apollo answers with `extensions.http` (headers as a Map). Set after construction: graphql-yoga's
  // typings, loaded with the playground, narrow `http.headers` to a plain record.
  Object.assign(error.extensions, {
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
  return error;
}

function limiter(redis: Redis, name: string, points: number): RateLimiterRedis {
  const keyPrefix = globalKey('rate', name);
  return new RateLimiterRedis({
    storeClient: redis,
    useRedisPackage: false,
    keyPrefix,
    points,
    duration: WINDOW_SECONDS,
    // Once over the limit, refuse from memory until the window ends: a flood costs Redis nothing.
    inMemoryBlockOnConsumed: points + 1,
    // Redis down or reconnecting: count in this process at once rather than wait for retries.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
  });
}

/** Who a request is charged to. */
export interface RateLimitSubject {
  /** The client's address; null when unknown (nothing is charged to it). */
  ip: string | null;
  /** The verified viewer's user id; null for anonymous requests. */
  userId: string | null;
}

/**
 * Request rate limits in Redis, per client address (every request) and per signed-in user, over a
 * fixed one-minute window. Both counters of a request are sent in the same tick, so ioredis's
 * auto-pipelining carries them in one round trip. While Redis is unreachable each process counts on
 * its own (the insurance limiter), so the limits hold per process instead of vanishing.
 */
export class RequestRateLimiter {
  private readonly byIp: RateLimiterRedis | undefined;
  private readonly byUser: RateLimiterRedis | undefined;

  constructor(
    redis: Redis,
    limits: RateLimits,
    private readonly logger?: Logger,
  ) {
    this.byIp = limits.ipPerMinute > 0 ? limiter(redis, 'ip', limits.ipPerMinute) : undefined;
    this.byUser = limits.userPerMinute > 0 ? limiter(redis, 'user', limits.userPerMinute) : undefined;
  }

  get enabled(): boolean {
    return this.byIp !== undefined || this.byUser !== undefined;
  }

  /** Counts one request; throws RATE_LIMITED when its address or its user is over the limit. */
  async charge(subject: RateLimitSubject): Promise<void> {
    const charges: Promise<RateLimiterRes>[] = [];
    if (this.byIp && subject.ip) charges.push(this.byIp.consume(subject.ip));
    if (this.byUser && subject.userId) charges.push(this.byUser.consume(subject.userId));
    if (charges.length === 0) return;
    let retryAfterMs = 0;
    for (const result of await Promise.allSettled(charges)) {
      if (result.status === 'fulfilled') continue;
      if (result.reason instanceof RateLimiterRes) {
        retryAfterMs = Math.max(retryAfterMs, result.reason.msBeforeNext);
      } else {
        // Only reachable if the insurance limiter failed too: fail open, loudly.
        this.logger?.error({ err: result.reason }, 'rate limiter failed; request let through');
      }
    }
    if (retryAfterMs > 0) {
      countRefusal('rate_limited');
      throw rateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    }
  }
}

/**
 * Answers with HTTP 429 and `Retry-After` when a response is nothing but RATE_LIMITED errors, however
 * deep they were raised (a resolver shedding load, a subgraph behind the gateway), so clients and
 * proxies back off the standard way instead of reading a 200.
 */
export function rateLimitedStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || (data !== null && data !== undefined)) return;
          let retryAfterSeconds = 0;
          for (const error of errors) {
            if (error.extensions?.['code'] !== ErrorCode.RATE_LIMITED) return;
            const seconds = Number(error.extensions['retryAfterSeconds']);
            if (Number.isFinite(seconds)) retryAfterSeconds = Math.max(retryAfterSeconds, seconds);
          }
          response.http.status = 429;
          response.http.headers.set('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
        },
      };
    },
  };
}
