import { isUuid } from './context.js';
import { badInput } from '@schools24/errors';

/** Page size when the client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** The most items one page may hold; larger requests are refused, not silently truncated. */
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A validated page request over a keyset ordered by the repository. `take` is signed the way Prisma
 * expects: positive reads forward from the cursor, negative reads backward.
 */
export interface PageRequest {
  size: number;
  direction: 'forward' | 'backward';
  cursorId: string | null;
}

const CURSOR_PREFIX = 'c1:';

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argument: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || !isUuid(decoded.slice(CURSOR_PREFIX.length))) {
    throw badInput(`\`${argument}\` is not a cursor this API issued`, { argument });
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

export function parsePageRequest(args: ConnectionArgs): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw badInput('Pass `first` or `last`, not both');
  if (after != null && before != null) throw badInput('Pass `after` or `before`, not both');
  if (last != null && after != null) throw badInput('`after` pages forward: use it with `first`');
  if (first != null && before != null) throw badInput('`before` pages backward: use it with `last`');
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)) {
      throw badInput(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}`, {
        argument: name,
        max: MAX_PAGE_SIZE,
      });
    }
  }
  if (last != null || before != null) {
    return {
      size: last ?? DEFAULT_PAGE_SIZE,
      direction: 'backward',
      cursorId: before != null ? decodeCursor(before, 'before') : null,
    };
  }
  return {
    size: first ?? DEFAULT_PAGE_SIZE,
    direction: 'forward',
    cursorId: after != null ? decodeCursor(after, 'after') : null,
  };
}

/** The Prisma `take`/`skip`/`cursor` arguments for a page: one extra row tells whether more exist. */
export function prismaPageArgs(page: PageRequest): { take: number; skip?: number; cursor?: { id: string } } {
  const take = (page.size + 1) * (page.direction === 'forward' ? 1 : -1);
  return page.cursorId ? { take, skip: 1, cursor: { id: page.cursorId } } : { take };
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

/** Builds a connection from rows fetched with `prismaPageArgs` (in the repository's order). */
export function toConnection<T extends { id: string }>(
  rows: T[],
  page: PageRequest,
  totalCount: number,
): Connection<T> {
  const hasMore = rows.length > page.size;
  const pageRows = hasMore ? (page.direction === 'forward' ? rows.slice(0, page.size) : rows.slice(1)) : rows;
  const edges = pageRows.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.direction === 'forward' ? hasMore : page.cursorId !== null,
      hasPreviousPage: page.direction === 'backward' ? hasMore : page.cursorId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

export type PrismaPageArgs = ReturnType<typeof prismaPageArgs>;

/**
 * Runs a repository's page query and count together and builds the connection. `fetch` must apply
 * the given args to a findMany with a total order ending in `id`.
 */
export async function paginate<T extends { id: string }>(
  page: PageRequest,
  fetch: (args: PrismaPageArgs) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Connection<T>> {
  const [rows, totalCount] = await Promise.all([fetch(prismaPageArgs(page)), count()]);
  return toConnection(rows, page, totalCount);
}

/** Drops keys that are not UUIDs, so a malformed id is simply "not found" rather than a SQL error. */
export function onlyUuids(ids: readonly string[]): string[] {
  return ids.filter((id) => isUuid(id));
}
