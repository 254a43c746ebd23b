/*
 * The driver adapter the Prisma 6 CLI's WASM schema engine runs on (prisma6.config.ts). Prisma's
 * native engine cannot be downloaded here and @prisma/adapter-pg alone is not enough for migrations:
 * - PostgreSQL catalog columns of type "char" or name make it throw "could not be deserialized"
 *   (prisma/orm#27403; 7.10 fixed name only), so this reports both as text;
 * - its shadow database reuses the main database when given a connection string and is never
 *   dropped, so this creates and drops its own;
 * - its executeScript splits scripts on every ";", breaking functions and DO blocks in hand-written
 *   migrations, so this sends the whole script at once, as Prisma's native engine does;
 * - its pools keep the CLI alive ~10 s after the work is done unless they may exit on idle.
 */
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '@schools24/db';

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

const TEXT_OID = 25;
/** OIDs of "char" and name, which node-postgres already returns as strings. */
const CATALOG_TEXT_OIDS = new Set([18, 19]);

export class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly databaseUrl: string) {
    super({ connectionString: databaseUrl, allowExitOnIdle: true });
  }

  override async connect(): Promise<PgAdapter> {
    return adapt(await super.connect());
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const url = new URL(this.databaseUrl);
    url.pathname = `/prisma_shadow_${process.pid}_${randomBytes(4).toString('hex')}`;
    const shadowUrl = url.toString();
    await ensureDatabase(shadowUrl);
    const pool = new pg.Pool({ connectionString: shadowUrl, allowExitOnIdle: true });
    const adapter = adapt(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await dropDatabase(shadowUrl);
    };
    return adapter;
  }
}

function adapt(adapter: PgAdapter): PgAdapter {
  reportCatalogTypesAsText(adapter.underlyingDriver());
  // No arguments: node-postgres then uses the simple protocol, which runs multi-statement scripts.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/**
 * Rewrites result column types on every connection of the pool before adapter-pg maps them.
 * pg.Pool#query calls the client with a callback, adapter-pg's transactions without one.
 */
function reportCatalogTypesAsText(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.defineProperty(client, 'query', {
      value: (...args: unknown[]) => {
        const callback = args.at(-1);
        if (typeof callback === 'function') {
          args[args.length - 1] = (error: unknown, result: unknown) => callback(error, retypeFields(result));
        }
        const result = query(...args);
        return result instanceof Promise ? result.then(retypeFields) : result;
      },
    });
  });
}

function retypeFields(result: unknown): unknown {
  // A failed query calls back with an error and no result: nothing to rewrite.
  if (result == null) return result;
  for (const single of Array.isArray(result) ? result : [result]) {
    const fields = (single as Partial<pg.QueryResult> | null | undefined)?.fields ?? [];
    for (const field of fields) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}
