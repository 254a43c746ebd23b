import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createFinanceContextFactory, type FinanceContext } from './context.js';
import { createFinanceRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export { typeDefs } from './schema/index.js';
export type { FinanceContext } from './context.js';

/** The finance subgraph, ready to serve on its own or inside the gateway process. */
export const createFinanceSubgraph: SubgraphFactory<FinanceContext> = (resources) => ({
  name: 'finance',
  schema: buildFederatedSchema({ typeDefs, resolvers }),
  createContext: createFinanceContextFactory(resources, createFinanceRepositories(resources.db)),
});
