import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from '@schools24/logger';

/**
 * One log line per GraphQL request, when it completes: operation, duration and error count, with
 * the request logger's ids (request, tenant, user). No variables or results: they may hold
 * personal data.
 */
export function requestLogPlugin<
  TContext extends BaseContext & { logger: Logger },
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, response }) {
          contextValue.logger.info(
            {
              operationName: operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errors: errors?.length ?? 0,
              status: response.http.status ?? 200,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
