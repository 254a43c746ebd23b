import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcademicsSubgraph } from '@schools24/academics';
import { createIdentitySubgraph } from '@schools24/identity';
import {
  createTestSchool,
  graphql,
  startGatewayStack,
  startSubgraphStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

// Record ownership (issue 3, point 4): a teacher reaches the students of the sections they teach,
// a parent their linked children, a student themself; admins the whole school. Every expectation is
// computed from the database independently of the code under test.

type School = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

const VisibleStudents = graphql(`
  query VisibleStudents($first: Int!, $after: String) {
    students(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

const StudentWithEnrolments = graphql(`
  query StudentWithEnrolments($id: ID!) {
    student(id: $id) {
      id
      fullName
      enrolments {
        id
      }
    }
  }
`);

const SectionRosterIds = graphql(`
  query SectionRosterIds($id: ID!) {
    section(id: $id) {
      id
      enrolments(first: 100) {
        edges {
          node {
            student {
              id
            }
          }
        }
      }
    }
  }
`);

const UserById = graphql(`
  query UserById($id: ID!) {
    user(id: $id) {
      id
      displayName
    }
  }
`);

const GuardianChildren = graphql(`
  query GuardianChildren($id: ID!) {
    guardian(id: $id) {
      id
      children {
        student {
          id
        }
      }
    }
  }
`);

/** What the database says each kind of user may see. */
interface Expectations {
  teacherUserId: string;
  taughtSectionIds: string[];
  otherSectionId: string;
  taughtStudentIds: string[];
  untaughtStudentId: string;
  untaughtStudentGuardianId: string;
  parentUserId: string;
  childIds: string[];
  studentUserId: string;
  studentId: string;
}

async function expectationsFor(db: Db, schoolId: string): Promise<Expectations> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  // A class teacher with a user account: the taught set is their sections' ACTIVE students.
  const teacher = await db.teacher.findFirstOrThrow({
    where: { schoolId, userId: { not: null }, classSections: { some: { academicYearId: year.id } } },
    select: { id: true, userId: true },
    orderBy: { employeeNumber: 'asc' },
  });
  const sections = await db.section.findMany({
    where: {
      schoolId,
      OR: [{ classTeacherId: teacher.id }, { teachingAssignments: { some: { teacherId: teacher.id } } }],
    },
    select: { id: true, academicYearId: true },
  });
  const taughtSectionIds = sections.map((section) => section.id);
  const taught = await db.enrolment.findMany({
    where: {
      schoolId,
      status: 'ACTIVE',
      academicYearId: year.id,
      sectionId: { in: taughtSectionIds },
    },
    select: { studentId: true },
  });
  const taughtStudentIds = [...new Set(taught.map((row) => row.studentId))].sort();
  const otherSection = await db.section.findFirstOrThrow({
    where: { schoolId, id: { notIn: taughtSectionIds }, enrolments: { some: {} } },
    select: { id: true },
  });
  const untaught = await db.student.findFirstOrThrow({
    where: { schoolId, id: { notIn: taughtStudentIds }, guardians: { some: {} } },
    select: { id: true, guardians: { select: { guardianId: true } } },
  });
  const parent = await db.guardian.findFirstOrThrow({
    where: { schoolId, userId: { not: null }, students: { some: {} } },
    select: { userId: true, students: { select: { studentId: true } } },
  });
  const student = await db.student.findFirstOrThrow({
    where: { schoolId, userId: { not: null } },
    select: { id: true, userId: true },
  });
  const [untaughtGuardian] = untaught.guardians;
  if (!teacher.userId || !parent.userId || !student.userId || !untaughtGuardian) {
    throw new Error('the seeded school lacks the users this test needs');
  }
  return {
    teacherUserId: teacher.userId,
    taughtSectionIds,
    otherSectionId: otherSection.id,
    taughtStudentIds,
    untaughtStudentId: untaught.id,
    untaughtStudentGuardianId: untaughtGuardian.guardianId,
    parentUserId: parent.userId,
    childIds: parent.students.map((link) => link.studentId).sort(),
    studentUserId: student.userId,
    studentId: student.id,
  };
}

async function studentsPage(stack: TestEndpoint, schoolId: string, token: string, after: string | null) {
  const { body } = await stack.graphql(VisibleStudents, { first: 100, after }, { schoolId, token });
  expect(body.errors).toBeUndefined();
  if (!body.data) throw new Error('no students page');
  return body.data.students;
}

async function visibleStudentIds(stack: TestEndpoint, schoolId: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await studentsPage(stack, schoolId, token, after);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return ids.sort();
}

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((error) => error.extensions?.['code']);

describe.each(['all-in-one', 'distributed'] as const)(
  'record ownership through the gateway, %s',
  (topology) => {
    let stack: TestEndpoint;
    let school: School;
    let expected: Expectations;
    let tokens: { teacher: string; parent: string; student: string; admin: string };

    beforeAll(async () => {
      stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, topology);
      school = await createTestSchool(stack.resources.db, { students: 90, teachers: 12 });
      expected = await expectationsFor(stack.resources.db, school.schoolId);
      const admin = await stack.resources.db.roleAssignment.findFirstOrThrow({
        where: { schoolId: school.schoolId, role: 'SCHOOL_ADMIN' },
      });
      tokens = {
        teacher: await tokenForUser(stack.resources, school.schoolId, expected.teacherUserId),
        parent: await tokenForUser(stack.resources, school.schoolId, expected.parentUserId),
        student: await tokenForUser(stack.resources, school.schoolId, expected.studentUserId),
        admin: await tokenForUser(stack.resources, school.schoolId, admin.userId),
      };
    });
    afterAll(async () => {
      await school?.remove();
      await stack?.stop();
    });

    it('lists exactly the students each role may see', async () => {
      const total = await stack.resources.db.student.count({ where: { schoolId: school.schoolId } });
      expect(expected.taughtStudentIds.length).toBeGreaterThan(0);
      expect(expected.taughtStudentIds.length).toBeLessThan(total);
      expect(await visibleStudentIds(stack, school.schoolId, tokens.teacher)).toEqual(
        expected.taughtStudentIds,
      );
      expect(await visibleStudentIds(stack, school.schoolId, tokens.parent)).toEqual(expected.childIds);
      expect(await visibleStudentIds(stack, school.schoolId, tokens.student)).toEqual([expected.studentId]);
      expect(await visibleStudentIds(stack, school.schoolId, tokens.admin)).toHaveLength(total);
    });

    it('refuses a teacher a student outside their sections, with and without the academics fields', async () => {
      const own = await stack.graphql(
        StudentWithEnrolments,
        { id: expected.taughtStudentIds[0] ?? '' },
        { schoolId: school.schoolId, token: tokens.teacher },
      );
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data?.student?.enrolments.length).toBeGreaterThan(0);

      const other = await stack.graphql(
        StudentWithEnrolments,
        { id: expected.untaughtStudentId },
        { schoolId: school.schoolId, token: tokens.teacher },
      );
      expect(other.body.data?.student ?? null).toBeNull();
      expect(codes(other.body.errors)).toContain('FORBIDDEN');
      expect(JSON.stringify(other.body)).not.toContain('fullName":"');
    });

    it("gives a teacher the rosters of their sections only, and a guardian's record only through a taught child", async () => {
      for (const sectionId of expected.taughtSectionIds) {
        const { body } = await stack.graphql(
          SectionRosterIds,
          { id: sectionId },
          { schoolId: school.schoolId, token: tokens.teacher },
        );
        expect(body.errors).toBeUndefined();
      }
      const other = await stack.graphql(
        SectionRosterIds,
        { id: expected.otherSectionId },
        { schoolId: school.schoolId, token: tokens.teacher },
      );
      expect(codes(other.body.errors)).toEqual(['FORBIDDEN']);
      expect(other.body.data?.section ?? null).toBeNull();

      const guardian = await stack.graphql(
        GuardianChildren,
        { id: expected.untaughtStudentGuardianId },
        { schoolId: school.schoolId, token: tokens.teacher },
      );
      const siblingsTaught = await stack.resources.db.studentGuardian.count({
        where: {
          guardianId: expected.untaughtStudentGuardianId,
          studentId: { in: expected.taughtStudentIds },
        },
      });
      if (siblingsTaught === 0) {
        expect(codes(guardian.body.errors)).toEqual(['FORBIDDEN']);
      } else {
        // A sibling is taught: the guardian is visible, but only the taught children are listed.
        const children = guardian.body.data?.guardian?.children.map((link) => link.student.id) ?? [];
        expect(children).not.toContain(expected.untaughtStudentId);
      }
    });

    it("refuses a parent another family's child, and a student anyone but themself", async () => {
      const stranger = expected.taughtStudentIds.find(
        (id) => !expected.childIds.includes(id) && id !== expected.studentId,
      );
      if (!stranger) throw new Error('no stranger to aim at');
      for (const token of [tokens.parent, tokens.student]) {
        const { body } = await stack.graphql(
          StudentWithEnrolments,
          { id: stranger },
          { schoolId: school.schoolId, token },
        );
        expect(codes(body.errors)).toContain('FORBIDDEN');
        expect(body.data?.student ?? null).toBeNull();
      }
      const child = await stack.graphql(
        StudentWithEnrolments,
        { id: expected.childIds[0] ?? '' },
        { schoolId: school.schoolId, token: tokens.parent },
      );
      expect(child.body.errors).toBeUndefined();
      expect(child.body.data?.student?.id).toBe(expected.childIds[0]);
    });

    it('lets a teacher look up colleagues and the accounts of students they teach, and no other student', async () => {
      const { db } = stack.resources;
      const [taught, untaught] = await Promise.all([
        db.student.findFirstOrThrow({
          where: { id: { in: expected.taughtStudentIds }, userId: { not: null } },
          select: { userId: true },
        }),
        db.student.findFirstOrThrow({
          where: {
            schoolId: school.schoolId,
            id: { notIn: expected.taughtStudentIds },
            userId: { not: null },
          },
          select: { userId: true },
        }),
      ]);
      const colleague = await db.teacher.findFirstOrThrow({
        where: { schoolId: school.schoolId, userId: { notIn: [expected.teacherUserId] } },
        select: { userId: true },
      });
      const lookUp = (id: string | null) =>
        stack.graphql(UserById, { id: id ?? '' }, { schoolId: school.schoolId, token: tokens.teacher });
      expect((await lookUp(taught.userId)).body.data?.user?.id).toBe(taught.userId);
      expect((await lookUp(colleague.userId)).body.data?.user?.id).toBe(colleague.userId);
      expect((await lookUp(expected.teacherUserId)).body.data?.user?.id).toBe(expected.teacherUserId);
      const refused = await lookUp(untaught.userId);
      expect(codes(refused.body.errors)).toEqual(['FORBIDDEN']);
      expect(refused.body.data?.user ?? null).toBeNull();
    });

    it('takes a new teaching assignment into account on the next request', async () => {
      const { db } = stack.resources;
      const year = await db.academicYear.findFirstOrThrow({
        where: { schoolId: school.schoolId, isCurrent: true },
      });
      const teacher = await db.teacher.findFirstOrThrow({ where: { userId: expected.teacherUserId } });
      const subject = await db.subject.findFirstOrThrow({ where: { schoolId: school.schoolId } });
      const section = await db.section.findFirstOrThrow({
        where: { id: expected.otherSectionId, academicYearId: year.id },
      });
      const before = await stack.graphql(
        SectionRosterIds,
        { id: section.id },
        { schoolId: school.schoolId, token: tokens.teacher },
      );
      expect(codes(before.body.errors)).toEqual(['FORBIDDEN']);
      const assignment = await db.teachingAssignment.create({
        data: {
          schoolId: school.schoolId,
          teacherId: teacher.id,
          sectionId: section.id,
          subjectId: subject.id,
        },
      });
      try {
        const { body } = await stack.graphql(
          SectionRosterIds,
          { id: section.id },
          { schoolId: school.schoolId, token: tokens.teacher },
        );
        expect(body.errors).toBeUndefined();
      } finally {
        await db.teachingAssignment.delete({ where: { id: assignment.id } });
      }
    });
  },
);

describe('record ownership at the subgraphs (zero trust: no gateway in front)', () => {
  let identity: TestEndpoint;
  let academics: TestEndpoint;
  let school: School;
  let expected: Expectations;
  let parentToken: string;

  beforeAll(async () => {
    identity = await startSubgraphStack(createIdentitySubgraph);
    academics = await startSubgraphStack(createAcademicsSubgraph);
    school = await createTestSchool(identity.resources.db, { students: 40 });
    expected = await expectationsFor(identity.resources.db, school.schoolId);
    parentToken = await tokenForUser(identity.resources, school.schoolId, expected.parentUserId);
  });
  afterAll(async () => {
    await school?.remove();
    await identity?.stop();
    await academics?.stop();
  });

  const ENTITIES = /* GraphQL */ `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Student {
          id
          enrolments {
            id
          }
        }
      }
    }
  `;
  const IDENTITY_ENTITIES = /* GraphQL */ `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Student {
          id
          dateOfBirth
        }
      }
    }
  `;

  it("refuses a parent's forged entity representation of someone else's child in both subgraphs", async () => {
    const stranger = expected.taughtStudentIds.find((id) => !expected.childIds.includes(id));
    const child = expected.childIds[0];
    if (!stranger || !child) throw new Error('fixture lacks a stranger or a child');
    const representations = [
      { __typename: 'Student', id: child },
      { __typename: 'Student', id: stranger },
    ];
    for (const [endpoint, document] of [
      [academics, ENTITIES],
      [identity, IDENTITY_ENTITIES],
    ] as const) {
      const { body } = await endpoint.graphql<{ _entities: ({ id: string } | null)[] }>(
        document,
        { representations },
        { schoolId: school.schoolId, token: parentToken },
      );
      expect(body.data?._entities[0]?.id).toBe(child);
      expect(body.data?._entities[1] ?? null).toBeNull();
      expect(codes(body.errors)).toEqual(['FORBIDDEN']);
    }
  });

  it("opens a classmate's name tag to a student (their record stays closed: see above); never to a parent", async () => {
    const stranger = expected.taughtStudentIds.find(
      (id) => id !== expected.studentId && !expected.childIds.includes(id),
    );
    if (!stranger) throw new Error('fixture lacks a stranger');
    const row = await identity.resources.db.student.findUniqueOrThrow({ where: { id: stranger } });
    const studentToken = await tokenForUser(identity.resources, school.schoolId, expected.studentUserId);
    const NAME_TAGS = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on StudentNameTag { id displayName } }
    }`;
    const ask = (token: string, document: string) =>
      identity.graphql<{ _entities: ({ id: string; displayName?: string } | null)[] }>(
        document,
        { representations: [{ __typename: 'StudentNameTag', id: stranger }] },
        { schoolId: school.schoolId, token },
      );
    const tag = await ask(studentToken, NAME_TAGS);
    expect(tag.body.errors).toBeUndefined();
    expect(tag.body.data?._entities).toEqual([
      { id: stranger, displayName: `${row.givenName} ${row.familyName.charAt(0).toUpperCase()}.` },
    ]);
    const parent = await ask(parentToken, NAME_TAGS);
    expect(codes(parent.body.errors)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(parent.body)).not.toContain(row.givenName);
  });
});
