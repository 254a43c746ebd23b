import { badInput } from '@schools24/errors';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import { bufferFull, bufferUnavailable } from './errors.js';
import { Flusher } from './flusher.js';
import { keys } from './keys.js';
import { addMetricsSource, appendsCounter, removeMetricsSource, type RateWindow } from './metrics.js';
import {
  asArray,
  asEntries,
  asNumber,
  asString,
  errorMessage,
  field,
  streamIdTime,
  type RawEntry,
} from './replies.js';
import { appendScript, pendingByIndexScript } from './scripts.js';
import type {
  AppendOptions,
  AppendResult,
  BufferedEntry,
  DeadLetter,
  DeadLetterPage,
  EntryStatus,
  FlusherOptions,
  KindMetrics,
  KindOptions,
  WriteBufferOptions,
} from './types.js';

const KIND = /^[a-z][a-z0-9-]{0,39}$/;
const ID = /^[A-Za-z0-9_.-]{1,128}$/;
const INDEX_KEY = /^[A-Za-z0-9_.:=-]{1,200}$/;
const MAX_INDEX_KEYS = 8;
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** Whether `id` is a well-formed Redis stream entry id (e.g. `1732580000000-0`), such as a dead letter's. */
export function isStreamId(id: string): boolean {
  return STREAM_ID.test(id);
}

/** A registered kind with its payload type erased; built by `register`, so no casts are needed. */
export interface KindRuntime {
  kind: string;
  maxPending: number;
  maxPayloadBytes: number;
  /** The payload as the kind's parser returns it (validated, unknown keys stripped by e.g. zod). */
  normalize: (payload: unknown) => unknown;
  /** Decodes raw entries and hands them to the sink in one call. */
  deliver: (entries: readonly RawEntry[]) => Promise<void>;
}

/** The typed face of one kind: `append` and `pendingByIndex` with its payload type. */
export interface KindHandle<P> {
  readonly kind: string;
  append(tenant: string, idempotencyId: string, payload: P, options: AppendOptions): Promise<AppendResult>;
  pendingByIndex(tenant: string, indexKey: string, options?: { limit?: number }): Promise<BufferedEntry<P>[]>;
}

function decodeEntry<P>(kind: string, raw: RawEntry, parse: (payload: unknown) => P): BufferedEntry<P> {
  const indexKeys: unknown = JSON.parse(field(raw, 'x'));
  return {
    kind,
    tenant: field(raw, 't'),
    idempotencyId: field(raw, 'i'),
    actor: field(raw, 'a'),
    payload: parse(JSON.parse(field(raw, 'p'))),
    indexKeys: Array.isArray(indexKeys) ? indexKeys.map(String) : [],
    acceptedAt: new Date(Number(field(raw, 'at'))),
    streamId: raw.streamId,
  };
}

function statusOf(state: string): { status: EntryStatus; streamId: string } {
  const streamId = state.slice(2);
  if (state.startsWith('f:')) return { status: 'flushed', streamId };
  if (state.startsWith('d:')) return { status: 'dead-lettered', streamId };
  return { status: 'buffered', streamId };
}

/**
 * The write buffer ("Redis-first", made safe): `append` answers only after the entry is in the
 * buffer Redis' fsynced AOF; flushers (see `createFlusher`) move entries into PostgreSQL.
 */
export class WriteBuffer {
  readonly redis: Redis;
  readonly group: string;
  readonly idempotencyTtlSeconds: number;
  readonly logger: Logger | undefined;
  /** Entries acknowledged by this process' flushers, per kind, for `flushedPerSecond`. */
  readonly flushRates = new Map<string, RateWindow>();
  private readonly kinds = new Map<string, KindRuntime>();
  private readonly defaultMaxPending: number;
  private readonly defaultMaxPayloadBytes: number;
  private readonly metricsSource = { metrics: () => this.metrics() };

  constructor(options: WriteBufferOptions) {
    this.redis = options.redis;
    this.group = options.group ?? 'flushers';
    this.defaultMaxPending = options.maxPending ?? 100_000;
    this.defaultMaxPayloadBytes = options.maxPayloadBytes ?? 64 * 1024;
    this.idempotencyTtlSeconds = options.idempotencyTtlSeconds ?? 86_400;
    this.logger = options.logger;
    addMetricsSource(this.metricsSource);
  }

  register<P>(kind: string, options: KindOptions<P>): KindHandle<P> {
    if (!KIND.test(kind)) throw new Error(`Write buffer kind "${kind}" must match ${KIND}`);
    if (this.kinds.has(kind)) throw new Error(`Write buffer kind "${kind}" is already registered`);
    const maxPending = options.maxPending ?? this.defaultMaxPending;
    if (!Number.isInteger(maxPending) || maxPending < 1)
      throw new Error('maxPending must be a positive integer');
    this.kinds.set(kind, {
      kind,
      maxPending,
      maxPayloadBytes: options.maxPayloadBytes ?? this.defaultMaxPayloadBytes,
      normalize: (payload) => options.parse(payload),
      deliver: (raw) => options.sink(raw.map((entry) => decodeEntry(kind, entry, options.parse))),
    });
    return {
      kind,
      append: (tenant, idempotencyId, payload, appendOptions) =>
        this.append(kind, tenant, idempotencyId, payload, appendOptions),
      pendingByIndex: async (tenant, indexKey, readOptions) =>
        (await this.rawPendingByIndex(kind, tenant, indexKey, readOptions?.limit)).map((raw) =>
          decodeEntry(kind, raw, options.parse),
        ),
    };
  }

  runtime(kind: string): KindRuntime {
    const runtime = this.kinds.get(kind);
    if (!runtime) throw new Error(`Write buffer kind "${kind}" is not registered`);
    return runtime;
  }

  registeredKinds(): string[] {
    return [...this.kinds.keys()];
  }

  /**
   * Appends one write. Resolves only after Redis executed the script; with `appendfsync always`
   * Redis fsyncs its AOF before it replies, so an acknowledged entry survives a crash. Appending
   * the same (kind, tenant, idempotencyId) again returns the existing entry (`duplicate: true`).
   */
  async append(
    kind: string,
    tenant: string,
    idempotencyId: string,
    payload: unknown,
    options: AppendOptions,
  ): Promise<AppendResult> {
    const runtime = this.runtime(kind);
    const indexKeys = [...new Set(options.indexKeys ?? [])];
    if (!ID.test(tenant)) throw badInput('The tenant id is malformed.', { field: 'tenant' });
    if (!ID.test(idempotencyId)) {
      throw badInput('The idempotency id must be 1–128 letters, digits, ".", "_" or "-".', {
        field: 'idempotencyId',
      });
    }
    if (!ID.test(options.actor)) throw badInput('The actor id is malformed.', { field: 'actor' });
    if (indexKeys.length > MAX_INDEX_KEYS || !indexKeys.every((key) => INDEX_KEY.test(key))) {
      throw badInput(`At most ${MAX_INDEX_KEYS} index keys matching ${INDEX_KEY} are allowed.`, {
        field: 'indexKeys',
      });
    }
    let normalized: unknown;
    try {
      normalized = runtime.normalize(payload);
    } catch (error) {
      throw badInput(`The ${kind} payload is invalid: ${errorMessage(error)}`, { field: 'payload' });
    }
    const json = JSON.stringify(normalized);
    if (json === undefined) throw badInput('The payload must be JSON.', { field: 'payload' });
    if (Buffer.byteLength(json) > runtime.maxPayloadBytes) {
      throw badInput(`The payload exceeds ${runtime.maxPayloadBytes} bytes.`, { field: 'payload' });
    }
    return this.runAppend(runtime, tenant, idempotencyId, {
      actor: options.actor,
      payload: json,
      indexKeys,
      acceptedAt: Date.now(),
      retryOf: '',
    });
  }

  private async runAppend(
    runtime: KindRuntime,
    tenant: string,
    idempotencyId: string,
    entry: { actor: string; payload: string; indexKeys: string[]; acceptedAt: number; retryOf: string },
  ): Promise<AppendResult> {
    const { kind } = runtime;
    let reply: unknown[];
    try {
      reply = asArray(
        await appendScript.run(
          this.redis,
          [
            keys.stream(kind),
            keys.idempotency(kind, tenant, idempotencyId),
            keys.dead(kind),
            ...entry.indexKeys.map((indexKey) => keys.index(kind, tenant, indexKey)),
          ],
          [
            runtime.maxPending,
            tenant,
            idempotencyId,
            entry.actor,
            entry.payload,
            entry.acceptedAt,
            JSON.stringify(entry.indexKeys),
            entry.retryOf,
          ],
        ),
        'append',
      );
    } catch (error) {
      throw bufferUnavailable(kind, error);
    }
    const outcome = asString(reply[0], 'append');
    const value = asString(reply[1], 'append');
    switch (outcome) {
      case 'ok':
        appendsCounter.inc({ kind, result: 'accepted' });
        return { streamId: value, status: 'buffered', duplicate: false };
      case 'dup':
        appendsCounter.inc({ kind, result: 'duplicate' });
        return { ...statusOf(value), duplicate: true };
      case 'full':
        appendsCounter.inc({ kind, result: 'refused' });
        throw bufferFull(kind, Number(value), runtime.maxPending);
      default:
        throw new Error(`Dead letter ${entry.retryOf} was already retried or removed`);
    }
  }

  private async rawPendingByIndex(
    kind: string,
    tenant: string,
    indexKey: string,
    limit = 100,
  ): Promise<RawEntry[]> {
    this.runtime(kind);
    if (!ID.test(tenant)) throw badInput('The tenant id is malformed.', { field: 'tenant' });
    if (!INDEX_KEY.test(indexKey)) throw badInput('The index key is malformed.', { field: 'indexKey' });
    const reply = await pendingByIndexScript.run(
      this.redis,
      [keys.index(kind, tenant, indexKey), keys.stream(kind)],
      [Math.max(1, Math.min(limit, 1000))],
    );
    // The key is per tenant already; checking the entry too costs nothing and guards against bugs.
    return asEntries(reply, 'pendingByIndex').filter((entry) => entry.fields.get('t') === tenant);
  }

  /**
   * Entries of one tenant that are buffered but not yet flushed, under one index key, oldest first.
   * Merge them with database rows by idempotency id (`mergeBuffered`): right after a flush commits
   * and before its ack, an entry is in both places.
   */
  async pendingByIndex(
    kind: string,
    tenant: string,
    indexKey: string,
    options: { limit?: number } = {},
  ): Promise<BufferedEntry<unknown>[]> {
    const raw = await this.rawPendingByIndex(kind, tenant, indexKey, options.limit);
    return raw.map((entry) => decodeEntry(kind, entry, (payload) => payload));
  }

  /** Dead letters of a kind, oldest first, optionally of one tenant only. */
  async deadLetters(
    kind: string,
    options: { tenant?: string; after?: string; limit?: number } = {},
  ): Promise<DeadLetterPage> {
    this.runtime(kind);
    if (options.after !== undefined && !isStreamId(options.after)) {
      throw badInput(`Not a dead-letter cursor: ${JSON.stringify(options.after)}.`, { field: 'after' });
    }
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    const items: DeadLetter[] = [];
    let start = options.after ? `(${options.after}` : '-';
    // The dead-letter stream is shared by all tenants; scan it in chunks and filter.
    for (;;) {
      const chunk = asEntries(
        await this.redis.call('XRANGE', keys.dead(kind), start, '+', 'COUNT', 200),
        'XRANGE dead',
      );
      for (const raw of chunk) {
        if (options.tenant !== undefined && raw.fields.get('t') !== options.tenant) continue;
        items.push(this.decodeDeadLetter(kind, raw));
        if (items.length === limit) return { items, nextCursor: raw.streamId };
      }
      const last = chunk.at(-1);
      if (chunk.length < 200 || !last) return { items, nextCursor: null };
      start = `(${last.streamId}`;
    }
  }

  private decodeDeadLetter(kind: string, raw: RawEntry): DeadLetter {
    const entry = decodeEntry(kind, raw, (payload) => payload);
    return {
      deadLetterId: raw.streamId,
      kind,
      tenant: entry.tenant,
      idempotencyId: entry.idempotencyId,
      actor: entry.actor,
      payload: entry.payload,
      indexKeys: entry.indexKeys,
      acceptedAt: entry.acceptedAt,
      originalStreamId: field(raw, 'o'),
      lastError: field(raw, 'e'),
      deliveries: Number(field(raw, 'n')),
      deadLetteredAt: new Date(streamIdTime(raw.streamId)),
    };
  }

  /**
   * Puts one dead letter back into the buffer (same idempotency id, fresh delivery count) and
   * removes it from the dead-letter stream, atomically. Subject to the bound like any append.
   */
  async retryDeadLetter(
    kind: string,
    deadLetterId: string,
    options: { tenant?: string } = {},
  ): Promise<AppendResult> {
    const runtime = this.runtime(kind);
    const raw = isStreamId(deadLetterId)
      ? asEntries(
          await this.redis.call('XRANGE', keys.dead(kind), deadLetterId, deadLetterId),
          'XRANGE dead',
        )[0]
      : undefined;
    // Another tenant's dead letter is answered exactly like a missing one.
    if (!raw || (options.tenant !== undefined && raw.fields.get('t') !== options.tenant)) {
      throw badInput(`No dead letter ${deadLetterId} in ${kind}.`, { field: 'deadLetterId' });
    }
    const letter = this.decodeDeadLetter(kind, raw);
    return this.runAppend(runtime, letter.tenant, letter.idempotencyId, {
      actor: letter.actor,
      payload: field(raw, 'p'),
      indexKeys: letter.indexKeys,
      acceptedAt: letter.acceptedAt.getTime(),
      retryOf: deadLetterId,
    });
  }

  /** Retries every dead letter of a kind (of one tenant, if given); returns how many went back. */
  async retryDeadLetters(kind: string, options: { tenant?: string } = {}): Promise<number> {
    let retried = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.deadLetters(kind, { ...options, limit: 200, ...(after ? { after } : {}) });
      for (const letter of page.items) {
        await this.retryDeadLetter(kind, letter.deadLetterId, options);
        retried += 1;
      }
      if (!page.nextCursor) return retried;
      after = page.nextCursor;
    }
  }

  /** A flusher for this buffer; call `start()` on it. */
  createFlusher(options: FlusherOptions): Flusher {
    return new Flusher(this, options);
  }

  /** Metrics of every registered kind, read from Redis (plus this process' flush rate). */
  async metrics(): Promise<KindMetrics[]> {
    const [seconds, micros] = await this.redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return Promise.all(
      this.registeredKinds().map(async (kind): Promise<KindMetrics> => {
        const [pending, oldest, deadLetters, stats, inFlight] = await Promise.all([
          this.redis.xlen(keys.stream(kind)),
          this.redis.call('XRANGE', keys.stream(kind), '-', '+', 'COUNT', 1),
          this.redis.xlen(keys.dead(kind)),
          this.redis.hgetall(keys.stats(kind)),
          this.redis
            .call('XPENDING', keys.stream(kind), this.group)
            .then((reply) => asNumber(asArray(reply, 'XPENDING')[0], 'XPENDING'))
            .catch(() => 0), // no group yet: nothing in flight
        ]);
        const [first] = asEntries(oldest, 'XRANGE oldest');
        return {
          kind,
          pending,
          inFlight,
          lagMs: first ? Math.max(0, now - streamIdTime(first.streamId)) : 0,
          deadLetters,
          flushedTotal: Number(stats.flushed ?? 0),
          deadLetteredTotal: Number(stats.dead ?? 0),
          flushedPerSecond: this.flushRates.get(kind)?.perSecond() ?? 0,
        };
      }),
    );
  }

  /** Stops reporting to /metrics. Flushers are stopped separately; the Redis client is the caller's. */
  close(): void {
    removeMetricsSource(this.metricsSource);
  }
}
