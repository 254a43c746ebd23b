import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from './client.js';
import type { Prisma } from './generated/prisma/client.js';

/*
 * The one way the application reads and writes tenant data. PostgreSQL's row-level security shows
 * the app role only the rows of the school named by the transaction-local setting `app.school_id`
 * (migration `tenant_rls`); outside such a transaction it sees no tenant rows at all. This module
 * sets it, in one of two ways:
 *
 * - `forTenant(db, schoolId)`: a client whose every operation (model operations and `$queryRaw` /
 *   `$executeRaw`) runs as its own batch transaction `BEGIN; set_config(...); <operation>; COMMIT`.
 *   A DataLoader batch is one operation, so it stays one transaction.
 * - `withTenant(db, schoolId, async (tx) => …)`: one interactive transaction with the setting made
 *   once at its start; every statement on `tx` is inside it.
 *
 * The pitfall of Prisma's row-level-security example (prisma-client-extensions#55): a per-operation
 * wrapper used inside an explicit transaction opens its own transaction on another connection, so
 * the work escapes the explicit one (no rollback, and possibly another tenant setting). Here that
 * cannot happen silently: the tenant client has no `$transaction` (by type), `withTenant` hands its
 * callback the plain transaction client (no wrapper), and a tenant client used anyway while a
 * `withTenant` callback runs throws `TenantScopeError` instead of escaping (an async-context check).
 */

/** The model delegates of the client, e.g. `user`, `academicYear`. */
type ModelKey = Uncapitalize<Prisma.ModelName>;

/** What tenant-scoped code may use: the models and parameterized raw SQL. No `$transaction`. */
export type TenantClient = Pick<ReturnType<typeof buildTenantClient>, ModelKey | '$queryRaw' | '$executeRaw'>;

/** The client inside `withTenant`: one open transaction with the tenant already set. */
export type TenantTransaction = Pick<Prisma.TransactionClient, ModelKey | '$queryRaw' | '$executeRaw'>;

export interface TenantTransactionOptions {
  /** Longest the transaction may run, in ms (default TRANSACTION_TIMEOUT_MS). */
  timeout?: number;
  /** Longest to wait for a connection and BEGIN, in ms (default TRANSACTION_MAX_WAIT_MS). */
  maxWait?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/** Misuse of the tenant API: a bad school id, or a tenant client inside `withTenant`. */
export class TenantScopeError extends Error {
  override readonly name = 'TenantScopeError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The school of the `withTenant` callback running in this async context, if any. */
const openTenantTransaction = new AsyncLocalStorage<string>();

/** Extended clients are not free to build (~50 µs), so the recent tenants' are kept. */
const CLIENTS_PER_DATABASE = 1024;
const clients = new WeakMap<Database, Map<string, TenantClient>>();

function checkedSchoolId(schoolId: string): string {
  if (!UUID.test(schoolId)) throw new TenantScopeError(`Not a school id: ${JSON.stringify(schoolId)}`);
  return schoolId.toLowerCase();
}

function setTenant(client: Pick<Database, '$executeRaw'>, schoolId: string) {
  // Third argument true: local to the transaction, so a pooled connection never carries it over.
  return client.$executeRaw`SELECT set_config('app.school_id', ${schoolId}, true)`;
}

function buildTenantClient(db: Database, schoolId: string) {
  return db.$extends({
    name: 'tenant',
    query: {
      async $allOperations({ args, query }) {
        const open = openTenantTransaction.getStore();
        if (open !== undefined) {
          throw new TenantScopeError(
            'A forTenant() client was used inside withTenant(): it would run outside the open ' +
              'transaction. Use the transaction client the callback receives.',
          );
        }
        const [, result] = await db.$transaction([setTenant(db, schoolId), query(args)]);
        return result;
      },
    },
  });
}

/**
 * A client that sees only `schoolId`'s rows: each operation is its own transaction with
 * `app.school_id` set. Cheap to call per query (clients are cached per school).
 */
export function forTenant(db: Database, schoolId: string): TenantClient {
  const id = checkedSchoolId(schoolId);
  let cache = clients.get(db);
  if (!cache) {
    cache = new Map();
    clients.set(db, cache);
  }
  let client = cache.get(id);
  if (client) {
    // Least recently used goes first: re-insert to mark it used.
    cache.delete(id);
  } else {
    client = buildTenantClient(db, id);
    if (cache.size >= CLIENTS_PER_DATABASE) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }
  cache.set(id, client);
  return client;
}

/**
 * Runs `work` in one interactive transaction as `schoolId`: the setting is made once, first, and
 * every statement on `tx` sees only that school. Use it when several writes must commit together.
 * Nested calls, and tenant clients inside `work`, throw rather than run outside the transaction.
 */
export async function withTenant<T>(
  db: Database,
  schoolId: string,
  work: (tx: TenantTransaction) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  const id = checkedSchoolId(schoolId);
  const open = openTenantTransaction.getStore();
  if (open !== undefined) {
    throw new TenantScopeError(
      'withTenant() inside withTenant(): nested transactions are not supported; pass the outer ' +
        'transaction client down instead.',
    );
  }
  return db.$transaction(async (tx) => {
    await setTenant(tx, id);
    return openTenantTransaction.run(id, () => work(tx));
  }, options);
}

/**
 * Tenant-scoped data access for repositories: everything they may do, and nothing that reaches
 * tenant rows without a tenant. `withoutTenant` runs raw SQL with no tenant set, which row-level
 * security answers with no tenant rows; it exists for the few SECURITY DEFINER lookups that must
 * run before a tenant is known (sign-in finding a school by its code).
 */
export interface TenantDatabase {
  forTenant(schoolId: string): TenantClient;
  withTenant<T>(
    schoolId: string,
    work: (tx: TenantTransaction) => Promise<T>,
    options?: TenantTransactionOptions,
  ): Promise<T>;
  readonly withoutTenant: Pick<Database, '$queryRaw'>;
}

export function tenantDatabase(db: Database): TenantDatabase {
  return {
    forTenant: (schoolId) => forTenant(db, schoolId),
    withTenant: (schoolId, work, options) => withTenant(db, schoolId, work, options),
    withoutTenant: db,
  };
}
