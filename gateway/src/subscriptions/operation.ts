import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ErrorCode } from '@schools24/errors';
import type { FieldArguments, Grouping, LiveQuery, LiveQueryTable } from './live-queries.js';

/** A table entry checked against the served schema. */
export interface ResolvedLiveQuery extends LiveQuery {
  /** The `Subscription` field it serves. */
  field: string;
}

export interface ResolvedTable {
  bySubscription: ReadonlyMap<string, ResolvedLiveQuery>;
  /** Subscription fields that cannot be served, and why (each refused at subscribe time). */
  problems: readonly string[];
}

function signature(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).sort();
  return `(${args.join(', ')}): ${String(field.type)}`;
}

/**
 * Checks every `Subscription` field of the schema against the table: it must have an entry whose
 * backing `Query` field has exactly the same arguments and type (so the subscription document,
 * re-rooted on `Query`, is valid and its result has the subscription's shape).
 */
export function resolveLiveQueries(schema: GraphQLSchema, table: LiveQueryTable): ResolvedTable {
  const bySubscription = new Map<string, ResolvedLiveQuery>();
  const problems: string[] = [];
  const subscriptionFields = schema.getSubscriptionType()?.getFields() ?? {};
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(subscriptionFields)) {
    const live = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!live) {
      problems.push(`Subscription.${name} has no entry in the live query table`);
      continue;
    }
    const backing = queryFields[live.query];
    if (!backing) {
      problems.push(`Subscription.${name} is backed by Query.${live.query}, which the schema lacks`);
      continue;
    }
    if (signature(field) !== signature(backing)) {
      problems.push(
        `Subscription.${name}${signature(field)} and Query.${live.query}${signature(backing)} differ: ` +
          'they must take the same arguments and return the same type',
      );
      continue;
    }
    bySubscription.set(name, { ...live, field: name });
  }
  return { bySubscription, problems };
}

/** What a client sent to subscribe (graphql-ws `subscribe` payload, or an SSE request body). */
export interface SubscriptionRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A validated subscription, re-rooted on its backing query. */
export interface PreparedSubscription {
  live: ResolvedLiveQuery;
  /** The backing query's text (printed, so equal documents group together). */
  query: string;
  operationName: string | undefined;
  /** The declared variables as sent (JSON), for execution. */
  variables: Record<string, unknown>;
  /** Canonical JSON of `variables`, part of the group key. */
  variablesKey: string;
  /** The root field's coerced arguments, for the triggers' filters. */
  args: FieldArguments;
  /** Who may share one execution of it: decided from the live query's rule and this document. */
  grouping: 'viewer' | 'roles';
}

export interface PrepareOptions {
  parseOptions: ParseOptions;
  validationRules: readonly ValidationRule[];
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/** JSON with object keys sorted, so equal variables give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `roles` when the live query allows it and the document selects, below its root, only coordinates
 * the rule lists (through fragments too); otherwise `viewer`.
 */
function groupingOf(schema: GraphQLSchema, document: DocumentNode, grouping: Grouping): 'viewer' | 'roles' {
  if (grouping === 'viewer') return 'viewer';
  const allowed = new Set(grouping.rolesOnly);
  const typeInfo = new TypeInfo(schema);
  let shared = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parentType = typeInfo.getParentType();
        // The root field itself: its record rules are proven per subscriber at subscribe time.
        if (parentType === schema.getSubscriptionType()) return;
        if (node.name.value === '__typename') return;
        if (!parentType || !allowed.has(`${parentType.name}.${node.name.value}`)) shared = false;
      },
    }),
  );
  return shared ? 'roles' : 'viewer';
}

/**
 * Parses and validates a subscription document with the gateway's own limits (tokens at parse time;
 * depth, aliases, directives, cost, page size, list items at validation), and turns it into the
 * backing query: the same selection under `Query.<backing field>`, aliased to the subscription's
 * response key, so each result has exactly the shape the subscription promises.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  table: ResolvedTable,
  request: SubscriptionRequest,
  options: PrepareOptions,
): PreparedSubscription | readonly GraphQLError[] {
  if (typeof request.query !== 'string' || request.query === '') return [badRequest('Send a query.')];
  if (request.variables != null && !isRecord(request.variables)) {
    return [badRequest('`variables` must be an object.')];
  }
  if (request.operationName != null && typeof request.operationName !== 'string') {
    return [badRequest('`operationName` must be a string.')];
  }
  let document: DocumentNode;
  try {
    document = parse(request.query, options.parseOptions);
  } catch (error) {
    return [error instanceof GraphQLError ? error : badRequest('The query cannot be parsed.')];
  }
  const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
  if (errors.length > 0) return errors;
  const operationName = request.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return [badRequest('Name the operation to run (`operationName`).')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [badRequest('Only subscriptions are served here: send queries and mutations to POST /graphql.')];
  }
  const [root] = operation.selectionSet.selections;
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    return [badRequest('Select the subscription field directly (not through a fragment).')];
  }
  const subscriptionField = schema.getSubscriptionType()?.getFields()[root.name.value];
  const live = table.bySubscription.get(root.name.value);
  if (!subscriptionField || !live) {
    return [
      new GraphQLError(`Subscription.${root.name.value} is not served by this gateway.`, {
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } },
      }),
    ];
  }
  const declared = new Set(
    (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
  );
  const sent = isRecord(request.variables) ? request.variables : {};
  const variables = Object.fromEntries(Object.entries(sent).filter(([name]) => declared.has(name)));
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return coerced.errors;
  let args: FieldArguments;
  try {
    args = getArgumentValues(subscriptionField, root, coerced.coerced);
  } catch (error) {
    return [error instanceof GraphQLError ? error : badRequest('Invalid arguments.')];
  }
  const backingRoot: FieldNode = {
    ...root,
    name: { kind: Kind.NAME, value: live.query },
    alias: root.alias ?? (live.query === root.name.value ? undefined : root.name),
  };
  const backing: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    selectionSet: { ...operation.selectionSet, selections: [backingRoot] },
  };
  const query = print({
    kind: Kind.DOCUMENT,
    definitions: [
      backing,
      ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
    ],
  });
  return {
    live,
    query,
    operationName: operation.name?.value,
    variables,
    variablesKey: canonicalJson(variables),
    args,
    grouping: groupingOf(schema, document, live.grouping),
  };
}
