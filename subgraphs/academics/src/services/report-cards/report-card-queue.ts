import { Queue, type JobsOptions } from 'bullmq';
import type { Config } from '@schools24/config';
import type { Redis } from '@schools24/redis';
import { KEY_PREFIX } from '@schools24/redis';

/**
 * Report-card generation runs on BullMQ: one job per card, its id the card's id, so queueing a card
 * twice is a no-op; attempts with exponential back-off; a job whose worker died is found stalled and
 * run again by another. The queue lives on the write buffer's Redis (REDIS_BUFFER_URL), the one
 * configured durable (AOF, noeviction — BullMQ itself requires noeviction). The job carries ids
 * only; the durable record of what to do and how far it got is `ReportCardBatch`/`ReportCard` in
 * PostgreSQL.
 */
export interface ReportCardJob {
  schoolId: string;
  reportCardId: string;
}

export const REPORT_CARD_JOB = 'render';

/** BullMQ's key prefix: under the product's own (`s24:jobs:<queue>:…`). */
export const JOB_PREFIX = `${KEY_PREFIX}:jobs`;

export type ReportCardQueueConfig = Pick<Config, 'REPORT_CARD_QUEUE' | 'REPORT_CARD_ATTEMPTS'>;

export function jobOptions(config: ReportCardQueueConfig, reportCardId: string): JobsOptions {
  return {
    jobId: reportCardId,
    attempts: config.REPORT_CARD_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    // Finished jobs are only bookkeeping (the card row is the record): keep a day for inspection.
    removeOnComplete: { age: 86_400 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/** Where cards are queued from; one per Redis connection (the subgraph's and the gateway's share). */
export interface ReportCardQueue {
  enqueue(schoolId: string, reportCardIds: readonly string[]): Promise<void>;
}

const queues = new WeakMap<Redis, Map<string, ReportCardQueue>>();

/**
 * The queue on the process' buffer Redis connection (shared, so nothing more to close: the
 * connection's owner closes it). Producers only: workers open their own blocking connections.
 */
export function reportCardQueue(redis: Redis, config: ReportCardQueueConfig): ReportCardQueue {
  const byName = queues.get(redis) ?? new Map<string, ReportCardQueue>();
  queues.set(redis, byName);
  const existing = byName.get(config.REPORT_CARD_QUEUE);
  if (existing) return existing;
  let queue: Queue<ReportCardJob> | undefined;
  const handle: ReportCardQueue = {
    enqueue: async (schoolId, reportCardIds) => {
      queue ??= new Queue<ReportCardJob>(config.REPORT_CARD_QUEUE, { connection: redis, prefix: JOB_PREFIX });
      await queue.addBulk(
        reportCardIds.map((reportCardId) => ({
          name: REPORT_CARD_JOB,
          data: { schoolId, reportCardId },
          opts: jobOptions(config, reportCardId),
        })),
      );
    },
  };
  byName.set(config.REPORT_CARD_QUEUE, handle);
  return handle;
}
