import { loadSubgraphTypeDefs } from '@schools24/graphql';

export const typeDefs = loadSubgraphTypeDefs(new URL('.', import.meta.url));
