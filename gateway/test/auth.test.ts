// Authentication across the supergraph: the gateway verifies the token before planning, every
// subgraph verifies it again (zero trust), and the tenant comes from the token, not from a header.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@schools24/seed';
import {
  createTestSchool,
  postGraphQL,
  signTestToken,
  startGatewayStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { tokens { accessToken refreshToken } userErrors { code } }
}`;
const LOGOUT = `mutation { logout { success } }`;
const SCHOOL_AND_SECTIONS = `query { school { id code } sections { id } }`;
const STUDENTS = `query { students(first: 3) { totalCount } }`;

interface LoginData {
  login: { tokens: { accessToken: string; refreshToken: string } | null; userErrors: { code: string }[] };
}

describe.each(['all-in-one', 'distributed'] as const)('authentication, %s topology', (topology) => {
  let stack: TestEndpoint & { subgraphUrls: Partial<Record<string, string>> };
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, topology);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 6, teachers: 2 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const signIn = async (target = school) => {
    const admin = target.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    const { body } = await stack.graphql<LoginData>(LOGIN, {
      input: { schoolCode: target.code, email: admin?.email, password: DEMO_PASSWORD },
    });
    const tokens = body.data?.login.tokens;
    if (!tokens) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
    return tokens;
  };

  it("signs in through the gateway and reads the token's school across subgraphs", async () => {
    const { accessToken } = await signIn();
    const { status, body } = await stack.graphql<{ school: { id: string }; sections: unknown[] }>(
      SCHOOL_AND_SECTIONS,
      {},
      { token: accessToken },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.school.id).toBe(school.schoolId);
    expect(body.data?.sections.length).toBeGreaterThan(0);
  });

  it('refuses a bad token with 401 before planning or touching the database', async () => {
    const { accessToken } = await signIn();
    const tampered = `${accessToken.slice(0, -4)}AAAA`;
    for (const token of [tampered, 'not.a.jwt', (await signIn()).refreshToken]) {
      stack.sql.reset();
      const response = await stack.graphql(STUDENTS, {}, { token });
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.body.data).toBeUndefined();
      expect(stack.sql.count).toBe(0);
    }
    const basic = await stack.graphql(STUDENTS, {}, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(basic.status).toBe(401);
  });

  it('serves anonymous requests no tenant data, whatever x-school-id says', async () => {
    const response = await stack.graphql(STUDENTS, {}, { headers: { 'x-school-id': school.schoolId } });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.data).toBeNull();
  });

  it('forbids naming another school in x-school-id, unless the viewer is a platform admin', async () => {
    const { accessToken } = await signIn();
    const foreign = await stack.graphql(STUDENTS, {}, { token: accessToken, schoolId: other.schoolId });
    expect(foreign.status).toBe(403);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const operator = await stack.resources.db.user.create({
      data: {
        schoolId: school.schoolId,
        email: `operator-${randomUUID()}@platform.example`,
        displayName: 'Platform operator',
        roleAssignments: { create: { schoolId: school.schoolId, role: 'PLATFORM_ADMIN' } },
      },
      select: { id: true },
    });
    const operatorToken = await tokenForUser(stack.resources, school.schoolId, operator.id);
    const { body } = await stack.graphql<{ school: { id: string } }>(
      SCHOOL_AND_SECTIONS,
      {},
      { token: operatorToken, schoolId: other.schoolId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.school.id).toBe(other.schoolId);
  });

  it('refuses a logged-out token at once, at the gateway and in every subgraph', async () => {
    const { accessToken } = await signIn();
    expect((await stack.graphql(SCHOOL_AND_SECTIONS, {}, { token: accessToken })).status).toBe(200);
    const logout = await stack.graphql<{ logout: { success: boolean } }>(LOGOUT, {}, { token: accessToken });
    expect(logout.body.data?.logout.success).toBe(true);
    const after = await stack.graphql(SCHOOL_AND_SECTIONS, {}, { token: accessToken });
    expect(after.status).toBe(401);
    for (const url of Object.values(stack.subgraphUrls)) {
      const direct = await postGraphQL(url ?? '', '{ __typename }', {}, { token: accessToken });
      expect(direct.status).toBe(401);
    }
  });

  it('has every subgraph verify the token itself (zero trust): a forged one fails at each', async () => {
    const forged = await signTestToken(
      { config: { ...stack.resources.config, AUTH_ISSUER: 'someone-else' }, logger: stack.resources.logger },
      { userId: school.logins[0]?.userId ?? '', schoolId: school.schoolId, roles: ['SCHOOL_ADMIN'] },
    );
    for (const url of Object.values(stack.subgraphUrls)) {
      const direct = await postGraphQL(url ?? '', '{ __typename }', {}, { token: forged });
      expect(direct.status).toBe(401);
      expect(direct.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    if (topology === 'distributed') expect(Object.keys(stack.subgraphUrls)).toHaveLength(5);
  });

  it('publishes the JWKS where tokens are verified', async () => {
    const base = topology === 'all-in-one' ? stack.url : (stack.subgraphUrls.identity ?? '');
    const response = await fetch(base.replace(/\/graphql$/, '/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: { kid: string; d?: string }[] };
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.d === undefined)).toBe(true);
  });
});

describe.each(['all-in-one', 'distributed'] as const)(
  'a sign-in storm through the gateway, %s',
  (topology) => {
    let stack: TestEndpoint;
    let school: Awaited<ReturnType<typeof createTestSchool>>;

    beforeAll(async () => {
      // One hash at a time: two sign-ins in progress, one waiting; the rest must be shed.
      stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, topology, {
        AUTH_HASH_CONCURRENCY: 1,
        AUTH_HASH_QUEUE: 1,
      });
      school = await createTestSchool(stack.resources.db, { students: 4, teachers: 2 });
    });
    afterAll(async () => {
      await school?.remove();
      await stack?.stop();
    });

    it('answers shed sign-ins 429 with Retry-After and RATE_LIMITED, never an internal error', async () => {
      const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
      if (!admin) throw new Error('no admin login');
      const responses = await Promise.all(
        Array.from({ length: 24 }, () =>
          stack.graphql<LoginData>(LOGIN, {
            input: { schoolCode: school.code, email: admin.email, password: DEMO_PASSWORD },
          }),
        ),
      );
      const shed = responses.filter((response) => response.status === 429);
      const signedIn = responses.filter((response) => response.body.data?.login.tokens);
      expect(shed.length).toBeGreaterThan(0);
      expect(signedIn.length).toBeGreaterThan(0);
      expect(shed.length + signedIn.length).toBe(responses.length);
      for (const response of shed) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(response.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['RATE_LIMITED']);
      }
    });
  },
);
