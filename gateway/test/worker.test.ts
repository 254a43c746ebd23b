import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { freePort, waitForReady } from '@schools24/testkit';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the worker process (npm run start:worker)', () => {
  it('serves health, readiness and metrics, warns about a non-durable buffer Redis, and drains on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn('node_modules/.bin/tsx', ['gateway/src/cli/worker.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'info',
        WORKER_PORT: String(port),
        WRITE_BUFFER_CONSUMER: 'worker-process-test',
        DATABASE_URL: config().DATABASE_URL,
        REDIS_URL: config().REDIS_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const ready = await waitForReady(`http://127.0.0.1:${port}/ready`, Date.now() + 30_000);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: 'up', redis: 'up', writeBuffer: 'up' },
      });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('schools24_write_buffer_flushed_total');
      expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    // The machine's default Redis keeps nothing on disk: the worker must say so at start-up.
    expect(output).toContain("the write buffer's Redis is not durable");
    expect(output).toContain('"consumer":"worker-process-test"');
    expect(output).toContain('write-buffer flusher stopped');
    expect(output).toContain('report-card worker stopped');
  });
});
