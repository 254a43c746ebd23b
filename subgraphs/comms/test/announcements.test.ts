import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { createCommsSubgraph } from '../src/index.js';

const ANNOUNCEMENTS = /* GraphQL */ `
  query Announcements(
    $audience: AnnouncementAudience
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    announcements(audience: $audience, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        cursor
        node {
          id
          title
          body
          audience
          publishedAt
          author {
            __typename
            id
          }
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

const ANNOUNCEMENT = /* GraphQL */ `
  query Announcement($id: ID!) {
    announcement(id: $id) {
      id
      title
      author {
        __typename
        id
      }
    }
  }
`;

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Announcement {
        id
        title
      }
    }
  }
`;

interface AnnouncementNode {
  id: string;
  title: string;
  body: string;
  audience: string;
  publishedAt: string;
  author: { __typename: string; id: string } | null;
}

interface AnnouncementPage {
  totalCount: number;
  edges: { cursor: string; node: AnnouncementNode }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

describe('comms announcements', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let adminUserId: string;
  let anonymousId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createCommsSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 20, teachers: 6 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 4 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    adminUserId = (await db.user.findFirstOrThrow({ where: { schoolId, email: admin?.email } })).id;
    // Two announcements published at the same instant (the id breaks the tie), one of them without
    // an author, and an older one: all for staff.
    const sameInstant = new Date('2026-11-20T03:00:00.000Z');
    const [, anonymous] = await Promise.all([
      db.announcement.create({
        data: {
          schoolId,
          title: 'Invigilation duties',
          body: 'Rosters are on the staff notice board.',
          audience: 'STAFF',
          authorUserId: adminUserId,
          publishedAt: sameInstant,
        },
      }),
      db.announcement.create({
        data: {
          schoolId,
          title: 'Staff room closed for painting',
          body: 'Use the library until Friday.',
          audience: 'STAFF',
          authorUserId: null,
          publishedAt: sameInstant,
        },
      }),
      db.announcement.create({
        data: {
          schoolId,
          title: 'First-aid refresher',
          body: 'Mandatory for all staff.',
          audience: 'STAFF',
          authorUserId: adminUserId,
          publishedAt: new Date('2026-05-05T04:00:00.000Z'),
        },
      }),
    ]);
    anonymousId = anonymous.id;
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const page = async (
    variables: Record<string, unknown>,
    schoolId = school.schoolId,
  ): Promise<AnnouncementPage> => {
    const { body } = await stack.graphql<{ announcements: AnnouncementPage }>(ANNOUNCEMENTS, variables, {
      schoolId,
    });
    expect(body.errors).toBeUndefined();
    if (!body.data) throw new Error('no data');
    return body.data.announcements;
  };
  const errorCodes = async (document: string, variables: Record<string, unknown>, schoolId?: string) => {
    const { body } = await stack.graphql(document, variables, schoolId ? { schoolId } : {});
    return (body.errors ?? []).map((error) => error.extensions?.code);
  };

  it('lists announcements newest first, as the database holds them', async () => {
    const rows = await db().announcement.findMany({
      where: { schoolId: school.schoolId },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    });
    expect(rows).toHaveLength(9);
    const listed = await page({ first: 100 });
    expect(listed.totalCount).toBe(9);
    expect(listed.edges.map((edge) => edge.node)).toEqual(
      rows.map((row) => ({
        id: row.id,
        title: row.title,
        body: row.body,
        audience: row.audience,
        publishedAt: row.publishedAt.toISOString(),
        author: row.authorUserId ? { __typename: 'User', id: row.authorUserId } : null,
      })),
    );
    const instants = listed.edges.map((edge) => Date.parse(edge.node.publishedAt));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
    expect(listed.edges[2]?.node.title).toBe('Annual sports day');
    expect(listed.edges.at(-1)?.node.title).toBe('Welcome to the 2026-27 academic year');
    // Published at the same instant: the larger id comes first.
    const [tieA, tieB] = listed.edges.slice(0, 2).map((edge) => edge.node);
    expect(tieA?.publishedAt).toBe(tieB?.publishedAt);
    expect((tieA?.id ?? '') > (tieB?.id ?? '')).toBe(true);
  });

  it('filters by exactly one audience (EVERYONE is not a wildcard)', async () => {
    const staff = await page({ audience: 'STAFF', first: 100 });
    expect(staff.totalCount).toBe(4);
    expect(staff.edges.every((edge) => edge.node.audience === 'STAFF')).toBe(true);
    expect(staff.edges.at(-1)?.node.title).toBe('First-aid refresher');

    const guardians = await page({ audience: 'GUARDIANS', first: 100 });
    expect(guardians.edges.map((edge) => edge.node.title)).toEqual([
      'Parent-teacher meeting',
      'Annual fees due by 15 April',
    ]);
    expect(guardians.totalCount).toBe(2);

    const everyone = await page({ audience: 'EVERYONE', first: 100 });
    expect(everyone.edges.map((edge) => edge.node.title)).toEqual([
      'Annual sports day',
      'Welcome to the 2026-27 academic year',
    ]);
    expect((await page({ audience: 'STUDENTS', first: 100 })).totalCount).toBe(1);
  });

  it('pages forward and backward with cursors', async () => {
    const all = (await page({ first: 100 })).edges.map((edge) => edge.node.id);

    const forward: string[][] = [];
    const flags: [boolean, boolean][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const current: AnnouncementPage = await page({ first: 4, after });
      expect(current.totalCount).toBe(9);
      forward.push(current.edges.map((edge) => edge.node.id));
      flags.push([current.pageInfo.hasPreviousPage, current.pageInfo.hasNextPage]);
      expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(forward.map((ids) => ids.length)).toEqual([4, 4, 1]);
    expect(forward.flat()).toEqual(all);
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);

    const backward: string[][] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const current: AnnouncementPage = await page({ last: 4, before });
      backward.push(current.edges.map((edge) => edge.node.id));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(backward.map((ids) => ids.length)).toEqual([4, 4, 1]);
    expect(backward.reverse().flat()).toEqual(all);

    // A filtered list pages within its audience.
    const staffFirst = await page({ audience: 'STAFF', first: 3 });
    const staffRest = await page({ audience: 'STAFF', first: 3, after: staffFirst.pageInfo.endCursor });
    expect(staffRest.edges.map((edge) => edge.node.title)).toEqual(['First-aid refresher']);
    expect(staffRest.pageInfo.hasNextPage).toBe(false);
  });

  it('hands out the author as a User reference, or null when none is recorded', async () => {
    const listed = await page({ first: 100 });
    const authors = listed.edges.map((edge) => edge.node.author);
    expect(authors.filter((author) => author === null)).toHaveLength(1);
    for (const author of authors.filter((value) => value !== null)) {
      expect(author).toEqual({ __typename: 'User', id: adminUserId });
    }

    const { body } = await stack.graphql<{ announcement: { author: unknown } }>(
      ANNOUNCEMENT,
      { id: anonymousId },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.announcement.author).toBeNull();
  });

  it('finds an announcement by id only within its own school', async () => {
    const own = await db().announcement.findFirstOrThrow({
      where: { schoolId: school.schoolId, audience: 'GUARDIANS' },
    });
    const foreign = await db().announcement.findFirstOrThrow({ where: { schoolId: other.schoolId } });
    const byId = async (id: string, schoolId = school.schoolId) => {
      const { body } = await stack.graphql<{ announcement: { id: string; title: string } | null }>(
        ANNOUNCEMENT,
        { id },
        { schoolId },
      );
      expect(body.errors).toBeUndefined();
      return body.data?.announcement;
    };
    expect(await byId(own.id)).toEqual({
      id: own.id,
      title: own.title,
      author: { __typename: 'User', id: adminUserId },
    });
    expect(await byId(foreign.id)).toBeNull();
    expect(await byId(own.id, other.schoolId)).toBeNull();
    expect(await byId('not-a-uuid')).toBeNull();

    const { body } = await stack.graphql<{ _entities: unknown[] }>(
      ENTITIES,
      {
        representations: [
          { __typename: 'Announcement', id: own.id },
          { __typename: 'Announcement', id: foreign.id },
        ],
      },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([{ id: own.id, title: own.title }, null]);

    // The other school lists only its six seeded announcements.
    const otherList = await page({ first: 100 }, other.schoolId);
    expect(otherList.totalCount).toBe(6);
    const ownIds = new Set((await page({ first: 100 })).edges.map((edge) => edge.node.id));
    expect(otherList.edges.some((edge) => ownIds.has(edge.node.id))).toBe(false);
  });

  it('refuses bad page requests and requests without a school', async () => {
    expect(await errorCodes(ANNOUNCEMENTS, { first: 2, last: 2 }, school.schoolId)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await errorCodes(ANNOUNCEMENTS, { last: 101 }, school.schoolId)).toEqual(['BAD_USER_INPUT']);
    expect(await errorCodes(ANNOUNCEMENTS, { first: 2, before: 'abc' }, school.schoolId)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await errorCodes(ANNOUNCEMENTS, {})).toEqual(['UNAUTHENTICATED']);
    expect(await errorCodes(ANNOUNCEMENT, { id: anonymousId })).toEqual(['UNAUTHENTICATED']);
  });
});
