import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** Called once per SQL statement sent to PostgreSQL (tests count queries with it). */
  onQuery?: (sql: string, durationMs: number) => void;
}

export type Database = PrismaClient;

/**
 * Every tenant query runs in a transaction (tenant.ts), and Prisma gives a transaction only 2 s to
 * get a connection and 5 s to finish by default. Plain queries used to wait in the pool's queue
 * without a limit, so a busy pool answered slowly rather than failing; these bounds keep it that
 * way within reason (a request still waiting after 10 s has failed its user anyway).
 */
export const TRANSACTION_MAX_WAIT_MS = 10_000;
export const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * The Prisma 7 client over node-postgres. Repositories reach it only through `tenantDatabase`
 * (tenant.ts); everything else talks to repositories.
 */
export function createDatabase(options: DatabaseOptions): Database {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize });
  const transactionOptions = { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS };
  if (!options.onQuery) return new PrismaClient({ adapter, transactionOptions });
  const onQuery = options.onQuery;
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query, event.duration));
  return client;
}

export async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/**
 * Why row-level security would not hold for the role this client connects as, or null when it
 * holds: superusers and BYPASSRLS roles skip it, and a table's owner (or anyone who can become
 * it, or a bypassing role, through role membership) can switch it off. Servers refuse to start on
 * such a role: a misconfigured DATABASE_URL would otherwise silently drop the second wall between
 * schools.
 */
export async function rowLevelSecurityBypass(db: Database): Promise<string | null> {
  const [role] = await db.$queryRaw<
    { name: string; superuser: boolean; bypassRls: boolean; owner: boolean; memberOfBypass: boolean }[]
  >`
    SELECT r.rolname::text AS name, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
           EXISTS (SELECT 1 FROM pg_class c
                    WHERE c.relrowsecurity AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owner,
           EXISTS (SELECT 1 FROM pg_roles o
                    WHERE o.oid <> r.oid AND (o.rolsuper OR o.rolbypassrls)
                      AND pg_has_role(r.oid, o.oid, 'MEMBER')) AS "memberOfBypass"
      FROM pg_roles r
     WHERE r.rolname = current_user`;
  if (!role) return 'the connected role was not found in pg_roles';
  if (role.superuser) return `it connects as "${role.name}", a superuser`;
  if (role.bypassRls) return `it connects as "${role.name}", which has BYPASSRLS`;
  if (role.owner)
    return `it connects as "${role.name}", which owns the tables (or is a member of their owner)`;
  if (role.memberOfBypass) return `it connects as "${role.name}", a member of a superuser or BYPASSRLS role`;
  return null;
}
