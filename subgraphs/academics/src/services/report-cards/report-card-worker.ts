import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Resources } from '@schools24/graphql';
import { createRedis } from '@schools24/redis';
import { createObjectStore, type ObjectStore } from '@schools24/storage';
import { createAcademicsRepositories } from '../../repositories/index.js';
import type { ReportCardBatchRecord } from '../../repositories/report-card-repository.js';
import { registerAcademicsWriteKinds } from '../../write-kinds.js';
import { renderReportCard } from './render.js';
import { ReportCardDataError, reportCardDocument } from './report-card-data.js';
import { JOB_PREFIX, REPORT_CARD_JOB, type ReportCardJob } from './report-card-queue.js';
import type { TermGradesSource } from './term-grades-source.js';

export interface ReportCardWorkerOptions {
  /** Where term grades come from (default: the gradebook; tests wrap it to make a student fail). */
  termGrades?: TermGradesSource;
  /** Cards rendered at once by this process (default REPORT_CARD_CONCURRENCY). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a dead worker's job is taken over after it. */
  lockDurationMs?: number;
  /** How often this worker looks for other workers' stalled jobs. */
  stalledIntervalMs?: number;
}

export interface RunningReportCardWorker {
  worker: Worker<ReportCardJob>;
  /** Lets the jobs in flight finish (their results recorded), then closes the connection. */
  stop(): Promise<void>;
}

/** What a failed attempt records on the card: our own messages, never a driver's or a stack. */
function safeMessage(error: unknown): string {
  if (error instanceof ReportCardDataError) return error.message;
  return 'The report card could not be generated (the error is in the worker log).';
}

/**
 * Renders report cards from the queue: for each job, marks its card RUNNING, reads the card's data,
 * renders the PDF, uploads it to the card's fixed key (overwriting an earlier one: a rerun is
 * harmless) and records the outcome, recounting the batch. A failed attempt is retried with
 * back-off; after the last (or at once when the data it needs is gone) the card is FAILED while the
 * batch's other cards go on. Progress is announced as `reportCardBatchProgressed`.
 */
export function startReportCardWorker(
  resources: Resources,
  options: ReportCardWorkerOptions = {},
): RunningReportCardWorker {
  const { config, logger } = resources;
  const repos = createAcademicsRepositories(resources.db);
  const kinds = registerAcademicsWriteKinds(resources);
  const store: ObjectStore | null = createObjectStore(config);
  const termGrades = options.termGrades ?? repos.gradebook;
  // BullMQ's workers block on their connection, which must never give up on a command.
  const connection = createRedis(config.REDIS_BUFFER_URL, {
    lazyConnect: false,
    maxRetriesPerRequest: null,
    enableAutoPipelining: false,
  });

  const announce = async (batch: ReportCardBatchRecord) => {
    try {
      await resources.events.publish('reportCardBatchProgressed', batch.schoolId, {
        batchId: batch.id,
        done: batch.done,
        failed: batch.failed,
      });
    } catch (error) {
      logger.warn({ err: (error as Error).message, batchId: batch.id }, 'report-card progress not announced');
    }
  };

  const process = async (job: Job<ReportCardJob>) => {
    const { schoolId, reportCardId } = job.data;
    const card = await repos.reportCards.startAttempt(schoolId, reportCardId);
    if (!card) return; // its school, batch or student was deleted: nothing to do
    const log = { schoolId, reportCardId, batchId: card.batchId, attempt: job.attemptsMade + 1 };
    try {
      if (!store) throw new ReportCardDataError('File storage is not configured.');
      const pdf = await renderReportCard(await reportCardDocument({ repos, kinds, store, termGrades }, card));
      await store.put(card.objectKey, pdf, 'application/pdf');
      const finished = await repos.reportCards.finishAttempt(schoolId, card.id, {
        status: 'COMPLETED',
        byteSize: pdf.byteLength,
      });
      logger.info({ ...log, byteSize: pdf.byteLength }, 'report card generated');
      if (finished) await announce(finished.batch);
    } catch (error) {
      const permanent = error instanceof ReportCardDataError;
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      logger.warn({ ...log, err: (error as Error).message, last }, 'report card attempt failed');
      const finished = await repos.reportCards.finishAttempt(schoolId, card.id, {
        status: last ? 'FAILED' : 'RETRYING',
        error: safeMessage(error),
      });
      if (finished) await announce(finished.batch);
      throw permanent ? new UnrecoverableError(error.message) : error;
    }
  };

  const worker = new Worker<ReportCardJob>(
    config.REPORT_CARD_QUEUE,
    async (job) => {
      if (job.name === REPORT_CARD_JOB) await process(job);
    },
    {
      connection,
      prefix: JOB_PREFIX,
      concurrency: options.concurrency ?? config.REPORT_CARD_CONCURRENCY,
      // A crashed worker's job runs again elsewhere; count several crashes before giving up on it.
      maxStalledCount: 3,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  worker.on('error', (error) => logger.warn({ err: error.message }, 'report-card worker error'));
  logger.info({ queue: config.REPORT_CARD_QUEUE }, 'report-card worker started');
  return {
    worker,
    stop: async () => {
      await worker.close();
      store?.destroy();
      connection.disconnect();
      logger.info({ queue: config.REPORT_CARD_QUEUE }, 'report-card worker stopped');
    },
  };
}
