import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { SubgraphName } from '@schools24/config';
import { createFormatError, DomainError, toGraphQLError } from '@schools24/errors';
import { readRequestIdentity, type RequestContextBase, type RequestIdentity } from './context.js';
import { createGraphQLHttpHandler } from './http.js';
import { readinessChecks, type Resources } from './resources.js';
import { scalarResolvers } from './scalars.js';

/** A subgraph ready to execute: its schema and how to build a request context for it. */
export interface SubgraphRuntime<TContext extends RequestContextBase = RequestContextBase> {
  name: SubgraphName;
  schema: GraphQLSchema;
  /** Builds the per-request context (fresh DataLoaders) from the request's identity. */
  createContext(identity: RequestIdentity): TContext;
}

export type SubgraphFactory<TContext extends RequestContextBase = RequestContextBase> = (
  resources: Resources,
) => SubgraphRuntime<TContext>;

export interface SubgraphSchemaParts {
  typeDefs: DocumentNode;
  /**
   * Codegen's resolver map. Its types are stricter than @apollo/subgraph's loose map (they also
   * carry `__resolveReference`), so it is accepted as an object and checked by codegen instead.
   */
  resolvers: object;
}

export function buildFederatedSchema(parts: SubgraphSchemaParts): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parts.typeDefs,
    resolvers: { ...scalarResolvers, ...parts.resolvers } as GraphQLResolverMap<unknown>,
  });
}

/** The error formatter every server in the product uses. */
export function productFormatError(resources: Pick<Resources, 'config' | 'logger'>) {
  return createFormatError({
    maskInternalErrors: resources.config.NODE_ENV === 'production',
    onInternalError: (errorId, error) => resources.logger.error({ err: error, errorId }, 'internal error'),
  });
}

/** Context errors (e.g. a malformed tenant header) become client errors with the right status. */
export function contextOrClientError<T>(build: () => T): T {
  try {
    return build();
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
    plugins: [ApolloServerPluginLandingPageDisabled()],
    // runProcess owns SIGTERM: drain, close pools, exit. Apollo's handler would re-kill the process first.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const handler = createGraphQLHttpHandler<TContext>({
    server: apollo,
    logger: resources.logger,
    readiness: readinessChecks(resources),
    context: async (request) =>
      contextOrClientError(() =>
        runtime.createContext(
          readRequestIdentity((name) => {
            const value = request.headers[name];
            return Array.isArray(value) ? value[0] : value;
          }),
        ),
      ),
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
