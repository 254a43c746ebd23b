import { buildSchema, Kind, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyseOperation, OperationLimits, operationCost, type LimitSettings } from '../src/limits.js';

const schema = buildSchema(`
  type Query {
    school: School
    sections: [Section!]!
    students(first: Int, last: Int, after: String): StudentConnection!
    studentsByIds(ids: [ID!]!, filter: StudentFilter): [Student!]!
  }
  input StudentFilter { tags: [String!], and: StudentFilter }
  type School { id: ID! name: String! }
  type Section { id: ID! students(first: Int = 30, last: Int): StudentConnection! }
  type StudentConnection { edges: [StudentEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type StudentEdge { cursor: String! node: Student! }
  type PageInfo { hasNextPage: Boolean! }
  type Student { id: ID! name: String! tags: [String!]! guardians: [Guardian!]! section: Section }
  type Guardian { id: ID! name: String! }
`);

const settings: LimitSettings = {
  maxDepth: 6,
  maxAliases: 3,
  maxDirectives: 2,
  maxTokens: 60,
  maxCost: 1_000,
  maxPageSize: 100,
  maxListItems: 5,
};

function setup() {
  const limits = new OperationLimits(settings);
  const check = (source: string, variables?: Record<string, unknown>) => {
    const document = parse(source);
    const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
    if (errors.length > 0)
      return errors.map((error) => ({ message: error.message, limit: error.extensions.limit }));
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation) throw new Error('no operation');
    const error = limits.checkRequest(schema, document, operation, variables);
    return error
      ? [{ message: error.message, limit: error.extensions.limit, code: error.extensions.code }]
      : [];
  };
  return { limits, check };
}

const costOf = (source: string, variables?: Record<string, unknown>) => {
  const document = parse(source);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  return operationCost(
    analyseOperation(schema, operation, (name) => fragments.get(name)),
    variables,
  );
};

describe('operation limits (validation rules)', () => {
  const { check } = setup();

  it('allows the maximum depth and refuses one level more', () => {
    expect(check('{ sections { students { edges { node { section { id } } } } } }')).toEqual([]);
    expect(
      check(
        '{ sections { students(first: 1) { edges { node { section { students(first: 1) { totalCount } } } } } } }',
      ),
    ).toEqual([{ message: 'Query depth limit of 6 exceeded, found 7.', limit: 'DEPTH' }]);
  });

  it('does not count fragments as depth', () => {
    expect(
      check(`{ sections { ...S } } fragment S on Section { students { edges { node { section { id } } } } }`),
    ).toEqual([]);
  });

  it('allows the maximum number of aliases and refuses one more', () => {
    expect(check('{ a: school { id } b: school { id } c: school { id } }')).toEqual([]);
    expect(check('{ a: school { id } b: school { id } c: school { id } d: school { id } }')).toEqual([
      { message: 'Aliases limit of 3 exceeded, found 4.', limit: 'ALIASES' },
    ]);
  });

  it('counts aliases inside fragments each time the fragment is spread', () => {
    expect(check('{ ...F ...F } fragment F on Query { a: school { id } b: school { id } }')).toEqual([
      { message: 'Aliases limit of 3 exceeded, found 4.', limit: 'ALIASES' },
    ]);
  });

  it('allows the maximum number of directives and refuses one more', () => {
    expect(check('{ school @include(if: true) { id @skip(if: false) } }')).toEqual([]);
    expect(check('{ school @include(if: true) { id @skip(if: false) name @skip(if: false) } }')).toEqual([
      { message: 'Directives limit of 2 exceeded, found 3.', limit: 'DIRECTIVES' },
    ]);
  });

  it('caps tokens in the parser', () => {
    const { limits } = setup();
    const fields = (n: number) => `{ school { ${Array.from({ length: n }, () => 'id').join(' ')} } }`;
    // `{ school {` + n fields + `} }` is n + 5 tokens (plus <EOF>).
    expect(() => parse(fields(54), limits.parseOptions)).not.toThrow();
    expect(() => parse(fields(56), limits.parseOptions)).toThrow(/Document contains more tha[nt] 60 tokens/);
  });

  it('refuses literal page sizes above the maximum or below zero, wherever they are', () => {
    expect(check('{ students(first: 100) { totalCount } }')).toEqual([]);
    expect(check('{ students(first: 101) { totalCount } }')).toEqual([
      { message: '`first` must be between 0 and 100, got 101 (field "students").', limit: 'PAGE_SIZE' },
    ]);
    expect(check('{ sections { students(last: -1) { totalCount } } }')).toEqual([
      { message: '`last` must be between 0 and 100, got -1 (field "students").', limit: 'PAGE_SIZE' },
    ]);
  });

  it('refuses a page-size variable whose default is above the maximum', () => {
    expect(check('query($n: Int = 500) { students(first: $n) { totalCount } }')).toEqual([
      { message: '`first`/`last` must be between 0 and 100, got 500 (variable $n).', limit: 'PAGE_SIZE' },
    ]);
  });

  it('refuses literal lists above the maximum, also nested in input objects', () => {
    expect(check('{ studentsByIds(ids: ["1", "2", "3", "4", "5"]) { id } }')).toEqual([]);
    expect(check('{ studentsByIds(ids: ["1", "2", "3", "4", "5", "6"]) { id } }')).toEqual([
      { message: 'A list holds 6 items; at most 5 are allowed.', limit: 'LIST_ITEMS' },
    ]);
    expect(
      check('{ studentsByIds(ids: [], filter: { and: { tags: ["a", "b", "c", "d", "e", "f"] } }) { id } }'),
    ).toEqual([{ message: 'A list holds 6 items; at most 5 are allowed.', limit: 'LIST_ITEMS' }]);
  });

  it('refuses an operation whose static cost is above the budget', () => {
    // sections 10 + students 10 + edges 10×100 + node 1 000 + guardians 10 000
    expect(check('{ sections { students(first: 100) { edges { node { guardians { id } } } } } }')).toEqual([
      {
        message:
          "The operation's estimated cost is 12,020, above the limit of 1,000: ask for smaller pages (`first`/`last`) or fewer nested lists.",
        limit: 'COST',
      },
    ]);
    expect(check('{ sections { students(first: 5) { edges { node { guardians { id } } } } } }')).toEqual([]);
  });

  it('refuses fragment bombs before analysing them to the end', () => {
    const fragments = Array.from(
      { length: 15 },
      (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`,
    );
    const source = `{ ...F0 } ${fragments.join(' ')} fragment F15 on Query { school { id } }`;
    const limits = new OperationLimits({ ...settings, maxTokens: 10_000 });
    const errors = validate(schema, parse(source), [...specifiedRules, ...limits.validationRules]);
    expect(errors.map((error) => error.extensions.limit)).toContain('COST');
    expect(errors.map((error) => error.message)).toContain(
      'The operation has more than 10000 selections with its fragments expanded.',
    );
  });
});

describe('operation limits (variables, per request)', () => {
  const { check } = setup();
  const PAGE = 'query($n: Int) { students(first: $n) { totalCount } }';

  it('refuses page-size variables above the maximum with the validation code and 400', () => {
    expect(check(PAGE, { n: 100 })).toEqual([]);
    expect(check(PAGE, {})).toEqual([]);
    expect(check(PAGE, { n: 101 })).toEqual([
      {
        message: '`first`/`last` must be between 0 and 100, got 101 (variable $n).',
        limit: 'PAGE_SIZE',
        code: 'GRAPHQL_VALIDATION_FAILED',
      },
    ]);
  });

  it('refuses list variables above the maximum, also deep inside input objects', () => {
    const BY_IDS =
      'query($ids: [ID!]!, $filter: StudentFilter) { studentsByIds(ids: $ids, filter: $filter) { id } }';
    expect(check(BY_IDS, { ids: ['1', '2', '3', '4', '5'] })).toEqual([]);
    expect(check(BY_IDS, { ids: ['1', '2', '3', '4', '5', '6'] })[0]).toMatchObject({
      message: 'A list in variable $ids holds 6 items; at most 5 are allowed.',
      limit: 'LIST_ITEMS',
    });
    expect(
      check(BY_IDS, { ids: [], filter: { and: { and: { tags: ['a', 'b', 'c', 'd', 'e', 'f'] } } } })[0],
    ).toMatchObject({ limit: 'LIST_ITEMS' });
  });

  it('prices connections by the page size the variables ask for', () => {
    const NESTED =
      'query($n: Int) { sections { students(first: $n) { edges { node { guardians { id } } } } } }';
    expect(check(NESTED, { n: 4 })).toEqual([]); // 10 + 10 + 40 + 40 + 400 = 500
    expect(check(NESTED, { n: 9 })[0]).toMatchObject({ limit: 'COST', code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('operation cost', () => {
  it('multiplies connection contents by first/last, and other lists by 10; leaves are free', () => {
    // students 1 + edges 50 + node 50 + guardians 500 + pageInfo 1
    expect(
      costOf(
        '{ students(first: 50) { totalCount edges { cursor node { id guardians { id } } } pageInfo { hasNextPage } } }',
      ),
    ).toBe(602);
    expect(costOf('{ school { id name } }')).toBe(1);
    expect(costOf('{ __typename school { __typename } }')).toBe(1);
  });

  it("uses the field's default page size, then the product's default of 20", () => {
    // sections 10, students 10, edges 10 × 30 (Section.students defaults to 30)
    expect(costOf('{ sections { students { edges { cursor } } } }')).toBe(320);
    // students 1, edges 20
    expect(costOf('{ students { edges { cursor } } }')).toBe(21);
  });

  it('takes page sizes from variables, their defaults, or the field default', () => {
    const source = 'query($n: Int = 7) { students(first: $n) { edges { cursor } } }';
    expect(costOf(source, { n: 3 })).toBe(4);
    expect(costOf(source, {})).toBe(8);
  });

  it('carries a connection page size through fragments on the connection', () => {
    expect(
      costOf(
        '{ students(first: 40) { ...Page } } fragment Page on StudentConnection { edges { node { id } } }',
      ),
    ).toBe(81);
  });
});
