// Shared by the subscription tests: a supergraph with a test subgraph that declares `Subscription`
// fields over existing `Query` fields, the live query table for them, and real clients.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubgraphName } from '@schools24/config';
import type { SubgraphRuntime } from '@schools24/graphql';
import {
  composeSupergraph,
  createGatewayServer,
  SUBGRAPHS,
  type GatewayServer,
  type GatewayServerOptions,
} from '../src/index.js';
import { LIVE_QUERIES, on, type LiveQueryTable } from '../src/subscriptions/index.js';

/**
 * A subgraph of the test's own: `Subscription` fields with exactly the arguments and types of real
 * query fields (`Query.student`, identity, with its ownership rules; `Query.section`, academics).
 * It is never called: the gateway serves these fields by executing the backing queries.
 */
export const LIVE_TEST_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
  type Student @key(fields: "id", resolvable: false) { id: ID! }
  type Section @key(fields: "id", resolvable: false) { id: ID! }
  type Subscription {
    "A student, pushed when they submit or get a grade."
    student(id: ID!): Student @authenticated
    "A section, pushed on its leaderboard events (scope \`section:<id>\`)."
    section(id: ID!): Section @authenticated
  }
`);

/** The real table (the supergraph holds the real subgraphs' live fields too) plus the test's own. */
export const TEST_TABLE: LiveQueryTable = {
  ...LIVE_QUERIES,
  student: {
    query: 'student',
    triggers: [
      on('homeworkSubmitted', (event, args) => event.studentId === args['id']),
      on('homeworkGraded', (event, args) => event.studentId === args['id']),
    ],
    grouping: 'viewer',
    delivery: 'every',
  },
  section: {
    query: 'section',
    triggers: [on('leaderboardChanged', (event, args) => event.scope === `section:${String(args['id'])}`)],
    grouping: { rolesOnly: ['Section.id', 'Section.name', 'Section.displayName'] },
    delivery: 'snapshot',
  },
};

const testSupergraph = composeSupergraph([
  { name: 'live', url: 'http://127.0.0.1:1/graphql', typeDefs: LIVE_TEST_SDL },
]).supergraphSdl;

const liveRuntime: SubgraphRuntime = {
  name: 'live' as SubgraphName,
  schema: buildSubgraphSchema({ typeDefs: LIVE_TEST_SDL }),
  createContext: () => Promise.reject(new Error('the live test subgraph is never called')),
};

/** The gateway under test with the test supergraph and table; `servers` collects what it built. */
export function liveGateway(
  servers: GatewayServer[],
  subscriptions: GatewayServerOptions['subscriptions'] = {},
) {
  return {
    subgraphs: SUBGRAPHS,
    createGatewayServer: async (options: Pick<GatewayServerOptions, 'resources' | 'playground'>) => {
      const server = await createGatewayServer({
        ...options,
        supergraph: { sdl: testSupergraph, subgraphs: { live: liveRuntime } },
        subscriptions: { table: TEST_TABLE, revocationCheckMs: 200, ...subscriptions },
      });
      servers.push(server);
      return server;
    },
  };
}

export interface Received {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** What one subscription received, with arrival times, awaitable. */
export class Collector {
  readonly results: Received[] = [];
  readonly arrivals: number[] = [];
  failure: unknown = undefined;
  completed = false;
  private wake: (() => void) | null = null;

  next = (value: unknown): void => {
    this.results.push(value as Received);
    this.arrivals.push(performance.now());
    this.notify();
  };
  error = (error: unknown): void => {
    this.failure = error;
    this.notify();
  };
  complete = (): void => {
    this.completed = true;
    this.notify();
  };

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Waits until `condition` holds (or fails after `timeoutMs`). */
  async until(
    condition: (collector: this) => boolean,
    timeoutMs = 10_000,
    what = 'condition',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}: ${JSON.stringify({ results: this.results, error: String(this.failure), completed: this.completed })}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Waits for the n-th result (1-based). */
  async result(n: number, timeoutMs = 10_000): Promise<Received> {
    await this.until(
      (collector) => collector.results.length >= n || collector.ended,
      timeoutMs,
      `result ${n}`,
    );
    const result = this.results[n - 1];
    if (!result) throw new Error(`ended before result ${n}: ${String(this.failure)}`);
    return result;
  }

  get ended(): boolean {
    return this.completed || this.failure !== undefined;
  }
}

export interface Subscription {
  collector: Collector;
  unsubscribe(): void;
  dispose(): Promise<void>;
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export function sseUrl(httpUrl: string): string {
  return `${httpUrl}/stream`;
}

/** A real graphql-ws client over a real WebSocket, one connection per subscription. */
export function subscribeOverWebSocket(
  httpUrl: string,
  connectionParams: Record<string, string>,
  query: string,
  variables: Record<string, unknown> = {},
): Subscription & { client: Client } {
  const client = createWsClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    shouldRetry: () => false,
  });
  const collector = new Collector();
  const unsubscribe = client.subscribe({ query, variables }, collector);
  return { client, collector, unsubscribe, dispose: async () => void (await client.dispose()) };
}

/** A real graphql-sse client (distinct connections mode), the Authorization header carrying the token. */
export function subscribeOverSse(
  httpUrl: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown> = {},
): Subscription {
  const client = createSseClient({ url: sseUrl(httpUrl), headers, retryAttempts: 0 });
  const collector = new Collector();
  const unsubscribe = client.subscribe({ query, variables }, collector);
  return {
    collector,
    unsubscribe,
    dispose: async () => {
      unsubscribe();
      client.dispose();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const codesOf = (received: Received | undefined) =>
  (received?.errors ?? []).map((error) => error.extensions?.['code']);
