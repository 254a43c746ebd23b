/**
 * Authorization declared in the SDL with Federation's own directives and enforced in every subgraph
 * by this one schema transform.
 *
 * Directives (imported in `schema/common.graphql`; names as in federation v2.9):
 * - `@authenticated` — a viewer (verified access token) is required.
 * - `@requiresScopes(scopes: [[Scope!]!]!)` — OR of ANDs over the viewer's scopes (`role:<role>`):
 *   `[["a", "b"], ["c"]]` is (a AND b) OR c.
 * - `@policy(policies: [[Policy!]!]!)` — OR of ANDs over named policies: functions each subgraph
 *   registers, `(viewer, context) => boolean | Promise<boolean>`. Policies are coarse (they see the
 *   viewer and the request, never a record); who owns which record is decided in services.
 *
 * Where a rule applies (federation semantics, as the router applies them): a rule on a field guards
 * that field; a rule on a type guards every field that returns the type (lists and non-null
 * included) and every field of the type. A field's effective rule is the AND of its own rule, its
 * parent type's (and that type's interfaces'), and its return type's. A field that returns an
 * abstract type gets the abstract type's rule; the concrete object's own rule is enforced on its
 * fields as they resolve, so the protected data never leaves (the error sits one level deeper than
 * the router would put it).
 *
 * Enforcement happens before the resolver runs: no viewer → UNAUTHENTICATED; a viewer without the
 * scopes or policies → FORBIDDEN (a failed policy with no viewer is UNAUTHENTICATED). Policy results
 * are cached per request. A viewer holding `role:platform_admin` passes every rule: the platform
 * operator acts across schools and every service decides for itself what that means for records.
 *
 * Opting out: federation has no `@public`, so a field or type that anyone may read is marked
 * `@policy(policies: [["public"]])` — the built-in `public` policy is always true, and the marking
 * is visible in the SDL and the supergraph. On a type it means "no rule of its own": value types
 * such as `Money` and `PageInfo` are read by whoever could read the field that returned them. A
 * public return type never opens the field returning it.
 *
 * Strict mode (the default): building a schema in which some field has no rule at all — none on
 * the field, its parent type or its return type, and no public marking on the field or its parent
 * type — throws and names every such field. So does a `@policy` naming an unregistered policy.
 *
 * Federation internals: `_entities` checks each representation's type rule before its
 * `__resolveReference` runs; a denied representation comes back as an error at its own index while
 * the others resolve (field rules apply as the entity's fields resolve). `_service` (the subgraph's
 * full SDL, rules and internals included) is for platform admins only: the gateway composes from the
 * checked-in supergraph and never asks for it, and direct subgraph access must not be an
 * introspection back door.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { roleScope, type Viewer } from '@schools24/auth';
import { DomainError, ErrorCode } from '@schools24/errors';

/** The built-in always-true policy that marks a field or type as deliberately open. */
export const PUBLIC_POLICY = 'public';
/** Holders of this scope pass every rule. */
export const PLATFORM_ADMIN_SCOPE = roleScope('PLATFORM_ADMIN');

/** A coarse rule a subgraph registers under a name that `@policy` refers to. */
export type AuthorizationPolicy<TContext = unknown> = (
  viewer: Viewer | null,
  context: TContext,
) => boolean | Promise<boolean>;

export type AuthorizationPolicies<TContext = unknown> = Readonly<
  Record<string, AuthorizationPolicy<TContext>>
>;

export interface AuthorizationOptions {
  /** Refuse to build a schema with unprotected fields (default true). */
  strict?: boolean;
}

/** OR of ANDs, as in the directives' arguments. */
type Dnf = readonly (readonly string[])[];

/** Every part must hold (rules from the field, its parent type and its return type are ANDed). */
interface Rule {
  authenticated: boolean;
  scopes: readonly Dnf[];
  policies: readonly Dnf[];
}

/** What one schema element (field or type) declares. */
interface Declared extends Rule {
  /** Marked `@policy(policies: [["public"]])`: a deliberate opt-out. */
  isPublic: boolean;
}

type Verdict = DomainError | undefined;
type Directable = GraphQLField<unknown, unknown> | GraphQLFieldConfig<unknown, unknown> | GraphQLNamedType;

const ENTITIES_FIELD = '_entities';
const SERVICE_FIELD = '_service';
const SERVICE_RULE: Rule = { authenticated: true, scopes: [[[PLATFORM_ADMIN_SCOPE]]], policies: [] };
const NO_DECLARATION: Declared = { authenticated: false, scopes: [], policies: [], isPublic: false };

/**
 * Wraps every resolver of a (federated) schema with the rule its SDL declares; see the module
 * comment for the semantics. Register the policies the SDL names; `public` is built in.
 */
export function applyAuthorization<TContext = unknown>(
  schema: GraphQLSchema,
  policies: AuthorizationPolicies<TContext> = {},
  options: AuthorizationOptions = {},
): GraphQLSchema {
  if (Object.hasOwn(policies, PUBLIC_POLICY)) {
    throw new Error(`Authorization: the "${PUBLIC_POLICY}" policy is built in and cannot be replaced`);
  }
  const reader = new RuleReader(schema);
  const problems = reader.unknownPolicies(new Set([PUBLIC_POLICY, ...Object.keys(policies)]));
  if (problems.length > 0) {
    throw new Error(`Authorization: @policy names policies nobody registered:\n- ${problems.join('\n- ')}`);
  }
  if (options.strict ?? true) {
    const unprotected = reader.unprotectedFields();
    if (unprotected.length > 0) {
      throw new Error(
        'Authorization: these fields have no rule. Add @authenticated, @requiresScopes or @policy to the ' +
          `field or its type, or mark it open with @policy(policies: [["${PUBLIC_POLICY}"]]):\n- ` +
          unprotected.join('\n- '),
      );
    }
  }
  const evaluator = new RuleEvaluator(policies as AuthorizationPolicies);
  const queryTypeName = schema.getQueryType()?.name;

  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      if (typeName === queryTypeName && fieldName === ENTITIES_FIELD) {
        return { ...fieldConfig, resolve: guardEntities(fieldConfig.resolve, reader, evaluator) };
      }
      const rule =
        typeName === queryTypeName && fieldName === SERVICE_FIELD
          ? SERVICE_RULE
          : reader.effectiveRule(typeName, fieldName);
      if (isEmpty(rule)) return fieldConfig;
      const guard = (context: unknown) => evaluator.evaluate(rule, context, coordinate);
      return {
        ...fieldConfig,
        resolve: guarded(fieldConfig.resolve ?? defaultFieldResolver, guard),
        ...(fieldConfig.subscribe ? { subscribe: guarded(fieldConfig.subscribe, guard) } : {}),
      };
    },
  });
}

/**
 * Fields a request could read without any rule applying, as `Type.field` coordinates: fields with
 * no rule of their own, on their parent type or on their return type, and not marked public on the
 * field or its parent type. Federation's `_entities` and `_service` are guarded by the transform
 * itself and not listed.
 */
export function findUnprotectedFields(schema: GraphQLSchema): string[] {
  return new RuleReader(schema).unprotectedFields();
}

/**
 * Fields anyone may read because they were deliberately opened (`public` on the field or its parent
 * type) and nothing else guards them: the list to review whenever it changes.
 */
export function findPublicFields(schema: GraphQLSchema): string[] {
  return new RuleReader(schema).publicFields();
}

function guarded(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  guard: (context: unknown) => Verdict | Promise<Verdict>,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const verdict = guard(context);
    if (verdict === undefined) return resolve(source, args, context, info);
    if (verdict instanceof DomainError) throw verdict;
    return verdict.then((denied) => {
      if (denied) throw denied;
      return resolve(source, args, context, info);
    });
  };
}

/** Checks each representation's type rule before its reference resolver runs. */
function guardEntities(
  resolve: GraphQLFieldResolver<unknown, unknown> | undefined,
  reader: RuleReader,
  evaluator: RuleEvaluator,
): GraphQLFieldResolver<unknown, unknown> {
  const original = resolve ?? defaultFieldResolver;
  // Computed once: representations name types, and names a client sends must not grow this map.
  const rules = new Map<string, Rule>();
  for (const typeName of reader.typeNames()) {
    const rule = reader.entityRule(typeName);
    if (rule !== undefined && !isEmpty(rule)) rules.set(typeName, rule);
  }
  return (source, args: Record<string, unknown>, context, info) => {
    const representations = args['representations'];
    if (!Array.isArray(representations)) return original(source, args, context, info);
    const verdicts = representations.map((representation: unknown) => {
      // Unknown type names pass through: federation's own resolver refuses them.
      const typeName = typenameOf(representation);
      const rule = typeName === undefined ? undefined : rules.get(typeName);
      return rule && typeName ? evaluator.evaluate(rule, context, typeName) : undefined;
    });
    const finish = (settled: readonly Verdict[]) => {
      if (settled.every((verdict) => verdict === undefined)) return original(source, args, context, info);
      const allowed = representations.filter((_, index) => settled[index] === undefined);
      const merge = (resolved: unknown) => {
        const values = Array.isArray(resolved) ? resolved : [];
        let next = 0;
        // An Error in a list item becomes that item's error (and null) in graphql-js; the rest resolve.
        return settled.map((denied) => denied ?? values[next++]);
      };
      if (allowed.length === 0) return merge([]);
      const resolved = original(source, { ...args, representations: allowed }, context, info);
      return isPromiseLike(resolved) ? Promise.resolve(resolved).then(merge) : merge(resolved);
    };
    return verdicts.some(isPromiseLike)
      ? Promise.all(verdicts).then((settled) => finish(settled))
      : finish(verdicts as Verdict[]);
  };
}

/** Reads the rules declared in a schema (directive names as imported, or federation-prefixed). */
class RuleReader {
  private readonly names: { authenticated?: string; requiresScopes?: string; policy?: string };
  private readonly declared = new Map<Directable, Declared>();

  constructor(private readonly schema: GraphQLSchema) {
    const nameOf = (name: string) =>
      [name, `federation__${name}`].find((candidate) => schema.getDirective(candidate) !== undefined);
    this.names = {
      authenticated: nameOf('authenticated'),
      requiresScopes: nameOf('requiresScopes'),
      policy: nameOf('policy'),
    };
  }

  /** The AND of the field's, its parent type's (and interfaces') and its return type's rules. */
  effectiveRule(typeName: string, fieldName: string): Rule {
    const parent = this.schema.getType(typeName);
    if (!isObjectType(parent) && !isInterfaceType(parent)) return NO_DECLARATION;
    const field = parent.getFields()[fieldName];
    if (!field) return NO_DECLARATION;
    return combine(this.sources(parent, field).map(([source, where]) => this.read(source, where)));
  }

  typeNames(): string[] {
    return Object.keys(this.schema.getTypeMap());
  }

  /** The rule a representation of this type must pass before its reference is resolved. */
  entityRule(typeName: string): Rule | undefined {
    const type = this.schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
    return combine([type, ...type.getInterfaces()].map((source) => this.read(source, source.name)));
  }

  unprotectedFields(): string[] {
    return this.openFields().flatMap(({ coordinate, optedOut }) => (optedOut ? [] : [coordinate]));
  }

  publicFields(): string[] {
    return this.openFields().flatMap(({ coordinate, optedOut }) => (optedOut ? [coordinate] : []));
  }

  /** Fields no rule applies to, and whether that was declared (`public`) or forgotten. */
  private openFields(): { coordinate: string; optedOut: boolean }[] {
    const open: { coordinate: string; optedOut: boolean }[] = [];
    for (const type of Object.values(this.schema.getTypeMap())) {
      if (!isObjectType(type) || isInternalType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (this.isFederationRootField(type, field.name)) continue;
        const coordinate = `${type.name}.${field.name}`;
        const rule = combine(this.sources(type, field).map(([source, where]) => this.read(source, where)));
        if (!isEmpty(rule)) continue;
        const optedOut = this.read(field, coordinate).isPublic || this.read(type, type.name).isPublic;
        open.push({ coordinate, optedOut });
      }
    }
    return open.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
  }

  /** Reads every declaration (refusing malformed ones) and lists policy names not in `known`. */
  unknownPolicies(known: ReadonlySet<string>): string[] {
    const unknown: string[] = [];
    const check = (element: Directable, where: string) => {
      this.read(element, where);
      for (const name of this.dnfArguments(element, this.names.policy, 'policies', where).flat(2)) {
        if (!known.has(name)) unknown.push(`${where}: "${name}"`);
      }
    };
    for (const type of Object.values(this.schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      check(type, type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) check(field, `${type.name}.${field.name}`);
      }
    }
    return unknown;
  }

  private isFederationRootField(type: GraphQLObjectType, fieldName: string): boolean {
    return (
      type === this.schema.getQueryType() && (fieldName === ENTITIES_FIELD || fieldName === SERVICE_FIELD)
    );
  }

  /** Every element whose rule applies to the field, with its schema coordinate. */
  private sources(
    parent: GraphQLObjectType | GraphQLInterfaceType,
    field: GraphQLField<unknown, unknown>,
  ): [Directable, string][] {
    const fromInterfaces = parent.getInterfaces().flatMap((iface): [Directable, string][] => {
      const inherited = iface.getFields()[field.name];
      return inherited
        ? [
            [iface, iface.name],
            [inherited, `${iface.name}.${field.name}`],
          ]
        : [[iface, iface.name]];
    });
    const returned = getNamedType(field.type);
    return [
      [field, `${parent.name}.${field.name}`],
      [parent, parent.name],
      ...fromInterfaces,
      [returned, returned.name],
    ];
  }

  private read(element: Directable, where: string): Declared {
    let declared = this.declared.get(element);
    if (!declared) {
      declared = this.parse(element, where);
      this.declared.set(element, declared);
    }
    return declared;
  }

  private parse(element: Directable, where: string): Declared {
    if (isUnionType(element)) return NO_DECLARATION; // unions cannot carry these directives
    const authenticated =
      this.names.authenticated !== undefined &&
      (getDirective(this.schema, element, this.names.authenticated)?.length ?? 0) > 0;
    const scopes = this.dnfArguments(element, this.names.requiresScopes, 'scopes', where);
    const policies = this.dnfArguments(element, this.names.policy, 'policies', where);
    // A DNF with an all-public clause is always true: it opts out and adds no requirement.
    const isOpen = (dnf: Dnf) => dnf.some((clause) => clause.every((name) => name === PUBLIC_POLICY));
    return {
      authenticated,
      scopes,
      policies: policies.filter((dnf) => !isOpen(dnf)),
      isPublic: policies.some(isOpen),
    };
  }

  private dnfArguments(
    element: Directable,
    directive: string | undefined,
    argument: string,
    where: string,
  ): Dnf[] {
    if (directive === undefined) return [];
    return (getDirective(this.schema, element, directive) ?? []).map((args: Record<string, unknown>) => {
      const value = args[argument];
      if (!isDnf(value)) {
        throw new Error(`Authorization: @${directive} on ${where} needs ${argument}: [[String!]!]!`);
      }
      if (value.length === 0 || value.some((clause) => clause.length === 0)) {
        throw new Error(
          `Authorization: @${directive} on ${where} has an empty list, which would refuse or admit ` +
            'everyone; write the rule out',
        );
      }
      return value;
    });
  }
}

/** Evaluates rules against the request's viewer; policy results are cached per request. */
class RuleEvaluator {
  private readonly cache = new WeakMap<object, Map<string, boolean | Promise<boolean>>>();

  constructor(private readonly policies: AuthorizationPolicies) {}

  evaluate(rule: Rule, context: unknown, what: string): Verdict | Promise<Verdict> {
    const viewer = viewerOf(context);
    if (viewer === null && (rule.authenticated || rule.scopes.length > 0)) return unauthenticated(what);
    if (viewer?.scopes.includes(PLATFORM_ADMIN_SCOPE)) return undefined;
    if (viewer !== null) {
      const held = viewer.scopes;
      const holds = (dnf: Dnf) => dnf.some((clause) => clause.every((scope) => held.includes(scope)));
      if (!rule.scopes.every(holds)) return forbidden(what);
    }
    if (rule.policies.length === 0) return undefined;

    const deny = () => (viewer === null ? unauthenticated(what) : forbidden(what));
    const names = [...new Set(rule.policies.flat(2))];
    const results = names.map((name) => this.policy(name, viewer, context));
    const decide = (values: readonly boolean[]): Verdict => {
      const passed = new Set(names.filter((_, index) => values[index]));
      const holds = (dnf: Dnf) => dnf.some((clause) => clause.every((name) => passed.has(name)));
      return rule.policies.every(holds) ? undefined : deny();
    };
    return results.some(isPromiseLike) ? Promise.all(results).then(decide) : decide(results as boolean[]);
  }

  private policy(name: string, viewer: Viewer | null, context: unknown): boolean | Promise<boolean> {
    const perRequest = typeof context === 'object' && context !== null ? this.perRequest(context) : undefined;
    const cached = perRequest?.get(name);
    if (cached !== undefined) return cached;
    const policy = this.policies[name];
    // Unknown names are refused at build time; fail closed regardless.
    const result = policy ? policy(viewer, context) : false;
    perRequest?.set(name, result);
    return result;
  }

  private perRequest(context: object): Map<string, boolean | Promise<boolean>> {
    let results = this.cache.get(context);
    if (!results) {
      results = new Map();
      this.cache.set(context, results);
    }
    return results;
  }
}

function combine(declared: readonly Rule[]): Rule {
  const unique = (dnfs: readonly Dnf[]) => [
    ...new Map(dnfs.map((dnf) => [JSON.stringify(dnf), dnf] as const)).values(),
  ];
  return {
    authenticated: declared.some((rule) => rule.authenticated),
    scopes: unique(declared.flatMap((rule) => rule.scopes)),
    policies: unique(declared.flatMap((rule) => rule.policies)),
  };
}

function isEmpty(rule: Rule): boolean {
  return !rule.authenticated && rule.scopes.length === 0 && rule.policies.length === 0;
}

function viewerOf(context: unknown): Viewer | null {
  if (typeof context !== 'object' || context === null || !('viewer' in context)) return null;
  const viewer = (context as { viewer: unknown }).viewer;
  return typeof viewer === 'object' && viewer !== null && Array.isArray((viewer as Viewer).scopes)
    ? (viewer as Viewer)
    : null;
}

function unauthenticated(what: string): DomainError {
  return new DomainError(ErrorCode.UNAUTHENTICATED, `Sign in to use ${what}.`);
}

function forbidden(what: string): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, `You are not allowed to use ${what}.`);
}

function isDnf(value: unknown): value is Dnf {
  return (
    Array.isArray(value) &&
    value.every(
      (clause) => Array.isArray(clause) && clause.every((item: unknown) => typeof item === 'string'),
    )
  );
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function typenameOf(representation: unknown): string | undefined {
  if (typeof representation !== 'object' || representation === null) return undefined;
  const typename = (representation as { __typename?: unknown }).__typename;
  return typeof typename === 'string' ? typename : undefined;
}

/** Federation's own types (`_Service`, `_Entity`, ...) and introspection are not ours to annotate. */
function isInternalType(type: GraphQLObjectType): boolean {
  return type.name.startsWith('_');
}
