import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, parseConfig, subgraphUrl } from '@schools24/config';
import { SUBGRAPHS } from './subgraphs.js';

/** The checked-in composed schema the gateway serves; CI fails when it is stale. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The default configuration's URLs go into the file; the gateway resolves real URLs from config at run time. */
const defaults = parseConfig({});

/** Composes the supergraph offline from the subgraphs' SDL (no rover, no network). */
export function composeSupergraphSdl(): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphUrl(defaults, name), typeDefs: SUBGRAPHS[name].typeDefs })),
  );
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}

export function readSupergraphSdl(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

export function writeSupergraphSdl(sdl: string): void {
  writeFileSync(SUPERGRAPH_PATH, sdl);
}

