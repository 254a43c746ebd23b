import { DomainError, ErrorCode } from '@schools24/errors';

/**
 * For relations the database guarantees (foreign keys): a miss means the row was deleted while the
 * request ran, or a cached parent outlived it; say so instead of breaking a non-null field silently.
 */
export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `${what} no longer exists`);
  return found;
}
