import { createCachedLoader, indexBy, type CacheScope } from '@schools24/cache-loader';
import type { CommsRepositories } from '../repositories/index.js';

export type CommsLoaders = ReturnType<typeof createCommsLoaders>;

/** Cache namespaces, shared with the services that invalidate them after writes. */
export const CommsCache = {
  announcement: 'comms:announcement',
} as const;

/** Per-request loaders of one tenant; each batch is one MGET plus at most one SQL query. */
export function createCommsLoaders(scope: CacheScope, repos: CommsRepositories) {
  const { schoolId } = scope;
  return {
    announcement: createCachedLoader(scope, {
      namespace: CommsCache.announcement,
      batchLoad: async (ids: readonly string[]) =>
        indexBy(await repos.announcements.findByIds(schoolId, ids), (row) => row.id),
    }),
  };
}
