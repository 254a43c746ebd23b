import {
  AccessTokenVerifier,
  signingRingOfThisProcess,
  TokenRevocations,
  viewerFrom,
  type VerificationKeySource,
  type Viewer,
} from '@schools24/auth';
import { jwksUrl } from '@schools24/config';
import { requestLogger } from '@schools24/logger';
import type { RequestContextBase, RequestIdentity } from './context.js';
import type { Resources } from './resources.js';

/** Verifies a request's token and settles its tenant; throws UNAUTHENTICATED or FORBIDDEN. */
export type RequestAuthenticator = (identity: RequestIdentity) => Promise<RequestContextBase>;

const verifiers = new WeakMap<Resources, AccessTokenVerifier>();

/**
 * The access-token verifier of a process: with the process's own key ring when it signs tokens
 * (identity, or all-in-one), otherwise with identity's JWKS fetched from `AUTH_JWKS_URL`.
 */
export function accessTokenVerifier(resources: Resources): AccessTokenVerifier {
  let verifier = verifiers.get(resources);
  if (!verifier) {
    const { config } = resources;
    verifier = new AccessTokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      ttlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      keys: (): VerificationKeySource => {
        const ring = signingRingOfThisProcess();
        return ring ? { kind: 'local', ring } : { kind: 'remote', url: jwksUrl(config) };
      },
      revocations: tokenRevocations(resources),
    });
    verifiers.set(resources, verifier);
  }
  return verifier;
}

export function tokenRevocations(resources: Resources): TokenRevocations {
  return new TokenRevocations({
    redis: resources.redis,
    db: resources.db,
    logger: resources.logger,
    ttlSeconds: resources.config.CACHE_TTL_SECONDS,
  });
}

/**
 * What every subgraph context (and the gateway's) starts from: the token verified here, by this
 * service (zero trust), and the tenant it allows. Anonymous requests have no viewer and no tenant.
 */
export function createRequestAuthenticator(resources: Resources): RequestAuthenticator {
  const verifier = accessTokenVerifier(resources);
  return async (identity) => {
    let viewer: Viewer | null = null;
    if (identity.token !== null) {
      viewer = viewerFrom(await verifier.verify(identity.token), identity.requestedSchoolId);
    }
    const schoolId = viewer?.schoolId ?? null;
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: schoolId ?? undefined,
      userId: viewer?.userId,
    });
    return { requestId: identity.requestId, schoolId, viewer, logger };
  };
}
