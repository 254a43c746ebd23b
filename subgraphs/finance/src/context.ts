import { createContextFactory, type RequestContextBase, type Resources } from '@schools24/graphql';
import { createFinanceLoaders } from './loaders/index.js';
import type { FinanceRepositories } from './repositories/index.js';
import { FeeStructureService } from './services/fee-structure-service.js';

export interface FinanceContext extends RequestContextBase {
  fees: FeeStructureService;
}

export function createFinanceContextFactory(resources: Resources, repos: FinanceRepositories) {
  return createContextFactory(resources, {
    buildLoaders: (scope) => createFinanceLoaders(scope, repos),
    build: (base, tenant): FinanceContext => ({ ...base, fees: new FeeStructureService(tenant, repos) }),
  });
}
