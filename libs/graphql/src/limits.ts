import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
  type DocumentNode,
} from 'graphql';
import type { Config } from '@schools24/config';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection.js';
import { countRefusal, type RefusalReason } from './refusals.js';

/** What an operation may ask for. Everything but `maxTokens` is checked at validation time. */
export interface LimitSettings {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens per document, enforced by graphql-js's parser itself. */
  maxTokens: number;
  /** Estimated objects resolved per operation (see `operationCost`). */
  maxCost: number;
  /** `first`/`last` of any field. */
  maxPageSize: number;
  /** Items of any list in arguments or variables. */
  maxListItems: number;
}

export function limitSettings(config: Config): LimitSettings {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxCost: config.GRAPHQL_MAX_COST,
    maxPageSize: MAX_PAGE_SIZE,
    maxListItems: config.GRAPHQL_MAX_LIST_ITEMS,
  };
}

/** Which limit an operation broke, in `extensions.limit` of the error. */
export type LimitName = 'DEPTH' | 'ALIASES' | 'DIRECTIVES' | 'COST' | 'PAGE_SIZE' | 'LIST_ITEMS';

/** Estimated length of a list field that takes no `first`/`last` (a small bounded list). */
export const DEFAULT_LIST_SIZE = 10;
/** Selections analysed per operation with fragments expanded; beyond this a document is refused. */
export const MAX_ANALYSED_SELECTIONS = 10_000;

const REFUSAL_REASON: Record<LimitName, RefusalReason> = {
  DEPTH: 'depth',
  ALIASES: 'aliases',
  DIRECTIVES: 'directives',
  COST: 'cost',
  PAGE_SIZE: 'page_size',
  LIST_ITEMS: 'list_items',
};

function limitError(message: string, limit: LimitName, nodes?: readonly ASTNode[]): GraphQLError {
  countRefusal(REFUSAL_REASON[limit]);
  return new GraphQLError(message, { ...(nodes ? { nodes } : {}), extensions: { limit } });
}

/** The same refusal raised per request (from variable values): a 400 with the validation code. */
function requestLimitError(message: string, limit: LimitName): GraphQLError {
  countRefusal(REFUSAL_REASON[limit]);
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, http: { status: 400 } },
  });
}

/** A list field's length per parent item: a number, or a variable's value with a fallback. */
type Size = number | { variable: string; fallback: number };

interface CostNode {
  composite: boolean;
  /** Items per parent item for a list field; null for a single value. */
  size: Size | null;
  children: CostNode[];
}

/** What the limits need to know of one operation; computed once per validated document. */
export interface OperationAnalysis {
  nodes: CostNode[];
  /** The cost, when no `first`/`last` comes from a variable. */
  staticCost: number | null;
  /** Variables used as `first`/`last`, with their declared default. */
  pageVariables: Map<string, unknown>;
  /** Variables whose type holds a list (directly or inside an input object). */
  listVariables: string[];
}

class TooComplexError extends Error {}

const holdsListMemo = new WeakMap<GraphQLInputObjectType, boolean>();

function inputHoldsList(type: GraphQLInputObjectType, seen = new Set<GraphQLInputObjectType>()): boolean {
  const memo = holdsListMemo.get(type);
  if (memo !== undefined) return memo;
  seen.add(type);
  let holds = false;
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (
      isListType(getNullableType(field.type)) ||
      (isInputObjectType(named) && !seen.has(named) && inputHoldsList(named, seen))
    ) {
      holds = true;
      break;
    }
  }
  holdsListMemo.set(type, holds);
  return holds;
}

function typeHoldsList(schema: GraphQLSchema, type: TypeNode): boolean {
  if (type.kind === Kind.NON_NULL_TYPE) return typeHoldsList(schema, type.type);
  if (type.kind === Kind.LIST_TYPE) return true;
  const named = schema.getType(type.name.value);
  return isInputObjectType(named) && inputHoldsList(named);
}

const isPageArgument = (name: string) => name === 'first' || name === 'last';

/**
 * Builds the cost tree of an operation with fragments expanded. Cost is the estimated number of
 * objects the operation resolves:
 *
 *   cost = Σ over composite (object/interface/union) fields F of items(F)
 *   items(F) = items(parent of F) × (F is a list ? size(F) : 1),  items(root) = 1
 *   size(F) = F's `first`/`last` (literal, variable, or default 20 when F takes them but gets none);
 *             for a list inside a connection (`edges`, `nodes`): the connection's `first`/`last`;
 *             any other list: 10.
 *
 * Leaf fields are free (their cost is in the object that carries them); `__typename` and
 * introspection are free.
 */
export function analyseOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
): OperationAnalysis {
  let remaining = MAX_ANALYSED_SELECTIONS;
  const variableDefaults = new Map<string, unknown>();
  const listVariables: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = definition.defaultValue;
    variableDefaults.set(name, value?.kind === Kind.INT ? Number(value.value) : undefined);
    if (typeHoldsList(schema, definition.type)) listVariables.push(name);
  }
  const pageVariables = new Map<string, unknown>();

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): Size | null => {
    if (!field.args.some((arg) => isPageArgument(arg.name))) return null;
    const given = node.arguments?.find((arg) => isPageArgument(arg.name.value));
    const declared = field.args.find((arg) => arg.name === (given?.name.value ?? 'first'))?.defaultValue;
    const fallback = typeof declared === 'number' ? declared : DEFAULT_PAGE_SIZE;
    if (!given) return fallback;
    if (given.value.kind === Kind.INT) return Math.max(0, Number(given.value.value));
    if (given.value.kind === Kind.VARIABLE) {
      const variable = given.value.name.value;
      const defaultValue = variableDefaults.get(variable);
      pageVariables.set(variable, defaultValue);
      return { variable, fallback: typeof defaultValue === 'number' ? defaultValue : fallback };
    }
    return fallback;
  };

  const expand = (
    type: GraphQLCompositeType,
    selectionSet: SelectionSetNode,
    connectionSize: Size | null,
    fragmentPath: Set<string>,
  ): CostNode[] => {
    const nodes: CostNode[] = [];
    for (const selection of selectionSet.selections) {
      if (--remaining < 0) throw new TooComplexError();
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        const page = pageSize(field, selection);
        const list = isListType(getNullableType(field.type));
        const named = getNamedType(field.type);
        const composite = isCompositeType(named);
        nodes.push({
          composite,
          size: list ? (page ?? connectionSize ?? DEFAULT_LIST_SIZE) : null,
          children:
            composite && selection.selectionSet
              ? expand(named, selection.selectionSet, page, fragmentPath)
              : [],
        });
      } else {
        const definition =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragment(selection.name.value);
        if (!definition) continue;
        const spread = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
        if (spread !== null && fragmentPath.has(spread)) continue; // a cycle: validation reports it
        const condition = definition.typeCondition
          ? schema.getType(definition.typeCondition.name.value)
          : type;
        if (!condition || !isCompositeType(condition)) continue;
        if (spread !== null) fragmentPath.add(spread);
        nodes.push(...expand(condition, definition.selectionSet, connectionSize, fragmentPath));
        if (spread !== null) fragmentPath.delete(spread);
      }
    }
    return nodes;
  };

  const root = schema.getRootType(operation.operation);
  const nodes = root ? expand(root, operation.selectionSet, null, new Set()) : [];
  return {
    nodes,
    staticCost: pageVariables.size === 0 ? costOf(nodes, 1, undefined) : null,
    pageVariables,
    listVariables,
  };
}

function sizeOf(size: Size, variables: Readonly<Record<string, unknown>> | undefined): number {
  if (typeof size === 'number') return size;
  const value = variables?.[size.variable];
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : size.fallback;
}

function costOf(
  nodes: readonly CostNode[],
  multiplier: number,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  let cost = 0;
  for (const node of nodes) {
    const items = node.size === null ? multiplier : multiplier * sizeOf(node.size, variables);
    if (node.composite) cost += items;
    if (node.children.length > 0) cost += costOf(node.children, items, variables);
  }
  return cost;
}

/** The estimated cost of an analysed operation for these variable values. */
export function operationCost(
  analysis: OperationAnalysis,
  variables?: Readonly<Record<string, unknown>>,
): number {
  return analysis.staticCost ?? costOf(analysis.nodes, 1, variables);
}

/** The first array longer than `max` in a JSON value, found without recursion (deep values cannot overflow the stack). */
function overlongList(value: unknown, max: number): number | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      if (current.length > max) return current.length;
      for (const item of current) if (item !== null && typeof item === 'object') pending.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const item of Object.values(current))
        if (item !== null && typeof item === 'object') pending.push(item);
    }
  }
  return null;
}

const formatCost = (cost: number) =>
  Number.isFinite(cost) ? Math.round(cost).toLocaleString('en') : 'unbounded';

/**
 * The gateway's operation limits, configured in one place. Depth, aliases and directives use
 * graphql-armor's rules; page sizes, list lengths and a connection-aware cost are ours; tokens are
 * capped by graphql-js's parser. Validation rules run once per distinct document (Apollo caches
 * validated documents); what depends on variable values is checked per request, before execution,
 * from an analysis made once per document.
 */
export class OperationLimits {
  private readonly analyses = new WeakMap<OperationDefinitionNode, OperationAnalysis>();
  readonly validationRules: readonly ValidationRule[];
  readonly plugins: readonly ApolloServerPlugin<BaseContext>[];
  readonly parseOptions: ParseOptions;

  constructor(readonly settings: LimitSettings) {
    const reject = (limit: LimitName) => [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitError(error.message.replace(/^Syntax Error: /, ''), limit)),
    ];
    // armor reports through `onReject` only; `propagateOnRejection: false` stops it also throwing.
    const armor = new ApolloArmor({
      maxDepth: {
        n: settings.maxDepth,
        flattenFragments: true,
        propagateOnRejection: false,
        onReject: reject('DEPTH'),
      },
      maxAliases: { n: settings.maxAliases, propagateOnRejection: false, onReject: reject('ALIASES') },
      maxDirectives: {
        n: settings.maxDirectives,
        propagateOnRejection: false,
        onReject: reject('DIRECTIVES'),
      },
      // graphql-js counts tokens while parsing (`parseOptions`); armor's plugin would parse twice.
      maxTokens: { enabled: false },
      // armor's cost ignores `first`/`last`; ours multiplies by them.
      costLimit: { enabled: false },
      // `productionErrors` instead: it also covers errors from variable coercion and subgraphs.
      blockFieldSuggestion: { enabled: false },
    }).protect();
    this.validationRules = [...armor.validationRules, this.pageSizeRule, this.listItemsRule, this.costRule];
    this.plugins = [this.variablesPlugin()];
    this.parseOptions = { maxTokens: settings.maxTokens };
  }

  /** Literal `first`/`last` arguments. */
  private readonly pageSizeRule: ValidationRule = (context) => {
    const max = this.settings.maxPageSize;
    return {
      Field(node) {
        for (const argument of node.arguments ?? []) {
          if (!isPageArgument(argument.name.value) || argument.value.kind !== Kind.INT) continue;
          const value = Number(argument.value.value);
          if (value < 0 || value > max) {
            context.reportError(
              limitError(
                `\`${argument.name.value}\` must be between 0 and ${max}, got ${value} (field "${node.name.value}").`,
                'PAGE_SIZE',
                [argument],
              ),
            );
          }
        }
      },
    };
  };

  /** Literal lists anywhere: arguments, input objects, variable defaults. */
  private readonly listItemsRule: ValidationRule = (context) => {
    const max = this.settings.maxListItems;
    return {
      ListValue(node) {
        if (node.values.length > max) {
          context.reportError(
            limitError(
              `A list holds ${node.values.length} items; at most ${max} are allowed.`,
              'LIST_ITEMS',
              [node],
            ),
          );
        }
      },
    };
  };

  /** The cost when it is known from the document alone, and defaults of page-size variables. */
  private readonly costRule: ValidationRule = (context) => ({
    OperationDefinition: (operation) => {
      let analysis: OperationAnalysis;
      try {
        analysis = analyseOperation(
          context.getSchema(),
          operation,
          (name) => context.getFragment(name) ?? undefined,
        );
      } catch (error) {
        if (!(error instanceof TooComplexError)) throw error;
        context.reportError(limitError(this.tooComplexMessage(), 'COST', [operation]));
        return false;
      }
      this.analyses.set(operation, analysis);
      const problem = this.check(analysis, undefined);
      if (problem) context.reportError(limitError(problem.message, problem.limit, [operation]));
      return false;
    },
  });

  private tooComplexMessage(): string {
    return `The operation has more than ${MAX_ANALYSED_SELECTIONS} selections with its fragments expanded.`;
  }

  /**
   * The limits that depend on variable values (none when `variables` is undefined: then only what
   * the document fixes, including variable defaults).
   */
  check(
    analysis: OperationAnalysis,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): { message: string; limit: LimitName } | null {
    const max = this.settings.maxPageSize;
    for (const [name, defaultValue] of analysis.pageVariables) {
      const value = variables && Object.hasOwn(variables, name) ? variables[name] : defaultValue;
      if (typeof value === 'number' && (value < 0 || value > max)) {
        return {
          message: `\`first\`/\`last\` must be between 0 and ${max}, got ${value} (variable $${name}).`,
          limit: 'PAGE_SIZE',
        };
      }
    }
    if (variables) {
      for (const name of analysis.listVariables) {
        const length = overlongList(variables[name], this.settings.maxListItems);
        if (length !== null) {
          return {
            message: `A list in variable $${name} holds ${length} items; at most ${this.settings.maxListItems} are allowed.`,
            limit: 'LIST_ITEMS',
          };
        }
      }
    }
    if (analysis.staticCost === null && !variables) return null;
    const cost = operationCost(analysis, variables);
    if (cost > this.settings.maxCost) {
      return {
        message: `The operation's estimated cost is ${formatCost(cost)}, above the limit of ${formatCost(this.settings.maxCost)}: ask for smaller pages (\`first\`/\`last\`) or fewer nested lists.`,
        limit: 'COST',
      };
    }
    return null;
  }

  /** Checks one operation of a validated document against these variable values. */
  checkRequest(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): GraphQLError | null {
    let analysis = this.analyses.get(operation);
    const validated = analysis !== undefined;
    if (!analysis) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      try {
        analysis = analyseOperation(schema, operation, (name) => fragments.get(name));
      } catch (error) {
        if (error instanceof TooComplexError) return requestLimitError(this.tooComplexMessage(), 'COST');
        throw error;
      }
      this.analyses.set(operation, analysis);
    }
    // A document without variables in page sizes or lists was fully checked at validation.
    if (validated && analysis.pageVariables.size === 0 && analysis.listVariables.length === 0) return null;
    const problem = this.check(analysis, variables ?? {});
    return problem ? requestLimitError(problem.message, problem.limit) : null;
  }

  /** Per request, before planning: the checks that need the variables' values. */
  private variablesPlugin(): ApolloServerPlugin<BaseContext> {
    // One listener for every request: nothing is allocated on the hot path.
    const listener: GraphQLRequestListener<BaseContext> = {
      didResolveOperation: async ({ schema, document, operation, request }) => {
        if (!operation) return;
        const error = this.checkRequest(schema, document, operation, request.variables);
        if (error) throw error;
      },
    };
    return { requestDidStart: async () => listener };
  }
}
