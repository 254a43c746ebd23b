import { Counter, Gauge } from 'prom-client';
import type { KindMetrics } from './types.js';

// Counters are incremented where things happen (as in libs/cache-loader); gauges are read from Redis
// when /metrics is scraped, from every buffer alive in this process.

export const appendsCounter = new Counter({
  name: 'schools24_write_buffer_appends_total',
  help: 'Append calls by kind and result (accepted, duplicate, refused).',
  labelNames: ['kind', 'result'] as const,
});

export const flushedCounter = new Counter({
  name: 'schools24_write_buffer_flushed_total',
  help: 'Entries committed by a sink and acknowledged by this process, by kind.',
  labelNames: ['kind'] as const,
});

export const deadLetteredCounter = new Counter({
  name: 'schools24_write_buffer_dead_lettered_total',
  help: 'Entries moved to the dead-letter stream by this process, by kind.',
  labelNames: ['kind'] as const,
});

export const sinkFailuresCounter = new Counter({
  name: 'schools24_write_buffer_sink_failures_total',
  help: 'Failed sink calls by kind and reason (unavailable: retried with backoff; entry: counts against it).',
  labelNames: ['kind', 'reason'] as const,
});

/** Anything that can report its kinds' metrics at scrape time. */
export interface MetricsSource {
  metrics(): Promise<KindMetrics[]>;
}
const sources = new Set<MetricsSource>();

export function addMetricsSource(source: MetricsSource): void {
  sources.add(source);
}
export function removeMetricsSource(source: MetricsSource): void {
  sources.delete(source);
}

async function collectAll(): Promise<KindMetrics[]> {
  const all: KindMetrics[] = [];
  for (const source of sources) {
    // A buffer whose Redis is down must not break the whole /metrics page.
    all.push(...(await source.metrics().catch(() => [])));
  }
  return all;
}

function gauge(name: string, help: string, pick: (metrics: KindMetrics) => number) {
  return new Gauge({
    name,
    help,
    labelNames: ['kind'] as const,
    async collect() {
      this.reset();
      for (const metrics of await collectAll()) this.set({ kind: metrics.kind }, pick(metrics));
    },
  });
}

gauge('schools24_write_buffer_pending', 'Unflushed entries, by kind.', (m) => m.pending);
gauge(
  'schools24_write_buffer_lag_seconds',
  'Age of the oldest unflushed entry, by kind.',
  (m) => m.lagMs / 1000,
);
gauge(
  'schools24_write_buffer_dead_letters',
  'Entries in the dead-letter stream, by kind.',
  (m) => m.deadLetters,
);

/** Counts events in one-second buckets to report a recent rate without timers. */
export class RateWindow {
  private readonly buckets = new Map<number, number>();
  constructor(private readonly windowSeconds = 10) {}

  add(count: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + count);
    for (const key of this.buckets.keys()) {
      if (key <= second - this.windowSeconds) this.buckets.delete(key);
    }
  }

  perSecond(now = Date.now()): number {
    const second = Math.floor(now / 1000);
    let total = 0;
    for (const [key, count] of this.buckets) if (key > second - this.windowSeconds) total += count;
    return total / this.windowSeconds;
  }
}
