import { DomainError, ErrorCode } from '@schools24/errors';

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

// Connection-level failures (Node, PostgreSQL SQLSTATE, Prisma) that say nothing about the entry.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '40001', // serialization_failure: transient, retrying is the cure
  '40P01', // deadlock_detected: transient as well
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
]);
const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];

/**
 * Tells "the sink cannot run now" (retry forever with backoff) from "this entry is poison"
 * (dead-letter after N deliveries). Follows `cause` chains and AggregateErrors.
 */
export function isSinkUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof SinkUnavailableError) return true;
  if ('code' in error && typeof error.code === 'string') {
    if (unavailableCodes.has(error.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(error.code)) return true; // SQLSTATE class 08: connection exception
  }
  if (error instanceof Error && unavailableMessages.some((text) => error.message.includes(text))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isSinkUnavailable(inner, depth + 1))) {
    return true;
  }
  return 'cause' in error && isSinkUnavailable(error.cause, depth + 1);
}
