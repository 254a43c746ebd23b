import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';

/** One write as the flusher's sink and read-your-writes see it. */
export interface BufferedEntry<P> {
  kind: string;
  tenant: string;
  /** Client-supplied; the sink upserts keyed by (tenant, idempotencyId), so redelivery is harmless. */
  idempotencyId: string;
  /** Who wrote it (user id), for the row and the audit trail. */
  actor: string;
  payload: P;
  indexKeys: string[];
  /** When the buffer accepted it (application clock). */
  acceptedAt: Date;
  /** Position in the kind's stream; also Redis' acceptance time in ms. */
  streamId: string;
}

export type EntryStatus = 'buffered' | 'flushed' | 'dead-lettered';

export interface AppendResult {
  /** Stream id of the entry (or of its dead letter when `status` is `dead-lettered`). */
  streamId: string;
  status: EntryStatus;
  /** True when this (kind, tenant, idempotency id) was already appended: a client retry. */
  duplicate: boolean;
}

export interface AppendOptions {
  actor: string;
  /** Read-your-writes keys the entry is listed under until flushed, e.g. `student:<id>`. */
  indexKeys?: readonly string[];
}

export interface KindOptions<P> {
  /**
   * Validates a payload and gives it its type (a zod schema's `parse` fits). Runs on append, and
   * again when entries are read back; an entry that no longer parses is poison.
   */
  parse: (payload: unknown) => P;
  /**
   * Writes a batch in ONE PostgreSQL transaction, upserting keyed by (tenant, idempotencyId) so
   * that a redelivered entry changes nothing. Throw `SinkUnavailableError` (or let a connection
   * error through) when the database cannot be reached; any other error counts against the entry.
   */
  sink: (entries: BufferedEntry<P>[]) => Promise<void>;
  /** Bound on unflushed entries of this kind; beyond it `append` refuses with BUFFER_FULL. */
  maxPending?: number;
  maxPayloadBytes?: number;
}

export interface WriteBufferOptions {
  /** The buffer's Redis: AOF with `appendfsync always` and `noeviction` (see checkBufferDurability). */
  redis: Redis;
  /** Consumer group of the flushers. */
  group?: string;
  /** Default bound on unflushed entries per kind (default 100,000). */
  maxPending?: number;
  /** Default bound on one serialized payload (default 64 KiB). */
  maxPayloadBytes?: number;
  /** How long a flushed idempotency id is remembered, to recognise late client retries (default 1 day). */
  idempotencyTtlSeconds?: number;
  logger?: Logger;
}

export interface FlusherOptions {
  /** Unique per flusher (e.g. `<hostname>-<pid>`); a restarted process may reuse its name. */
  consumer: string;
  /** Kinds this flusher drains; default every registered kind. */
  kinds?: readonly string[];
  /** Entries per sink call (default 100). */
  batchSize?: number;
  /** Longest wait for new entries per read (default 50 ms): bounds the flush delay. */
  blockMs?: number;
  /** Entries unacknowledged this long by any consumer are reclaimed (default 30 s). */
  claimIdleMs?: number;
  /** Deliveries after which a failing (non-infrastructure) entry is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Deliveries without any answer (a consumer crashing on it) after which it is dead-lettered (default 20). */
  maxDeliveries?: number;
  /** Backoff while the sink is unavailable (default 100 ms doubling to 5 s, with jitter). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Overrides the default classification of sink errors as infrastructure outages. */
  isUnavailable?: (error: unknown) => boolean;
}

export interface DeadLetter {
  /** Id in the dead-letter stream: pass it to `retryDeadLetter`. */
  deadLetterId: string;
  kind: string;
  tenant: string;
  idempotencyId: string;
  actor: string;
  /** Raw JSON payload, as appended (it may be what made the entry poison). */
  payload: unknown;
  indexKeys: string[];
  acceptedAt: Date;
  originalStreamId: string;
  lastError: string;
  deliveries: number;
  deadLetteredAt: Date;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** Pass as `after` for the next page; null when there is none. */
  nextCursor: string | null;
}

export interface KindMetrics {
  kind: string;
  /** Unflushed entries (appended, not yet acknowledged), all processes. */
  pending: number;
  /** Of those, delivered to a flusher and not yet acknowledged. */
  inFlight: number;
  /** Age of the oldest unflushed entry, by Redis' clock (0 when empty). */
  lagMs: number;
  /** Entries now in the dead-letter stream. */
  deadLetters: number;
  /** Totals across every process since the buffer was created. */
  flushedTotal: number;
  deadLetteredTotal: number;
  /** This process' flushers, over the last 10 s. */
  flushedPerSecond: number;
}
