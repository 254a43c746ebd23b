import { runSubgraphProcess } from '@schools24/graphql';
import { createCommsSubgraph } from './index.js';

await runSubgraphProcess('comms', createCommsSubgraph);
