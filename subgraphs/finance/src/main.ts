import { runSubgraphProcess } from '@schools24/graphql';
import { createFinanceSubgraph } from './index.js';

await runSubgraphProcess('finance', createFinanceSubgraph);
