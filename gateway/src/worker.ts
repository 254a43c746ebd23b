import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRedisReachable } from '@schools24/redis';
import { readinessChecks, serveOperationalRoute, startFlushers, type Resources } from '@schools24/graphql';
import { registerAcademicsWriteKinds, startReportCardWorker } from '@schools24/academics';

/** Every subgraph's buffered write kinds, registered on the process' write buffer. */
export function registerWriteKinds(resources: Pick<Resources, 'writeBuffer' | 'db' | 'redis'>): void {
  registerAcademicsWriteKinds(resources);
}

export interface RunningWorker {
  /** Where /health, /ready and /metrics answer. */
  url: string;
  /** Stops reading, lets the batch in flight commit and acknowledge, closes the port. */
  stop: () => Promise<void>;
}

/**
 * Everything a worker process runs in the background: the write buffer's flushers and the job
 * queues' workers (report cards). `stop()` lets the work in flight finish first.
 */
export function startBackgroundWork(resources: Resources): { stop: () => Promise<void> } {
  registerWriteKinds(resources);
  const flushers = startFlushers(resources);
  const reportCards = startReportCardWorker(resources);
  return {
    stop: async () => {
      await Promise.all([flushers.stop(), reportCards.stop()]);
    },
  };
}

/**
 * The worker role: flushes the write buffer into PostgreSQL and runs the job queues (report cards).
 * Several can run at once (one consumer group, each its own consumer name; BullMQ workers share the
 * queue); a crashed one's entries are claimed, and its jobs found stalled and run, by the others.
 */
export async function startWorker(resources: Resources, port: number, host: string): Promise<RunningWorker> {
  const background = startBackgroundWork(resources);
  const readiness = {
    ...readinessChecks(resources),
    writeBuffer: () => isRedisReachable(resources.bufferRedis),
  };
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    void serveOperationalRoute(pathname, response, readiness).then((served) => {
      if (!served) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'Not found: a worker serves /health, /ready and /metrics' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await background.stop();
    },
  };
}

/**
 * An all-in-one gateway is the whole product in one process (a laptop, a small school), so it
 * flushes the write buffer and runs the job queues (report cards) itself; a distributed deployment
 * runs worker processes instead. GATEWAY_FLUSHES=on/off overrides (e.g. off for an all-in-one
 * gateway beside dedicated workers). Returns a stop function, or null when this topology leaves the
 * background work to workers.
 */
export function startInProcessFlushing(resources: Resources): (() => Promise<void>) | null {
  const { GATEWAY_FLUSHES: setting, TOPOLOGY: topology } = resources.config;
  if (setting === 'off' || (setting === 'auto' && topology !== 'all-in-one')) return null;
  return startBackgroundWork(resources).stop;
}

/** Stops a served gateway, then the in-process flushers (their batch in flight commits first). */
export function withInProcessFlushing<T extends { stop: () => Promise<void> }>(
  served: T,
  stopFlushing: (() => Promise<void>) | null,
): T {
  return {
    ...served,
    stop: async () => {
      await served.stop();
      await stopFlushing?.();
    },
  };
}
