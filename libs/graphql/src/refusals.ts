import { Counter } from 'prom-client';

/** Why the gateway refused a request before running it. */
export type RefusalReason =
  | 'rate_limited'
  | 'untrusted_operation'
  | 'depth'
  | 'aliases'
  | 'directives'
  | 'cost'
  | 'page_size'
  | 'list_items';

const refusals = new Counter({
  name: 'schools24_gateway_refusals_total',
  help: 'Requests refused before execution (rate limits, trusted documents, operation limits), by reason.',
  labelNames: ['reason'] as const,
});

/** Counted only when a request is refused, so the hot path pays nothing. */
export function countRefusal(reason: RefusalReason): void {
  refusals.inc({ reason });
}
