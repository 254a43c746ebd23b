import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { z } from 'zod';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import { REQUEST_ID_HEADER } from './context.js';
import type { GateRejection, RequestGate } from './http.js';
import { countRefusal } from './refusals.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Apollo's `KeyValueCache<string>` contract, declared here structurally (the interface lives in
 * `@apollo/utils.keyvaluecache`, a dependency of Apollo Server rather than of ours).
 */
export interface StringKeyValueCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export interface RedisKeyValueCacheOptions {
  /** Prepended to every key, e.g. `s24:g:` (Apollo adds `apq:` itself). */
  prefix: string;
  /** Used when Apollo passes no TTL. */
  defaultTtlSeconds: number;
  /** Entries also kept in this process (least recently used evicted first). */
  localEntries?: number;
  logger?: Logger;
}

/**
 * Automatic persisted queries in Redis, so every gateway replica knows a hash any replica has
 * seen. Values are content-addressed (a hash always maps to the same text), so a bounded copy in
 * process memory is never stale: a hot hash costs no Redis round trip. Redis failures degrade to a
 * cache miss, which APQ clients answer by sending the full query again.
 */
export class RedisKeyValueCache implements StringKeyValueCache {
  private readonly local = new Map<string, string>();
  private readonly localEntries: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisKeyValueCacheOptions,
  ) {
    this.localEntries = options.localEntries ?? 1_000;
  }

  private remember(key: string, value: string): void {
    this.local.delete(key);
    this.local.set(key, value);
    if (this.local.size > this.localEntries) {
      const oldest = this.local.keys().next();
      if (!oldest.done) this.local.delete(oldest.value);
    }
  }

  async get(key: string): Promise<string | undefined> {
    const cached = this.local.get(key);
    if (cached !== undefined) {
      this.remember(key, cached);
      return cached;
    }
    try {
      const value = await this.redis.get(this.options.prefix + key);
      if (value === null) return undefined;
      this.remember(key, value);
      return value;
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'persisted query lookup failed; treating it as a miss');
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    this.remember(key, value);
    const ttl = options?.ttl ?? this.options.defaultTtlSeconds;
    try {
      await this.redis.set(this.options.prefix + key, value, 'EX', Math.max(1, Math.round(ttl)));
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'persisted query could not be stored');
    }
  }

  async delete(key: string): Promise<boolean> {
    this.local.delete(key);
    return (await this.redis.del(this.options.prefix + key)) > 0;
  }
}

/**
 * Apollo's persisted query manifest (what `@apollo/generate-persisted-query-manifest` writes for
 * Apollo Client apps): every operation a client may send, identified by the SHA-256 of its text.
 */
export const trustedDocumentManifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});
export type TrustedDocumentManifest = z.infer<typeof trustedDocumentManifestSchema>;
export type TrustedDocument = TrustedDocumentManifest['operations'][number];

export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

const APQ_KEY_PREFIX = 'apq:';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The query text and persisted-query hash of a request, or null when it has neither shape. */
function operationOf(request: HTTPGraphQLRequest): { query?: string; hash?: string } | 'batch' | null {
  let query: unknown;
  let extensions: unknown;
  if (request.method === 'GET') {
    const params = new URLSearchParams(request.search);
    query = params.get('query') ?? undefined;
    const raw = params.get('extensions');
    if (raw) {
      try {
        extensions = JSON.parse(raw);
      } catch {
        return null; // Apollo answers malformed parameters itself
      }
    }
  } else if (Array.isArray(request.body)) {
    return 'batch';
  } else if (isRecord(request.body)) {
    query = request.body.query;
    extensions = request.body.extensions;
  } else {
    return null;
  }
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined;
  const hash =
    isRecord(persisted) && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  return {
    ...(typeof query === 'string' && query !== '' ? { query } : {}),
    ...(hash !== undefined ? { hash } : {}),
  };
}

/**
 * Trusted documents (a persisted-operation safelist): only operations registered in a manifest run.
 * Clients send the hash alone (Apollo's APQ request shape) or the full registered text; anything
 * else is refused before it is parsed or validated, so the schema cannot even be probed.
 */
export class TrustedDocuments {
  private constructor(private readonly bodies: ReadonlyMap<string, string>) {}

  /** Validates a manifest; every id must be the SHA-256 of its body. */
  static fromManifest(manifest: unknown, source = 'the trusted documents manifest'): TrustedDocuments {
    const parsed = trustedDocumentManifestSchema.safeParse(manifest);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
      throw new TrustedDocumentsError(`${source} is not a persisted query manifest:\n${problems.join('\n')}`);
    }
    const bodies = new Map<string, string>();
    for (const operation of parsed.data.operations) {
      if (sha256Hex(operation.body) !== operation.id) {
        throw new TrustedDocumentsError(
          `${source}: operation ${operation.name} has id ${operation.id}, which is not the SHA-256 of its body`,
        );
      }
      bodies.set(operation.id, operation.body);
    }
    return new TrustedDocuments(bodies);
  }

  static load(path: string): TrustedDocuments {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new TrustedDocumentsError(
        `TRUSTED_DOCUMENTS is on but ${path} cannot be read: ${(error as Error).message}`,
      );
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      throw new TrustedDocumentsError(`${path} is not valid JSON`);
    }
    return TrustedDocuments.fromManifest(manifest, path);
  }

  get size(): number {
    return this.bodies.size;
  }

  has(hash: string): boolean {
    return this.bodies.has(hash);
  }

  /**
   * A read-only persisted-query store for Apollo Server: a hash-only request finds its registered
   * text here, and nothing a client sends is ever registered.
   */
  store(): StringKeyValueCache {
    const bodies = this.bodies;
    return {
      async get(key) {
        return bodies.get(key.startsWith(APQ_KEY_PREFIX) ? key.slice(APQ_KEY_PREFIX.length) : key);
      },
      async set() {},
      async delete() {
        return false;
      },
    };
  }

  /** Refuses any request whose operation is not registered (see `RequestGate`). */
  gate(logger?: Logger): RequestGate {
    return (request) => {
      const operation = operationOf(request);
      if (operation === null) return undefined;
      if (operation === 'batch') {
        return refusal('Batched requests are not accepted; send one registered operation per request.');
      }
      const hash = operation.query !== undefined ? sha256Hex(operation.query) : operation.hash;
      if (hash === undefined || this.bodies.has(hash)) return undefined;
      logger?.info(
        { requestId: request.headers.get(REQUEST_ID_HEADER), operationHash: hash },
        'untrusted operation refused',
      );
      return refusal(
        `This API runs only registered operations (trusted documents), and operation ${hash} is not ` +
          'registered. Register it in the trusted documents manifest and deploy it first.',
      );
    };
  }
}

function refusal(message: string): GateRejection {
  countRefusal('untrusted_operation');
  return { status: 400, errors: [{ message, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] };
}
