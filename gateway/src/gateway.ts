import { createServer, type Server } from 'node:http';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '@schools24/config';
import {
  AUTHORIZATION_HEADER,
  contextOrClientError,
  createGraphQLHttpHandler,
  createRequestAuthenticator,
  FORWARDED_FOR_HEADER,
  productFormatError,
  productionErrors,
  rateLimitedStatusPlugin,
  readinessChecks,
  readRequestIdentity,
  REQUEST_ID_HEADER,
  requestLogPlugin,
  SCHOOL_ID_HEADER,
  type HttpRoutes,
  type RequestContextBase,
  type Resources,
  type SubgraphRuntime,
} from '@schools24/graphql';
import type { GatewayContext } from './context.js';
import { InProcessDataSource } from './in-process-data-source.js';
import { renderPlayground, type PlaygroundOptions } from './playground.js';
import { clientAddress, createGatewayProtection, type GatewayProtection } from './protection.js';
import { SUBGRAPHS } from './subgraphs.js';
import { readSupergraphSdl } from './supergraph.js';
import { createUndiciFetcher } from './undici-fetcher.js';
import {
  createLiveSubscriptions,
  type LiveSubscriptions,
  type LiveSubscriptionSettings,
} from './subscriptions/index.js';

/**
 * Forwards the request's identity to a remote subgraph: the raw access token, which the subgraph
 * verifies again (zero trust), the requested school, and the client's address.
 */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http || !('requestId' in context)) return;
    const { headers } = request.http;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.token) headers.set(AUTHORIZATION_HEADER, `Bearer ${context.token}`);
    if (context.requestedSchoolId) headers.set(SCHOOL_ID_HEADER, context.requestedSchoolId);
    if (context.clientIp) headers.set(FORWARDED_FOR_HEADER, context.clientIp);
  }

  /**
   * A subgraph shedding load answers 429 with a GraphQL body: pass its error (RATE_LIMITED,
   * retryAfterSeconds) on, so the client gets the same 429 through the gateway, instead of the
   * generic "429: Too Many Requests" that would be masked as an internal error.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status === 429) {
      const body: unknown = await response.json().catch(() => null);
      const first = isGraphQLErrorBody(body) ? body.errors[0] : undefined;
      if (first) return new GraphQLError(first.message, { extensions: first.extensions ?? {} });
    }
    return super.errorFromResponse(response);
  }
}

function isGraphQLErrorBody(
  body: unknown,
): body is { errors: [{ message: string; extensions?: Record<string, unknown> }] } {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors))
    return false;
  const [first]: unknown[] = body.errors;
  return (
    typeof first === 'object' && first !== null && 'message' in first && typeof first.message === 'string'
  );
}

export interface GatewayServerOptions {
  resources: Resources;
  /** Serve the offline GraphiQL page at GET /graphql. Defaults to on outside production. */
  playground?: PlaygroundOptions | false;
  /** Subscription settings (the live query table, revocation checks); tests shorten them. */
  subscriptions?: LiveSubscriptionSettings;
  /**
   * Serve another composed supergraph (tests compose one with a subgraph of their own); its extra
   * subgraphs are hosted in this process.
   */
  supergraph?: { sdl: string; subgraphs?: Readonly<Record<string, SubgraphRuntime>> };
}

export interface GatewayServer {
  /** The node:http request handler (GraphQL, /health, /ready, /metrics). */
  handler: ReturnType<typeof createGraphQLHttpHandler<GatewayContext>>;
  apollo: ApolloServer<GatewayContext>;
  /** Operation limits, persisted queries and rate limits in force. */
  protection: GatewayProtection;
  /** Subgraphs hosted in this process (all-in-one), by name. */
  runtimes: Partial<Record<SubgraphName, SubgraphRuntime>>;
  /** Subscriptions over graphql-ws (`/graphql`) and SSE (`/graphql/stream`), on the same port. */
  subscriptions: LiveSubscriptions;
  listen(port: number, host: string): Promise<Server>;
  stop(): Promise<void>;
}

/**
 * The gateway over the checked-in supergraph. All-in-one: the subgraphs run inside this process
 * and are called without an HTTP hop. Distributed: each subgraph is its own service, reached over
 * keep-alive HTTP.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { resources } = options;
  const { config } = resources;
  const production = config.NODE_ENV === 'production';
  const productErrors = productFormatError(resources);
  const formatError = production ? productionErrors(productErrors) : productErrors;
  const runtimes: Partial<Record<SubgraphName, SubgraphRuntime>> = {};
  const remote = config.TOPOLOGY === 'distributed' ? createUndiciFetcher() : undefined;

  if (!remote) {
    for (const name of SUBGRAPH_NAMES) runtimes[name] = SUBGRAPHS[name].factory(resources);
  }

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraph?.sdl ?? readSupergraphSdl(),
    buildService: ({ name }): GraphQLDataSource<GatewayContext> => {
      const subgraph = name as SubgraphName;
      const runtime = runtimes[subgraph] ?? options.supergraph?.subgraphs?.[name];
      if (runtime) return new InProcessDataSource(runtime, formatError);
      if (!remote) throw new Error(`Unknown subgraph ${name} in the supergraph`);
      return new ForwardingDataSource({ url: subgraphUrl(config, subgraph), fetcher: remote.fetcher });
    },
  });

  const protection = createGatewayProtection(resources);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // Over-limit operations fail parsing or validation, before planning; validated documents are
    // cached by Apollo, so the rules run once per distinct document.
    parseOptions: protection.limits.parseOptions,
    validationRules: [...protection.limits.validationRules],
    persistedQueries: protection.persistedQueries,
    // Apollo Server 5's default, stated: GET and simple POSTs need a header a browser form cannot set.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      requestLogPlugin<GatewayContext>(),
      rateLimitedStatusPlugin(),
      ...protection.limits.plugins,
    ],
    // runProcess owns SIGTERM: drain, close pools, exit. Apollo's handler would re-kill the process first.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const playgroundEnabled = options.playground !== false && (config.PLAYGROUND ?? !production);
  // In-process subgraphs' routes (identity's JWKS) are the gateway's to serve.
  const routes: HttpRoutes = Object.assign(
    {},
    ...Object.values(runtimes).map((runtime) => runtime.routes ?? {}),
  );
  const authenticate = createRequestAuthenticator(resources);
  const { rateLimiter } = protection;
  const handler = createGraphQLHttpHandler<GatewayContext>({
    server: apollo,
    logger: resources.logger,
    readiness: readinessChecks(resources),
    routes,
    ...(playgroundEnabled ? { playgroundHtml: renderPlayground(options.playground || {}) } : {}),
    maxBodyBytes: config.GRAPHQL_MAX_BODY_BYTES,
    ...(protection.gate ? { gate: protection.gate } : {}),
    // A bad token or a foreign school is refused here (401/403), and a request over its rate limit
    // (429), before parsing or planning.
    context: (request) =>
      contextOrClientError(async () => {
        const identity = readRequestIdentity(
          (name) => {
            const value = request.headers[name];
            return Array.isArray(value) ? value[0] : value;
          },
          clientAddress(request.headers, request.socket.remoteAddress ?? null, config.TRUST_PROXY_HOPS),
        );
        let verified: RequestContextBase;
        try {
          verified = await authenticate(identity);
        } catch (error) {
          // Refused tokens count against the address too: guessing is rate limited.
          await rateLimiter.charge({ ip: identity.clientIp, userId: null });
          throw error;
        }
        // One pipelined Redis round trip for both counters, after the token is known to be genuine
        // (an unverified user id would let anyone spend another user's budget).
        await rateLimiter.charge({ ip: identity.clientIp, userId: verified.viewer?.userId ?? null });
        return { ...identity, ...verified };
      }),
  });

  const subscriptions = createLiveSubscriptions({
    ...options.subscriptions,
    resources,
    apollo,
    protection,
    schema: () => gateway.schema,
  });

  let server: Server | undefined;
  return {
    handler,
    apollo,
    protection,
    runtimes,
    subscriptions,
    async listen(port, host) {
      const httpServer = createServer((request, response) => {
        if (subscriptions.handles(request)) void subscriptions.serveSse(request, response);
        else void handler(request, response);
      });
      subscriptions.attach(httpServer);
      httpServer.keepAliveTimeout = 65_000;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      server = httpServer;
      return httpServer;
    },
    async stop() {
      // Open WebSockets and event streams would keep close() waiting: end them first.
      await subscriptions.close();
      const httpServer = server;
      if (httpServer) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await apollo.stop();
      await remote?.close();
    },
  };
}
