import { describe, expect, it } from 'vitest';
import { DomainError } from '@schools24/errors';
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  parsePageRequest,
  prismaPageArgs,
  toConnection,
} from '../src/connection.js';

const rows = (ids: string[]) => ids.map((id) => ({ id }));

describe('connection arguments', () => {
  it('defaults to the first 20 and caps pages at 100', () => {
    expect(parsePageRequest({})).toEqual({ size: 20, direction: 'forward', cursorId: null });
    expect(parsePageRequest({ first: MAX_PAGE_SIZE }).size).toBe(100);
    expect(() => parsePageRequest({ first: 101 })).toThrow(/between 0 and 100/);
    expect(() => parsePageRequest({ last: -1 })).toThrow(DomainError);
  });

  it('refuses contradictory arguments with a specific message', () => {
    expect(() => parsePageRequest({ first: 1, last: 1 })).toThrow('Pass `first` or `last`, not both');
    expect(() => parsePageRequest({ after: encodeCursor('a'), before: encodeCursor('b') })).toThrow(
      /not both/,
    );
    expect(() => parsePageRequest({ last: 2, after: encodeCursor('a') })).toThrow(/`after` pages forward/);
  });

  it('refuses cursors it did not issue', () => {
    expect(() => decodeCursor('bm9wZQ', 'after')).toThrow('`after` is not a cursor this API issued');
    expect(() => decodeCursor(encodeCursor('42'), 'after')).toThrow(/not a cursor/);
    const id = '0b7c3f52-8a43-4c1e-9d55-2f0d8e6a9b10';
    expect(decodeCursor(encodeCursor(id), 'after')).toBe(id);
  });

  it('asks Prisma for one extra row to learn whether more exist', () => {
    expect(prismaPageArgs({ size: 10, direction: 'forward', cursorId: null })).toEqual({ take: 11 });
    expect(prismaPageArgs({ size: 10, direction: 'backward', cursorId: 'x' })).toEqual({
      take: -11,
      skip: 1,
      cursor: { id: 'x' },
    });
  });

  it('builds forward and backward pages', () => {
    const forward = toConnection(rows(['a', 'b', 'c']), { size: 2, direction: 'forward', cursorId: null }, 9);
    expect(forward.edges.map((edge) => edge.node.id)).toEqual(['a', 'b']);
    expect(forward.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      endCursor: encodeCursor('b'),
    });
    expect(forward.totalCount).toBe(9);

    const backward = toConnection(
      rows(['a', 'b', 'c']),
      { size: 2, direction: 'backward', cursorId: 'd' },
      9,
    );
    expect(backward.edges.map((edge) => edge.node.id)).toEqual(['b', 'c']);
    expect(backward.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: encodeCursor('b'),
    });

    const empty = toConnection([], { size: 2, direction: 'forward', cursorId: null }, 0);
    expect(empty.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
