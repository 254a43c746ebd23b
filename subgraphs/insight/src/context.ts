import {
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { requestLogger } from '@schools24/logger';
import { createInsightLoaders, SCHOOL_SUMMARY_TTL_SECONDS } from './loaders/index.js';
import type { InsightRepositories } from './repositories/index.js';
import { SchoolSummaryService } from './services/school-summary-service.js';

export interface InsightContext extends RequestContextBase {
  summaries: SchoolSummaryService;
}

export function createInsightContextFactory(resources: Resources, repos: InsightRepositories) {
  // Never longer than the product-wide TTL, so lowering CACHE_TTL_SECONDS lowers this one too.
  const ttlSeconds = Math.min(SCHOOL_SUMMARY_TTL_SECONDS, resources.config.CACHE_TTL_SECONDS);
  return (identity: RequestIdentity): InsightContext => {
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: identity.schoolId ?? undefined,
    });
    const tenant = new TenantScope(identity.schoolId, (schoolId) =>
      createInsightLoaders({ redis: resources.redis, schoolId, ttlSeconds, logger }, repos),
    );
    return { ...identity, logger, summaries: new SchoolSummaryService(tenant) };
  };
}
