import type { CacheScope } from '@schools24/cache-loader';
import { createRequestAuthenticator } from './authentication.js';
import { TenantScope, type RequestContextBase, type RequestIdentity } from './context.js';
import type { Resources } from './resources.js';

/**
 * The per-request context factory every subgraph uses: authenticate the request, give it a tenant
 * scope whose Redis-backed loaders are built on first use, then add the subgraph's services.
 */
export function createContextFactory<TLoaders, TContext extends RequestContextBase>(
  resources: Resources,
  options: {
    buildLoaders: (scope: CacheScope) => TLoaders;
    /** Cache lifetime of this subgraph's loaders; defaults to CACHE_TTL_SECONDS. */
    ttlSeconds?: number;
    build: (base: RequestContextBase, tenant: TenantScope<TLoaders>, identity: RequestIdentity) => TContext;
  },
): (identity: RequestIdentity, verifiedInProcess?: RequestContextBase) => Promise<TContext> {
  const authenticate = createRequestAuthenticator(resources);
  const ttlSeconds = options.ttlSeconds ?? resources.config.CACHE_TTL_SECONDS;
  return async (identity, verifiedInProcess) => {
    // In-process (all-in-one) the gateway's verification of this very request is reused: a second
    // verification would repeat the same revocation lookup in Redis, one round trip per subgraph.
    const base = verifiedInProcess ?? (await authenticate(identity));
    const tenant = new TenantScope(base.schoolId, (schoolId) =>
      options.buildLoaders({ redis: resources.redis, schoolId, ttlSeconds, logger: base.logger }),
    );
    return options.build(base, tenant, identity);
  };
}
