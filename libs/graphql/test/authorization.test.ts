import { describe, expect, it, vi } from 'vitest';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { graphql, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { getDirective } from '@graphql-tools/utils';
import { scopesOf, type Viewer } from '@schools24/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '@schools24/config';
import { Role } from '@schools24/db';
import { DomainError, ErrorCode } from '@schools24/errors';
import {
  applyAuthorization,
  findPublicFields,
  findUnprotectedFields,
  type AuthorizationPolicies,
} from '../src/authorization.js';
import { scalarResolvers } from '../src/scalars.js';
import { loadSubgraphTypeDefs } from '../src/sdl.js';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
  import: ["@key", "@authenticated", "@requiresScopes", "@policy"])`;

const SDL = `${LINK}
scalar Secret @requiresScopes(scopes: [["role:school_admin"]])
enum Level @authenticated { LOW HIGH }

type Query {
  open: String @policy(policies: [["public"]])
  signedIn: String @authenticated
  teacherOrAdmin: String @requiresScopes(scopes: [["role:teacher"], ["role:school_admin"]])
  teacherAndAccountant: String @requiresScopes(scopes: [["role:teacher", "role:accountant"]])
  report: Report @authenticated
  note: Note @policy(policies: [["public"]])
  secret: Secret @policy(policies: [["public"]])
  level: Level @policy(policies: [["public"]])
  wallet: Wallet @authenticated
  search: [SearchResult!]! @authenticated
  onDutyOrInHours: String @policy(policies: [["in-hours"], ["on-duty"]])
  onDutyAndInHours: String @policy(policies: [["in-hours", "on-duty"]])
  alsoOnDuty: String @policy(policies: [["on-duty"]])
}

type Report @requiresScopes(scopes: [["role:school_admin"]]) { title: String }
type Note @key(fields: "id") @authenticated {
  id: ID!
  text: String
  draft: String @requiresScopes(scopes: [["role:teacher"]])
}
type Ledger @key(fields: "id") @requiresScopes(scopes: [["role:accountant"]]) { id: ID! total: Int }
type Wallet @policy(policies: [["public"]]) { balance: Int }
union SearchResult = Report | Wallet
`;

function viewer(...roles: Role[]): Viewer {
  return { userId: 'u1', schoolId: 's1', roles, scopes: scopesOf(roles), sessionId: 'f1' };
}

/** The test schema with a spy behind every resolver, so "the resolver did not run" is observable. */
function setup(options: { policies?: AuthorizationPolicies<{ onDuty?: boolean }> } = {}) {
  const resolved = vi.fn((field: string) => `${field}!`);
  const referenced = vi.fn((type: string, id: string) => ({ id, text: `${type} ${id}`, total: 7 }));
  const resolvers: GraphQLResolverMap<unknown> = {
    Query: {
      open: () => resolved('open'),
      signedIn: () => resolved('signedIn'),
      teacherOrAdmin: () => resolved('teacherOrAdmin'),
      teacherAndAccountant: () => resolved('teacherAndAccountant'),
      report: () => ({ title: resolved('report') }),
      note: () => ({ id: 'n1', text: resolved('note'), draft: 'draft' }),
      secret: () => resolved('secret'),
      level: () => (resolved('level'), 'HIGH'),
      wallet: () => ({ balance: 3 }),
      search: () => [
        { __typename: 'Wallet', balance: 1 },
        { __typename: 'Report', title: 'termly' },
      ],
      onDutyOrInHours: () => resolved('onDutyOrInHours'),
      onDutyAndInHours: () => resolved('onDutyAndInHours'),
      alsoOnDuty: () => resolved('alsoOnDuty'),
    },
    SearchResult: { __resolveType: (value: { __typename: string }) => value.__typename },
    Note: { __resolveReference: ({ id }: { id: string }) => referenced('Note', id) },
    Ledger: { __resolveReference: ({ id }: { id: string }) => referenced('Ledger', id) },
  };
  const inHours = vi.fn(() => false);
  const onDuty = vi.fn(async (current: Viewer | null, context: { onDuty?: boolean }) =>
    Boolean(current && context.onDuty),
  );
  const schema = applyAuthorization(
    buildSubgraphSchema({ typeDefs: parse(SDL), resolvers }),
    options.policies ?? { 'in-hours': inHours, 'on-duty': onDuty },
  );
  return { schema, resolved, referenced, inHours, onDuty };
}

async function run(
  schema: GraphQLSchema,
  source: string,
  context: { viewer: Viewer | null; onDuty?: boolean },
  variableValues?: Record<string, unknown>,
): Promise<ExecutionResult> {
  return graphql({ schema, source, contextValue: context, variableValues });
}

/** `path → code` of every error, the shape a client sees after the product's error formatter. */
function codes(result: ExecutionResult): Record<string, string> {
  return Object.fromEntries(
    (result.errors ?? []).map((error) => {
      const original = error.originalError;
      const code = original instanceof DomainError ? original.code : `not a DomainError: ${error.message}`;
      return [(error.path ?? []).join('.'), code];
    }),
  );
}

describe('applyAuthorization: the rules of a field', () => {
  it('refuses a request without a viewer with UNAUTHENTICATED before the resolver runs', async () => {
    const { schema, resolved } = setup();
    const result = await run(schema, '{ signedIn teacherOrAdmin }', { viewer: null });
    expect(result.data).toEqual({ signedIn: null, teacherOrAdmin: null });
    expect(codes(result)).toEqual({
      signedIn: ErrorCode.UNAUTHENTICATED,
      teacherOrAdmin: ErrorCode.UNAUTHENTICATED,
    });
    expect(resolved).not.toHaveBeenCalled();
  });

  it('lets a signed-in viewer through @authenticated and the marked-public field through for anyone', async () => {
    const { schema } = setup();
    expect(await run(schema, '{ signedIn open }', { viewer: viewer('GUARDIAN') })).toEqual({
      data: { signedIn: 'signedIn!', open: 'open!' },
    });
    expect(await run(schema, '{ open }', { viewer: null })).toEqual({ data: { open: 'open!' } });
  });

  it('refuses a viewer without the scope with FORBIDDEN before the resolver runs', async () => {
    const { schema, resolved } = setup();
    const result = await run(schema, '{ teacherOrAdmin }', { viewer: viewer('GUARDIAN', 'STUDENT') });
    expect(codes(result)).toEqual({ teacherOrAdmin: ErrorCode.FORBIDDEN });
    expect(resolved).not.toHaveBeenCalled();
  });

  it('reads scopes as an OR of ANDs', async () => {
    const { schema } = setup();
    const query = '{ teacherOrAdmin teacherAndAccountant }';
    const asAdmin = await run(schema, query, { viewer: viewer('SCHOOL_ADMIN') });
    expect(asAdmin.data).toEqual({ teacherOrAdmin: 'teacherOrAdmin!', teacherAndAccountant: null });
    expect(codes(asAdmin)).toEqual({ teacherAndAccountant: ErrorCode.FORBIDDEN });

    const asTeacher = await run(schema, query, { viewer: viewer('TEACHER') });
    expect(codes(asTeacher)).toEqual({ teacherAndAccountant: ErrorCode.FORBIDDEN });

    const asBoth = await run(schema, query, { viewer: viewer('ACCOUNTANT', 'TEACHER') });
    expect(asBoth).toEqual({
      data: { teacherOrAdmin: 'teacherOrAdmin!', teacherAndAccountant: 'teacherAndAccountant!' },
    });
  });

  it('lets a platform admin through every rule, policies included', async () => {
    const { schema, onDuty } = setup();
    const result = await run(
      schema,
      '{ teacherAndAccountant report { title } note { draft } secret onDutyAndInHours _service { sdl } }',
      { viewer: viewer('PLATFORM_ADMIN') },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ teacherAndAccountant: 'teacherAndAccountant!', secret: 'secret!' });
    expect(onDuty).not.toHaveBeenCalled();
  });
});

describe('applyAuthorization: rules on types', () => {
  it('applies an object type rule to every field returning it, whatever the field itself says', async () => {
    const { schema, resolved } = setup();
    // `report` is @authenticated; its type Report requires school_admin as well.
    const asTeacher = await run(schema, '{ report { title } }', { viewer: viewer('TEACHER') });
    expect(codes(asTeacher)).toEqual({ report: ErrorCode.FORBIDDEN });
    // `note` is marked public, but a public field returning an @authenticated type stays closed.
    const anonymous = await run(schema, '{ note { text } }', { viewer: null });
    expect(codes(anonymous)).toEqual({ note: ErrorCode.UNAUTHENTICATED });
    expect(resolved).not.toHaveBeenCalled();

    const asAdmin = await run(schema, '{ report { title } }', { viewer: viewer('SCHOOL_ADMIN') });
    expect(asAdmin).toEqual({ data: { report: { title: 'report!' } } });
  });

  it("applies an object type rule to the type's own fields, however the object was reached", async () => {
    const { schema } = setup();
    // `search` returns a union: the Report in it is reached without passing a field that returns Report.
    const result = await run(schema, '{ search { ... on Wallet { balance } ... on Report { title } } }', {
      viewer: viewer('TEACHER'),
    });
    expect(result.data).toEqual({ search: [{ balance: 1 }, { title: null }] });
    expect(codes(result)).toEqual({ 'search.1.title': ErrorCode.FORBIDDEN });
  });

  it('combines a type rule with the rules of its fields', async () => {
    const { schema } = setup();
    const asGuardian = await run(schema, '{ note { text draft } }', { viewer: viewer('GUARDIAN') });
    expect(asGuardian.data).toEqual({ note: { text: 'note!', draft: null } });
    expect(codes(asGuardian)).toEqual({ 'note.draft': ErrorCode.FORBIDDEN });
  });

  it('applies scalar and enum rules to the fields returning them', async () => {
    const { schema, resolved } = setup();
    expect(codes(await run(schema, '{ secret level }', { viewer: null }))).toEqual({
      secret: ErrorCode.UNAUTHENTICATED,
      level: ErrorCode.UNAUTHENTICATED,
    });
    const asTeacher = await run(schema, '{ secret level }', { viewer: viewer('TEACHER') });
    expect(asTeacher.data).toEqual({ secret: null, level: 'HIGH' });
    expect(codes(asTeacher)).toEqual({ secret: ErrorCode.FORBIDDEN });
    expect(resolved).not.toHaveBeenCalledWith('secret');
  });

  it('treats a public value type as adding no rule: it is as readable as the field that returned it', async () => {
    const { schema } = setup();
    expect(await run(schema, '{ wallet { balance } }', { viewer: viewer('STUDENT') })).toEqual({
      data: { wallet: { balance: 3 } },
    });
    expect(codes(await run(schema, '{ wallet { balance } }', { viewer: null }))).toEqual({
      wallet: ErrorCode.UNAUTHENTICATED,
    });
  });
});

describe('applyAuthorization: policies', () => {
  it('evaluates policies as an OR of ANDs, before the resolver runs', async () => {
    const { schema, resolved } = setup();
    const query = '{ onDutyOrInHours onDutyAndInHours }';
    const onDuty = await run(schema, query, { viewer: viewer('TEACHER'), onDuty: true });
    expect(onDuty.data).toEqual({ onDutyOrInHours: 'onDutyOrInHours!', onDutyAndInHours: null });
    expect(codes(onDuty)).toEqual({ onDutyAndInHours: ErrorCode.FORBIDDEN });

    const offDuty = await run(schema, query, { viewer: viewer('TEACHER'), onDuty: false });
    expect(codes(offDuty)).toEqual({
      onDutyOrInHours: ErrorCode.FORBIDDEN,
      onDutyAndInHours: ErrorCode.FORBIDDEN,
    });
    expect(resolved).toHaveBeenCalledTimes(1);
  });

  it('gives a failed policy without a viewer UNAUTHENTICATED, and passes the policy the request context', async () => {
    const { schema, onDuty } = setup();
    const context = { viewer: null, onDuty: true };
    expect(codes(await run(schema, '{ alsoOnDuty }', context))).toEqual({
      alsoOnDuty: ErrorCode.UNAUTHENTICATED,
    });
    expect(onDuty).toHaveBeenCalledWith(null, context);
  });

  it('evaluates each policy once per request, however many fields name it', async () => {
    const { schema, onDuty, inHours } = setup();
    const query = '{ onDutyOrInHours onDutyAndInHours alsoOnDuty }';
    await run(schema, query, { viewer: viewer('TEACHER'), onDuty: true });
    expect(onDuty).toHaveBeenCalledTimes(1);
    expect(inHours).toHaveBeenCalledTimes(1);
    await run(schema, query, { viewer: viewer('TEACHER'), onDuty: true });
    expect(onDuty).toHaveBeenCalledTimes(2);
  });

  it('fails closed when a policy throws', async () => {
    const { schema, resolved } = setup({
      policies: {
        'in-hours': () => false,
        'on-duty': () => {
          throw new Error('roster unavailable');
        },
      },
    });
    const result = await run(schema, '{ alsoOnDuty }', { viewer: viewer('TEACHER') });
    expect(result.data).toEqual({ alsoOnDuty: null });
    expect(result.errors?.[0]?.message).toBe('roster unavailable');
    expect(resolved).not.toHaveBeenCalled();
  });
});

describe('applyAuthorization: federation internals', () => {
  const entities = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Note { id text } ... on Ledger { id total } }
  }`;
  const note = { __typename: 'Note', id: 'n1' };
  const ledger = { __typename: 'Ledger', id: 'l1' };

  it("checks each representation's type rule before its reference resolver runs", async () => {
    const { schema, referenced } = setup();
    const result = await run(schema, entities, { viewer: null }, { representations: [note, ledger] });
    expect(result.data).toEqual({ _entities: [null, null] });
    expect(codes(result)).toEqual({
      '_entities.0': ErrorCode.UNAUTHENTICATED,
      '_entities.1': ErrorCode.UNAUTHENTICATED,
    });
    expect(referenced).not.toHaveBeenCalled();
  });

  it('resolves the permitted representations and refuses the others at their own index', async () => {
    const { schema, referenced } = setup();
    const result = await run(
      schema,
      entities,
      { viewer: viewer('GUARDIAN') },
      { representations: [ledger, note, ledger] },
    );
    expect(result.data).toEqual({ _entities: [null, { id: 'n1', text: 'Note n1' }, null] });
    expect(codes(result)).toEqual({
      '_entities.0': ErrorCode.FORBIDDEN,
      '_entities.2': ErrorCode.FORBIDDEN,
    });
    expect(referenced.mock.calls).toEqual([['Note', 'n1']]);
  });

  it("enforces the resolved entity's field rules", async () => {
    const { schema } = setup();
    const result = await run(
      schema,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Note { text draft } } }',
      { viewer: viewer('GUARDIAN') },
      { r: [note] },
    );
    expect(result.data).toEqual({ _entities: [{ text: 'Note n1', draft: null }] });
    expect(codes(result)).toEqual({ '_entities.0.draft': ErrorCode.FORBIDDEN });
  });

  it('lets a viewer with the scopes resolve every representation', async () => {
    const { schema } = setup();
    const result = await run(
      schema,
      entities,
      { viewer: viewer('ACCOUNTANT') },
      { representations: [note, ledger] },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          { id: 'n1', text: 'Note n1' },
          { id: 'l1', total: 7 },
        ],
      },
    });
  });

  it('shows the subgraph SDL (_service) to platform admins only', async () => {
    const { schema } = setup();
    expect(codes(await run(schema, '{ _service { sdl } }', { viewer: null }))).toEqual({
      _service: ErrorCode.UNAUTHENTICATED,
    });
    expect(codes(await run(schema, '{ _service { sdl } }', { viewer: viewer('SCHOOL_ADMIN') }))).toEqual({
      _service: ErrorCode.FORBIDDEN,
    });
    const asOperator = await run(schema, '{ _service { sdl } }', { viewer: viewer('PLATFORM_ADMIN') });
    expect(JSON.stringify(asOperator.data)).toContain('type Ledger');
  });
});

describe('strict mode: a field without a rule is an error', () => {
  const build = (sdl: string) => buildSubgraphSchema({ typeDefs: parse(`${LINK}\n${sdl}`) });
  const leaky = build(`
    type Query {
      leak: String
      thing: Thing @authenticated
      guarded: Guarded
      hello: String @policy(policies: [["public"]])
    }
    type Thing { name: String, size: Int @authenticated }
    type Guarded @authenticated { name: String }
  `);

  it('lists root fields and object fields that no rule covers', () => {
    expect(findUnprotectedFields(leaky)).toEqual(['Query.leak', 'Thing.name']);
    expect(findPublicFields(leaky)).toEqual(['Query.hello']);
  });

  it('refuses to build such a schema, naming every unprotected field', () => {
    expect(() => applyAuthorization(leaky)).toThrow(/no rule[\s\S]*- Query\.leak\n- Thing\.name$/);
    expect(() => applyAuthorization(leaky, {}, { strict: false })).not.toThrow();
  });

  it('refuses policies nobody registered, a replaced `public` policy and empty rule lists', () => {
    const policyOnly = build('type Query { a: String @policy(policies: [["on-duty"]]) }');
    expect(() => applyAuthorization(policyOnly)).toThrow(/Query\.a: "on-duty"/);
    expect(() => applyAuthorization(policyOnly, { 'on-duty': () => true })).not.toThrow();
    expect(() => applyAuthorization(policyOnly, { 'on-duty': () => true, public: () => false })).toThrow(
      /built in/,
    );
    const empty = build('type Query { a: String @requiresScopes(scopes: []) }');
    expect(() => applyAuthorization(empty)).toThrow(/Query\.a has an empty list/);
  });
});

describe('the real subgraphs', () => {
  const schemas = SUBGRAPH_NAMES.map((name) => {
    // The same SDL each subgraph's `src/schema/index.ts` loads (libs may not import subgraphs).
    const typeDefs = loadSubgraphTypeDefs(new URL(`../../../subgraphs/${name}/src/schema/`, import.meta.url));
    // With the shared scalar resolvers, as buildFederatedSchema builds it: the transform rebuilds the
    // schema, so a scalar whose resolver renamed it (Email as EmailAddress) would fail here.
    const resolvers = { ...scalarResolvers } as GraphQLResolverMap<unknown>;
    return [name, buildSubgraphSchema({ typeDefs, resolvers })] as const;
  });

  it.each(schemas)('%s: every field has a rule, so the strict transform builds', (_name, schema) => {
    expect(findUnprotectedFields(schema)).toEqual([]);
    expect(() => applyAuthorization(schema)).not.toThrow();
  });

  it.each(schemas)('%s: anonymous callers reach only the reviewed entry points', (name, schema) => {
    // Opening a root field to anonymous callers is a reviewed decision: change this list deliberately.
    // (Public types such as Money, PageInfo and mutation payloads are reached only through fields
    // with rules of their own, so they need no list.)
    const reviewed: Record<SubgraphName, string[]> = {
      identity: [
        // People administration: an invited user proves themself with the emailed single-use token.
        'Mutation.acceptInvitation',
        'Mutation.login',
        'Mutation.logout',
        'Mutation.refreshSession',
        'Mutation.requestPasswordReset',
        'Mutation.resetPassword',
      ],
      academics: [],
      finance: [],
      comms: [],
      insight: [],
    };
    const roots = new Set(
      [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map(
        (type) => type?.name,
      ),
    );
    const entryPoints = findPublicFields(schema).filter((field) => roots.has(field.split('.')[0]));
    expect(entryPoints).toEqual(reviewed[name]);
  });

  it('names only scopes that roles grant (a typo would lock everyone out)', () => {
    const roleScopes = new Set(scopesOf(Object.values(Role)));
    const named = new Set<string>();
    for (const [, schema] of schemas) {
      for (const type of Object.values(schema.getTypeMap())) {
        const elements = [type, ...('getFields' in type ? Object.values(type.getFields()) : [])];
        for (const element of elements) {
          for (const { scopes } of getDirective(schema, element, 'requiresScopes') ?? []) {
            for (const scope of (scopes as string[][]).flat()) named.add(scope);
          }
        }
      }
    }
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((scope) => !roleScopes.has(scope))).toEqual([]);
  });
});
