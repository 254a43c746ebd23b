// `npm run start:subgraph -- <name>`: one subgraph as its own process (distributed topology).
import { SUBGRAPH_NAMES, type SubgraphName } from '@schools24/config';
import { runSubgraphProcess } from '@schools24/graphql';
import { SUBGRAPHS } from '../subgraphs.js';

const name = process.argv[2];
if (!SUBGRAPH_NAMES.includes(name as SubgraphName)) {
  process.stderr.write(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>\n`);
  process.exit(2);
}
await runSubgraphProcess(name as SubgraphName, SUBGRAPHS[name as SubgraphName].factory);
