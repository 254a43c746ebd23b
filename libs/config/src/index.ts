import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * Every environment variable the product reads, parsed once. This module is the only place that
 * touches `process.env` (a lint rule enforces it), so the README's configuration table and this
 * schema are the whole truth.
 */
const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** A private Ed25519 key as a JWK (what `npm run auth:generate-key` prints). */
const signingJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  kid: z.string().regex(/^[\w.-]{1,64}$/, 'kid must be 1-64 letters, digits, "_", "-" or "."'),
  x: base64url.length(43),
  d: base64url.length(43),
});
export type SigningJwk = z.infer<typeof signingJwk>;

/** A JSON array of private Ed25519 JWKs with distinct kids: the first signs, all verify. */
const signingKeys = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of private Ed25519 JWKs' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(signingJwk)
      .min(1)
      .refine((keys) => new Set(keys.map((key) => key.kid)).size === keys.length, {
        message: 'every key needs its own kid',
      }),
  );

/** DATABASE_URL's server and database as user `postgres` (what trust auth on a laptop accepts). */
function adminUrlFor(databaseUrl: string): string {
  const parsed = new URL(databaseUrl);
  parsed.username = 'postgres';
  parsed.password = '';
  return parsed.toString();
}

const defaultHashConcurrency = 2 * availableParallelism();

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // The application's role: not the tables' owner, not superuser, no BYPASSRLS, so row-level
    // security applies to everything it does (migration `tenant_rls` creates it when missing).
    DATABASE_URL: url(['postgres', 'postgresql']).default(
      'postgresql://schools24_app@127.0.0.1:5432/schools24',
    ),
    // The owner: migrations, the seed, creating databases, test fixtures. Never used to serve requests.
    // Unset: DATABASE_URL's server and database as user `postgres` without a password.
    DATABASE_ADMIN_URL: url(['postgres', 'postgresql']).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
    CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    TOPOLOGY: z.enum(['all-in-one', 'distributed']).default('all-in-one'),
    HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_PORT: port.default(4000),
    IDENTITY_PORT: port.default(4001),
    ACADEMICS_PORT: port.default(4002),
    FINANCE_PORT: port.default(4003),
    COMMS_PORT: port.default(4004),
    INSIGHT_PORT: port.default(4005),
    IDENTITY_URL: url(['http', 'https']).optional(),
    ACADEMICS_URL: url(['http', 'https']).optional(),
    FINANCE_URL: url(['http', 'https']).optional(),
    COMMS_URL: url(['http', 'https']).optional(),
    INSIGHT_URL: url(['http', 'https']).optional(),
    PLAYGROUND: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true')),
    // Empty counts as unset (compose passes `${AUTH_SIGNING_KEYS:-}` through).
    AUTH_SIGNING_KEYS: z.preprocess((value) => (value === '' ? undefined : value), signingKeys.optional()),
    AUTH_JWKS_URL: url(['http', 'https']).optional(),
    AUTH_ISSUER: z.string().min(1).max(200).default('schools24'),
    AUTH_AUDIENCE: z.string().min(1).max(200).default('schools24-api'),
    AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    AUTH_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(defaultHashConcurrency),
    AUTH_HASH_QUEUE: z.coerce
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(defaultHashConcurrency * 4),
    AUTH_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    AUTH_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    AUTH_LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
    // API protection at the gateway (README "Configuration"; libs/graphql limits.ts, rate-limit.ts).
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(10),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(2000),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    GRAPHQL_MAX_LIST_ITEMS: z.coerce.number().int().min(1).max(100_000).default(250),
    GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(1_000_000),
    APQ_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(86_400),
    TRUSTED_DOCUMENTS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    TRUSTED_DOCUMENTS_PATH: z.string().min(1).optional(),
    // Unset: the defaults in `rateLimits` (off under NODE_ENV=test, where every test shares 127.0.0.1).
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).optional(),
    RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).optional(),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // The write buffer (libs/write-buffer). Its Redis must be durable (AOF, appendfsync always,
    // noeviction: see docker-compose.yml and the chart); unset, it shares REDIS_URL.
    REDIS_BUFFER_URL: url(['redis', 'rediss']).optional(),
    WRITE_BUFFER_MAX_PENDING: z.coerce.number().int().min(1).max(100_000_000).default(100_000),
    WRITE_BUFFER_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).max(10_000_000).default(65_536),
    WRITE_BUFFER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
    // How long a flusher's blocking read waits for new entries: the flush delay when idle.
    WRITE_BUFFER_FLUSH_BLOCK_MS: z.coerce.number().int().min(1).max(10_000).default(50),
    WRITE_BUFFER_CLAIM_IDLE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    WRITE_BUFFER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    WRITE_BUFFER_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
    // This flusher's name in the consumer group; unset: <hostname>-<pid>.
    WRITE_BUFFER_CONSUMER: z
      .string()
      .regex(/^[\w.:-]{1,100}$/)
      .optional(),
    WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(4006),
    // Whether the gateway process runs a flusher itself: `auto` = only in the all-in-one topology.
    GATEWAY_FLUSHES: z.enum(['auto', 'on', 'off']).default('auto'),
    // Report cards: the BullMQ queue (on REDIS_BUFFER_URL, the durable Redis), cards rendered at
    // once per worker process, and attempts per card before it is recorded as failed.
    REPORT_CARD_QUEUE: z
      .string()
      .regex(/^[\w.-]{1,100}$/)
      .default('report-cards'),
    REPORT_CARD_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    REPORT_CARD_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
    // Files (homework uploads, report cards): any S3-compatible store.
    S3_ENDPOINT: url(['http', 'https']).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).max(63).default('schools24'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // Path-style URLs (http://host/bucket/key): what MinIO and most S3-compatible stores need.
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    S3_PRESIGN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    // Live updates: keep-alive pings and the per-subscriber queue bound (a slow client is dropped
    // behind this many undelivered events; snapshot events keep only the latest).
    SUBSCRIPTION_KEEPALIVE_MS: z.coerce.number().int().min(1000).max(120_000).default(12_000),
    SUBSCRIPTION_QUEUE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(100),
  })
  .transform((cfg) => ({
    ...cfg,
    DATABASE_ADMIN_URL: cfg.DATABASE_ADMIN_URL ?? adminUrlFor(cfg.DATABASE_URL),
    REDIS_BUFFER_URL: cfg.REDIS_BUFFER_URL ?? cfg.REDIS_URL,
  }));

export type Config = z.infer<typeof configSchema>;

export const SUBGRAPH_NAMES = ['identity', 'academics', 'finance', 'comms', 'insight'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses an environment; throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nSee the README's configuration table.`,
    );
  }
  return result.data;
}

let cached: Config | undefined;

/** The process configuration, parsed from the environment on first use and then fixed. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** The environment's configuration as it would be parsed now, without fixing it for the process. */
export function environmentConfig(): Config {
  return parseConfig(process.env);
}

/**
 * Fixes the process configuration as the environment's with `overrides` on top: for a value the
 * process provides itself (the quick start's local file store). Only before `config()` is read.
 */
export function fixConfigWith(overrides: Record<string, string>): Config {
  if (cached) throw new Error('The configuration is already fixed: override it before reading it.');
  cached = parseConfig({ ...process.env, ...overrides });
  return cached;
}

/** Requests per minute per signed-in user and per client address; 0 turns a limit off. */
export interface RateLimits {
  userPerMinute: number;
  ipPerMinute: number;
}

/**
 * The gateway's request rate limits. The per-address default is well above the per-user one because
 * one address is often a whole school behind NAT; it stops a single host, the per-user limit stops a
 * single account. Tests share one address (127.0.0.1), so under NODE_ENV=test both are off unless set.
 */
export function rateLimits(cfg: Config): RateLimits {
  const off = cfg.NODE_ENV === 'test';
  return {
    userPerMinute: cfg.RATE_LIMIT_USER_PER_MINUTE ?? (off ? 0 : 600),
    ipPerMinute: cfg.RATE_LIMIT_IP_PER_MINUTE ?? (off ? 0 : 3000),
  };
}

/** Where a subgraph listens when it runs as its own process. */
export function subgraphPort(cfg: Config, name: SubgraphName): number {
  const ports: Record<SubgraphName, number> = {
    identity: cfg.IDENTITY_PORT,
    academics: cfg.ACADEMICS_PORT,
    finance: cfg.FINANCE_PORT,
    comms: cfg.COMMS_PORT,
    insight: cfg.INSIGHT_PORT,
  };
  return ports[name];
}

/** Where the gateway reaches a subgraph in the distributed topology. */
export function subgraphUrl(cfg: Config, name: SubgraphName): string {
  const urls: Record<SubgraphName, string | undefined> = {
    identity: cfg.IDENTITY_URL,
    academics: cfg.ACADEMICS_URL,
    finance: cfg.FINANCE_URL,
    comms: cfg.COMMS_URL,
    insight: cfg.INSIGHT_URL,
  };
  return urls[name] ?? `http://${cfg.HOST}:${subgraphPort(cfg, name)}/graphql`;
}

/**
 * Where a process that does not sign tokens fetches the identity service's public keys: the
 * configured URL, or `/.well-known/jwks.json` next to the identity subgraph's GraphQL URL.
 */
export function jwksUrl(cfg: Config): string {
  return cfg.AUTH_JWKS_URL ?? new URL('/.well-known/jwks.json', subgraphUrl(cfg, 'identity')).toString();
}

/** Database URL with another database name (tests, shadow databases). */
export function withDatabaseName(databaseUrl: string, database: string): string {
  const parsed = new URL(databaseUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
