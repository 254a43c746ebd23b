import { createContextFactory, type RequestContextBase, type Resources } from '@schools24/graphql';
import { createCommsLoaders } from './loaders/index.js';
import type { CommsRepositories } from './repositories/index.js';
import { AnnouncementService } from './services/announcement-service.js';

export interface CommsContext extends RequestContextBase {
  announcements: AnnouncementService;
}

export function createCommsContextFactory(resources: Resources, repos: CommsRepositories) {
  return createContextFactory(resources, {
    buildLoaders: (scope) => createCommsLoaders(scope, repos),
    build: (base, tenant): CommsContext => ({
      ...base,
      announcements: new AnnouncementService(tenant, repos),
    }),
  });
}
