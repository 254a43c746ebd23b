// autocannon 9 ships no type declarations and @types/autocannon is not installed: the part used here.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** One request of `requests`; `setupRequest` runs before every send, `onResponse` after every answer. */
  interface Request {
    method?: 'GET' | 'POST';
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Returns the request to send (e.g. with another body); a falsy result skips it. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    /** The whole response body as a string. Called just before the instance's `response` event. */
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Record<string, string | string[]>,
    ) => void;
  }

  interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Compare every response body with this string; differences count as `mismatches`. */
    expectBody?: string;
    /** Seconds before a request counts as timed out (default 10). */
    timeout?: number;
    /** Requests per second over all connections (paced; autocannon measures from the actual send). */
    overallRate?: number;
    /** Requests sent in turn by every connection. */
    requests?: Request[];
  }

  /** Percentile statistics; latency values are milliseconds, request values are per second. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    '2xx': number;
    latency: Histogram;
    requests: Histogram & { sent: number };
    throughput: Histogram;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** The running load: an event emitter that is also a promise of the result. */
  interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
    /** Every completed response, with its latency in milliseconds (after `onResponse` of its request). */
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
    ): this;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
  export type { Histogram, Instance, Options, Request, Result };
}
