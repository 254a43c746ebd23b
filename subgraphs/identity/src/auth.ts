import { AccessTokenIssuer, PasswordHasher, processKeyRing } from '@schools24/auth';
import { sendJson, tokenRevocations, type HttpRoutes, type Resources } from '@schools24/graphql';
import type { IdentityRepositories } from './repositories/index.js';
import { AuthService } from './services/auth-service.js';
import { AuditLog } from './services/audit-log.js';
import { LoginThrottle } from './services/login-throttle.js';

/** Where identity publishes the public keys its access tokens verify with. */
export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * Identity's signing side: the process key ring (required in production), the password hasher
 * with its concurrency cap, the login throttle, and the JWKS route.
 */
export function createAuth(
  resources: Resources,
  repos: IdentityRepositories,
): { service: AuthService; routes: HttpRoutes } {
  const { config } = resources;
  const ring = processKeyRing(config, resources.logger);
  const service = new AuthService({
    repos,
    hasher: new PasswordHasher({ concurrency: config.AUTH_HASH_CONCURRENCY, queue: config.AUTH_HASH_QUEUE }),
    issuer: new AccessTokenIssuer(ring, {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      ttlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    }),
    revocations: tokenRevocations(resources),
    throttle: new LoginThrottle(resources.redis, config),
    audit: new AuditLog(repos.audit, resources.logger),
  });
  const routes: HttpRoutes = {
    [JWKS_PATH]: async (_request, response) =>
      sendJson(response, 200, (await ring).jwks, { 'cache-control': 'public, max-age=300' }),
  };
  return { service, routes };
}
