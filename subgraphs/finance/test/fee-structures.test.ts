import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearTenantCache,
  createTestSchool,
  startSubgraphStack,
  type TestEndpoint,
  addPastAcademicYear,
} from '@schools24/testkit';
import { createFinanceSubgraph } from '../src/index.js';

const FEE_STRUCTURES = /* GraphQL */ `
  query FeeStructures($academicYearId: ID, $first: Int, $after: String, $last: Int, $before: String) {
    feeStructures(
      academicYearId: $academicYearId
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          dueOn
          amount {
            amountMinor
            currency
          }
          academicYear {
            id
          }
          grade {
            id
          }
          appliesToAllGrades
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

const FEE_STRUCTURE = /* GraphQL */ `
  query FeeStructure($id: ID!) {
    feeStructure(id: $id) {
      id
      name
      amount {
        amountMinor
        currency
      }
    }
  }
`;

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on FeeStructure {
        id
        name
      }
    }
  }
`;

interface FeeNode {
  id: string;
  name: string;
  dueOn: string;
  amount: { amountMinor: string; currency: string };
  academicYear: { id: string };
  grade: { id: string } | null;
  appliesToAllGrades: boolean;
}

interface FeePage {
  totalCount: number;
  edges: { cursor: string; node: FeeNode }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

/** 2^53 + 1: a JavaScript number cannot hold it, so only an exact string gets it right. */
const HUGE_AMOUNT = 9_007_199_254_740_993n;

describe('finance fee structures', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let pastYearId: string;
  let hugeFeeId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createFinanceSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 20, teachers: 6 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 4 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    const grade1 = await db.grade.findFirstOrThrow({ where: { schoolId, level: 1 } });
    const pastYear = await addPastAcademicYear(db, schoolId);
    pastYearId = pastYear.id;
    const pastDue = new Date(Date.UTC(2025, 3, 15));
    await db.feeStructure.createMany({
      data: [
        {
          schoolId,
          academicYearId: pastYearId,
          gradeId: grade1.id,
          name: 'Tuition fee',
          amountMinor: 3_600_000n,
          currency: 'INR',
          dueOn: pastDue,
        },
        {
          schoolId,
          academicYearId: pastYearId,
          gradeId: null,
          name: 'Annual charges',
          amountMinor: 600_000n,
          currency: 'INR',
          dueOn: pastDue,
        },
      ],
    });
    const huge = await db.feeStructure.create({
      data: {
        schoolId,
        academicYearId: school.academicYearId,
        gradeId: null,
        name: 'Building fund',
        amountMinor: HUGE_AMOUNT,
        currency: 'INR',
        dueOn: new Date(Date.UTC(2026, 5, 1)),
      },
    });
    hugeFeeId = huge.id;
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const page = async (variables: Record<string, unknown>, schoolId = school.schoolId): Promise<FeePage> => {
    const { body } = await stack.graphql<{ feeStructures: FeePage }>(FEE_STRUCTURES, variables, { schoolId });
    expect(body.errors).toBeUndefined();
    if (!body.data) throw new Error('no data');
    return body.data.feeStructures;
  };
  const errorCodes = async (document: string, variables: Record<string, unknown>, schoolId?: string) => {
    const { body } = await stack.graphql(document, variables, schoolId ? { schoolId } : {});
    return (body.errors ?? []).map((error) => error.extensions?.code);
  };

  it('lists the school’s fee structures by due date, then name, as the database holds them', async () => {
    const rows = await db().feeStructure.findMany({
      where: { schoolId: school.schoolId },
      orderBy: [{ dueOn: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    });
    expect(rows).toHaveLength(17);
    const listed = await page({ first: 100 });
    expect(listed.totalCount).toBe(17);
    expect(listed.edges.map((edge) => edge.node)).toEqual(
      rows.map((row) => ({
        id: row.id,
        name: row.name,
        dueOn: row.dueOn.toISOString().slice(0, 10),
        amount: { amountMinor: row.amountMinor.toString(), currency: 'INR' },
        academicYear: { id: row.academicYearId },
        grade: row.gradeId ? { id: row.gradeId } : null,
        appliesToAllGrades: row.gradeId === null,
      })),
    );
    expect(listed.edges.map((edge) => `${edge.node.dueOn} ${edge.node.name}`).slice(0, 5)).toEqual([
      '2025-04-15 Annual charges',
      '2025-04-15 Tuition fee',
      '2026-04-15 Annual charges',
      '2026-04-15 Transport fee',
      '2026-04-15 Tuition fee',
    ]);
    expect(listed.edges.at(-1)?.node.name).toBe('Building fund');
    expect(listed.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('filters by academic year', async () => {
    const current = await page({ academicYearId: school.academicYearId, first: 100 });
    expect(current.totalCount).toBe(15);
    expect(current.edges.every((edge) => edge.node.academicYear.id === school.academicYearId)).toBe(true);
    const past = await page({ academicYearId: pastYearId, first: 100 });
    expect(past.totalCount).toBe(2);
    expect(past.edges.map((edge) => edge.node.name)).toEqual(['Annual charges', 'Tuition fee']);
    // A well-formed id of no year of this school (here: the other school's) matches nothing.
    const foreign = await page({ academicYearId: other.academicYearId, first: 100 });
    expect(foreign).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('pages forward and backward with cursors', async () => {
    const all = (await page({ first: 100 })).edges.map((edge) => edge.node.id);

    const forward: string[] = [];
    const forwardFlags: [boolean, boolean][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const current: FeePage = await page({ first: 5, after });
      expect(current.totalCount).toBe(17);
      forward.push(...current.edges.map((edge) => edge.node.id));
      forwardFlags.push([current.pageInfo.hasPreviousPage, current.pageInfo.hasNextPage]);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);
    expect(forwardFlags).toEqual([
      [false, true],
      [true, true],
      [true, true],
      [true, false],
    ]);

    const backward: string[][] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const current: FeePage = await page({ last: 5, before });
      backward.push(current.edges.map((edge) => edge.node.id));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(backward.map((ids) => ids.length)).toEqual([5, 5, 5, 2]);
    expect(backward.reverse().flat()).toEqual(all);

    // Pages of one academic year keep to that year.
    const firstOfYear = await page({ academicYearId: school.academicYearId, first: 10 });
    const restOfYear = await page({
      academicYearId: school.academicYearId,
      first: 10,
      after: firstOfYear.pageInfo.endCursor,
    });
    expect(restOfYear.edges).toHaveLength(5);
    expect(restOfYear.pageInfo.hasNextPage).toBe(false);
    expect([...firstOfYear.edges, ...restOfYear.edges].map((edge) => edge.node.id)).toEqual(all.slice(2));
  });

  it('gives amounts as Money with exact minor units, even beyond 2^53', async () => {
    const listed = await page({ first: 100 });
    const huge = listed.edges.find((edge) => edge.node.id === hugeFeeId)?.node;
    expect(huge?.amount).toEqual({ amountMinor: '9007199254740993', currency: 'INR' });
    // Seeded tuition for class 1 is ₹39,000.00, i.e. 3,900,000 paise.
    const grade1 = await db().grade.findFirstOrThrow({ where: { schoolId: school.schoolId, level: 1 } });
    const tuitionOf1 = listed.edges.find(
      (edge) => edge.node.grade?.id === grade1.id && edge.node.academicYear.id === school.academicYearId,
    );
    expect(tuitionOf1?.node.name).toBe('Tuition fee');
    expect(tuitionOf1?.node.amount).toEqual({ amountMinor: '3900000', currency: 'INR' });
    for (const { node } of listed.edges) expect(node.amount.amountMinor).toMatch(/^\d+$/);

    const { body } = await stack.graphql<{ feeStructure: { amount: { amountMinor: string } } }>(
      FEE_STRUCTURE,
      { id: hugeFeeId },
      { schoolId: school.schoolId },
    );
    expect(body.data?.feeStructure.amount.amountMinor).toBe(HUGE_AMOUNT.toString());
  });

  it('marks school-wide fees as applying to every grade', async () => {
    const listed = await page({ academicYearId: school.academicYearId, first: 100 });
    const schoolWide = listed.edges.filter((edge) => edge.node.appliesToAllGrades).map((edge) => edge.node);
    expect(schoolWide.map((node) => node.name).sort()).toEqual([
      'Annual charges',
      'Building fund',
      'Transport fee',
    ]);
    expect(schoolWide.every((node) => node.grade === null)).toBe(true);
    const perGrade = listed.edges.filter((edge) => !edge.node.appliesToAllGrades).map((edge) => edge.node);
    expect(perGrade).toHaveLength(12);
    const gradeIds = await db().grade.findMany({
      where: { schoolId: school.schoolId },
      select: { id: true },
    });
    expect(perGrade.map((node) => node.grade?.id).sort()).toEqual(gradeIds.map((grade) => grade.id).sort());
  });

  it('finds a fee structure by id only within its own school', async () => {
    const own = await db().feeStructure.findFirstOrThrow({
      where: { schoolId: school.schoolId, gradeId: null },
    });
    const foreign = await db().feeStructure.findFirstOrThrow({ where: { schoolId: other.schoolId } });
    const byId = async (id: string, schoolId = school.schoolId) => {
      const { body } = await stack.graphql<{ feeStructure: { id: string; name: string } | null }>(
        FEE_STRUCTURE,
        { id },
        { schoolId },
      );
      expect(body.errors).toBeUndefined();
      return body.data?.feeStructure;
    };
    expect(await byId(own.id)).toMatchObject({ id: own.id, name: own.name });
    expect(await byId(foreign.id)).toBeNull();
    expect(await byId(own.id, other.schoolId)).toBeNull();
    expect(await byId(foreign.id, other.schoolId)).toMatchObject({ id: foreign.id });
    expect(await byId('not-a-uuid')).toBeNull();

    const { body } = await stack.graphql<{ _entities: unknown[] }>(
      ENTITIES,
      {
        representations: [
          { __typename: 'FeeStructure', id: own.id },
          { __typename: 'FeeStructure', id: foreign.id },
        ],
      },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([{ id: own.id, name: own.name }, null]);

    // The other school's list holds only its own 14 seeded fees.
    const otherList = await page({ first: 100 }, other.schoolId);
    expect(otherList.totalCount).toBe(14);
    const ownIds = new Set((await page({ first: 100 })).edges.map((edge) => edge.node.id));
    expect(otherList.edges.some((edge) => ownIds.has(edge.node.id))).toBe(false);
  });

  it('serves a fee structure from the cache on the next request', async () => {
    await clearTenantCache(stack.resources, school.schoolId);
    stack.sql.reset();
    await stack.graphql(FEE_STRUCTURE, { id: hugeFeeId }, { schoolId: school.schoolId });
    expect(stack.sql.count).toBe(1);
    stack.sql.reset();
    const { body } = await stack.graphql(FEE_STRUCTURE, { id: hugeFeeId }, { schoolId: school.schoolId });
    expect(stack.sql.count).toBe(0);
    // BigInt survives the cache round trip.
    expect(body.data).toEqual({
      feeStructure: {
        id: hugeFeeId,
        name: 'Building fund',
        amount: { amountMinor: '9007199254740993', currency: 'INR' },
      },
    });
  });

  it('refuses a malformed academicYearId, bad page requests and a missing school', async () => {
    expect(await errorCodes(FEE_STRUCTURES, { academicYearId: 'not-a-uuid' }, school.schoolId)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await errorCodes(FEE_STRUCTURES, { first: 1, last: 1 }, school.schoolId)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await errorCodes(FEE_STRUCTURES, { first: 101 }, school.schoolId)).toEqual(['BAD_USER_INPUT']);
    expect(await errorCodes(FEE_STRUCTURES, { after: 'bm90LWEtY3Vyc29y' }, school.schoolId)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await errorCodes(FEE_STRUCTURES, {})).toEqual(['UNAUTHENTICATED']);
    expect(await errorCodes(FEE_STRUCTURE, { id: hugeFeeId })).toEqual(['UNAUTHENTICATED']);
  });
});
