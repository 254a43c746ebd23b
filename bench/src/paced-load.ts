/*
 * The paced open-loop load of the benchmarks that measure latency at a fixed rate (`bench:homework`,
 * `bench:day`): requests due evenly at the rate, latency counted from when each was due.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadResult {
  /** Latencies of the successful requests in ms, sorted ascending. */
  latencies: number[];
  errors: number;
  /** Up to five failures as the sender described them. */
  errorSamples: string[];
  /** Wall time of the whole load, in seconds. */
  seconds: number;
}

/**
 * Sends request 0, 1, 2, … due evenly at `rate` per second (or back to back: `max`) for `seconds`,
 * at most `connections` at once; `send` resolves to null on success or to an error sample. Every
 * target of a bench is driven by this one loop, so they see the same arrivals. Latency counts from
 * when a request was due, so waiting for a free connection counts too (no coordinated omission).
 * (The homework bench used autocannon before: its paced mode sends each connection's quota for the
 * second in a burst at the start of the second, which measured queueing, not the answer.)
 */
export async function pacedLoad(
  rate: number | 'max',
  seconds: number,
  connections: number,
  send: (index: number) => Promise<string | null>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const connection = async () => {
    for (;;) {
      const index = issued++;
      const due = rate === 'max' ? performance.now() : started + (index * 1000) / rate;
      if (due >= end) return;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      let failure: string | null;
      try {
        failure = await send(index);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      if (failure === null) latencies.push(performance.now() - due);
      else {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  return {
    latencies: latencies.sort((a, b) => a - b),
    errors,
    errorSamples,
    seconds: (performance.now() - started) / 1000,
  };
}
