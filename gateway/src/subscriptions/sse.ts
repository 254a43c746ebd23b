import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { DomainError, toGraphQLError } from '@schools24/errors';
import { readRequestIdentity, sendJson, type RequestIdentity } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import { clientAddress } from '../protection.js';
import type { SubscriptionRequest } from './operation.js';
import { SubscriberStream } from './stream.js';

/** GraphQL over Server-Sent Events, for networks that block WebSockets. */
export const SSE_PATH = '/graphql/stream';

export interface SseTransportOptions {
  open(
    identity: RequestIdentity,
    request: SubscriptionRequest,
  ): Promise<SubscriberStream | readonly GraphQLError[]>;
  keepAliveMs: number;
  maxBodyBytes: number;
  trustProxyHops: number;
  logger: Logger;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new RequestError(413, `Request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string | null, what: string): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, `${what} is not valid JSON`);
  }
}

async function readSubscriptionRequest(
  request: IncomingMessage,
  url: URL,
  maxBytes: number,
): Promise<SubscriptionRequest> {
  if (request.method === 'GET') {
    return {
      query: url.searchParams.get('query') ?? undefined,
      variables: parseJson(url.searchParams.get('variables'), '`variables`'),
      operationName: url.searchParams.get('operationName') ?? undefined,
    };
  }
  if (!(request.headers['content-type'] ?? '').includes('application/json')) {
    throw new RequestError(415, 'Send the operation as application/json');
  }
  const body = parseJson(await readBody(request, maxBytes), 'The request body');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestError(400, 'The request body must be a JSON object');
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  return { query, variables, operationName };
}

function statusOf(error: GraphQLError): number {
  const http = error.extensions['http'] as { status?: unknown } | undefined;
  if (typeof http?.status === 'number') return http.status;
  const code = error.extensions['code'];
  if (code === 'UNAUTHENTICATED') return 401;
  if (code === 'FORBIDDEN') return 403;
  return 400;
}

/** Writes one chunk; resolves once the socket can take more (false: the client went away). */
async function write(response: ServerResponse, chunk: string): Promise<boolean> {
  if (response.destroyed || response.writableEnded) return false;
  if (response.write(chunk)) return true;
  return new Promise((resolve) => {
    const settle = (open: boolean) => {
      response.off('drain', drained);
      response.off('close', closed);
      resolve(open);
    };
    const drained = () => settle(true);
    const closed = () => settle(false);
    response.once('drain', drained);
    response.once('close', closed);
  });
}

function message(event: 'next' | 'complete', data?: unknown): string {
  return data === undefined
    ? `event: ${event}\ndata:\n\n`
    : `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The "distinct connections" mode of the GraphQL over SSE protocol (what `graphql-sse`'s client
 * uses by default): one request per subscription, `Authorization` header, results as `next` events,
 * then `complete`. Served here rather than by graphql-sse's handler because that handler drains the
 * result iterator into an unbounded in-memory list regardless of the socket; this one pulls the next
 * result only when the socket has drained, so a stalled client is held to its bounded queue.
 * A refused subscription is answered with the HTTP status of its error (401, 403, 400, 429).
 */
export function createSseHandler(options: SseTransportOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'POST') {
      sendJson(response, 405, { errors: [{ message: 'Use GET or POST' }] }, { allow: 'GET, POST' });
      return;
    }
    if (!(request.headers.accept ?? '').includes('text/event-stream')) {
      sendJson(response, 406, { errors: [{ message: 'Accept text/event-stream' }] });
      return;
    }
    let opened: SubscriberStream | readonly GraphQLError[];
    try {
      const identity = readRequestIdentity(
        (name) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        },
        clientAddress(request.headers, request.socket.remoteAddress ?? null, options.trustProxyHops),
      );
      opened = await options.open(
        identity,
        await readSubscriptionRequest(request, url, options.maxBodyBytes),
      );
    } catch (error) {
      if (error instanceof RequestError) {
        sendJson(response, error.status, {
          errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      if (!(error instanceof DomainError)) throw error;
      opened = [toGraphQLError(error)];
    }
    if (!(opened instanceof SubscriberStream)) {
      const [first] = opened;
      sendJson(response, first ? statusOf(first) : 400, { errors: opened.map((error) => error.toJSON()) });
      return;
    }
    const stream = opened;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies (nginx) must pass events through as they come.
      'x-accel-buffering': 'no',
    });
    response.write(':\n\n');
    const keepAlive = setInterval(() => {
      if (!response.writableNeedDrain) response.write(':\n\n');
    }, options.keepAliveMs);
    const release = () => void stream.return();
    response.once('close', release);
    try {
      for await (const result of stream) {
        if (!(await write(response, message('next', result)))) break;
      }
    } catch (error) {
      const formatted = error instanceof GraphQLError ? error.toJSON() : { message: 'Live update failed.' };
      if (!(error instanceof GraphQLError)) options.logger.error({ err: error }, 'SSE subscription failed');
      await write(response, message('next', { errors: [formatted] }));
    } finally {
      clearInterval(keepAlive);
      response.off('close', release);
      await stream.return();
      if (!response.writableEnded && !response.destroyed) response.end(message('complete'));
    }
  };
}
