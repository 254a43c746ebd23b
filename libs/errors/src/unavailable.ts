// Connection-level failures (Node, PostgreSQL SQLSTATE, Prisma): the dependency is down or busy, the
// request itself is fine.
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
  'Server has closed the connection',
  "Can't reach database server",
  // Prisma driver-adapter error kinds (DriverAdapterError's message is the kind).
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  // Prisma P2028 when the pool gave no connection within the transaction's wait (a busy or
  // unreachable database: seen in the fault suite while PostgreSQL was cut off under load).
  'Unable to start a transaction in the given time',
];

/**
 * True when an error means a dependency (PostgreSQL, Redis) could not serve the request right now:
 * retrying later is the cure. Follows `cause` chains and AggregateErrors.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if ('code' in error && typeof error.code === 'string') {
    if (unavailableCodes.has(error.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(error.code)) return true; // SQLSTATE class 08: connection exception
  }
  if (error instanceof Error && unavailableMessages.some((text) => error.message.includes(text))) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))
  ) {
    return true;
  }
  return 'cause' in error && isDependencyUnavailable(error.cause, depth + 1);
}
