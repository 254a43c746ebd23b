import { runSubgraphProcess } from '@schools24/graphql';
import { createAcademicsSubgraph } from './index.js';

await runSubgraphProcess('academics', createAcademicsSubgraph);
