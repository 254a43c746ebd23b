import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@schools24/auth';
import { config } from '@schools24/config';
import { freePort, waitForReady } from '@schools24/testkit';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the gateway process', () => {
  it('starts in production mode, serves, and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn('node_modules/.bin/tsx', ['gateway/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        GATEWAY_PORT: String(port),
        // Production refuses to sign with a key it made up: it must be configured.
        AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningJwk()]),
        DATABASE_URL: config().DATABASE_URL,
        REDIS_URL: config().REDIS_URL,
        // Production limits by default; but 127.0.0.1 is every local client's address, shared with
        // whatever else runs on this machine, so its counter is not this test's to rely on.
        RATE_LIMIT_IP_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForReady(`http://127.0.0.1:${port}/ready`, Date.now() + 30_000);
      const introspection = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'process-test-1' },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      });
      // Production: introspection is off.
      expect(((await introspection.json()) as { errors?: unknown[] }).errors).toBeDefined();
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toContain('shutting down');
    // One structured line per request, carrying the request id.
    const requestLine = output.split('\n').find((line) => line.includes('"msg":"graphql request"'));
    expect(JSON.parse(requestLine ?? '{}')).toMatchObject({ requestId: 'process-test-1', errors: 1 });
  });

  it('refuses to start with a clear message when PostgreSQL is unreachable', async () => {
    const child = spawn('node_modules/.bin/tsx', ['gateway/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'silent',
        GATEWAY_PORT: String(await freePort()),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
        REDIS_URL: config().REDIS_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toContain('PostgreSQL is not reachable at postgresql://127.0.0.1:1/nowhere');
    expect(stderr).toContain('set DATABASE_URL');
    expect(stderr).toContain('docker compose up -d postgres');
  });
});
