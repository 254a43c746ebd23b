import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { collectDefaultMetrics, register } from 'prom-client';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '@schools24/logger';

/** Bodies above this are refused with 413 before parsing (unless the server sets its own limit). */
export const MAX_BODY_BYTES = 1_000_000;

/** A request answered before Apollo sees it. */
export interface GateRejection {
  status: number;
  errors: GraphQLFormattedError[];
  headers?: Record<string, string>;
}

/**
 * Looks at a GraphQL request (body parsed, nothing executed) and refuses it, or lets it through
 * with `undefined`. Runs before Apollo: before CSRF checks, the context, parsing and validation.
 */
export type RequestGate = (request: HTTPGraphQLRequest) => GateRejection | undefined;

export type ReadinessChecks = Record<string, () => Promise<boolean>>;

/** Extra GET routes by exact path, e.g. `/.well-known/jwks.json`. */
export type HttpRoutes = Readonly<
  Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>>
>;

export interface GraphQLHttpHandlerOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context: (request: IncomingMessage) => Promise<TContext>;
  readiness: ReadinessChecks;
  logger: Logger;
  /** HTML served at GET /graphql to browsers (the playground). */
  playgroundHtml?: string;
  /** Served before the built-in routes' 404 (GET and HEAD only). */
  routes?: HttpRoutes;
  /** Request bodies above this many bytes are refused with 413. Defaults to `MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
  gate?: RequestGate;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(new HttpError(413, `Request body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new HttpError(413, `Request body is larger than ${maxBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

async function toApolloRequest(
  request: IncomingMessage,
  url: URL,
  maxBodyBytes: number,
): Promise<HTTPGraphQLRequest> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (request.method === 'POST') {
    const text = await readBody(request, maxBodyBytes);
    const contentType = headers.get('content-type') ?? '';
    if (
      contentType.includes('application/json') ||
      contentType.includes('application/graphql-response+json')
    ) {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new HttpError(400, 'Request body is not valid JSON');
      }
    } else {
      body = text;
    }
  }
  return { method: request.method ?? 'GET', headers, search: url.search, body };
}

/**
 * Serves /health (liveness), /ready (every check passes) and /metrics (Prometheus); returns false
 * for any other path. Every process, servers and workers alike, answers these the same way.
 */
let processMetricsStarted = false;

/** Node's own metrics (memory, CPU, event-loop lag, GC) in every process's /metrics, once per process. */
function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics();
}

export async function serveOperationalRoute(
  pathname: string,
  response: ServerResponse,
  readiness: ReadinessChecks,
): Promise<boolean> {
  startProcessMetrics();
  switch (pathname) {
    case '/health':
      sendJson(response, 200, { status: 'ok' });
      return true;
    case '/ready': {
      const entries = Object.entries(readiness);
      const results = await Promise.all(entries.map(([, check]) => check().catch(() => false)));
      const checks = Object.fromEntries(
        entries.map(([name], index) => [name, results[index] ? 'up' : 'down']),
      );
      const ready = results.every(Boolean);
      sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      return true;
    }
    case '/metrics': {
      const text = await register.metrics();
      response.writeHead(200, { 'content-type': register.contentType });
      response.end(text);
      return true;
    }
    default:
      return false;
  }
}

/**
 * A bare node:http handler for an Apollo server (gateway or subgraph): GraphQL at /graphql, plus
 * /health (liveness), /ready (dependencies reachable) and /metrics (Prometheus). Bare node:http
 * instead of express roughly doubles throughput here (platform-facts.md).
 */
export function createGraphQLHttpHandler<TContext extends BaseContext>(
  options: GraphQLHttpHandlerOptions<TContext>,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (await serveOperationalRoute(url.pathname, response, options.readiness)) return;
      switch (url.pathname) {
        case '/graphql':
          break;
        default: {
          const routes = options.routes ?? {};
          const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
          if (route && (request.method === 'GET' || request.method === 'HEAD')) {
            await route(request, response);
            return;
          }
          sendJson(response, 404, { error: 'Not found: GraphQL is served at /graphql' });
          return;
        }
      }
      if (
        request.method === 'GET' &&
        options.playgroundHtml &&
        (request.headers.accept ?? '').includes('text/html') &&
        !url.searchParams.has('query')
      ) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(options.playgroundHtml);
        return;
      }
      const httpGraphQLRequest = await toApolloRequest(request, url, options.maxBodyBytes ?? MAX_BODY_BYTES);
      const rejection = options.gate?.(httpGraphQLRequest);
      if (rejection) {
        sendJson(response, rejection.status, { errors: rejection.errors }, rejection.headers);
        return;
      }
      const result = await options.server.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () => options.context(request),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of result.headers) headers[name] = value;
      response.statusCode = result.status ?? 200;
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(response, error.status, {
          errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      options.logger.error({ err: error }, 'unhandled HTTP error');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error' }] });
      else response.end();
    }
  };
}
