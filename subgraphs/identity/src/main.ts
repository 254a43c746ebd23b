import { runSubgraphProcess } from '@schools24/graphql';
import { createIdentitySubgraph } from './index.js';

await runSubgraphProcess('identity', createIdentitySubgraph);
