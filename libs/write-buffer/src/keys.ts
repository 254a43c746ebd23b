import { globalKey, tenantKey } from '@schools24/redis';

/**
 * Bumped when the layout of entries or keys changes, so a deploy never misreads a buffer written by
 * an older release (drain the old buffer before switching).
 */
const FORMAT = 'wb1';

/**
 * Every key of one kind shares the Redis Cluster hash tag `{wb1.<kind>}`, so the Lua scripts that
 * touch the stream, the idempotency key and the index keys together stay on one slot. The stream is
 * per kind, not per tenant: one consumer group then covers every school (per-tenant streams would
 * need a group per school and an XREADGROUP over thousands of keys). The tenant travels in every
 * entry, and every key that answers a tenant's question (idempotency, read-your-writes index) starts
 * with that tenant, as `tenantKey` requires.
 */
function tag(kind: string): string {
  return `{${FORMAT}.${kind}}`;
}

export const keys = {
  stream: (kind: string) => globalKey('wb', tag(kind), 'stream'),
  dead: (kind: string) => globalKey('wb', tag(kind), 'dead'),
  stats: (kind: string) => globalKey('wb', tag(kind), 'stats'),
  idempotency: (kind: string, tenant: string, idempotencyId: string) =>
    tenantKey(tenant, 'wb', tag(kind), 'id', idempotencyId),
  index: (kind: string, tenant: string, indexKey: string) =>
    tenantKey(tenant, 'wb', tag(kind), 'ix', indexKey),
};
