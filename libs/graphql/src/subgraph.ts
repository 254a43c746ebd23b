import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { SubgraphName } from '@schools24/config';
import { createFormatError, DomainError, toGraphQLError } from '@schools24/errors';
import {
  FORWARDED_FOR_HEADER,
  readRequestIdentity,
  type RequestContextBase,
  type RequestIdentity,
} from './context.js';
import { createGraphQLHttpHandler, type HttpRoutes } from './http.js';
import { readinessChecks, type Resources } from './resources.js';
import { applyAuthorization, type AuthorizationPolicies } from './authorization.js';
import { scalarResolvers } from './scalars.js';
import { rateLimitedStatusPlugin } from './rate-limit.js';

/** A subgraph ready to execute: its schema and how to build a request context for it. */
export interface SubgraphRuntime<TContext extends RequestContextBase = RequestContextBase> {
  name: SubgraphName;
  schema: GraphQLSchema;
  /**
   * Builds the per-request context (fresh DataLoaders) from the request's identity, verifying its
   * access token itself (zero trust); throws UNAUTHENTICATED or FORBIDDEN. `verifiedInProcess` is
   * the same request as the gateway verified it in THIS process (all-in-one): the same verifier and
   * revocation cache would answer the same a moment later, so it is taken as is. Nothing that came
   * over a network may be passed here.
   */
  createContext(identity: RequestIdentity, verifiedInProcess?: RequestContextBase): Promise<TContext>;
  /** Extra HTTP routes the subgraph serves next to /graphql (e.g. identity's JWKS). */
  routes?: HttpRoutes;
}

export type SubgraphFactory<TContext extends RequestContextBase = RequestContextBase> = (
  resources: Resources,
) => SubgraphRuntime<TContext>;

export interface SubgraphSchemaParts<TContext = unknown> {
  typeDefs: DocumentNode;
  /**
   * Codegen's resolver map. Its types are stricter than @apollo/subgraph's loose map (they also
   * carry `__resolveReference`), so it is accepted as an object and checked by codegen instead.
   */
  resolvers: object;
  /** Policies the SDL's `@policy` directives name (`public` is built in). */
  policies?: AuthorizationPolicies<TContext>;
}

/**
 * The subgraph schema with its SDL authorization rules enforced before any resolver runs; building
 * fails if any field is left without a rule (see authorization.ts).
 */
export function buildFederatedSchema<TContext = unknown>(
  parts: SubgraphSchemaParts<TContext>,
): GraphQLSchema {
  return applyAuthorization(
    buildSubgraphSchema({
      typeDefs: parts.typeDefs,
      resolvers: { ...scalarResolvers, ...parts.resolvers } as GraphQLResolverMap<unknown>,
    }),
    parts.policies,
  );
}

/** The error formatter every server in the product uses. */
export function productFormatError(resources: Pick<Resources, 'config' | 'logger'>) {
  return createFormatError({
    maskInternalErrors: resources.config.NODE_ENV === 'production',
    onInternalError: (errorId, error) => resources.logger.error({ err: error, errorId }, 'internal error'),
  });
}

/**
 * Context errors (a malformed header, a bad token, another school) become client errors with the
 * right status (400, 401, 403), answered before any planning or resolving.
 */
export async function contextOrClientError<T>(build: () => T | Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof DomainError) throw toGraphQLError(error);
    throw error;
  }
}

/** Serves one subgraph over HTTP on its own port (the distributed topology). */
export async function serveSubgraph<TContext extends RequestContextBase>(
  runtime: SubgraphRuntime<TContext>,
  resources: Resources,
  port: number,
): Promise<{ server: Server; stop: () => Promise<void> }> {
  const apollo = new ApolloServer<TContext>({
    schema: runtime.schema,
    formatError: productFormatError(resources),
    includeStacktraceInErrorResponses: resources.config.NODE_ENV !== 'production',
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      rateLimitedStatusPlugin(),
    ],
    // runProcess owns SIGTERM: drain, close pools, exit. Apollo's handler would re-kill the process first.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const handler = createGraphQLHttpHandler<TContext>({
    server: apollo,
    logger: resources.logger,
    readiness: readinessChecks(resources),
    ...(runtime.routes ? { routes: runtime.routes } : {}),
    context: (request) =>
      contextOrClientError(() => {
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        // Subgraphs sit behind the gateway, which sets the client's address in this header.
        const forwarded = header(FORWARDED_FOR_HEADER)?.split(',')[0]?.trim();
        return runtime.createContext(
          readRequestIdentity(header, forwarded || request.socket.remoteAddress || null),
        );
      }),
  });
  const server = createServer((request, response) => void handler(request, response));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resources.config.HOST, () => resolve());
  });
  return {
    server,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
