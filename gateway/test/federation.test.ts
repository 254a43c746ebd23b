import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearTenantCache,
  createTestSchool,
  graphql,
  startGatewayStack,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

const SectionRoster = graphql(`
  query SectionRoster($id: ID!, $first: Int) {
    section(id: $id) {
      id
      displayName
      enrolments(first: $first) {
        totalCount
        edges {
          node {
            rollNumber
            student {
              id
              fullName
              guardians {
                relationship
                contactPriority
                guardian {
                  id
                  fullName
                }
              }
            }
          }
        }
      }
    }
  }
`);

const StudentsWithSections = graphql(`
  query StudentsWithSections($first: Int!) {
    students(first: $first) {
      edges {
        node {
          id
          enrolments {
            rollNumber
            status
            section {
              displayName
              grade {
                level
              }
            }
          }
          currentSection {
            id
          }
          guardians {
            guardian {
              fullName
            }
          }
        }
      }
    }
  }
`);

describe.each(['all-in-one', 'distributed'] as const)('the supergraph, %s topology', (topology) => {
  let stack: TestEndpoint;
  let school: Awaited<ReturnType<typeof createTestSchool>>;

  beforeAll(async () => {
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, topology);
    school = await createTestSchool(stack.resources.db, { students: 60 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  it('joins identity and academics: a section with its students and their guardians', async () => {
    const { body } = await stack.graphql(
      SectionRoster,
      { id: school.sample.sectionId, first: 100 },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    const section = body.data?.section;
    expect(section?.id).toBe(school.sample.sectionId);

    const expected = await stack.resources.db.enrolment.findMany({
      where: { schoolId: school.schoolId, sectionId: school.sample.sectionId, status: 'ACTIVE' },
      select: {
        rollNumber: true,
        student: {
          select: {
            id: true,
            givenName: true,
            familyName: true,
            guardians: {
              select: { guardianId: true, contactPriority: true },
              orderBy: { contactPriority: 'asc' },
            },
          },
        },
      },
      orderBy: { rollNumber: 'asc' },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(section?.enrolments.totalCount).toBe(expected.length);
    expect(
      section?.enrolments.edges.map(({ node }) => ({
        rollNumber: node.rollNumber,
        studentId: node.student.id,
        name: node.student.fullName,
        guardians: node.student.guardians.map((link) => [link.guardian.id, link.contactPriority]),
      })),
    ).toEqual(
      expected.map((row) => ({
        rollNumber: row.rollNumber,
        studentId: row.student.id,
        name: `${row.student.givenName} ${row.student.familyName}`,
        guardians: row.student.guardians.map((link) => [link.guardianId, link.contactPriority]),
      })),
    );
  });

  it("loads N students' enrolments, sections and guardians in a constant number of SQL queries", async () => {
    const coldCount = async (first: number) => {
      await clearTenantCache(stack.resources, school.schoolId);
      stack.sql.reset();
      const { body } = await stack.graphql(StudentsWithSections, { first }, { schoolId: school.schoolId });
      expect(body.errors).toBeUndefined();
      expect(body.data?.students.edges).toHaveLength(first);
      return stack.sql.count;
    };
    const few = await coldCount(3);
    const many = await coldCount(50);
    expect(many).toBe(few);
    // students page + count, enrolments, sections, grades, guardian links, guardians, current year
    expect(many).toBeLessThanOrEqual(9);
  });

  it('serves entities from Redis on the next request', async () => {
    await clearTenantCache(stack.resources, school.schoolId);
    stack.sql.reset();
    const cold = await stack.graphql(StudentsWithSections, { first: 20 }, { schoolId: school.schoolId });
    const coldStatements = [...stack.sql.statements];
    stack.sql.reset();
    const warm = await stack.graphql(StudentsWithSections, { first: 20 }, { schoolId: school.schoolId });
    expect(warm.body).toEqual(cold.body);
    // Only the page itself (rows + total) is read again; every entity and relation comes from Redis.
    expect(stack.sql.statements.every((sql) => /"Student"/.test(sql))).toBe(true);
    expect(stack.sql.count).toBeLessThan(coldStatements.length);
    expect(coldStatements.some((sql) => /"Enrolment"/.test(sql))).toBe(true);
  });

  it("never shows one school's records to another school", async () => {
    const other = await createTestSchool(stack.resources.db, { students: 5, teachers: 4 });
    try {
      const { body } = await stack.graphql(
        SectionRoster,
        { id: school.sample.sectionId },
        { schoolId: other.schoolId },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.section).toBeNull();
    } finally {
      await other.remove();
    }
  });
});
