import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createCommsContextFactory, type CommsContext } from './context.js';
import { createCommsRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export { typeDefs } from './schema/index.js';
export type { CommsContext } from './context.js';

/** The comms subgraph, ready to serve on its own or inside the gateway process. */
export const createCommsSubgraph: SubgraphFactory<CommsContext> = (resources) => ({
  name: 'comms',
  schema: buildFederatedSchema({ typeDefs, resolvers }),
  createContext: createCommsContextFactory(resources, createCommsRepositories(resources.db)),
});
