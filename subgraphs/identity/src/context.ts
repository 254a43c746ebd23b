import {
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { requestLogger } from '@schools24/logger';
import { createIdentityLoaders } from './loaders/index.js';
import type { IdentityRepositories } from './repositories/index.js';
import { DirectoryService } from './services/directory-service.js';

export interface IdentityContext extends RequestContextBase {
  directory: DirectoryService;
}

export function createIdentityContextFactory(resources: Resources, repos: IdentityRepositories) {
  return (identity: RequestIdentity): IdentityContext => {
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: identity.schoolId ?? undefined,
    });
    const tenant = new TenantScope(identity.schoolId, (schoolId) =>
      createIdentityLoaders(
        { redis: resources.redis, schoolId, ttlSeconds: resources.config.CACHE_TTL_SECONDS, logger },
        repos,
      ),
    );
    return { ...identity, logger, directory: new DirectoryService(tenant, repos) };
  };
}
