import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export const COMMON_SDL_PATH = fileURLToPath(new URL('./schema/common.graphql', import.meta.url));

/** The SDL text of a subgraph: the shared definitions plus every .graphql file in its schema folder. */
export function readSubgraphSdl(schemaDir: URL): string {
  const dir = fileURLToPath(schemaDir);
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  return [
    readFileSync(COMMON_SDL_PATH, 'utf8'),
    ...files.map((file) => readFileSync(join(dir, file), 'utf8')),
  ].join('\n');
}

export function loadSubgraphTypeDefs(schemaDir: URL): DocumentNode {
  return parse(readSubgraphSdl(schemaDir));
}
