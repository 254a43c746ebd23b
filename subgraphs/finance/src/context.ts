import {
  createRequestAuthenticator,
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { createFinanceLoaders } from './loaders/index.js';
import type { FinanceRepositories } from './repositories/index.js';
import { FeeStructureService } from './services/fee-structure-service.js';

export interface FinanceContext extends RequestContextBase {
  fees: FeeStructureService;
}

export function createFinanceContextFactory(resources: Resources, repos: FinanceRepositories) {
  const authenticate = createRequestAuthenticator(resources);
  return async (identity: RequestIdentity): Promise<FinanceContext> => {
    const base = await authenticate(identity);
    const tenant = new TenantScope(base.schoolId, (schoolId) =>
      createFinanceLoaders(
        {
          redis: resources.redis,
          schoolId,
          ttlSeconds: resources.config.CACHE_TTL_SECONDS,
          logger: base.logger,
        },
        repos,
      ),
    );
    return { ...base, fees: new FeeStructureService(tenant, repos) };
  };
}
