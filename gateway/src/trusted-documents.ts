import { readFileSync, writeFileSync } from 'node:fs';
import {
  buildSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  sha256Hex,
  trustedDocumentManifestSchema,
  TrustedDocumentsError,
  type OperationLimits,
  type TrustedDocument,
  type TrustedDocumentManifest,
} from '@schools24/graphql';
import { API_SCHEMA_PATH } from './supergraph.js';

/**
 * Maintaining the trusted documents manifest (`schema/trusted-documents.json`): the operations
 * first-party clients may run when `TRUSTED_DOCUMENTS=true`. A client registers its operations by
 * generating a manifest at build time — Apollo Client: `@apollo/generate-persisted-query-manifest`;
 * graphql-codegen's client preset: `persistedDocuments: { hashAlgorithm: 'sha256' }` — and merging
 * it here with `tsx gateway/src/cli/trusted-documents.ts add <file>`, in a reviewed change deployed
 * before the client ships. Entries are never removed automatically: old app versions stay in use.
 */

export function emptyManifest(): TrustedDocumentManifest {
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: [] };
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
}

/** Reads a client's manifest: Apollo's format, or graphql-codegen's `{ "<sha256>": "<text>" }`. */
export function readClientManifest(text: string, source: string): TrustedDocument[] {
  const json: unknown = JSON.parse(text);
  if (typeof json === 'object' && json !== null && 'format' in json) {
    const parsed = trustedDocumentManifestSchema.safeParse(json);
    if (!parsed.success) throw new TrustedDocumentsError(`${source}: ${parsed.error.message}`);
    return parsed.data.operations;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TrustedDocumentsError(`${source} is neither an Apollo manifest nor a { hash: text } map`);
  }
  return Object.entries(json).map(([id, body]) => {
    if (typeof body !== 'string') throw new TrustedDocumentsError(`${source}: ${id} is not a document`);
    const [operation] = operationsOf(parse(body));
    return { id, name: operation?.name?.value ?? '', type: operation?.operation ?? 'query', body };
  });
}

/**
 * What is wrong with registered operations: a hash that is not the SHA-256 of its text, a document
 * that is not exactly one operation, or one the current API schema or the gateway's limits refuse.
 * A schema change that would break a registered client operation fails the tests this way.
 */
export function trustedDocumentProblems(
  operations: readonly TrustedDocument[],
  limits: OperationLimits,
  schema: GraphQLSchema = buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8')),
): string[] {
  const problems: string[] = [];
  const rules = [...specifiedRules, ...limits.validationRules];
  for (const entry of operations) {
    const label = `${entry.name || '(anonymous)'} ${entry.id}`;
    if (sha256Hex(entry.body) !== entry.id) {
      problems.push(`${label}: the id is not the SHA-256 of the body`);
      continue;
    }
    let definitions: OperationDefinitionNode[];
    try {
      const document = parse(entry.body, limits.parseOptions);
      definitions = operationsOf(document);
      problems.push(...validate(schema, document, rules).map((error) => `${label}: ${error.message}`));
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
      continue;
    }
    const [operation] = definitions;
    if (definitions.length !== 1 || !operation) {
      problems.push(`${label}: a registered document holds exactly one operation`);
    } else if ((operation.name?.value ?? '') !== entry.name || operation.operation !== entry.type) {
      problems.push(`${label}: the name or type does not match the document`);
    }
  }
  return problems;
}

export function readManifest(path: string): TrustedDocumentManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return emptyManifest();
  }
  const parsed = trustedDocumentManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new TrustedDocumentsError(`${path}: ${parsed.error.message}`);
  return parsed.data;
}

/** The manifest with `additions` merged in (by id), sorted by name then id for reviewable diffs. */
export function mergeManifest(
  manifest: TrustedDocumentManifest,
  additions: readonly TrustedDocument[],
): { manifest: TrustedDocumentManifest; added: TrustedDocument[] } {
  const byId = new Map(manifest.operations.map((operation) => [operation.id, operation]));
  const added = additions.filter((operation) => !byId.has(operation.id));
  for (const operation of added) byId.set(operation.id, operation);
  const operations = [...byId.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  return { manifest: { ...manifest, operations }, added };
}

export function writeManifest(path: string, manifest: TrustedDocumentManifest): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
