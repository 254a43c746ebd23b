import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@schools24/errors';
import { createRedis, type Redis } from '@schools24/redis';
import type { TestRedisServer } from '@schools24/test-servers';
import { checkBufferDurability, mergeBuffered, type KindHandle, type WriteBuffer } from '../src/index.js';
import {
  closeBufferFixture,
  newId,
  newTenant,
  openBufferFixture,
  SUBMISSION_STREAM,
  Submission,
  waitFor,
  type SinkTable,
  type SubmissionRow,
} from './harness.js';

describe('write buffer against a real AOF Redis and PostgreSQL', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let table: SinkTable;
  let buffer: WriteBuffer;
  let submissions: KindHandle<Submission>;

  beforeAll(async () => {
    ({ server, redis, table, buffer, submissions } = await openBufferFixture({ idempotencyTtlSeconds: 60 }));
  });
  afterAll(() => closeBufferFixture({ server, redis, table, buffer, submissions }));

  const streamKey = SUBMISSION_STREAM;

  it('acknowledges an append only once the entry is in the fsynced AOF', async () => {
    const idempotencyId = newId();
    const result = await submissions.append(
      newTenant(),
      idempotencyId,
      { points: 1, note: 'aof' },
      { actor: 'u1' },
    );
    expect(result).toMatchObject({ status: 'buffered', duplicate: false });
    // Read the AOF files straight after the reply: the entry must already be on disk.
    const folder = join(server.dir, 'appendonlydir');
    const files = await readdir(folder);
    const contents = await Promise.all(files.map((file) => readFile(join(folder, file), 'utf8')));
    expect(contents.join('')).toContain(idempotencyId);
    expect(contents.join('')).toContain(result.streamId);
  });

  it('treats the same (kind, tenant, idempotency id) as one entry, even when raced', async () => {
    const tenant = newTenant();
    const idempotencyId = newId();
    const before = await redis.xlen(streamKey);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        submissions.append(tenant, idempotencyId, { points: 2, note: 'retry' }, { actor: 'u1' }),
      ),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(new Set(results.map((result) => result.streamId)).size).toBe(1);
    expect(await redis.xlen(streamKey)).toBe(before + 1);
    // The same id in another tenant is another entry.
    const other = await submissions.append(
      newTenant(),
      idempotencyId,
      { points: 2, note: 'x' },
      { actor: 'u1' },
    );
    expect(other.duplicate).toBe(false);
  });

  it('refuses malformed input with clear errors', async () => {
    const tenant = newTenant();
    const ok = { actor: 'u1' };
    await expect(buffer.append('nope', tenant, newId(), {}, ok)).rejects.toThrow(/not registered/);
    await expect(submissions.append(tenant, 'bad id!', { points: 1, note: '' }, ok)).rejects.toThrow(
      /idempotency id/,
    );
    await expect(submissions.append('a:b', newId(), { points: 1, note: '' }, ok)).rejects.toThrow(/tenant/);
    await expect(
      submissions.append(tenant, newId(), { points: 1, note: 'x'.repeat(70_000) }, ok),
    ).rejects.toThrow(/exceeds 65536 bytes/);
    await expect(buffer.append('submission', tenant, newId(), { points: 'ten' }, ok)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/submission payload is invalid/),
    });
    const error = await submissions
      .append(tenant, newId(), { points: 1, note: '' }, { actor: 'u1', indexKeys: ['has space'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('shows buffered entries before the flush and each exactly once after it (read-your-writes)', async () => {
    const tenant = newTenant();
    const indexKey = 'student:s1';
    const ids = [newId(), newId(), newId()];
    for (const [index, id] of ids.entries()) {
      await submissions.append(
        tenant,
        id,
        { points: index, note: `n${index}` },
        { actor: 's1', indexKeys: [indexKey] },
      );
    }
    // Another tenant's entry under the same index key is not visible.
    await submissions.append(
      newTenant(),
      newId(),
      { points: 9, note: 'other' },
      { actor: 's1', indexKeys: [indexKey] },
    );

    const read = async () =>
      mergeBuffered(await table.rows(tenant), await submissions.pendingByIndex(tenant, indexKey), {
        rowId: (row: SubmissionRow) => row.idempotency_id,
        toRow: (entry): SubmissionRow => ({
          tenant: entry.tenant,
          idempotency_id: entry.idempotencyId,
          actor: entry.actor,
          points: entry.payload.points,
          note: entry.payload.note,
        }),
        compare: (left, right) => left.note.localeCompare(right.note),
      });

    const before = await read();
    expect(before.map((row) => row.note)).toEqual(['n0', 'n1', 'n2']);
    expect(await table.rows(tenant)).toEqual([]);

    // Hold the flusher between its commit and its ack: the entries are in both places then.
    let release!: () => void;
    let committed!: () => void;
    const inWindow = new Promise<void>((resolve) => (committed = resolve));
    table.afterCommit = () => {
      committed();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const flusher = buffer.createFlusher({ consumer: 'ryw', batchSize: 50 });
    flusher.start();
    try {
      await inWindow;
      expect((await submissions.pendingByIndex(tenant, indexKey)).length).toBeGreaterThan(0);
      expect((await table.rows(tenant)).length).toBe(3);
      expect((await read()).map((row) => row.idempotency_id).sort()).toEqual([...ids].sort());
      table.afterCommit = undefined;
      release();
      await waitFor(
        'index cleared',
        async () => (await submissions.pendingByIndex(tenant, indexKey)).length === 0,
      );
    } finally {
      table.afterCommit = undefined;
      await flusher.stop();
    }
    expect((await read()).map((row) => row.note)).toEqual(['n0', 'n1', 'n2']);

    // A late client retry of a flushed entry is recognised and writes nothing.
    const retry = await submissions.append(tenant, ids[0] ?? '', { points: 0, note: 'n0' }, { actor: 's1' });
    expect(retry).toMatchObject({ duplicate: true, status: 'flushed' });
    expect(await submissions.pendingByIndex(tenant, indexKey)).toEqual([]);
    expect(await table.rows(tenant)).toHaveLength(3);
  });

  it('flushes into PostgreSQL exactly once and reports metrics', async () => {
    const tenant = newTenant();
    const ids = Array.from({ length: 120 }, newId);
    await Promise.all(
      ids.map((id, index) =>
        submissions.append(tenant, id, { points: index, note: 'bulk' }, { actor: 'u2' }),
      ),
    );
    const [metricsBefore] = await buffer.metrics();
    expect(metricsBefore?.pending).toBeGreaterThanOrEqual(120);
    expect(metricsBefore?.lagMs).toBeGreaterThanOrEqual(0);

    // Two flushers in the same group share the work without writing anything twice.
    const first = buffer.createFlusher({ consumer: 'one', batchSize: 16 });
    const second = buffer.createFlusher({ consumer: 'two', batchSize: 16 });
    const insertedBefore = table.inserted;
    first.start();
    second.start();
    await waitFor('all rows', async () => (await table.rows(tenant)).length === 120);
    await waitFor('stream drained', async () => (await redis.xlen(streamKey)) === 0);
    await Promise.all([first.stop(), second.stop()]);

    const rows = await table.rows(tenant);
    expect(new Set(rows.map((row) => row.idempotency_id))).toEqual(new Set(ids));
    expect(table.inserted - insertedBefore).toBeGreaterThanOrEqual(120);
    const [metrics] = await buffer.metrics();
    expect(metrics).toMatchObject({ kind: 'submission', pending: 0, inFlight: 0, lagMs: 0 });
    expect(metrics?.flushedTotal).toBeGreaterThanOrEqual(120);
    expect(metrics?.flushedPerSecond).toBeGreaterThan(0);
    const exposition = await register.metrics();
    expect(exposition).toContain('schools24_write_buffer_pending{kind="submission"} 0');
    expect(exposition).toMatch(/schools24_write_buffer_flushed_total\{kind="submission"\} \d+/);
  });

  it("reclaims a crashed consumer's entries after the idle time", async () => {
    const tenant = newTenant();
    const ids = [newId(), newId()];
    for (const id of ids) await submissions.append(tenant, id, { points: 5, note: 'crash' }, { actor: 'u3' });
    // A consumer that read the entries and died before acknowledging them.
    await redis.call('XGROUP', 'CREATE', streamKey, 'flushers', '0', 'MKSTREAM').catch(() => undefined);
    const read = await redis.call(
      'XREADGROUP',
      'GROUP',
      'flushers',
      'crashed',
      'COUNT',
      100,
      'STREAMS',
      streamKey,
      '>',
    );
    expect(JSON.stringify(read)).toContain(ids[0]);

    const started = Date.now();
    const rescuer = buffer.createFlusher({ consumer: 'rescuer', claimIdleMs: 700, backoffMaxMs: 200 });
    rescuer.start();
    try {
      await waitFor('reclaimed rows', async () => (await table.rows(tenant)).length === 2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      await waitFor('no pending entries', async () => (await buffer.metrics())[0]?.inFlight === 0);
    } finally {
      await rescuer.stop();
    }
  });

  it('dead-letters a poison entry after N deliveries without holding back the others, and retries it', async () => {
    const tenant = newTenant();
    const good = [newId(), newId()];
    const poison = newId();
    await submissions.append(tenant, good[0] ?? '', { points: 1, note: 'good' }, { actor: 'u4' });
    await submissions.append(
      tenant,
      poison,
      { points: -1, note: 'poison' },
      { actor: 'u4', indexKeys: ['p'] },
    );
    await submissions.append(tenant, good[1] ?? '', { points: 2, note: 'good' }, { actor: 'u4' });

    // The poison's retries take 300 + 600 ms; the good entries must not wait for them.
    const flusher = buffer.createFlusher({ consumer: 'poison', maxAttempts: 3, backoffInitialMs: 300 });
    flusher.start();
    try {
      await waitFor('the good rows', async () => (await table.rows(tenant)).length === 2);
      expect((await table.rows(tenant)).map((row) => row.idempotency_id).sort()).toEqual([...good].sort());
      expect((await buffer.deadLetters('submission', { tenant })).items).toEqual([]);
      await waitFor(
        'dead letter',
        async () => (await buffer.deadLetters('submission', { tenant })).items.length === 1,
      );
      const { items } = await buffer.deadLetters('submission', { tenant });
      expect(items[0]).toMatchObject({
        tenant,
        idempotencyId: poison,
        deliveries: 3,
        payload: { points: -1 },
      });
      expect(items[0]?.lastError).toMatch(/points_check/);
      expect((await buffer.deadLetters('submission', { tenant: newTenant() })).items).toEqual([]);
      await expect(buffer.deadLetters('submission', { after: 'not-a-cursor' })).rejects.toThrow(
        /Not a dead-letter cursor/,
      );
      expect(await submissions.pendingByIndex(tenant, 'p')).toEqual([]);
      expect((await buffer.metrics())[0]?.deadLetters).toBe(1);
      // The client retrying is told where its entry is, and nothing is appended again.
      const again = await submissions.append(tenant, poison, { points: -1, note: 'poison' }, { actor: 'u4' });
      expect(again).toMatchObject({ duplicate: true, status: 'dead-lettered' });

      // An admin fixes the cause and retries the dead letters.
      await table.pool.query(`ALTER TABLE ${table.name} DROP CONSTRAINT ${table.pointsCheck}`);
      // Another school's admin cannot retry it (answered as if it did not exist).
      await expect(
        buffer.retryDeadLetter('submission', items[0]?.deadLetterId ?? '', { tenant: newTenant() }),
      ).rejects.toThrow(/No dead letter/);
      await expect(buffer.retryDeadLetter('submission', 'not-a-stream-id')).rejects.toThrow(/No dead letter/);
      expect(await buffer.retryDeadLetters('submission', { tenant })).toBe(1);
      await waitFor('retried row', async () => (await table.rows(tenant)).length === 3);
      expect((await buffer.deadLetters('submission')).items).toEqual([]);
      await expect(buffer.retryDeadLetter('submission', items[0]?.deadLetterId ?? '')).rejects.toThrow(
        /No dead letter/,
      );
    } finally {
      await flusher.stop();
    }
  });

  it('dead-letters an entry its consumers keep crashing on, without calling the sink again', async () => {
    const tenant = newTenant();
    const { streamId } = await submissions.append(
      tenant,
      newId(),
      { points: 1, note: 'loop' },
      { actor: 'u6' },
    );
    await redis.call('XGROUP', 'CREATE', streamKey, 'flushers', '0', 'MKSTREAM').catch(() => undefined);
    await redis.call('XREADGROUP', 'GROUP', 'flushers', 'doomed', 'STREAMS', streamKey, '>');
    // Five more deliveries, none answered: as if every consumer died while writing it.
    for (let crash = 0; crash < 5; crash += 1) {
      await redis.call('XCLAIM', streamKey, 'flushers', 'doomed', 0, streamId);
    }
    const flusher = buffer.createFlusher({
      consumer: 'after-crashes',
      claimIdleMs: 300,
      backoffMaxMs: 100,
      maxAttempts: 3,
      maxDeliveries: 5,
    });
    flusher.start();
    try {
      await waitFor(
        'dead letter',
        async () => (await buffer.deadLetters('submission', { tenant })).items.length === 1,
      );
      const [letter] = (await buffer.deadLetters('submission', { tenant })).items;
      expect(letter?.lastError).toMatch(/without being acknowledged/);
      expect(letter?.deliveries).toBeGreaterThan(5);
      expect(await table.rows(tenant)).toEqual([]);
    } finally {
      await flusher.stop();
    }
  });

  it('refuses with BUFFER_FULL at the bound and accepts again once drained', async () => {
    const tenant = newTenant();
    const bounded = buffer.register('bounded', {
      parse: (value) => Submission.parse(value),
      sink: table.sink,
      maxPending: 5,
    });
    for (let index = 0; index < 5; index += 1) {
      await bounded.append(tenant, newId(), { points: index, note: 'b' }, { actor: 'u5' });
    }
    const refused = await bounded
      .append(tenant, newId(), { points: 6, note: 'b' }, { actor: 'u5' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'BUFFER_FULL', details: { retryable: true } });
    expect(String(refused)).toMatch(/full \(5 unflushed entries, bound 5\)/);

    const flusher = buffer.createFlusher({ consumer: 'bounded', kinds: ['bounded'] });
    flusher.start();
    try {
      await waitFor('drained', async () => (await redis.xlen('s24:g:wb:{wb1.bounded}:stream')) === 0);
      const accepted = await bounded.append(tenant, newId(), { points: 6, note: 'b' }, { actor: 'u5' });
      expect(accepted.duplicate).toBe(false);
    } finally {
      await flusher.stop();
    }
  });

  it('warns when the buffer Redis is not durable, and not when it is', async () => {
    expect(await checkBufferDurability(redis)).toEqual([]);
    const plain = createRedis('redis://127.0.0.1:6379');
    try {
      const warnings = await checkBufferDurability(plain);
      expect(warnings.join('\n')).toMatch(/appendonly no, not yes/);
    } finally {
      plain.disconnect();
    }
  });
});
