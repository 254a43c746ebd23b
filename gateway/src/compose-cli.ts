// `npm run schema:compose` writes schema/supergraph.graphql and schema/api.graphql;
// `npm run schema:check` fails when either is stale.
import { composeSupergraph, staleSchemaFiles, writeComposedSchemas } from './supergraph.js';

const composed = composeSupergraph();
if (process.argv.includes('--check')) {
  const stale = staleSchemaFiles(composed);
  if (stale.length > 0) {
    process.stderr.write(
      `Stale: ${stale.join(', ')}\nRun \`npm run schema:compose\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write('supergraph and API schema are up to date\n');
} else {
  writeComposedSchemas(composed);
  process.stdout.write('wrote schema/supergraph.graphql and schema/api.graphql\n');
}
