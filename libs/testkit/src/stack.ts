import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type ExecutionResult } from 'graphql';
import { config, parseConfig, SUBGRAPH_NAMES, type Config, type SubgraphName } from '@schools24/config';
import { createDatabase } from '@schools24/db';
import {
  closeResources,
  openLiveResources,
  REQUEST_ID_HEADER,
  SCHOOL_ID_HEADER,
  serveSubgraph,
  type Resources,
  type SubgraphFactory,
} from '@schools24/graphql';
import { rootLogger } from '@schools24/logger';
import { createRedis, tenantKey } from '@schools24/redis';
import { schoolAdminToken } from './auth.js';

/** The statements every tenant transaction adds around its queries (see @schools24/db's tenant.ts). */
const TENANT_TRANSACTION_STATEMENT = /^\s*(BEGIN|COMMIT|ROLLBACK)\b|^\s*SELECT set_config\('app\.school_id'/i;

/**
 * Counts the SQL statements the stack sends, so tests can prove batching (no N+1). `statements`
 * are the queries proper; the transaction each runs in to set the tenant (BEGIN, set_config,
 * COMMIT) is counted apart, in `tenantTransactions` (one per set_config).
 */
export class SqlCounter {
  statements: string[] = [];
  tenantTransactions = 0;
  get count(): number {
    return this.statements.length;
  }
  record(sql: string): void {
    if (!TENANT_TRANSACTION_STATEMENT.test(sql)) this.statements.push(sql);
    else if (/set_config/i.test(sql)) this.tenantTransactions += 1;
  }
  reset(): void {
    this.statements = [];
    this.tenantTransactions = 0;
  }
}

export interface GraphQLResponse<TData> {
  status: number;
  headers: Headers;
  body: ExecutionResult<TData> & { errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export interface RequestOptions {
  /**
   * Act in this school. Without `token`, the request is signed in as the school's admin (a token
   * signed with this process's key), so tests about data need not sign in; omit both for an
   * anonymous request.
   */
  schoolId?: string | null;
  /** A bearer access token (sent as `Authorization: Bearer …`). */
  token?: string;
  headers?: Record<string, string>;
}

type Operation<TData, TVariables> = TypedDocumentNode<TData, TVariables> | DocumentNode | string;

/** A running server under test, reached over real HTTP like a client would. */
export interface TestEndpoint {
  url: string;
  /**
   * For the test itself: the stack's config, Redis and logger, with `db` connected as the ADMIN
   * (the tables' owner, which row-level security does not restrict): seed fixtures and check the
   * database with it.
   */
  resources: Resources;
  /** What the servers run on: the same, with `db` connected as the app role, under row-level security. */
  app: Resources;
  sql: SqlCounter;
  graphql<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    document: Operation<TData, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TData>>;
  stop(): Promise<void>;
}

export async function postGraphQL<TData>(
  url: string,
  document: DocumentNode | string,
  variables: unknown = {},
  options: RequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [REQUEST_ID_HEADER]: `test-${Math.random().toString(36).slice(2)}`,
      ...(options.schoolId ? { [SCHOOL_ID_HEADER]: options.schoolId } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<TData>['body'],
  };
}

export function serverUrl(server: Server, path = '/graphql'): string {
  const address: AddressInfo | string | null = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `http://127.0.0.1:${address.port}${path}`;
}

export interface TestResources {
  /** What a server under test runs on: the app role (with an SQL counter) and the real Redis. */
  app: Resources;
  /** The same with the admin connection as `db`, for fixtures and checks. */
  admin: Resources;
  sql: SqlCounter;
}

/** Process resources for tests: the test database as the app role and as the admin, and Redis. */
export async function openTestResources(overrides: Partial<Config> = {}): Promise<TestResources> {
  const base = { ...config(), ...overrides };
  const sql = new SqlCounter();
  const db = createDatabase({
    url: base.DATABASE_URL,
    poolSize: base.DATABASE_POOL_SIZE,
    onQuery: (query) => sql.record(query),
  });
  const adminDb = createDatabase({ url: base.DATABASE_ADMIN_URL, poolSize: 4 });
  const redis = createRedis(base.REDIS_URL);
  await redis.connect();
  const logger = rootLogger();
  const app: Resources = {
    config: base,
    db,
    redis,
    logger,
    ...(await openLiveResources(base, redis, logger)),
  };
  return { app, admin: { ...app, db: adminDb }, sql };
}

function endpoint(url: string, resources: TestResources, stop: () => Promise<void>): TestEndpoint {
  return {
    url,
    resources: resources.admin,
    app: resources.app,
    sql: resources.sql,
    graphql: async (document, variables, options = {}) => {
      const signedIn =
        options.token !== undefined ||
        Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
      const token =
        !signedIn && options.schoolId
          ? await schoolAdminToken(resources.admin, options.schoolId)
          : options.token;
      return postGraphQL(url, document, variables ?? {}, { ...options, ...(token ? { token } : {}) });
    },
    stop,
  };
}

/** One subgraph served on a free port, as in the distributed topology. */
export async function startSubgraphStack(
  factory: SubgraphFactory,
  overrides: Partial<Config> = {},
): Promise<TestEndpoint> {
  const resources = await openTestResources(overrides);
  const served = await serveSubgraph(factory(resources.app), resources.app, 0);
  return endpoint(serverUrl(served.server), resources, async () => {
    await served.stop();
    await closeTestResources(resources);
  });
}

/** What the testkit needs of the gateway package (passed in, so libs never import the app). */
export interface GatewayUnderTest {
  createGatewayServer(options: {
    resources: Resources;
    playground?: object | false;
  }): Promise<{ listen(port: number, host: string): Promise<Server>; stop(): Promise<void> }>;
  subgraphs: Record<SubgraphName, { factory: SubgraphFactory }>;
}

/**
 * The whole product in this process against the real PostgreSQL and Redis: the gateway on a free
 * port and, in the distributed topology, every subgraph on its own free port behind it.
 */
export async function startGatewayStack(
  gateway: GatewayUnderTest,
  topology: Config['TOPOLOGY'] = 'all-in-one',
  /** e.g. `{ DATABASE_POOL_SIZE: 2 }` to run the stack on a small connection pool. */
  overrides: Partial<Config> = {},
): Promise<TestEndpoint & { subgraphUrls: Partial<Record<SubgraphName, string>> }> {
  const opened = await openTestResources(overrides);
  const shared = opened.app;
  const stops: (() => Promise<void>)[] = [];
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  let stackConfig: Config = { ...shared.config, TOPOLOGY: topology };
  if (topology === 'distributed') {
    for (const name of SUBGRAPH_NAMES) {
      const served = await serveSubgraph(gateway.subgraphs[name].factory(shared), shared, 0);
      subgraphUrls[name] = serverUrl(served.server);
      stops.push(served.stop);
    }
    stackConfig = {
      ...stackConfig,
      ...parseConfig({
        IDENTITY_URL: subgraphUrls.identity,
        ACADEMICS_URL: subgraphUrls.academics,
        FINANCE_URL: subgraphUrls.finance,
        COMMS_URL: subgraphUrls.comms,
        INSIGHT_URL: subgraphUrls.insight,
      }),
      TOPOLOGY: 'distributed',
      NODE_ENV: shared.config.NODE_ENV,
      LOG_LEVEL: shared.config.LOG_LEVEL,
      DATABASE_URL: shared.config.DATABASE_URL,
      DATABASE_ADMIN_URL: shared.config.DATABASE_ADMIN_URL,
      DATABASE_POOL_SIZE: shared.config.DATABASE_POOL_SIZE,
    };
  }
  const resources: TestResources = {
    app: { ...shared, config: stackConfig },
    admin: { ...opened.admin, config: stackConfig },
    sql: opened.sql,
  };
  const server = await gateway.createGatewayServer({ resources: resources.app, playground: {} });
  const http = await server.listen(0, '127.0.0.1');
  return {
    ...endpoint(serverUrl(http), resources, async () => {
      await server.stop();
      for (const stop of stops) await stop();
      await closeTestResources(resources);
    }),
    subgraphUrls,
  };
}

export async function closeTestResources(resources: TestResources): Promise<void> {
  await Promise.allSettled([resources.admin.db.$disconnect(), closeResources(resources.app)]);
}

/**
 * Empties one tenant's cached data, so the next request reads PostgreSQL (a "cold" request). The
 * tenant's auth keys (revocation instants, sign-in failure counts) are state, not cached data:
 * they stay, so a cold request still verifies its token without a query.
 */
export async function clearTenantCache(
  resources: Pick<Resources, 'redis'>,
  schoolId: string,
): Promise<number> {
  let cursor = '0';
  let removed = 0;
  const authPrefix = tenantKey(schoolId, 'auth', '');
  do {
    const [next, keys] = await resources.redis.scan(cursor, 'MATCH', tenantKey(schoolId, '*'), 'COUNT', 1000);
    cursor = next;
    const data = keys.filter((key) => !key.startsWith(authPrefix));
    if (data.length > 0) removed += await resources.redis.del(...data);
  } while (cursor !== '0');
  return removed;
}
