import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createIdentityContextFactory, type IdentityContext } from './context.js';
import { createIdentityRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export { typeDefs } from './schema/index.js';
export type { IdentityContext } from './context.js';

/** The identity subgraph, ready to serve on its own or inside the gateway process. */
export const createIdentitySubgraph: SubgraphFactory<IdentityContext> = (resources) => ({
  name: 'identity',
  schema: buildFederatedSchema({ typeDefs, resolvers }),
  createContext: createIdentityContextFactory(resources, createIdentityRepositories(resources.db)),
});
