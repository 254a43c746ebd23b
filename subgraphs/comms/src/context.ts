import {
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { requestLogger } from '@schools24/logger';
import { createCommsLoaders } from './loaders/index.js';
import type { CommsRepositories } from './repositories/index.js';
import { AnnouncementService } from './services/announcement-service.js';

export interface CommsContext extends RequestContextBase {
  announcements: AnnouncementService;
}

export function createCommsContextFactory(resources: Resources, repos: CommsRepositories) {
  return (identity: RequestIdentity): CommsContext => {
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: identity.schoolId ?? undefined,
    });
    const tenant = new TenantScope(identity.schoolId, (schoolId) =>
      createCommsLoaders(
        { redis: resources.redis, schoolId, ttlSeconds: resources.config.CACHE_TTL_SECONDS, logger },
        repos,
      ),
    );
    return { ...identity, logger, announcements: new AnnouncementService(tenant, repos) };
  };
}
