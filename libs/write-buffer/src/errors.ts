import { DomainError, ErrorCode, isDependencyUnavailable } from '@schools24/errors';

/** Seconds a refused client is told to wait; the flusher drains a healthy backlog well within it. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The buffer is at its bound (PostgreSQL is behind or down). Retryable: nothing was written, and
 * the same idempotency id can be sent again later.
 */
export function bufferFull(kind: string, pending: number, bound: number): DomainError {
  return new DomainError(
    ErrorCode.BUFFER_FULL,
    `The ${kind} write buffer is full (${pending} unflushed entries, bound ${bound}): the database is behind or unavailable. Nothing was saved; retry with the same idempotency id in a few seconds.`,
    { retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}

/** The buffer's Redis could not be reached; the entry may or may not be in it, so retry with the same id. */
export function bufferUnavailable(kind: string, cause: unknown): DomainError {
  const error = new DomainError(
    ErrorCode.SERVICE_UNAVAILABLE,
    `The ${kind} write buffer is unavailable; retry with the same idempotency id.`,
    { retryable: true, retryAfterSeconds: 1 },
  );
  error.cause = cause;
  return error;
}

/**
 * Thrown by a sink (or recognised by `isSinkUnavailable`) when the database cannot be reached: the
 * flusher retries with backoff for as long as it takes and never dead-letters for it.
 */
export class SinkUnavailableError extends Error {
  override readonly name = 'SinkUnavailableError';
}

/**
 * Tells "the sink cannot run now" (retry forever with backoff) from "this entry is poison"
 * (dead-letter after N deliveries): a SinkUnavailableError, or a connection-level failure of the
 * database anywhere in the cause chain (`isDependencyUnavailable`).
 */
export function isSinkUnavailable(error: unknown): boolean {
  return error instanceof SinkUnavailableError || isDependencyUnavailable(error);
}
