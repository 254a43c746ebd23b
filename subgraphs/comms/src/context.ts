import {
  createRequestAuthenticator,
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { createCommsLoaders } from './loaders/index.js';
import type { CommsRepositories } from './repositories/index.js';
import { AnnouncementService } from './services/announcement-service.js';

export interface CommsContext extends RequestContextBase {
  announcements: AnnouncementService;
}

export function createCommsContextFactory(resources: Resources, repos: CommsRepositories) {
  const authenticate = createRequestAuthenticator(resources);
  return async (identity: RequestIdentity): Promise<CommsContext> => {
    const base = await authenticate(identity);
    const tenant = new TenantScope(base.schoolId, (schoolId) =>
      createCommsLoaders(
        {
          redis: resources.redis,
          schoolId,
          ttlSeconds: resources.config.CACHE_TTL_SECONDS,
          logger: base.logger,
        },
        repos,
      ),
    );
    return { ...base, announcements: new AnnouncementService(tenant, repos) };
  };
}
