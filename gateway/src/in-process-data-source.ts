import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  execute,
  parse,
  validate,
  type DocumentNode,
  GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import { DomainError, toGraphQLError } from '@schools24/errors';
import type { RequestContextBase, SubgraphRuntime } from '@schools24/graphql';
import type { GatewayContext } from './context.js';

/** Query plans reuse a small set of subgraph operations; this bounds memory if clients vary wildly. */
const MAX_CACHED_DOCUMENTS = 2_000;

type Prepared = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/**
 * Executes a subgraph in the gateway's own process (all-in-one topology): no HTTP hop. Unlike
 * Apollo's LocalGraphQLDataSource it parses and validates each distinct subgraph operation once,
 * not on every call (+65-70 % throughput here), and builds the subgraph's request context once per
 * gateway request so DataLoaders batch across the plan's fetches.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly prepared = new Map<string, Prepared>();
  private readonly contexts = new WeakMap<GatewayContext, Promise<RequestContextBase>>();

  constructor(
    private readonly runtime: SubgraphRuntime,
    private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  ) {}

  private prepare(source: string): Prepared {
    const cached = this.prepared.get(source);
    if (cached) return cached;
    let prepared: Prepared;
    try {
      const document = parse(source);
      const errors = validate(this.runtime.schema, document);
      prepared = errors.length > 0 ? { errors } : { document };
    } catch (error) {
      prepared = { errors: [error as GraphQLError] };
    }
    if (this.prepared.size >= MAX_CACHED_DOCUMENTS) this.prepared.clear();
    this.prepared.set(source, prepared);
    return prepared;
  }

  /**
   * The subgraph's own context, built once per request from the gateway's verification of it (the
   * same process, key ring and revocation cache; over HTTP each subgraph verifies again).
   */
  private contextFor(gatewayContext: GatewayContext): Promise<RequestContextBase> {
    let context = this.contexts.get(gatewayContext);
    if (!context) {
      const { requestId, requestedSchoolId, token, clientIp, schoolId, viewer, logger } = gatewayContext;
      context = this.runtime.createContext(
        { requestId, requestedSchoolId, token, clientIp },
        { requestId, schoolId, viewer, logger },
      );
      this.contexts.set(gatewayContext, context);
    }
    return context;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const prepared = this.prepare(request.query ?? '');
    if ('errors' in prepared)
      return { errors: prepared.errors.map((error) => this.formatError(error.toJSON(), error)) };
    let contextValue: RequestContextBase;
    try {
      contextValue = await this.contextFor(options.context as GatewayContext);
    } catch (error) {
      const graphQLError = error instanceof DomainError ? toGraphQLError(error) : error;
      return { errors: [this.formatError(toFormatted(graphQLError), graphQLError)] };
    }
    const result = await execute({
      schema: this.runtime.schema,
      document: prepared.document,
      variableValues: request.variables ?? {},
      operationName: request.operationName ?? null,
      contextValue,
    });
    return {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors
        ? { errors: result.errors.map((error) => this.formatError(error.toJSON(), error)) }
        : {}),
    };
  }
}

function toFormatted(error: unknown): GraphQLFormattedError {
  return error instanceof GraphQLError ? error.toJSON() : { message: String(error) };
}
