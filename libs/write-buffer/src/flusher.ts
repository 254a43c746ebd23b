import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '@schools24/redis';
import type { KindRuntime, WriteBuffer } from './buffer.js';
import { isSinkUnavailable } from './errors.js';
import { keys } from './keys.js';
import { deadLetteredCounter, flushedCounter, RateWindow, sinkFailuresCounter } from './metrics.js';
import { asArray, asEntries, asNumber, asString, errorMessage, field, type RawEntry } from './replies.js';
import { ackScript, deadLetterScript } from './scripts.js';
import type { FlusherOptions } from './types.js';

interface Delivery {
  raw: RawEntry;
  /** Times Redis has handed this entry to a consumer (XREADGROUP, XAUTOCLAIM, XCLAIM). */
  deliveries: number;
}

type Settings = Required<Omit<FlusherOptions, 'kinds' | 'isUnavailable'>> & {
  isUnavailable: (error: unknown) => boolean;
};

/**
 * Outcome of trying to write entries: done (committed and acknowledged, or settled elsewhere),
 * abandoned (the sink is down and stop's deadline passed; the entries stay pending), or failed
 * for a reason that may be the entries' own.
 */
type Failed = { type: 'failed'; error: unknown };
type Outcome = { type: 'done' } | { type: 'abandoned' } | Failed;
const done: Outcome = { type: 'done' };
const abandoned: Outcome = { type: 'abandoned' };

/**
 * Drains kinds of a WriteBuffer into their sinks. One loop per kind, each on its own Redis
 * connection (XREADGROUP BLOCK would otherwise stall every other command on a shared one).
 */
export class Flusher {
  private readonly settings: Settings;
  private readonly loops: KindLoop[] = [];
  private running: Promise<void>[] = [];
  private stopped = false;

  constructor(
    private readonly buffer: WriteBuffer,
    options: FlusherOptions,
  ) {
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(options.consumer)) {
      throw new Error(`Flusher consumer name "${options.consumer}" is malformed`);
    }
    this.settings = {
      consumer: options.consumer,
      batchSize: options.batchSize ?? 100,
      blockMs: options.blockMs ?? 50,
      claimIdleMs: options.claimIdleMs ?? 30_000,
      maxAttempts: options.maxAttempts ?? 5,
      maxDeliveries: options.maxDeliveries ?? 20,
      backoffInitialMs: options.backoffInitialMs ?? 100,
      backoffMaxMs: options.backoffMaxMs ?? 5_000,
      isUnavailable: options.isUnavailable ?? isSinkUnavailable,
    };
    // Entries held while the sink is down are re-claimed after every backoff; a longer backoff
    // than the idle time would let another flusher take them over mid-retry.
    if (this.settings.claimIdleMs <= this.settings.backoffMaxMs) {
      throw new Error('claimIdleMs must be longer than backoffMaxMs');
    }
    if (this.settings.maxAttempts < 1 || this.settings.maxDeliveries < this.settings.maxAttempts) {
      throw new Error('maxAttempts must be ≥ 1 and maxDeliveries ≥ maxAttempts');
    }
    for (const kind of options.kinds ?? buffer.registeredKinds()) {
      this.loops.push(new KindLoop(buffer, buffer.runtime(kind), this.settings));
    }
  }

  start(): void {
    if (this.stopped) throw new Error('A stopped flusher cannot be restarted; create a new one');
    if (this.running.length > 0) return;
    this.running = this.loops.map((loop) => loop.run());
  }

  /**
   * No new reads; the batch in flight is written and acknowledged, then this resolves. If the sink
   * stays unavailable past `timeoutMs`, the batch is left pending (another flusher, or this one
   * after a restart, reclaims it) — never lost, never half-acknowledged.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    this.stopped = true;
    for (const loop of this.loops) loop.requestStop(deadline);
    await Promise.all(this.running);
    this.running = [];
  }
}

class KindLoop {
  private readonly redis: Redis;
  private readonly stream: string;
  private stopDeadline: number | undefined;
  private claimCursor = '0-0';
  private lastClaimAt = 0;
  private readonly rate: RateWindow;

  constructor(
    private readonly buffer: WriteBuffer,
    private readonly runtime: KindRuntime,
    private readonly settings: Settings,
  ) {
    this.redis = buffer.redis.duplicate();
    // Connection errors surface as failed commands, which the loop logs and retries; without a
    // listener ioredis would also print every reconnect attempt as an unhandled error.
    this.redis.on('error', (error: unknown) =>
      this.log?.debug({ err: error }, 'flusher Redis connection error'),
    );
    this.stream = keys.stream(runtime.kind);
    const rate = buffer.flushRates.get(runtime.kind) ?? new RateWindow();
    buffer.flushRates.set(runtime.kind, rate);
    this.rate = rate;
  }

  requestStop(deadline: number): void {
    this.stopDeadline = deadline;
  }

  private get stopping(): boolean {
    return this.stopDeadline !== undefined;
  }

  private get pastDeadline(): boolean {
    return this.stopDeadline !== undefined && Date.now() >= this.stopDeadline;
  }

  private get log() {
    return this.buffer.logger?.child({ kind: this.runtime.kind, consumer: this.settings.consumer });
  }

  async run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.stopping) {
        try {
          await this.ensureGroup();
          const batch = await this.next();
          if (batch.length > 0) await this.process(batch);
          failures = 0;
        } catch (error) {
          // Redis trouble (or a bug): nothing is acknowledged that was not written; try again.
          // A Redis that lost its data (no AOF) lost the group too: create it again.
          if (errorMessage(error).startsWith('NOGROUP')) this.groupReady = false;
          this.log?.warn({ err: error }, 'write buffer flusher iteration failed; retrying');
          if (!this.stopping) await sleep(this.backoff(failures++));
        }
      }
    } finally {
      this.redis.disconnect();
    }
  }

  private groupReady = false;
  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      // From 0: entries appended before the first flusher ever started are drained too.
      await this.redis.call('XGROUP', 'CREATE', this.stream, this.buffer.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** Reclaimed entries of crashed consumers first, then new ones. */
  private async next(): Promise<Delivery[]> {
    const now = Date.now();
    const reclaimEvery = Math.min(this.settings.claimIdleMs / 2, 5_000);
    if (this.claimCursor !== '0-0' || now - this.lastClaimAt >= reclaimEvery) {
      this.lastClaimAt = now;
      const reclaimed = await this.reclaim();
      if (reclaimed.length > 0) return reclaimed;
    }
    const reply = await this.redis.call(
      'XREADGROUP',
      'GROUP',
      this.buffer.group,
      this.settings.consumer,
      'COUNT',
      this.settings.batchSize,
      'BLOCK',
      this.settings.blockMs,
      'STREAMS',
      this.stream,
      '>',
    );
    if (reply === null) return [];
    const [streamReply] = asArray(reply, 'XREADGROUP');
    const entries = asEntries(asArray(streamReply, 'XREADGROUP')[1], 'XREADGROUP');
    return entries.map((raw) => ({ raw, deliveries: 1 }));
  }

  private async reclaim(): Promise<Delivery[]> {
    const reply = asArray(
      await this.redis.call(
        'XAUTOCLAIM',
        this.stream,
        this.buffer.group,
        this.settings.consumer,
        this.settings.claimIdleMs,
        this.claimCursor,
        'COUNT',
        this.settings.batchSize,
      ),
      'XAUTOCLAIM',
    );
    this.claimCursor = asString(reply[0], 'XAUTOCLAIM');
    const entries = asEntries(reply[1], 'XAUTOCLAIM');
    if (entries.length === 0) return [];
    const counts = await this.deliveryCounts(entries.map((entry) => entry.streamId));
    this.log?.info({ count: entries.length }, 'reclaimed entries of an idle consumer');
    return entries.map((raw) => ({ raw, deliveries: counts.get(raw.streamId) ?? 1 }));
  }

  private async deliveryCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const sorted = [...ids].sort(compareStreamIds);
    const reply = asArray(
      await this.redis.call(
        'XPENDING',
        this.stream,
        this.buffer.group,
        sorted[0] ?? '-',
        sorted.at(-1) ?? '+',
        // Other entries of this consumer may lie in the range (e.g. an ack that failed): read them too.
        Math.max(sorted.length * 4, 1_000),
        this.settings.consumer,
      ),
      'XPENDING',
    );
    const counts = new Map<string, number>();
    for (const row of reply) {
      const [id, , , deliveries] = asArray(row, 'XPENDING');
      counts.set(asString(id, 'XPENDING'), asNumber(deliveries, 'XPENDING'));
    }
    return counts;
  }

  private async process(batch: Delivery[]): Promise<void> {
    // An entry handed out this often without ever being settled keeps killing its consumers.
    const live: Delivery[] = [];
    for (const delivery of batch) {
      if (delivery.deliveries > this.settings.maxDeliveries) {
        await this.deadLetter(
          delivery,
          `delivered ${delivery.deliveries} times without being acknowledged (its consumers crashed or timed out)`,
        );
      } else live.push(delivery);
    }
    if (live.length === 0) return;
    const whole = await this.writeWithBackoff(live);
    if (whole.type !== 'failed') return;
    // A batch that fails for another reason is written entry by entry: every entry once first, so a
    // poison entry cannot hold back the others while it uses up its attempts, then the failures.
    const failures: [Delivery, Failed][] = [];
    for (const delivery of live) {
      const outcome = await this.writeWithBackoff([delivery]);
      if (outcome.type === 'abandoned') return;
      if (outcome.type === 'failed') failures.push([delivery, outcome]);
    }
    for (const [delivery, failure] of failures) {
      if ((await this.retryFailed(delivery, failure)).type === 'abandoned') return;
    }
  }

  /** Writes entries, retrying with backoff for as long as the sink is unavailable. */
  private async writeWithBackoff(deliveries: Delivery[]): Promise<Outcome> {
    let attempt = 0;
    let held = deliveries;
    for (;;) {
      try {
        await this.runtime.deliver(held.map((delivery) => delivery.raw));
      } catch (error) {
        if (!this.settings.isUnavailable(error)) {
          sinkFailuresCounter.inc({ kind: this.runtime.kind, reason: 'entry' });
          return { type: 'failed', error };
        }
        sinkFailuresCounter.inc({ kind: this.runtime.kind, reason: 'unavailable' });
        if (attempt === 0)
          this.log?.warn({ err: error }, 'write buffer sink unavailable; retrying with backoff');
        if (this.pastDeadline) return abandoned;
        await sleep(this.cappedByDeadline(this.backoff(attempt++)));
        held = await this.keepOwnership(held);
        if (held.length === 0) return done;
        continue;
      }
      await this.ack(held);
      return done;
    }
  }

  /** Retries an entry whose write just failed until it is written or uses up its attempts. */
  private async retryFailed(delivery: Delivery, failure: Failed): Promise<Outcome> {
    let current = delivery;
    let outcome: Outcome = failure;
    for (;;) {
      if (outcome.type !== 'failed') return outcome;
      if (current.deliveries >= this.settings.maxAttempts) {
        await this.deadLetter(current, errorMessage(outcome.error));
        return done;
      }
      await sleep(this.cappedByDeadline(this.settings.backoffInitialMs * current.deliveries));
      // XCLAIM (without JUSTID) counts a new delivery: the count is the entry's attempt counter.
      const claimed = asEntries(
        await this.redis.call(
          'XCLAIM',
          this.stream,
          this.buffer.group,
          this.settings.consumer,
          0,
          current.raw.streamId,
        ),
        'XCLAIM',
      );
      const [raw] = claimed;
      if (!raw) return done; // settled meanwhile (acked or dead-lettered by another flusher)
      current = { raw, deliveries: current.deliveries + 1 };
      outcome = await this.writeWithBackoff([current]);
    }
  }

  /**
   * Re-claims held entries for this consumer (JUSTID: idle time reset, delivery count unchanged),
   * so a long outage does not make them look abandoned; drops any that were settled meanwhile.
   */
  private async keepOwnership(held: Delivery[]): Promise<Delivery[]> {
    try {
      const ids = asArray(
        await this.redis.call(
          'XCLAIM',
          this.stream,
          this.buffer.group,
          this.settings.consumer,
          0,
          ...held.map((delivery) => delivery.raw.streamId),
          'JUSTID',
        ),
        'XCLAIM',
      ).map((id) => asString(id, 'XCLAIM'));
      const owned = new Set(ids);
      return held.filter((delivery) => owned.has(delivery.raw.streamId));
    } catch {
      return held; // Redis down too: keep trying the sink; the ack will tell.
    }
  }

  private async ack(deliveries: Delivery[]): Promise<void> {
    const keyList = [this.stream, keys.stats(this.runtime.kind)];
    const args: (string | number)[] = [this.buffer.group, this.buffer.idempotencyTtlSeconds];
    for (const { raw } of deliveries) {
      const entryKeys = this.entryKeys(raw);
      keyList.push(...entryKeys);
      args.push(raw.streamId, entryKeys.length);
    }
    const acked = asNumber(await ackScript.run(this.redis, keyList, args), 'ack');
    flushedCounter.inc({ kind: this.runtime.kind }, acked);
    this.rate.add(acked);
  }

  private async deadLetter(delivery: Delivery, lastError: string): Promise<void> {
    const { raw } = delivery;
    const kind = this.runtime.kind;
    const fieldPairs = [...raw.fields].flat();
    const deadId = asString(
      await deadLetterScript.run(
        this.redis,
        [this.stream, keys.dead(kind), keys.stats(kind), ...this.entryKeys(raw)],
        [this.buffer.group, raw.streamId, lastError.slice(0, 2000), delivery.deliveries, ...fieldPairs],
      ),
      'dead letter',
    );
    if (deadId === '') return;
    deadLetteredCounter.inc({ kind });
    this.log?.error(
      {
        streamId: raw.streamId,
        deadLetterId: deadId,
        tenant: raw.fields.get('t'),
        deliveries: delivery.deliveries,
      },
      'write buffer entry dead-lettered',
    );
  }

  /** The entry's idempotency key, then its index keys (the layout the Lua scripts expect). */
  private entryKeys(raw: RawEntry): string[] {
    const kind = this.runtime.kind;
    const tenant = field(raw, 't');
    let indexKeys: unknown;
    try {
      indexKeys = JSON.parse(raw.fields.get('x') ?? '[]');
    } catch {
      indexKeys = [];
    }
    return [
      keys.idempotency(kind, tenant, field(raw, 'i')),
      ...(Array.isArray(indexKeys) ? indexKeys.map((key) => keys.index(kind, tenant, String(key))) : []),
    ];
  }

  private backoff(attempt: number): number {
    const base = Math.min(
      this.settings.backoffMaxMs,
      this.settings.backoffInitialMs * 2 ** Math.min(attempt, 20),
    );
    return Math.round(base * (0.5 + Math.random() / 2));
  }

  private cappedByDeadline(ms: number): number {
    return this.stopDeadline === undefined ? ms : Math.max(0, Math.min(ms, this.stopDeadline - Date.now()));
  }
}

function compareStreamIds(left: string, right: string): number {
  const [leftMs = 0, leftSeq = 0] = left.split('-').map(Number);
  const [rightMs = 0, rightSeq = 0] = right.split('-').map(Number);
  return leftMs - rightMs || leftSeq - rightSeq;
}
