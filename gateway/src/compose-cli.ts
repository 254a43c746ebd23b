// `npm run schema:compose` writes schema/supergraph.graphql; `-- --check` fails when it is stale.
import { composeSupergraphSdl, readSupergraphSdl, SUPERGRAPH_PATH, writeSupergraphSdl } from './supergraph.js';

const sdl = composeSupergraphSdl();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readSupergraphSdl();
  } catch {
    // missing counts as stale
  }
  if (current !== sdl) {
    process.stderr.write(`${SUPERGRAPH_PATH} is stale: run \`npm run schema:compose\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write('supergraph is up to date\n');
} else {
  writeSupergraphSdl(sdl);
  process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
}
