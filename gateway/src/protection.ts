import type { IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { rateLimits } from '@schools24/config';
import {
  FORWARDED_FOR_HEADER,
  limitSettings,
  OperationLimits,
  RedisKeyValueCache,
  RequestRateLimiter,
  TrustedDocuments,
  type RequestGate,
  type Resources,
  type StringKeyValueCache,
} from '@schools24/graphql';
import { globalKey } from '@schools24/redis';

/** Where the gateway reads registered operations when `TRUSTED_DOCUMENTS_PATH` is not set. */
export const TRUSTED_DOCUMENTS_PATH = fileURLToPath(
  new URL('../../schema/trusted-documents.json', import.meta.url),
);

/** Everything that protects the gateway from expensive or abusive requests, configured once. */
export interface GatewayProtection {
  limits: OperationLimits;
  /** Apollo Server's `persistedQueries`: APQ in Redis, or the read-only trusted documents. */
  persistedQueries: { cache: StringKeyValueCache; ttl: number | null };
  /** Present in trusted-documents mode. */
  trustedDocuments: TrustedDocuments | null;
  gate: RequestGate | undefined;
  rateLimiter: RequestRateLimiter;
}

export function createGatewayProtection(resources: Resources): GatewayProtection {
  const { config, logger } = resources;
  const trustedDocuments = config.TRUSTED_DOCUMENTS
    ? TrustedDocuments.load(config.TRUSTED_DOCUMENTS_PATH ?? TRUSTED_DOCUMENTS_PATH)
    : null;
  if (trustedDocuments) {
    logger.info({ operations: trustedDocuments.size }, 'trusted documents: only registered operations run');
  }
  return {
    limits: new OperationLimits(limitSettings(config)),
    persistedQueries: trustedDocuments
      ? { cache: trustedDocuments.store(), ttl: null }
      : {
          // Hashes of query texts are not tenant data: one platform-wide key space.
          cache: new RedisKeyValueCache(resources.redis, {
            prefix: `${globalKey()}:`,
            defaultTtlSeconds: config.APQ_TTL_SECONDS,
            logger,
          }),
          ttl: config.APQ_TTL_SECONDS,
        },
    trustedDocuments,
    gate: trustedDocuments?.gate(logger),
    rateLimiter: new RequestRateLimiter(resources.redis, rateLimits(config), logger),
  };
}

/**
 * The client's address. Directly exposed, it is the socket's peer. Behind `hops` reverse proxies
 * that each append to X-Forwarded-For, it is the entry the outermost proxy appended (`hops` from the
 * right); entries further left were written by the client and prove nothing.
 */
export function clientAddress(
  headers: IncomingHttpHeaders,
  peer: string | null,
  hops: number,
): string | null {
  if (hops === 0) return peer;
  const header = headers[FORWARDED_FOR_HEADER];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries[entries.length - hops] ?? peer;
}
