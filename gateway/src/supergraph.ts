import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { lexicographicSortSchema, printSchema, type DocumentNode } from 'graphql';
import { SUBGRAPH_NAMES, parseConfig, subgraphUrl } from '@schools24/config';
import { SUBGRAPHS } from './subgraphs.js';

/** The checked-in composed schema the gateway serves; CI fails when it is stale. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
/** The public API schema (what clients see: no federation internals), for docs and client codegen. */
export const API_SCHEMA_PATH = fileURLToPath(new URL('../../schema/api.graphql', import.meta.url));

/** The default configuration's URLs go into the file; the gateway resolves real URLs from config at run time. */
const defaults = parseConfig({});

/**
 * Composition marks the authorization features `for: SECURITY`, and @apollo/gateway refuses
 * SECURITY features it does not enforce itself. Every subgraph enforces them (libs/graphql
 * authorization.ts), so the supergraph keeps the directives for review and drops only the purpose
 * that would oblige the gateway.
 */
const SUBGRAPH_ENFORCED_FEATURES =
  /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[\d.]+"), for: SECURITY\)/g;

export interface ComposedSchemas {
  supergraphSdl: string;
  apiSdl: string;
}

/**
 * Composes the supergraph offline from the subgraphs' SDL (no rover, no network); tests may add
 * subgraphs of their own.
 */
export function composeSupergraph(
  extra: readonly { name: string; url: string; typeDefs: DocumentNode }[] = [],
): ComposedSchemas {
  const result = composeServices([
    ...SUBGRAPH_NAMES.map((name) => ({
      name,
      url: subgraphUrl(defaults, name),
      typeDefs: SUBGRAPHS[name].typeDefs,
    })),
    ...extra,
  ]);
  if (result.errors) {
    throw new Error(
      `Supergraph composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`,
    );
  }
  const api = lexicographicSortSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  const supergraphSdl = result.supergraphSdl.trim().replace(SUBGRAPH_ENFORCED_FEATURES, '$1)');
  return { supergraphSdl: `${supergraphSdl}\n`, apiSdl: `${printSchema(api).trim()}\n` };
}

export function readSupergraphSdl(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The checked-in files that differ from a fresh composition (empty when up to date). */
export function staleSchemaFiles(composed: ComposedSchemas): string[] {
  return [
    [SUPERGRAPH_PATH, composed.supergraphSdl],
    [API_SCHEMA_PATH, composed.apiSdl],
  ]
    .filter(([path, text]) => readOrEmpty(path as string) !== text)
    .map(([path]) => path as string);
}

export function writeComposedSchemas(composed: ComposedSchemas): void {
  writeFileSync(SUPERGRAPH_PATH, composed.supergraphSdl);
  writeFileSync(API_SCHEMA_PATH, composed.apiSdl);
}
