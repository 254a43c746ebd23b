import type { GraphQLFormattedError } from 'graphql';

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Production: errors that tell a client nothing about the system. "Did you mean …?" hints would
 * reveal field, type and enum names with introspection off, and `serviceName` (added by the
 * gateway to subgraph errors) the internal architecture; the error id in masked errors is what
 * support needs.
 */
export function productionErrors<TError>(
  formatError: (formatted: GraphQLFormattedError, error: TError) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: TError) => GraphQLFormattedError {
  return (formatted, error) => {
    const result = formatError(formatted, error);
    const message = result.message.includes('Did you mean')
      ? result.message.replace(SUGGESTION, '')
      : result.message;
    if (result.extensions && 'serviceName' in result.extensions) {
      const { serviceName: _service, ...extensions } = result.extensions;
      return { ...result, message, extensions };
    }
    return message === result.message ? result : { ...result, message };
  };
}
