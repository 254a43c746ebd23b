import { hostname } from 'node:os';
import type { Flusher } from '@schools24/write-buffer';
import type { Resources } from './resources.js';

/** How long a stopping flusher may take to commit and acknowledge its batch in flight. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Starts one flusher for every kind registered on the process' write buffer, configured from the
 * environment (WRITE_BUFFER_*). `stop()` lets the batch in flight commit and acknowledge, then
 * returns: what a worker does on SIGTERM.
 */
export function startFlushers(resources: Pick<Resources, 'config' | 'writeBuffer' | 'logger'>): {
  flusher: Flusher;
  stop: () => Promise<void>;
} {
  const { config } = resources;
  const consumer = config.WRITE_BUFFER_CONSUMER ?? `${hostname()}-${process.pid}`;
  const flusher = resources.writeBuffer.createFlusher({
    consumer,
    batchSize: config.WRITE_BUFFER_BATCH_SIZE,
    blockMs: config.WRITE_BUFFER_FLUSH_BLOCK_MS,
    claimIdleMs: config.WRITE_BUFFER_CLAIM_IDLE_MS,
    maxAttempts: config.WRITE_BUFFER_MAX_ATTEMPTS,
    backoffMaxMs: config.WRITE_BUFFER_BACKOFF_MAX_MS,
  });
  flusher.start();
  resources.logger.info({ consumer }, 'write-buffer flusher started');
  return {
    flusher,
    stop: async () => {
      await flusher.stop({ timeoutMs: STOP_TIMEOUT_MS });
      resources.logger.info({ consumer }, 'write-buffer flusher stopped');
    },
  };
}
