import { randomUUID } from 'node:crypto';
import { viewerFrom, type AccessTokenClaims, type AccessTokenVerifier, type Viewer } from '@schools24/auth';
import { DomainError, ErrorCode } from '@schools24/errors';
import type { RequestIdentity } from '@schools24/graphql';
import { requestLogger, type Logger } from '@schools24/logger';
import type { GatewayContext } from '../context.js';

/** A subscriber whose access token this gateway verified itself. */
export interface Subscriber {
  identity: RequestIdentity & { token: string };
  claims: AccessTokenClaims;
  viewer: Viewer;
}

/**
 * Verifies a subscriber's token with the verifier the gateway uses for HTTP (signature, expiry,
 * revocation) and settles the tenant exactly as HTTP does (`x-school-id` only for a platform admin).
 * Subscriptions read a school's data, so an anonymous subscriber is refused. Throws DomainError.
 */
export async function authenticateSubscriber(
  verifier: AccessTokenVerifier,
  identity: RequestIdentity,
): Promise<Subscriber> {
  const { token } = identity;
  if (token === null) {
    throw new DomainError(
      ErrorCode.UNAUTHENTICATED,
      'Sign in first: send the access token (`authorization: Bearer <access token>` in connection_init, ' +
        'or the Authorization header for SSE).',
    );
  }
  const claims = await verifier.verify(token);
  return { identity: { ...identity, token }, claims, viewer: viewerFrom(claims, identity.requestedSchoolId) };
}

/**
 * A fresh gateway context for one execution on the subscriber's behalf: the gateway and every
 * subgraph build their request state (DataLoaders, the subgraph's own token verification) per
 * context, so no execution ever reuses another's cached reads.
 */
export function executionContext(subscriber: Subscriber, logger: Logger): GatewayContext {
  const requestId = randomUUID();
  const { viewer } = subscriber;
  return {
    ...subscriber.identity,
    requestId,
    schoolId: viewer.schoolId,
    viewer,
    logger: requestLogger(logger, { requestId, schoolId: viewer.schoolId, userId: viewer.userId }),
  };
}

/** When the subscriber's access token stops being valid. */
export function expiresInMs(subscriber: Subscriber, now = Date.now()): number {
  return subscriber.claims.expiresAt.getTime() - now;
}
