import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantKey } from '@schools24/redis';
import {
  clearTenantCache,
  createTestSchool,
  startSubgraphStack,
  type TestEndpoint,
  addPastAcademicYear,
} from '@schools24/testkit';
import { createInsightSubgraph } from '../src/index.js';

const SUMMARY_FIELDS = /* GraphQL */ `
  studentCount
  teacherCount
  guardianCount
  currentAcademicYear {
    id
  }
  sectionCount
  activeEnrolmentCount
  generatedAt
`;

const SCHOOL_SUMMARY = /* GraphQL */ `
  query SchoolSummary {
    schoolSummary {
      ${SUMMARY_FIELDS}
    }
  }
`;

const SCHOOL_ENTITIES = /* GraphQL */ `
  query SchoolEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on School {
        id
        summary {
          ${SUMMARY_FIELDS}
        }
      }
    }
  }
`;

interface Summary {
  studentCount: number;
  teacherCount: number;
  guardianCount: number;
  currentAcademicYear: { id: string } | null;
  sectionCount: number;
  activeEnrolmentCount: number;
  generatedAt: string;
}

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

describe('insight school summary', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createInsightSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 30, teachers: 8 }),
      createTestSchool(stack.resources.db, { students: 5, teachers: 4 }),
    ]);
    // Make the year-bound counts discriminating: a past year with a section and an ACTIVE enrolment
    // (neither counts), and three of this year's enrolments withdrawn (they do not count either).
    const db = stack.resources.db;
    const { schoolId } = school;
    const pastYear = await addPastAcademicYear(db, schoolId);
    const grade = await db.grade.findFirstOrThrow({ where: { schoolId, level: 5 } });
    const pastSection = await db.section.create({
      data: { schoolId, academicYearId: pastYear.id, gradeId: grade.id, name: 'A' },
    });
    await db.enrolment.create({
      data: {
        schoolId,
        studentId: school.sample.studentId,
        sectionId: pastSection.id,
        academicYearId: pastYear.id,
        rollNumber: 1,
        status: 'ACTIVE',
        startsOn: new Date(Date.UTC(2025, 3, 1)),
      },
    });
    const withdrawn = await db.enrolment.findMany({
      where: { schoolId, academicYearId: school.academicYearId },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 3,
    });
    await db.enrolment.updateMany({
      where: { id: { in: withdrawn.map((row) => row.id) } },
      data: { status: 'WITHDRAWN' },
    });
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const summary = async (schoolId = school.schoolId): Promise<Summary> => {
    const { body } = await stack.graphql<{ schoolSummary: Summary }>(SCHOOL_SUMMARY, {}, { schoolId });
    expect(body.errors).toBeUndefined();
    if (!body.data) throw new Error('no data');
    return body.data.schoolSummary;
  };
  /** What the database holds now, counted independently of the subgraph. */
  const expectedCounts = async (target: TestSchool) => {
    const { schoolId, academicYearId } = target;
    const [studentCount, teacherCount, guardianCount, sectionCount, activeEnrolmentCount] = await Promise.all(
      [
        db().student.count({ where: { schoolId } }),
        db().teacher.count({ where: { schoolId } }),
        db().guardian.count({ where: { schoolId } }),
        db().section.count({ where: { schoolId, academicYearId } }),
        db().enrolment.count({ where: { schoolId, academicYearId, status: 'ACTIVE' } }),
      ],
    );
    return {
      studentCount,
      teacherCount,
      guardianCount,
      currentAcademicYear: { id: academicYearId },
      sectionCount,
      activeEnrolmentCount,
    };
  };

  it('counts what the database holds for the tenant’s school', async () => {
    await clearTenantCache(stack.resources, school.schoolId);
    const expected = await expectedCounts(school);
    expect(expected).toMatchObject({
      studentCount: 30,
      teacherCount: 8,
      sectionCount: 36,
      activeEnrolmentCount: 27,
    });
    expect(expected.guardianCount).toBe(school.counts.guardians);
    const before = Date.now();
    const result = await summary();
    expect(result).toMatchObject(expected);
    expect(Math.abs(Date.parse(result.generatedAt) - before)).toBeLessThan(60_000);

    // Each school gets its own counts.
    expect(await summary(other.schoolId)).toMatchObject(await expectedCounts(other));
  });

  it('caches the summary briefly: a second request issues no SQL and shows the same moment', async () => {
    await clearTenantCache(stack.resources, school.schoolId);
    stack.sql.reset();
    const first = await summary();
    expect(stack.sql.count).toBe(1);

    stack.sql.reset();
    const second = await summary();
    expect(stack.sql.count).toBe(0);
    expect(second).toEqual(first);

    // Cached for at most a minute (the summary's own TTL, below the product-wide default).
    const keys = await stack.resources.redis.keys(tenantKey(school.schoolId, '*'));
    const summaryKeys = keys.filter((key) => key.includes('insight:school-summary'));
    expect(summaryKeys).toHaveLength(1);
    const ttl = await stack.resources.redis.ttl(summaryKeys[0] ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);

    // A change shows up once the cached summary is gone, not before.
    const guardian = await db().guardian.create({
      data: { schoolId: school.schoolId, givenName: 'Asha', familyName: 'Rao' },
    });
    try {
      expect((await summary()).guardianCount).toBe(first.guardianCount);
      await clearTenantCache(stack.resources, school.schoolId);
      expect((await summary()).guardianCount).toBe(first.guardianCount + 1);
    } finally {
      await db().guardian.delete({ where: { id: guardian.id } });
      await clearTenantCache(stack.resources, school.schoolId);
    }
  });

  it('adds the summary to the tenant’s own School entity, sharing the cache', async () => {
    await clearTenantCache(stack.resources, school.schoolId);
    const direct = await summary();
    stack.sql.reset();
    const { body } = await stack.graphql<{
      _entities: { __typename: string; id: string; summary: Summary }[];
    }>(
      SCHOOL_ENTITIES,
      {
        representations: [
          { __typename: 'School', id: school.schoolId },
          // The same school, its id spelled in capitals.
          { __typename: 'School', id: school.schoolId.toUpperCase() },
        ],
      },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(stack.sql.count).toBe(0);
    expect(body.data?._entities).toEqual([
      { __typename: 'School', id: school.schoolId, summary: direct },
      { __typename: 'School', id: school.schoolId.toUpperCase(), summary: direct },
    ]);
  });

  it("refuses another school's summary with NOT_FOUND, without reading its data", async () => {
    stack.sql.reset();
    const { body } = await stack.graphql<{ _entities: unknown[] }>(
      SCHOOL_ENTITIES,
      { representations: [{ __typename: 'School', id: other.schoolId }] },
      { schoolId: school.schoolId },
    );
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(body.data?._entities).toEqual([null]);
    expect(stack.sql.count).toBe(0);
  });

  it('reports no current year and zero year-bound counts when no year is current', async () => {
    const bare = await createTestSchool(db(), { students: 3, teachers: 2 });
    try {
      await db().academicYear.update({ where: { id: bare.academicYearId }, data: { isCurrent: false } });
      const result = await summary(bare.schoolId);
      expect(result).toMatchObject({
        studentCount: 3,
        teacherCount: 2,
        currentAcademicYear: null,
        sectionCount: 0,
        activeEnrolmentCount: 0,
      });
    } finally {
      await bare.remove();
    }
  });

  it('requires a school', async () => {
    const { body } = await stack.graphql(SCHOOL_SUMMARY, {});
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const entities = await stack.graphql(SCHOOL_ENTITIES, {
      representations: [{ __typename: 'School', id: school.schoolId }],
    });
    expect(entities.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});
