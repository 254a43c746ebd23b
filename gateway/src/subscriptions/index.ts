import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { DomainError, ErrorCode, toGraphQLError } from '@schools24/errors';
import {
  accessTokenVerifier,
  sha256Hex,
  tokenRevocations,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import type { GatewayContext } from '../context.js';
import type { GatewayProtection } from '../protection.js';
import { LiveHub, type LiveExecutor, type LiveHubStats } from './hub.js';
import { LIVE_QUERIES, type LiveQueryTable } from './live-queries.js';
import {
  prepareSubscription,
  resolveLiveQueries,
  type ResolvedTable,
  type SubscriptionRequest,
} from './operation.js';
import { createSseHandler, SSE_PATH } from './sse.js';
import type { SubscriberStream } from './stream.js';
import { authenticateSubscriber, executionContext, type Subscriber } from './subscriber.js';
import { attachWebSocketTransport } from './websocket.js';

export {
  LIVE_QUERIES,
  leaderboardScopeKey,
  on,
  type LiveQuery,
  type LiveQueryTable,
} from './live-queries.js';
export { resolveLiveQueries } from './operation.js';
export { SSE_PATH } from './sse.js';
export { WEBSOCKET_PATH } from './websocket.js';
export type { LiveHubStats } from './hub.js';

/** Defaults a deployment rarely changes; tests shorten them. */
export interface LiveSubscriptionSettings {
  /** The live query table; defaults to LIVE_QUERIES. */
  table?: LiveQueryTable;
  /** How often subscribers' tokens are checked for revocation (default 5 s). */
  revocationCheckMs?: number;
}

export interface LiveSubscriptionsOptions extends LiveSubscriptionSettings {
  resources: Resources;
  apollo: ApolloServer<GatewayContext>;
  /** The API schema being served (with the supergraph's `Subscription` type), once loaded. */
  schema: () => GraphQLSchema | undefined;
  protection: GatewayProtection;
}

export interface LiveSubscriptions {
  /** graphql-ws on this server's `/graphql` upgrades. */
  attach(server: Server): void;
  /** Whether a request is for the SSE endpoint (`/graphql/stream`). */
  handles(request: IncomingMessage): boolean;
  serveSse(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Authenticates, validates and authorizes one subscription: its stream, or why it is refused. */
  open(
    identity: RequestIdentity,
    request: SubscriptionRequest,
  ): Promise<SubscriberStream | readonly GraphQLError[]>;
  stats(): LiveHubStats;
  /** Supergraph `Subscription` fields that cannot be served (missing or mismatched table entries). */
  problems(): readonly string[];
  close(): Promise<void>;
}

const REVOCATION_CHECK_MS = 5_000;

/**
 * Subscriptions at the gateway, which @apollo/gateway cannot execute itself: each `Subscription`
 * field is a live view of a `Query` field (LIVE_QUERIES), executed through the gateway's own
 * pipeline (limits, query planning, federation, the subgraphs' authorization) with the subscriber's
 * token, once per group and event, and pushed over graphql-ws or SSE.
 */
export function createLiveSubscriptions(options: LiveSubscriptionsOptions): LiveSubscriptions {
  const { resources, apollo, protection } = options;
  const { config, logger } = resources;
  const verifier = accessTokenVerifier(resources);
  const table = options.table ?? LIVE_QUERIES;
  const resolvedBySchema = new WeakMap<GraphQLSchema, ResolvedTable>();
  const resolve = (schema: GraphQLSchema): ResolvedTable => {
    let resolved = resolvedBySchema.get(schema);
    if (!resolved) {
      resolved = resolveLiveQueries(schema, table);
      for (const problem of resolved.problems) logger.error({ problem }, 'subscription field not served');
      resolvedBySchema.set(schema, resolved);
    }
    return resolved;
  };

  const execute: LiveExecutor = async (prepared, subscriber) => {
    const response = await apollo.executeOperation(
      { query: prepared.query, variables: prepared.variables, operationName: prepared.operationName },
      { contextValue: executionContext(subscriber, logger) },
    );
    if (response.body.kind !== 'single') {
      return { data: null, errors: [{ message: 'Incremental delivery is not available in subscriptions.' }] };
    }
    const { data, errors } = response.body.singleResult;
    return { data: data ?? null, ...(errors ? { errors } : {}) };
  };

  const hub = new LiveHub({
    events: resources.events,
    execute,
    revocations: tokenRevocations(resources),
    logger,
    queueLimit: config.SUBSCRIPTION_QUEUE_LIMIT,
    revocationCheckMs: options.revocationCheckMs ?? REVOCATION_CHECK_MS,
  });

  const authenticate = async (identity: RequestIdentity): Promise<Subscriber> => {
    try {
      return await authenticateSubscriber(verifier, identity);
    } catch (error) {
      // As on HTTP: refused tokens count against the address, so guessing is rate limited.
      await protection.rateLimiter.charge({ ip: identity.clientIp, userId: null });
      throw error;
    }
  };

  const open = async (
    identity: RequestIdentity,
    request: SubscriptionRequest,
  ): Promise<SubscriberStream | readonly GraphQLError[]> => {
    let subscriber: Subscriber;
    try {
      subscriber = await authenticate(identity);
      await protection.rateLimiter.charge({ ip: identity.clientIp, userId: subscriber.viewer.userId });
    } catch (error) {
      if (error instanceof DomainError) return [toGraphQLError(error)];
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const { trustedDocuments } = protection;
    if (
      trustedDocuments &&
      !(typeof request.query === 'string' && trustedDocuments.has(sha256Hex(request.query)))
    ) {
      return [
        new GraphQLError('This API runs only registered operations (trusted documents).', {
          extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
        }),
      ];
    }
    const schema = options.schema();
    if (!schema) {
      return [
        new GraphQLError('Not ready yet; retry shortly.', {
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        }),
      ];
    }
    const prepared = prepareSubscription(schema, resolve(schema), request, protection.limits);
    if (Array.isArray(prepared)) return prepared as readonly GraphQLError[];
    return hub.subscribe(prepared as Exclude<typeof prepared, readonly GraphQLError[]>, subscriber);
  };

  const sse = createSseHandler({
    open,
    keepAliveMs: config.SUBSCRIPTION_KEEPALIVE_MS,
    maxBodyBytes: config.GRAPHQL_MAX_BODY_BYTES,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    logger,
  });
  const transports: { close(): Promise<void> }[] = [];

  return {
    attach(server) {
      transports.push(
        attachWebSocketTransport(server, {
          open,
          authenticate: async (identity) => void (await authenticate(identity)),
          schema: options.schema,
          keepAliveMs: config.SUBSCRIPTION_KEEPALIVE_MS,
          maxPayloadBytes: config.GRAPHQL_MAX_BODY_BYTES,
          trustProxyHops: config.TRUST_PROXY_HOPS,
          production: config.NODE_ENV === 'production',
          logger,
        }),
      );
    },
    handles: (request) => new URL(request.url ?? '/', 'http://localhost').pathname === SSE_PATH,
    serveSse: async (request, response) => {
      try {
        await sse(request, response);
      } catch (error) {
        logger.error({ err: error }, 'SSE request failed');
        if (!response.headersSent) response.writeHead(500).end();
        else response.end();
      }
    },
    open,
    stats: () => hub.stats(),
    problems: () => {
      const schema = options.schema();
      return schema ? resolve(schema).problems : [];
    },
    async close() {
      hub.close();
      await Promise.all(transports.splice(0).map((transport) => transport.close()));
    },
  };
}
