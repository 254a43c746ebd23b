import { runSubgraphProcess } from '@schools24/graphql';
import { createInsightSubgraph } from './index.js';

await runSubgraphProcess('insight', createInsightSubgraph);
