import {
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { requestLogger } from '@schools24/logger';
import { createFinanceLoaders } from './loaders/index.js';
import type { FinanceRepositories } from './repositories/index.js';
import { FeeStructureService } from './services/fee-structure-service.js';

export interface FinanceContext extends RequestContextBase {
  fees: FeeStructureService;
}

export function createFinanceContextFactory(resources: Resources, repos: FinanceRepositories) {
  return (identity: RequestIdentity): FinanceContext => {
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: identity.schoolId ?? undefined,
    });
    const tenant = new TenantScope(identity.schoolId, (schoolId) =>
      createFinanceLoaders(
        { redis: resources.redis, schoolId, ttlSeconds: resources.config.CACHE_TTL_SECONDS, logger },
        repos,
      ),
    );
    return { ...identity, logger, fees: new FeeStructureService(tenant, repos) };
  };
}
