import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '@schools24/redis';
import type { TestRedisServer } from '@schools24/test-servers';
import type { KindHandle, WriteBuffer } from '../src/index.js';
import {
  closeBufferFixture,
  newId,
  newTenant,
  openBufferFixture,
  SUBMISSION_STREAM,
  waitFor,
  type SinkTable,
  type Submission,
} from './harness.js';

describe('write buffer under faults', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let table: SinkTable;
  let buffer: WriteBuffer;
  let submissions: KindHandle<Submission>;

  beforeAll(async () => {
    ({ server, redis, table, buffer, submissions } = await openBufferFixture({ maxPending: 10_000 }));
  });
  afterAll(() => closeBufferFixture({ server, redis, table, buffer, submissions }));

  const streamKey = SUBMISSION_STREAM;

  it('keeps retrying while PostgreSQL is unreachable, dead-letters nothing, and drains when it returns', async () => {
    const tenant = newTenant();
    const ids = Array.from({ length: 30 }, newId);
    table.databaseUp = false;
    // Short idle time: holding entries through backoffs must not let another flusher steal them.
    const flusher = buffer.createFlusher({
      consumer: 'outage',
      batchSize: 10,
      maxAttempts: 2,
      backoffInitialMs: 20,
      backoffMaxMs: 200,
      claimIdleMs: 600,
    });
    const other = buffer.createFlusher({ consumer: 'outage-2', claimIdleMs: 600, backoffMaxMs: 200 });
    flusher.start();
    other.start();
    try {
      for (const id of ids) await submissions.append(tenant, id, { points: 1, note: 'o' }, { actor: 'u' });
      const callsAtStart = table.sinkCalls;
      await sleep(1_500); // well past maxAttempts deliveries and the claim idle time
      expect(table.sinkCalls - callsAtStart).toBeGreaterThan(4);
      const [during] = await buffer.metrics();
      expect(during).toMatchObject({ pending: 30, deadLetters: 0, deadLetteredTotal: 0 });
      expect(during?.lagMs).toBeGreaterThan(1_000);
      expect(await table.count()).toBe(0);

      table.databaseUp = true;
      await waitFor('backlog drained', async () => (await redis.xlen(streamKey)) === 0);
      expect((await table.rows(tenant)).map((row) => row.idempotency_id).sort()).toEqual([...ids].sort());
      expect((await buffer.deadLetters('submission')).items).toEqual([]);
    } finally {
      table.databaseUp = true;
      await Promise.all([flusher.stop(), other.stop()]);
    }
  });

  it('stop() finishes the batch in flight (commit and ack), then reads nothing more', async () => {
    const tenant = newTenant();
    const first = Array.from({ length: 5 }, newId);
    for (const id of first) await submissions.append(tenant, id, { points: 1, note: 's' }, { actor: 'u' });

    let release!: () => void;
    let inFlight!: () => void;
    const started = new Promise<void>((resolve) => (inFlight = resolve));
    table.afterCommit = () => {
      inFlight();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const flusher = buffer.createFlusher({ consumer: 'stopper', batchSize: 50 });
    flusher.start();
    await started;
    table.afterCommit = undefined;

    let stopped = false;
    const stopping = flusher.stop().then(() => (stopped = true));
    await sleep(200);
    expect(stopped).toBe(false); // waits for the batch
    release();
    await stopping;
    expect(await table.rows(tenant)).toHaveLength(5);
    const [after] = await buffer.metrics();
    expect(after).toMatchObject({ pending: 0, inFlight: 0 });

    // Nothing is read after stop: a later entry stays in the buffer for the next flusher.
    await submissions.append(tenant, newId(), { points: 1, note: 's' }, { actor: 'u' });
    await sleep(200);
    expect((await buffer.metrics())[0]).toMatchObject({ pending: 1, inFlight: 0 });
  });

  it('loses and duplicates nothing acknowledged when Redis is SIGKILLed and restarted from its AOF', async () => {
    const tenant = newTenant();
    const flusher = buffer.createFlusher({
      consumer: 'survivor',
      batchSize: 25,
      claimIdleMs: 1_000,
      backoffMaxMs: 300,
    });
    flusher.start();
    const acknowledgedBeforeKill = new Set<string>();
    const acknowledged = new Set<string>();
    let killed = false;
    let failedAttempts = 0;

    // Clients that retry with the same idempotency id until acknowledged, like a real app.
    const client = async (ids: string[]) => {
      for (const id of ids) {
        for (;;) {
          try {
            await submissions.append(tenant, id, { points: 3, note: 'k' }, { actor: 'u' });
            acknowledged.add(id);
            if (!killed) acknowledgedBeforeKill.add(id);
            break;
          } catch {
            failedAttempts += 1;
            await sleep(50);
          }
        }
      }
    };
    const ids = Array.from({ length: 600 }, newId);
    const clients = Array.from({ length: 6 }, (_, index) =>
      client(ids.slice(index * 100, index * 100 + 100)),
    );

    await waitFor('some writes flushed', () => acknowledged.size >= 150);
    // PostgreSQL goes away, so the next acknowledged entries exist only in Redis when it is killed.
    table.databaseUp = false;
    await waitFor('a backlog', () => acknowledged.size >= 350);
    const backlogAtKill = await redis.xlen(streamKey);
    await server.kill('SIGKILL');
    killed = true;
    const snapshot = new Set(acknowledgedBeforeKill);
    await sleep(300);
    await server.launch();
    table.databaseUp = true;
    try {
      expect(backlogAtKill).toBeGreaterThanOrEqual(100);
      await Promise.all(clients);
      await waitFor('buffer drained', async () => {
        const [metrics] = await buffer.metrics();
        return metrics?.pending === 0 && metrics.inFlight === 0;
      });
    } finally {
      table.databaseUp = true;
      await flusher.stop();
    }

    const rows = await table.rows(tenant);
    const inDatabase = new Set(rows.map((row) => row.idempotency_id));
    expect(failedAttempts).toBeGreaterThan(0); // the kill really interrupted clients
    expect(snapshot.size).toBeGreaterThanOrEqual(350);
    for (const id of snapshot) expect(inDatabase.has(id)).toBe(true);
    expect(rows).toHaveLength(600); // unique (tenant, idempotency_id): each exactly once
    expect(inDatabase).toEqual(new Set(ids));
    const [metrics] = await buffer.metrics();
    expect(metrics).toMatchObject({ pending: 0, inFlight: 0, deadLetters: 0 });
  });
});
