import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Delivery } from './live-queries.js';

/** One result as sent to clients (errors already formatted by the gateway). */
export interface LiveResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export type PushOutcome = 'queued' | 'replaced' | 'overflow' | 'closed';

/**
 * One subscriber's outbox: an async iterator the transport (graphql-ws, SSE) pulls from at the pace
 * its socket drains. The hub only ever pushes (never waits), so a client that stops reading holds
 * at most `limit` results here (one for snapshot delivery) and slows nobody else.
 *
 * `return()` (client completed, socket closed) releases the subscription at once through `onClose`,
 * even while a `next()` is pending: unlike a plain async generator, nothing waits for the next event.
 */
export class SubscriberStream implements AsyncIterableIterator<LiveResult> {
  private readonly queue: LiveResult[] = [];
  private pending: ((result: IteratorResult<LiveResult, undefined>) => void) | null = null;
  private pendingError: ((error: unknown) => void) | null = null;
  private failure: GraphQLError | null = null;
  private closed = false;
  /** The most results ever waiting at once, for tests and metrics. */
  highWater = 0;

  constructor(
    private readonly delivery: Delivery,
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get queued(): number {
    return this.queue.length;
  }

  push(result: LiveResult): PushOutcome {
    if (this.closed || this.failure) return 'closed';
    if (this.pending) {
      const deliver = this.pending;
      this.pending = null;
      this.pendingError = null;
      deliver({ value: result, done: false });
      return 'queued';
    }
    if (this.delivery === 'snapshot' && this.queue.length > 0) {
      // Latest snapshot wins: the undelivered older one is obsolete.
      this.queue.length = 0;
      this.queue.push(result);
      return 'replaced';
    }
    if (this.queue.length >= this.limit) return 'overflow';
    this.queue.push(result);
    this.highWater = Math.max(this.highWater, this.queue.length);
    return 'queued';
  }

  /**
   * Ends the stream from the server side. With an error, nothing queued is delivered any more (the
   * token expired or was revoked, or the client fell behind): the error is the next thing it sees.
   */
  fail(error: GraphQLError): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.queue.length = 0;
    if (this.pendingError) {
      const reject = this.pendingError;
      this.pending = null;
      this.pendingError = null;
      this.finish();
      reject(error);
    }
  }

  next(): Promise<IteratorResult<LiveResult, undefined>> {
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const error = this.failure;
      this.finish();
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.pendingError = reject;
    });
  }

  return(): Promise<IteratorResult<LiveResult, undefined>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<LiveResult, undefined>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    const waiting = this.pending;
    this.pending = null;
    this.pendingError = null;
    waiting?.({ value: undefined, done: true });
    this.onClose();
  }
}
