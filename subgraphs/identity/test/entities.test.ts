import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { createIdentitySubgraph } from '../src/index.js';

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on School {
        id
        code
      }
      ... on Student {
        id
        fullName
        guardians {
          relationship
          guardian {
            id
          }
        }
      }
      ... on Teacher {
        id
        employeeNumber
      }
      ... on Guardian {
        id
        children {
          student {
            id
          }
        }
      }
      ... on User {
        id
        roles
      }
    }
  }
`;

interface EntitiesData {
  _entities: ({ __typename: string; id: string } & Record<string, unknown>)[];
}

describe('identity entities (_entities)', () => {
  let subgraph: TestEndpoint;
  let school: Awaited<ReturnType<typeof createTestSchool>>;
  let other: Awaited<ReturnType<typeof createTestSchool>>;

  beforeAll(async () => {
    subgraph = await startSubgraphStack(createIdentitySubgraph);
    [school, other] = await Promise.all([
      createTestSchool(subgraph.resources.db, { students: 12, teachers: 6 }),
      createTestSchool(subgraph.resources.db, { students: 4, teachers: 4 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await subgraph?.stop();
  });

  it('resolves every entity type of the school by key', async () => {
    const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    const adminUser = await subgraph.resources.db.user.findFirstOrThrow({
      where: { schoolId: school.schoolId, email: admin?.email },
      select: { id: true },
    });
    const { body } = await subgraph.graphql<EntitiesData>(
      ENTITIES,
      {
        representations: [
          { __typename: 'School', id: school.schoolId },
          { __typename: 'Student', id: school.sample.studentId },
          { __typename: 'Teacher', id: school.sample.teacherId },
          { __typename: 'Guardian', id: school.sample.guardianId },
          { __typename: 'User', id: adminUser.id },
        ],
      },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    const [schoolEntity, student, teacher, guardian, user] = body.data?._entities ?? [];
    expect(schoolEntity).toMatchObject({ __typename: 'School', id: school.schoolId, code: school.code });
    expect(student).toMatchObject({ __typename: 'Student', id: school.sample.studentId });
    expect((student?.guardians as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect(teacher).toMatchObject({ __typename: 'Teacher', id: school.sample.teacherId });
    expect(guardian?.children).toContainEqual({
      student: expect.objectContaining({ id: expect.any(String) }),
    });
    expect(user).toMatchObject({ __typename: 'User', roles: ['SCHOOL_ADMIN'] });
  });

  it("returns null for another school's entities and for malformed ids", async () => {
    const { body } = await subgraph.graphql<EntitiesData>(
      ENTITIES,
      {
        representations: [
          { __typename: 'School', id: other.schoolId },
          { __typename: 'Student', id: other.sample.studentId },
          { __typename: 'Guardian', id: other.sample.guardianId },
          { __typename: 'Student', id: 'not-a-uuid' },
        ],
      },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([null, null, null, null]);
  });

  it('requires a school for entity lookups', async () => {
    const { body } = await subgraph.graphql<EntitiesData>(ENTITIES, {
      representations: [{ __typename: 'Student', id: school.sample.studentId }],
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
