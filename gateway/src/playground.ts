import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

export interface PlaygroundOptions {
  /** Headers a new tab starts with (e.g. the demo school's id). */
  defaultHeaders?: Record<string, string>;
  defaultQuery?: string;
}

/**
 * GraphiQL as one self-contained HTML page: its JavaScript, CSS and editor workers are inlined from
 * the npm package, so the playground works with no internet (no CDN).
 */
export function renderPlayground(options: PlaygroundOptions = {}): string {
  return renderGraphiQL({
    title: 'Schools24 API',
    endpoint: '/graphql',
    headers: JSON.stringify(options.defaultHeaders ?? {}, null, 2),
    ...(options.defaultQuery ? { defaultQuery: options.defaultQuery } : {}),
    shouldPersistHeaders: true,
  });
}
