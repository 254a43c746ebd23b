import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { z } from 'zod';
import type { Redis } from '@schools24/redis';
import { TestRedisServer } from '@schools24/test-servers';
import {
  SinkUnavailableError,
  WriteBuffer,
  type BufferedEntry,
  type KindHandle,
  type WriteBufferOptions,
} from '../src/index.js';

export const TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/schools24_test';
const SCRATCH_SCHEMA = 'write_buffer_tests';

export const Submission = z.object({ points: z.number().int(), note: z.string() });
export type Submission = z.infer<typeof Submission>;

export interface SubmissionRow {
  tenant: string;
  idempotency_id: string;
  actor: string;
  points: number;
  note: string;
}

/**
 * A real table in the test database, standing in for a domain table: unique on
 * (tenant, idempotency_id), with a CHECK that makes negative points a poison entry.
 */
export class SinkTable {
  private readonly id = `wb_test_${randomBytes(6).toString('hex')}`;
  /**
   * In a schema of its own: the database's catalog checks (every table in the app's schema has
   * forced row-level security) run concurrently and must not see these scratch tables.
   */
  readonly name = `${SCRATCH_SCHEMA}.${this.id}`;
  /** The CHECK that makes negative points poison; a test drops it to cure the poison. */
  readonly pointsCheck = `${this.id}_points_check`;
  readonly pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  /** While false, the sink cannot reach PostgreSQL (it dials a closed port, as if the server were down). */
  databaseUp = true;
  /** Rows inserted (not skipped by ON CONFLICT), summed over every sink call. */
  inserted = 0;
  sinkCalls = 0;
  /** When set, the sink commits and then waits for it before returning (commit → ack window). */
  afterCommit: (() => Promise<void>) | undefined;

  async create(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCRATCH_SCHEMA}`).catch((error: unknown) => {
      // Two test files creating it at once: the loser's error is harmless.
      if (!(error instanceof Error && /already exists|duplicate key/.test(error.message))) throw error;
    });
    await this.pool.query(`CREATE TABLE ${this.name} (
      tenant text NOT NULL,
      idempotency_id text NOT NULL,
      actor text NOT NULL,
      points integer NOT NULL CONSTRAINT ${this.pointsCheck} CHECK (points >= 0),
      note text NOT NULL,
      UNIQUE (tenant, idempotency_id)
    )`);
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${this.name}`);
    await this.pool.end();
  }

  /** The caller's side of the contract: ONE transaction, upsert keyed by (tenant, idempotency id). */
  readonly sink = async (entries: BufferedEntry<Submission>[]): Promise<void> => {
    this.sinkCalls += 1;
    if (!this.databaseUp) {
      const unreachable = new pg.Client({ host: '127.0.0.1', port: 9, user: 'postgres', database: 'x' });
      try {
        await unreachable.connect(); // ECONNREFUSED: a real connection failure
      } finally {
        await unreachable.end().catch(() => undefined);
      }
      throw new SinkUnavailableError('unreachable database answered');
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query(
        `INSERT INTO ${this.name} (tenant, idempotency_id, actor, points, note)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
         ON CONFLICT (tenant, idempotency_id) DO NOTHING`,
        [
          entries.map((entry) => entry.tenant),
          entries.map((entry) => entry.idempotencyId),
          entries.map((entry) => entry.actor),
          entries.map((entry) => entry.payload.points),
          entries.map((entry) => entry.payload.note),
        ],
      );
      await client.query('COMMIT');
      this.inserted += result.rowCount ?? 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (this.afterCommit) await this.afterCommit();
  };

  async rows(tenant?: string): Promise<SubmissionRow[]> {
    const result = await this.pool.query<SubmissionRow>(
      `SELECT tenant, idempotency_id, actor, points, note FROM ${this.name}
       WHERE $1::text IS NULL OR tenant = $1 ORDER BY idempotency_id`,
      [tenant ?? null],
    );
    return result.rows;
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ count: string }>(`SELECT count(*) FROM ${this.name}`);
    return Number(result.rows[0]?.count ?? 0);
  }
}

export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

export const newTenant = () => randomUUID();
export const newId = () => randomUUID();

/** The stream of the `submission` kind the fixtures register. */
export const SUBMISSION_STREAM = 's24:g:wb:{wb1.submission}:stream';

/** A private AOF Redis, a sink table and a buffer with the `submission` kind registered on it. */
export interface BufferFixture {
  server: TestRedisServer;
  redis: Redis;
  table: SinkTable;
  buffer: WriteBuffer;
  submissions: KindHandle<Submission>;
}

export async function openBufferFixture(options: Omit<WriteBufferOptions, 'redis'>): Promise<BufferFixture> {
  const server = await TestRedisServer.start();
  const redis = server.client();
  await redis.connect();
  const table = new SinkTable();
  await table.create();
  const buffer = new WriteBuffer({ redis, ...options });
  const submissions = buffer.register('submission', {
    parse: (value) => Submission.parse(value),
    sink: table.sink,
  });
  return { server, redis, table, buffer, submissions };
}

export async function closeBufferFixture(fixture: Partial<BufferFixture>): Promise<void> {
  fixture.buffer?.close();
  fixture.redis?.disconnect();
  await fixture.table?.drop();
  await fixture.server?.stop();
}
