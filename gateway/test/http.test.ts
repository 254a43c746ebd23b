import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '@schools24/graphql';
import { createTestSchool, graphql, startGatewayStack, type TestEndpoint } from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

const CurrentSchool = graphql(`
  query CurrentSchool {
    school {
      id
      code
      name
      timezone
      currency
    }
  }
`);

const StudentPage = graphql(`
  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {
    students(first: $first, after: $after, last: $last, before: $before, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          familyName
          givenName
          admissionNumber
        }
      }
    }
  }
`);

describe('the gateway over HTTP', () => {
  let stack: TestEndpoint;
  let school: Awaited<ReturnType<typeof createTestSchool>>;
  const base = () => stack.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS });
    school = await createTestSchool(stack.resources.db, { students: 30 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  it('reports liveness and readiness of its dependencies', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const ready = await fetch(`${base()}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
  });

  it("exposes Prometheus metrics, including cache lookups and the process's memory", async () => {
    await stack.graphql(CurrentSchool, {}, { schoolId: school.schoolId });
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(
      /schools24_cache_loader_lookups_total\{namespace="identity:school",result="(hit|miss)"\}/,
    );
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
  });

  it('serves a playground that needs no internet', async () => {
    const response = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdn\./);
  });

  it('resolves the tenant school', async () => {
    const { body } = await stack.graphql(CurrentSchool, {}, { schoolId: school.schoolId });
    expect(body.data?.school).toMatchObject({
      id: school.schoolId,
      code: school.code,
      timezone: 'Asia/Kolkata',
    });
  });

  it('refuses tenant data without a school, with a specific code', async () => {
    const { body } = await stack.graphql(StudentPage, { first: 5 });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeNull();
  });

  it('refuses a malformed school id with 400', async () => {
    const response = await stack.graphql(CurrentSchool, {}, { headers: { 'x-school-id': "1' OR '1'='1" } });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages forward and backward through students with stable cursors', async () => {
    const all = await stack.graphql(StudentPage, { first: 100 }, { schoolId: school.schoolId });
    const ids = all.body.data?.students.edges.map((edge) => edge.node.id) ?? [];
    expect(ids).toHaveLength(30);
    expect(all.body.data?.students.totalCount).toBe(30);

    const first = await stack.graphql(StudentPage, { first: 10 }, { schoolId: school.schoolId });
    const page1 = first.body.data?.students;
    expect(page1?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await stack.graphql(
      StudentPage,
      { first: 10, after: page1?.pageInfo.endCursor },
      { schoolId: school.schoolId },
    );
    expect(second.body.data?.students.edges.map((edge) => edge.node.id)).toEqual(ids.slice(10, 20));

    const back = await stack.graphql(
      StudentPage,
      { last: 5, before: second.body.data?.students.pageInfo.startCursor },
      { schoolId: school.schoolId },
    );
    expect(back.body.data?.students.edges.map((edge) => edge.node.id)).toEqual(ids.slice(5, 10));
    expect(back.body.data?.students.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('searches students by name or admission number', async () => {
    const target = await stack.resources.db.student.findUniqueOrThrow({
      where: { id: school.sample.studentId },
      select: { admissionNumber: true },
    });
    const { body } = await stack.graphql(
      StudentPage,
      { search: target.admissionNumber },
      { schoolId: school.schoolId },
    );
    expect(body.data?.students.edges.map((edge) => edge.node.id)).toContain(school.sample.studentId);
  });

  it('refuses pages above 100 and foreign cursors before touching the database', async () => {
    stack.sql.reset();
    const tooMany = await stack.graphql(StudentPage, { first: 101 }, { schoolId: school.schoolId });
    // Refused by the gateway's limits before planning (the resolvers refuse it too).
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.[0]).toMatchObject({
      message: '`first`/`last` must be between 0 and 100, got 101 (variable $first).',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'PAGE_SIZE' },
    });
    const forged = await stack.graphql(
      StudentPage,
      { first: 5, after: 'forged' },
      { schoolId: school.schoolId },
    );
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sql.count).toBe(0);
  });

  it('rejects bodies over the size limit with 413', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ school { id } }`, variables: { pad: 'x'.repeat(MAX_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
  });

  it('blocks simple cross-site requests (CSRF prevention)', async () => {
    const response = await fetch(`${stack.url}?query=${encodeURIComponent('{ school { id } }')}`, {
      headers: { 'x-school-id': school.schoolId },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });
});
