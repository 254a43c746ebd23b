import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError, DomainError, ErrorCode } from '../src/index.js';

function format(error: unknown, mask: boolean) {
  const logged: string[] = [];
  const formatter = createFormatError({ maskInternalErrors: mask, onInternalError: (id) => logged.push(id) });
  const graphQLError =
    error instanceof GraphQLError
      ? error
      : new GraphQLError((error as Error).message, { originalError: error as Error });
  return { result: formatter(graphQLError.toJSON(), graphQLError), logged };
}

describe('the one error mapping', () => {
  it('shows domain errors with their code', () => {
    const { result, logged } = format(new DomainError(ErrorCode.FORBIDDEN, 'Not your section'), true);
    expect(result).toMatchObject({ message: 'Not your section', extensions: { code: 'FORBIDDEN' } });
    expect(logged).toEqual([]);
  });

  it("keeps a domain error's details, such as when to retry", () => {
    const { result } = format(
      new DomainError(ErrorCode.RATE_LIMITED, 'Busy', { retryAfterSeconds: 1 }),
      true,
    );
    expect(result.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  });

  it('masks unexpected errors in production, with an id that is logged', () => {
    const { result, logged } = format(new Error('relation "x" does not exist'), true);
    expect(result.message).toBe(`Internal server error (error id ${logged[0]})`);
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: logged[0] });
    expect(JSON.stringify(result)).not.toContain('relation');
  });

  it('answers a database that cannot be reached with a retryable SERVICE_UNAVAILABLE, logged with an id', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Client has failed', { cause: refused });
    for (const mask of [true, false]) {
      const { result, logged } = format(wrapped, mask);
      expect(result.extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        retryAfterSeconds: 1,
        errorId: logged[0],
      });
      expect(JSON.stringify(result)).not.toContain('5432');
    }
  });

  it("recognises a Prisma driver adapter's closed connection as an outage", () => {
    const closed = Object.assign(new Error('ConnectionClosed'), { name: 'DriverAdapterError' });
    expect(format(closed, true).result.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
  });

  it('recognises a transaction that found no connection in time as an outage, not other P2028s', () => {
    const starved = Object.assign(
      new Error(
        'Invalid `prisma.$queryRaw()` invocation:\n\nTransaction API error: Unable to start a transaction in the given time.',
      ),
      { code: 'P2028' },
    );
    expect(format(starved, true).result.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
    const misuse = Object.assign(
      new Error(
        'Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.',
      ),
      { code: 'P2028' },
    );
    expect(format(misuse, true).result.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
  });

  it('keeps an error id a subgraph already assigned', () => {
    const downstream = new GraphQLError('Internal server error (error id abc)', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: 'abc' },
    });
    const { result, logged } = format(downstream, true);
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: 'abc' });
    expect(logged).toEqual([]);
  });

  it('passes GraphQL validation errors through', () => {
    const invalid = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(format(invalid, true).result.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
