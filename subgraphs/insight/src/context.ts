import { createContextFactory, type RequestContextBase, type Resources } from '@schools24/graphql';
import { createInsightLoaders, SCHOOL_SUMMARY_TTL_SECONDS } from './loaders/index.js';
import type { InsightRepositories } from './repositories/index.js';
import { SchoolSummaryService } from './services/school-summary-service.js';

export interface InsightContext extends RequestContextBase {
  summaries: SchoolSummaryService;
}

export function createInsightContextFactory(resources: Resources, repos: InsightRepositories) {
  return createContextFactory(resources, {
    buildLoaders: (scope) => createInsightLoaders(scope, repos),
    // Never longer than the product-wide TTL, so lowering CACHE_TTL_SECONDS lowers this one too.
    ttlSeconds: Math.min(SCHOOL_SUMMARY_TTL_SECONDS, resources.config.CACHE_TTL_SECONDS),
    build: (base, tenant): InsightContext => ({ ...base, summaries: new SchoolSummaryService(tenant) }),
  });
}
