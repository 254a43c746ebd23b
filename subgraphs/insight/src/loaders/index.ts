import { createCachedLoader, type CacheScope } from '@schools24/cache-loader';
import type { InsightRepositories } from '../repositories/index.js';
import type { SchoolSummaryRecord } from '../repositories/school-summary-repository.js';

export type InsightLoaders = ReturnType<typeof createInsightLoaders>;

/**
 * Summaries are never invalidated (every domain's writes would have to know about them), so they
 * live only briefly: dashboards see changes within a minute and `generatedAt` says how old they are.
 */
export const SCHOOL_SUMMARY_TTL_SECONDS = 60;

/** Cache namespaces. */
export const InsightCache = {
  schoolSummary: 'insight:school-summary',
} as const;

/** Per-request loaders of one tenant; each batch is one MGET plus at most one SQL query. */
export function createInsightLoaders(scope: CacheScope, repos: InsightRepositories) {
  const { schoolId } = scope;
  return {
    // The tenant's own school only: any other id is not found.
    schoolSummary: createCachedLoader(scope, {
      namespace: InsightCache.schoolSummary,
      batchLoad: async (ids: readonly string[]) => {
        const found = new Map<string, SchoolSummaryRecord>();
        if (ids.includes(schoolId)) found.set(schoolId, await repos.schoolSummaries.summarize(schoolId));
        return found;
      },
    }),
  };
}
