import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDependencyUnavailable } from './unavailable.js';

/**
 * The closed set of codes a client may see in a top-level error's `extensions.code`. Top-level
 * errors are for authentication, authorization and infrastructure; a user's own mistakes come back
 * as `userErrors` in mutation payloads.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  TENANT_REQUIRED: 'TENANT_REQUIRED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A buffered write was refused because the write buffer is at its bound; retry later. */
  BUFFER_FULL: 'BUFFER_FULL',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatus: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TENANT_REQUIRED: 400,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  BUFFER_FULL: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** An error the product raises on purpose; its message is safe to show to the client. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Tenant data needs a tenant, and only a signed-in viewer has one (their school). */
export const signInRequired = () =>
  new DomainError(
    ErrorCode.UNAUTHENTICATED,
    "Sign in first: this operation reads a school's data (send Authorization: Bearer <access token>).",
  );

export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, details);

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, http: { status: httpStatus[error.code] }, ...error.details },
  });
}

const knownCodes = new Set<string>(Object.values(ErrorCode));
// Codes graphql-js and Apollo Server emit themselves for malformed requests.
const protocolCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface FormatErrorOptions {
  /** Hide the message of unexpected errors (production). */
  maskInternalErrors: boolean;
  /** Called once for every unexpected error, with the id the client sees. */
  onInternalError: (errorId: string, error: unknown) => void;
}

/**
 * The one mapping from thrown errors to what clients see. DomainErrors and GraphQL protocol errors
 * pass through; anything else is an internal error: logged with an id, and masked in production.
 */
export function createFormatError(options: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return {
        ...formatted,
        message: original.message,
        // Details are part of the safe message (e.g. `retryAfterSeconds`), as in `toGraphQLError`.
        extensions: { ...formatted.extensions, ...original.details, code: original.code },
      };
    }
    const code = formatted.extensions?.code;
    // Already masked and logged by the subgraph that raised it: keep its error id.
    if (code === ErrorCode.INTERNAL_SERVER_ERROR && typeof formatted.extensions?.errorId === 'string') {
      const { stacktrace: _stack, ...extensions } = formatted.extensions;
      return options.maskInternalErrors ? { message: formatted.message, extensions } : formatted;
    }
    if (
      typeof code === 'string' &&
      (knownCodes.has(code) || protocolCodes.has(code)) &&
      code !== 'INTERNAL_SERVER_ERROR'
    ) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return options.maskInternalErrors ? { ...formatted, extensions } : formatted;
    }
    const errorId = randomUUID();
    options.onInternalError(errorId, original);
    if (isDependencyUnavailable(original)) {
      // PostgreSQL or Redis is down or busy: say so, retryably, instead of an internal error.
      return {
        message: 'A service this request needs is unavailable for a moment: retry shortly.',
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, retryAfterSeconds: 1, errorId },
      };
    }
    if (!options.maskInternalErrors) {
      return {
        ...formatted,
        extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
      };
    }
    return {
      message: `Internal server error (error id ${errorId})`,
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
    };
  };
}

/** A mistake in a mutation's input, returned in the payload's `userErrors`. */
export interface UserError<Code extends string = string> {
  field: string[] | null;
  message: string;
  code: Code;
}

export function userError<Code extends string>(
  code: Code,
  message: string,
  field?: string[],
): UserError<Code> {
  return { code, message, field: field ?? null };
}

/** A payload with nothing done and the reasons why. */
export function failedPayload<Code extends string>(
  ...errors: UserError<Code>[]
): { userErrors: UserError<Code>[] } {
  return { userErrors: errors };
}
export { isDependencyUnavailable };
