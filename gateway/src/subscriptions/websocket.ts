import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  parse,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { DomainError, ErrorCode } from '@schools24/errors';
import { readRequestIdentity, type RequestIdentity } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import { clientAddress } from '../protection.js';
import type { SubscriptionRequest } from './operation.js';
import { SubscriberStream } from './stream.js';

/** Where graphql-ws is served: the same path as HTTP GraphQL, on the same port. */
export const WEBSOCKET_PATH = '/graphql';

// graphql-ws runs this placeholder; `subscribe` below hands it the subscriber's prepared stream.
const PLACEHOLDER = parse('subscription Live { live }');

export interface WebSocketTransportOptions {
  open(
    identity: RequestIdentity,
    request: SubscriptionRequest,
  ): Promise<SubscriberStream | readonly GraphQLError[]>;
  authenticate(identity: RequestIdentity): Promise<void>;
  schema(): GraphQLSchema | undefined;
  keepAliveMs: number;
  maxPayloadBytes: number;
  trustProxyHops: number;
  production: boolean;
  logger: Logger;
}

// A type alias, not an interface: graphql-ws wants an index-signature-compatible record.
type Extra = { identity?: RequestIdentity };

function closeReason(error: unknown): string {
  const text =
    error instanceof DomainError ? `${error.code}: ${error.message}` : 'UNAUTHENTICATED: Invalid connection.';
  // WebSocket close reasons are limited to 123 bytes.
  return Buffer.byteLength(text) <= 123
    ? text
    : error instanceof DomainError
      ? error.code
      : 'UNAUTHENTICATED';
}

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's upgrade requests to `/graphql`. The access
 * token comes in `connection_init` (`{ authorization: 'Bearer …', 'x-school-id'?: … }`), is verified
 * there (a bad one closes the socket with 4403 and the reason), and again for every `subscribe`.
 */
export function attachWebSocketTransport(
  server: Server,
  options: WebSocketTransportOptions,
): { close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== WEBSOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  const served = useServer<Record<string, unknown> | undefined, Extra>(
    {
      isProd: options.production,
      onConnect: async (ctx) => {
        try {
          const params = Object.fromEntries(
            Object.entries(ctx.connectionParams ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
          );
          const { request } = ctx.extra;
          const identity = readRequestIdentity(
            (name) => {
              const value = params[name];
              return typeof value === 'string' ? value : undefined;
            },
            clientAddress(request.headers, request.socket.remoteAddress ?? null, options.trustProxyHops),
          );
          await options.authenticate(identity);
          ctx.extra.identity = identity;
          return true;
        } catch (error) {
          if (!(error instanceof DomainError))
            options.logger.error({ err: error }, 'graphql-ws connect failed');
          ctx.extra.socket.close(CloseCode.Forbidden, closeReason(error));
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { identity } = ctx.extra;
        const schema = options.schema();
        if (!identity || !schema) {
          return [
            new GraphQLError('Not ready yet; retry shortly.', {
              extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
            }),
          ];
        }
        const opened = await options.open(identity, payload);
        if (!(opened instanceof SubscriberStream)) return opened;
        return { schema, document: PLACEHOLDER, contextValue: opened };
      },
      // The stream yields results the gateway already formatted (JSON errors, not GraphQLError
      // instances); onNext below sends them as they are.
      subscribe: (args) => args.contextValue as AsyncIterable<ExecutionResult>,
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
    },
    sockets,
    options.keepAliveMs,
  );

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await served.dispose();
    },
  };
}
