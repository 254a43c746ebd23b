import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createInsightContextFactory, type InsightContext } from './context.js';
import { createInsightRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export { typeDefs } from './schema/index.js';
export type { InsightContext } from './context.js';

/** The insight subgraph, ready to serve on its own or inside the gateway process. */
export const createInsightSubgraph: SubgraphFactory<InsightContext> = (resources) => ({
  name: 'insight',
  schema: buildFederatedSchema({ typeDefs, resolvers }),
  createContext: createInsightContextFactory(resources, createInsightRepositories(resources.db)),
});
