import { createCachedLoader, indexBy, type CacheScope } from '@schools24/cache-loader';
import type { FinanceRepositories } from '../repositories/index.js';

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;

/** Cache namespaces, shared with the services that invalidate them after writes. */
export const FinanceCache = {
  feeStructure: 'finance:fee-structure',
} as const;

/** Per-request loaders of one tenant; each batch is one MGET plus at most one SQL query. */
export function createFinanceLoaders(scope: CacheScope, repos: FinanceRepositories) {
  const { schoolId } = scope;
  return {
    feeStructure: createCachedLoader(scope, {
      namespace: FinanceCache.feeStructure,
      batchLoad: async (ids: readonly string[]) =>
        indexBy(await repos.feeStructures.findByIds(schoolId, ids), (row) => row.id),
    }),
  };
}
