import type { SubgraphName } from '@schools24/config';
import type { SubgraphFactory } from '@schools24/graphql';
import { createAcademicsSubgraph, typeDefs as academicsTypeDefs } from '@schools24/academics';
import { createCommsSubgraph, typeDefs as commsTypeDefs } from '@schools24/comms';
import { createFinanceSubgraph, typeDefs as financeTypeDefs } from '@schools24/finance';
import { createIdentitySubgraph, typeDefs as identityTypeDefs } from '@schools24/identity';
import { createInsightSubgraph, typeDefs as insightTypeDefs } from '@schools24/insight';
import type { DocumentNode } from 'graphql';

/** Every subgraph of the product: the gateway composes them and, all-in-one, hosts them. */
export const SUBGRAPHS: Record<SubgraphName, { typeDefs: DocumentNode; factory: SubgraphFactory }> = {
  identity: { typeDefs: identityTypeDefs, factory: createIdentitySubgraph },
  academics: { typeDefs: academicsTypeDefs, factory: createAcademicsSubgraph },
  finance: { typeDefs: financeTypeDefs, factory: createFinanceSubgraph },
  comms: { typeDefs: commsTypeDefs, factory: createCommsSubgraph },
  insight: { typeDefs: insightTypeDefs, factory: createInsightSubgraph },
};
