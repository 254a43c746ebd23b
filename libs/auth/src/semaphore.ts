import { DomainError, ErrorCode } from '@schools24/errors';

/**
 * At most `limit` tasks at once and at most `queueLimit` waiting; beyond that a task is refused at
 * once with RATE_LIMITED, so a storm gets fast 429-style answers instead of piling up into timeouts.
 */
export class BoundedSemaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly queueLimit: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.queueLimit) {
        throw new DomainError(
          ErrorCode.RATE_LIMITED,
          'The server is busy signing people in: try again shortly.',
          {
            retryAfterSeconds: 1,
          },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
