import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { createRedis } from '@schools24/redis';
import {
  createTestSchool,
  freePort,
  startGatewayStack,
  startS3Server,
  waitForReady,
  type S3TestServer,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';
import { startInProcessFlushing } from '../src/worker.js';
import { bearer, subscribeOverWebSocket } from './subscriptions-support.js';
import { schoolAdminToken } from '@schools24/testkit';

// Report cards at the process level: a batch requested through the gateway is rendered by a real
// worker process (`npm run start:worker`), then — with no worker process — by the all-in-one gateway
// itself (GATEWAY_FLUSHES), while a live subscription follows the batch's progress; each PDF is
// downloaded through its presigned URL from the in-process S3 server.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The buffer's (and so the queue's) Redis: a database of its own, so this test's flushers touch nobody else's. */
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/5';

const GENERATE = `mutation ($input: GenerateReportCardsInput!) {
  generateReportCards(input: $input) { batch { id total } userErrors { code } } }`;
const BATCH = `query ($id: ID!) { reportCardBatch(id: $id) {
  id status total done failed cards(first: 100) { edges { node { status student { id } downloadUrl { url } } } } } }`;
const LIVE_BATCH = `subscription ($id: ID!) { reportCardBatch(id: $id) { id status total done failed } }`;

interface BatchShape {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  cards: {
    edges: { node: { status: string; student: { id: string }; downloadUrl: { url: string } | null } }[];
  };
}

describe('report cards through the gateway, rendered by the worker role and by the all-in-one gateway', () => {
  let s3: S3TestServer;
  let stack: TestEndpoint;
  let school: Awaited<ReturnType<typeof createTestSchool>>;
  let termId: string;
  const queue = `report-cards-gateway-test-${randomUUID()}`;

  beforeAll(async () => {
    s3 = await startS3Server();
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, 'all-in-one', {
      ...s3.config,
      REDIS_BUFFER_URL: BUFFER_REDIS_URL,
      REPORT_CARD_QUEUE: queue,
    });
    school = await createTestSchool(stack.resources.db, { students: 30, teachers: 6 });
    termId = (
      await stack.resources.db.term.findFirstOrThrow({
        where: { schoolId: school.schoolId, kind: 'TERM', name: 'Term 1' },
      })
    ).id;
  });

  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
    await s3?.stop();
    const redis = createRedis(BUFFER_REDIS_URL, { lazyConnect: false });
    const leftovers = new Queue(queue, { connection: redis, prefix: 's24:jobs' });
    await leftovers.obliterate({ force: true });
    await leftovers.close();
    redis.disconnect();
  });

  const graphql = <T>(document: string, variables: Record<string, unknown>) =>
    stack.graphql<T>(document, variables, { schoolId: school.schoolId });

  async function generate(): Promise<{ id: string; total: number }> {
    const { body } = await graphql<{
      generateReportCards: { batch: { id: string; total: number } | null; userErrors: { code: string }[] };
    }>(GENERATE, { input: { termId, sectionId: school.sample.sectionId } });
    expect(body.errors).toBeUndefined();
    expect(body.data?.generateReportCards.userErrors).toEqual([]);
    const batch = body.data?.generateReportCards.batch;
    if (!batch) throw new Error('no batch');
    return batch;
  }

  async function finished(id: string): Promise<BatchShape> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await graphql<{ reportCardBatch: BatchShape }>(BATCH, { id });
      const batch = body.data?.reportCardBatch;
      if (batch && batch.done + batch.failed === batch.total && batch.status !== 'RUNNING') return batch;
      if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function checkDownloads(batch: BatchShape): Promise<void> {
    expect(batch).toMatchObject({ status: 'COMPLETED', failed: 0 });
    expect(batch.done).toBe(batch.total);
    const names = new Map(
      (
        await stack.resources.db.student.findMany({
          where: { id: { in: batch.cards.edges.map(({ node }) => node.student.id) } },
          select: { id: true, givenName: true, familyName: true },
        })
      ).map((student) => [student.id, `${student.givenName} ${student.familyName}`]),
    );
    for (const { node } of batch.cards.edges) {
      const response = await fetch(node.downloadUrl?.url ?? '');
      expect(response.status).toBe(200);
      const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
      const { text } = await parser.getText();
      await parser.destroy();
      expect(text).toContain(names.get(node.student.id));
      expect(text).toContain(school.name);
    }
  }

  it('is rendered by a worker process (npm run start:worker), which drains on SIGTERM', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn('node_modules/.bin/tsx', ['gateway/src/cli/worker.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'info',
        WORKER_PORT: String(port),
        WRITE_BUFFER_CONSUMER: `report-card-test-${randomUUID()}`,
        DATABASE_URL: config().DATABASE_URL,
        REDIS_URL: config().REDIS_URL,
        REDIS_BUFFER_URL: BUFFER_REDIS_URL,
        REPORT_CARD_QUEUE: queue,
        S3_ENDPOINT: s3.config.S3_ENDPOINT,
        S3_REGION: s3.config.S3_REGION,
        S3_BUCKET: s3.config.S3_BUCKET,
        S3_ACCESS_KEY_ID: s3.config.S3_ACCESS_KEY_ID,
        S3_SECRET_ACCESS_KEY: s3.config.S3_SECRET_ACCESS_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForReady(`http://127.0.0.1:${port}/ready`, Date.now() + 30_000);
      const batch = await generate();
      await checkDownloads(await finished(batch.id));
      expect(output).toContain('report card generated');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toContain('report-card worker stopped');
  });

  it('is rendered by the all-in-one gateway itself, its progress pushed live', async () => {
    const stop = startInProcessFlushing(stack.app);
    expect(stop).not.toBeNull();
    const token = await schoolAdminToken(stack.resources, school.schoolId);
    try {
      const batch = await generate();
      const live = subscribeOverWebSocket(stack.url, bearer(token), LIVE_BATCH, { id: batch.id });
      try {
        await live.collector.until(
          (collector) =>
            collector.results.some((result) => {
              const pushed = result.data?.['reportCardBatch'] as { status: string } | undefined;
              return pushed?.status === 'COMPLETED';
            }) || collector.ended,
          60_000,
          'the batch pushed as COMPLETED',
        );
        const last = live.collector.results.at(-1)?.data?.['reportCardBatch'];
        expect(last).toMatchObject({
          id: batch.id,
          status: 'COMPLETED',
          total: batch.total,
          done: batch.total,
        });
      } finally {
        await live.dispose();
      }
      await checkDownloads(await finished(batch.id));
    } finally {
      await stop?.();
    }
  });
});
