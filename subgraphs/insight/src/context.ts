import {
  createRequestAuthenticator,
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { createInsightLoaders, SCHOOL_SUMMARY_TTL_SECONDS } from './loaders/index.js';
import type { InsightRepositories } from './repositories/index.js';
import { SchoolSummaryService } from './services/school-summary-service.js';

export interface InsightContext extends RequestContextBase {
  summaries: SchoolSummaryService;
}

export function createInsightContextFactory(resources: Resources, repos: InsightRepositories) {
  // Never longer than the product-wide TTL, so lowering CACHE_TTL_SECONDS lowers this one too.
  const ttlSeconds = Math.min(SCHOOL_SUMMARY_TTL_SECONDS, resources.config.CACHE_TTL_SECONDS);
  const authenticate = createRequestAuthenticator(resources);
  return async (identity: RequestIdentity): Promise<InsightContext> => {
    const base = await authenticate(identity);
    const tenant = new TenantScope(base.schoolId, (schoolId) =>
      createInsightLoaders({ redis: resources.redis, schoolId, ttlSeconds, logger: base.logger }, repos),
    );
    return { ...base, summaries: new SchoolSummaryService(tenant) };
  };
}
