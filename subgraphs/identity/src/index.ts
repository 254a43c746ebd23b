import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createAuth } from './auth.js';
import { createIdentityContextFactory, type IdentityContext } from './context.js';
import { createIdentityRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export { typeDefs } from './schema/index.js';
export type { IdentityContext } from './context.js';
export { JWKS_PATH } from './auth.js';
export { AuthService } from './services/auth-service.js';

/** The identity subgraph, ready to serve on its own or inside the gateway process. */
export const createIdentitySubgraph: SubgraphFactory<IdentityContext> = (resources) => {
  const repos = createIdentityRepositories(resources.db);
  const auth = createAuth(resources, repos);
  return {
    name: 'identity',
    schema: buildFederatedSchema({ typeDefs, resolvers }),
    createContext: createIdentityContextFactory(resources, repos, auth.service),
    routes: auth.routes,
  };
};
