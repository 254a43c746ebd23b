// API protection at the gateway: operation limits, persisted queries, trusted documents, rate
// limits, CSRF prevention and production mode. Every refusal is proven to happen before any
// resolver runs: a spy on every subgraph field resolver counts 0 calls, and no SQL is sent.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { defaultFieldResolver, isObjectType } from 'graphql';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@schools24/auth';
import { parseConfig, type Config } from '@schools24/config';
import { limitSettings, OperationLimits, type Resources } from '@schools24/graphql';
import {
  closeTestResources,
  createTestSchool,
  openTestResources,
  schoolAdminToken,
  serverUrl,
  type SqlCounter,
} from '@schools24/testkit';
import {
  clientAddress,
  createGatewayServer,
  TRUSTED_DOCUMENTS_PATH,
  type GatewayServer,
} from '../src/index.js';
import { readManifest, trustedDocumentProblems } from '../src/trusted-documents.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

interface Reply {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
  /** Send only the persisted-query hash of the document, not its text. */
  hashOnly?: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

/** Every field resolver of every in-process subgraph, counted. */
function spyOnResolvers(server: GatewayServer): { count: number } {
  const calls = { count: 0 };
  for (const runtime of Object.values(server.runtimes)) {
    for (const type of Object.values(runtime.schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const resolve = field.resolve ?? defaultFieldResolver;
        field.resolve = (source, args, context, info) => {
          calls.count += 1;
          return resolve(source, args, context, info);
        };
      }
    }
  }
  return calls;
}

/** Log lines a logger wrote, parsed. */
function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: pino({ level: 'info' }, stream),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

interface Gateway {
  url: string;
  base: string;
  /** What the gateway runs on (the app role under row-level security). */
  resources: Resources;
  /** The same with the admin connection, for fixtures. */
  admin: Resources;
  sql: SqlCounter;
  server: GatewayServer;
  resolverCalls: { count: number };
  request(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<Reply>;
  get(params: Record<string, string>, headers?: Record<string, string>): Promise<Reply>;
  stop(): Promise<void>;
}

// One signing key for every gateway in this file (the key ring is per process).
const signingKeys = [await generateSigningJwk('protection-test')];

/** An all-in-one gateway on a free port with this configuration. */
async function startGateway(overrides: Partial<Config> = {}, logger?: Logger): Promise<Gateway> {
  const opened = await openTestResources({ AUTH_SIGNING_KEYS: signingKeys, ...overrides });
  const resources: Resources = logger ? { ...opened.app, logger } : opened.app;
  const server = await createGatewayServer({ resources, playground: false });
  const url = serverUrl(await server.listen(0, '127.0.0.1'));
  const resolverCalls = spyOnResolvers(server);
  const reply = async (response: Response): Promise<Reply> => ({
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Reply['body'],
  });
  return {
    url,
    base: url.replace(/\/graphql$/, ''),
    resources,
    admin: opened.admin,
    sql: opened.sql,
    server,
    resolverCalls,
    async request(query, variables = {}, options = {}) {
      const extensions = { ...options.extensions, ...(options.hashOnly ? persisted(query) : {}) };
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({
          ...(options.hashOnly ? {} : { query }),
          variables,
          ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
        }),
      });
      return reply(response);
    },
    async get(params, headers = {}) {
      return reply(await fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers }));
    },
    async stop() {
      await server.stop();
      await closeTestResources(opened);
    },
  };
}

/** Runs `send` and returns its reply with the resolver calls and SQL statements it caused. */
async function measured(gateway: Gateway, send: () => Promise<Reply>) {
  gateway.sql.reset();
  const before = gateway.resolverCalls.count;
  const reply = await send();
  return { ...reply, resolverCalls: gateway.resolverCalls.count - before, sqlStatements: gateway.sql.count };
}

const CURRENT_SCHOOL = 'query CurrentSchool { school { id code } }';
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, index) => `a${index}: school { id }`).join(' ')} }`;
/** Depth `n` (n ≥ 4) through the singular `parentTerm` chain: cheap, so only depth can refuse it. */
const deep = (n: number) =>
  `{ currentAcademicYear { terms { ${'parentTerm { '.repeat(n - 3)}id${' }'.repeat(n - 3)} } } }`;
const directives = (n: number) =>
  `{ school @include(if: true) { ${Array.from({ length: n - 1 }, (_, index) => `d${index}: id @include(if: true)`).join(' ')} } }`;
/** `n` + 5 lexical tokens, cycling through School's scalars. */
const SCHOOL_SCALARS = ['id', 'code', 'name', 'currency', 'locale', 'timezone', '__typename'];
const tokens = (n: number) =>
  `{ school { ${Array.from({ length: n }, (_, index) => SCHOOL_SCALARS[index % SCHOOL_SCALARS.length]).join(' ')} } }`;
// sections 10 + enrolments 10 + edges 10·n + node 10·n + student 10·n + guardians 100·n + guardian 100·n
const ROSTERS = `query Rosters($n: Int) {
  sections { enrolments(first: $n) { edges { node { student { guardians { guardian { id } } } } } } }
}`;

describe('operation limits, enforced before any resolver runs', () => {
  let gateway: Gateway;
  let school: TestSchool;
  let token: string;

  beforeAll(async () => {
    gateway = await startGateway();
    school = await createTestSchool(gateway.admin.db, { students: 6, teachers: 2 });
    token = await schoolAdminToken(gateway.admin, school.schoolId);
    // Warm the token's revocation lookup, so a refused request has no reason to touch SQL.
    expect((await gateway.request(CURRENT_SCHOOL, {}, { token })).body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await school?.remove();
    await gateway?.stop();
  });

  const refusedBeforeResolvers = async (query: string, variables: Record<string, unknown> = {}) => {
    const reply = await measured(gateway, () => gateway.request(query, variables, { token }));
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
    expect(reply.resolverCalls).toBe(0);
    expect(reply.sqlStatements).toBe(0);
    return reply.body.errors ?? [];
  };
  const allowed = async (query: string, variables: Record<string, unknown> = {}) => {
    const reply = await measured(gateway, () => gateway.request(query, variables, { token }));
    expect(reply.body.errors).toBeUndefined();
    expect(reply.status).toBe(200);
    expect(reply.resolverCalls).toBeGreaterThan(0);
    return reply;
  };

  it('depth: 12 levels run, 13 are refused', async () => {
    await allowed(deep(12));
    expect(await refusedBeforeResolvers(deep(13))).toEqual([
      {
        message: 'Query depth limit of 12 exceeded, found 13.',
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'DEPTH' }) as unknown,
      },
    ]);
  });

  it('aliases: 15 run, 16 are refused', async () => {
    await allowed(aliases(15));
    expect(await refusedBeforeResolvers(aliases(16))).toMatchObject([
      {
        message: 'Aliases limit of 15 exceeded, found 16.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'ALIASES' },
      },
    ]);
  });

  it('directives: 10 run, 11 are refused', async () => {
    await allowed(directives(10));
    expect(await refusedBeforeResolvers(directives(11))).toMatchObject([
      {
        message: 'Directives limit of 10 exceeded, found 11.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'DIRECTIVES' },
      },
    ]);
  });

  it('tokens: 1,505 run, 2,001 are refused by the parser', async () => {
    // (The exact boundary is unit-tested; 2,000 tokens of repeated fields trip graphql-js's own
    // budget for comparing overlapping fields.)
    await allowed(tokens(1500));
    expect(await refusedBeforeResolvers(tokens(1996))).toMatchObject([
      {
        message: expect.stringMatching(/Document contains more tha[nt] 2000 tokens/) as unknown,
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
  });

  it('cost: nested connections are priced by first/last, literal or variable', async () => {
    // n = 30: 10 + 10 + 300 + 300 + 300 + 3,000 + 3,000 = 6,920
    await allowed(ROSTERS, { n: 30 });
    const expensive = ROSTERS.replace('$n: Int', '$n: Int = 100');
    for (const [query, variables] of [
      [ROSTERS, { n: 100 }],
      [ROSTERS.replace('first: $n', 'first: 100').replace('($n: Int)', ''), {}],
      [expensive, {}],
    ] as const) {
      expect(await refusedBeforeResolvers(query, variables)).toMatchObject([
        {
          message:
            "The operation's estimated cost is 23,020, above the limit of 10,000: ask for smaller pages (`first`/`last`) or fewer nested lists.",
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'COST' },
        },
      ]);
    }
  });

  it('first/last: 100 runs, 101 is refused, literal or variable', async () => {
    const PAGE = 'query Page($n: Int) { students(first: $n) { totalCount } }';
    await allowed(PAGE, { n: 100 });
    await allowed('{ students(last: 100) { totalCount } }');
    expect(await refusedBeforeResolvers(PAGE, { n: 101 })).toMatchObject([
      { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'PAGE_SIZE' } },
    ]);
    expect(await refusedBeforeResolvers('{ students(last: 101) { totalCount } }')).toMatchObject([
      {
        message: '`last` must be between 0 and 100, got 101 (field "students").',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'PAGE_SIZE' },
      },
    ]);
  });

  it('list inputs: more than 250 items are refused', async () => {
    // The public API has no list arguments yet, so the list is also the wrong type; the limit is
    // reported on its own (list variables and the allowed side are unit-tested in libs/graphql).
    const list = (n: number) => `[${Array.from({ length: n }, (_, index) => `"${index}"`).join(', ')}]`;
    const limitsOf = (errors: Reply['body']['errors'] & object) =>
      errors.map((error) => error.extensions?.limit).filter(Boolean);
    expect(
      limitsOf(await refusedBeforeResolvers(`{ students(search: ${list(251)}) { totalCount } }`)),
    ).toEqual(['LIST_ITEMS']);
    expect(
      limitsOf(await refusedBeforeResolvers(`{ students(search: ${list(250)}) { totalCount } }`)),
    ).toEqual([]);
  });

  it('bodies over the configured size are refused with 413', async () => {
    const reply = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CURRENT_SCHOOL, variables: { pad: 'x'.repeat(1_000_001) } }),
    });
    expect(reply.status).toBe(413);
  });
});

describe('automatic persisted queries in Redis', () => {
  let gateway: Gateway;
  let school: TestSchool;
  let token: string;

  beforeAll(async () => {
    gateway = await startGateway();
    school = await createTestSchool(gateway.admin.db, { students: 3, teachers: 1 });
    token = await schoolAdminToken(gateway.admin, school.schoolId);
  });
  afterAll(async () => {
    await school?.remove();
    await gateway?.stop();
  });

  /** A query text no earlier run has registered. */
  const freshQuery = () => `query Apq { school { id code } } # ${randomUUID()}`;
  const redisKey = (query: string) => `s24:g:apq:${sha256(query)}`;

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers the text, then runs the hash', async () => {
    const query = freshQuery();
    const unknown = await gateway.request(query, {}, { token, hashOnly: true });
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });

    const registered = await gateway.request(query, {}, { token, extensions: persisted(query) });
    expect(registered.body).toEqual({ data: { school: { id: school.schoolId, code: school.code } } });
    await expect.poll(() => gateway.resources.redis.get(redisKey(query))).toBe(query);
    const ttl = await gateway.resources.redis.ttl(redisKey(query));
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);

    const byHash = await gateway.request(query, {}, { token, hashOnly: true });
    expect(byHash.body).toEqual(registered.body);
  });

  it('shares registrations between gateway replicas through Redis', async () => {
    const query = freshQuery();
    await gateway.request(query, {}, { token, extensions: persisted(query) });
    await expect.poll(() => gateway.resources.redis.get(redisKey(query))).toBe(query);
    const replica = await startGateway();
    try {
      const byHash = await replica.request(query, {}, { token, hashOnly: true });
      expect(byHash.body.data).toEqual({ school: { id: school.schoolId, code: school.code } });
    } finally {
      await replica.stop();
    }
  });

  it('refuses a hash that does not match the text, and never registers an over-limit operation', async () => {
    const query = freshQuery();
    const mismatch = await gateway.request(query, {}, { token, extensions: persisted(`${query} `) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]?.message).toBe('provided sha does not match query');

    const overLimit = `${aliases(16)} # ${randomUUID()}`;
    const refused = await gateway.request(overLimit, {}, { token, extensions: persisted(overLimit) });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ limit: 'ALIASES' });
    expect(await gateway.resources.redis.exists(redisKey(overLimit))).toBe(0);
  });

  it('runs hashed queries over GET only with a CSRF-safe header, and never mutations', async () => {
    const query = freshQuery();
    await gateway.request(query, {}, { token, extensions: persisted(query) });
    const params = { extensions: JSON.stringify(persisted(query)) };
    const authorization = `Bearer ${token}`;

    const simple = await gateway.get(params, { authorization });
    expect(simple.status).toBe(400);
    expect(simple.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);

    const preflighted = await gateway.get(params, { authorization, 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body.data).toEqual({ school: { id: school.schoolId, code: school.code } });

    const mutation = 'mutation { logout { success } }';
    const get = await gateway.get({ query: mutation }, { authorization, 'apollo-require-preflight': 'true' });
    expect(get.status).toBe(405);
  });
});

describe('CSRF prevention', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain'])(
    'refuses a POST a browser form could send (%s) before running anything',
    async (contentType) => {
      const reply = await measured(gateway, async () => {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as Reply['body'],
        };
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
      expect(reply.resolverCalls).toBe(0);
    },
  );

  it('refuses a simple GET and runs a GET with a preflight header or a JSON content type', async () => {
    const params = { query: '{ __typename }' };
    expect((await gateway.get(params)).status).toBe(400);
    expect((await gateway.get(params, { 'apollo-require-preflight': 'true' })).body).toEqual({
      data: { __typename: 'Query' },
    });
    expect((await gateway.get(params, { 'x-apollo-operation-name': 'Any' })).status).toBe(200);
    expect((await gateway.get(params, { 'content-type': 'application/json' })).status).toBe(200);
  });
});

describe('trusted documents', () => {
  let gateway: Gateway;
  let school: TestSchool;
  let token: string;
  let directory: string;
  const REGISTERED = 'query Registered { school { id code } }';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 's24-trusted-'));
    const path = join(directory, 'trusted-documents.json');
    writeFileSync(
      path,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256(REGISTERED), name: 'Registered', type: 'query', body: REGISTERED }],
      }),
    );
    gateway = await startGateway({ TRUSTED_DOCUMENTS: true, TRUSTED_DOCUMENTS_PATH: path });
    school = await createTestSchool(gateway.admin.db, { students: 3, teachers: 1 });
    token = await schoolAdminToken(gateway.admin, school.schoolId);
    await gateway.request(REGISTERED, {}, { token });
  });
  afterAll(async () => {
    await school?.remove();
    await gateway?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const expected = () => ({ data: { school: { id: school.schoolId, code: school.code } } });

  it('runs a registered operation by hash, by full text, and by hash over GET', async () => {
    expect((await gateway.request(REGISTERED, {}, { token, hashOnly: true })).body).toEqual(expected());
    expect((await gateway.request(REGISTERED, {}, { token })).body).toEqual(expected());
    const get = await gateway.get(
      { extensions: JSON.stringify(persisted(REGISTERED)) },
      { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    );
    expect(get.body).toEqual(expected());
  });

  it.each([
    ['an unregistered query', 'query Other { school { id name } }', false],
    ['an unregistered hash', 'query Other { school { id name } }', true],
    ['an invalid query (no schema probing)', '{ schoool { id } }', false],
    ['introspection', '{ __schema { types { name } } }', false],
  ])('refuses %s before parsing it', async (_, query, hashOnly) => {
    const reply = await measured(gateway, () => gateway.request(query, {}, { token, hashOnly }));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      errors: [
        {
          message: `This API runs only registered operations (trusted documents), and operation ${sha256(query)} is not registered. Register it in the trusted documents manifest and deploy it first.`,
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
        },
      ],
    });
    expect(reply.resolverCalls).toBe(0);
    expect(reply.sqlStatements).toBe(0);
  });

  it('lets no client register an operation through APQ', async () => {
    const query = `query Sneaky { school { id name } } # ${randomUUID()}`;
    const register = await gateway.request(query, {}, { token, extensions: persisted(query) });
    expect(register.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const byHash = await gateway.request(query, {}, { token, hashOnly: true });
    expect(byHash.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await gateway.resources.redis.exists(`s24:g:apq:${sha256(query)}`)).toBe(0);
  });

  it('has a checked-in manifest whose every operation fits the current schema and the limits', () => {
    const limits = new OperationLimits(limitSettings(parseConfig({})));
    const { operations } = readManifest(TRUSTED_DOCUMENTS_PATH);
    expect(operations.length).toBeGreaterThan(0);
    expect(trustedDocumentProblems(operations, limits)).toEqual([]);

    const entry = (body: string, name = 'Broken') => ({
      id: sha256(body),
      name,
      type: 'query' as const,
      body,
    });
    const broken = [
      entry('query Broken { school { removedField } }'),
      entry(aliases(16).replace('{', 'query Broken {')),
      { ...entry('query Broken { school { id } }'), id: sha256('something else') },
      entry('query Broken { school { id } }', 'Renamed'),
    ];
    expect(trustedDocumentProblems(broken, limits)).toEqual([
      `Broken ${broken[0]?.id}: Cannot query field "removedField" on type "School".`,
      `Broken ${broken[1]?.id}: Aliases limit of 15 exceeded, found 16.`,
      `Broken ${sha256('something else')}: the id is not the SHA-256 of the body`,
      `Renamed ${broken[3]?.id}: the name or type does not match the document`,
    ]);
  });

  it('refuses to start with a manifest whose ids are not the hashes of their bodies', async () => {
    const path = join(directory, 'tampered.json');
    writeFileSync(
      path,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: sha256('query A { school { id } }'), name: 'A', type: 'query', body: '{ users }' },
        ],
      }),
    );
    await expect(startGateway({ TRUSTED_DOCUMENTS: true, TRUSTED_DOCUMENTS_PATH: path })).rejects.toThrow(
      /operation A has id [0-9a-f]{64}, which is not the SHA-256 of its body/,
    );
  });
});

describe('rate limits in Redis', () => {
  let gateway: Gateway;
  let school: TestSchool;
  // Behind one trusted proxy the client address is the last X-Forwarded-For entry, so each test can
  // be its own client (and reruns within the window do not collide).
  const newAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
  const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.9, ${address}` });

  beforeAll(async () => {
    gateway = await startGateway({
      RATE_LIMIT_USER_PER_MINUTE: 3,
      RATE_LIMIT_IP_PER_MINUTE: 5,
      TRUST_PROXY_HOPS: 1,
    });
    school = await createTestSchool(gateway.admin.db, { students: 3, teachers: 1 });
  });
  afterAll(async () => {
    await school?.remove();
    await gateway?.stop();
  });

  const expectRateLimited = (reply: Awaited<ReturnType<typeof measured>>) => {
    expect(reply.status).toBe(429);
    const retryAfter = Number(reply.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(reply.body.errors?.[0]).toMatchObject({
      message: `Too many requests: try again in ${retryAfter} s.`,
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
    });
    expect(reply.resolverCalls).toBe(0);
  };

  it('limits each signed-in user, wherever their requests come from', async () => {
    // A user of its own: the admin token of a fresh school would be shared with other tests.
    const token = await schoolAdminToken(gateway.admin, school.schoolId);
    for (let index = 0; index < 3; index += 1) {
      const reply = await gateway.request(CURRENT_SCHOOL, {}, { token, headers: from(newAddress()) });
      expect(reply.status).toBe(200);
    }
    expectRateLimited(
      await measured(gateway, () =>
        gateway.request(CURRENT_SCHOOL, {}, { token, headers: from(newAddress()) }),
      ),
    );
    const userId = school.logins.find((login) => login.role === 'SCHOOL_ADMIN')?.userId;
    const ttl = await gateway.resources.redis.pttl(`s24:g:rate:user:${userId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('limits each client address, signed in or not, and counts refused tokens too', async () => {
    const address = newAddress();
    for (let index = 0; index < 3; index += 1) {
      expect((await gateway.request('{ __typename }', {}, { headers: from(address) })).status).toBe(200);
    }
    const badToken = await gateway.request(
      '{ __typename }',
      {},
      { token: 'not.a.jwt', headers: from(address) },
    );
    expect(badToken.status).toBe(401);
    expect((await gateway.request('{ __typename }', {}, { headers: from(address) })).status).toBe(200);
    expectRateLimited(
      await measured(gateway, () => gateway.request('{ __typename }', {}, { headers: from(address) })),
    );
    // Another address is not affected.
    expect((await gateway.request('{ __typename }', {}, { headers: from(newAddress()) })).status).toBe(200);
  });

  it('takes the client address from the socket, or from the proxies it is told to trust', () => {
    const headers = { 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 192.0.2.7' };
    // Without trusted proxies a client's own X-Forwarded-For is ignored (it could dodge the limit).
    expect(clientAddress(headers, '10.0.0.1', 0)).toBe('10.0.0.1');
    expect(clientAddress(headers, '10.0.0.1', 1)).toBe('192.0.2.7');
    expect(clientAddress(headers, '10.0.0.1', 2)).toBe('203.0.113.5');
    // Fewer entries than proxies: the request did not come through them all.
    expect(clientAddress({}, '10.0.0.1', 1)).toBe('10.0.0.1');
  });

  it('does not limit health, readiness and metrics, which count the refusals', async () => {
    for (let index = 0; index < 8; index += 1) {
      for (const path of ['/health', '/ready', '/metrics']) {
        expect((await fetch(`${gateway.base}${path}`)).status).toBe(200);
      }
    }
    const metrics = await (await fetch(`${gateway.base}/metrics`)).text();
    expect(metrics).toMatch(/^schools24_gateway_refusals_total\{reason="rate_limited"\} [1-9]/m);
  });
});

describe('production mode', () => {
  let production: Gateway;
  let development: Gateway;
  const logs = capturingLogger();

  // Production turns rate limits on; 127.0.0.1's counter is shared with everything on this machine.
  const PRODUCTION: Partial<Config> = { NODE_ENV: 'production', RATE_LIMIT_IP_PER_MINUTE: 0 };

  beforeAll(async () => {
    production = await startGateway(PRODUCTION, logs.logger);
    development = await startGateway();
  });
  afterAll(async () => {
    await production?.stop();
    await development?.stop();
  });

  it('turns introspection off', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "School") { name } }']) {
      const refused = await production.request(query);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await development.request(query)).body.errors).toBeUndefined();
    }
  });

  it('gives no field or enum suggestions', async () => {
    const typo = '{ school { nam } }';
    expect((await development.request(typo)).body.errors?.[0]?.message).toMatch(/Did you mean "name"\?/);
    expect((await production.request(typo)).body.errors?.[0]?.message).toBe(
      'Cannot query field "nam" on type "School".',
    );

    const ENUM =
      'query($audience: AnnouncementAudience) { announcements(audience: $audience) { totalCount } }';
    const variables = { audience: 'EVERYON' };
    expect(JSON.stringify((await development.request(ENUM, variables)).body.errors)).toMatch(/Did you mean/);
    const masked = await production.request(ENUM, variables);
    expect(masked.body.errors?.[0]?.message).toMatch(/does not exist in "AnnouncementAudience" enum\.$/);
    expect(JSON.stringify(masked.body)).not.toMatch(/Did you mean|EVERYONE/);
  });

  it('sends no stack traces', async () => {
    expect((await development.request('{ nope }')).body.errors?.[0]?.extensions?.stacktrace).toBeDefined();
    const reply = await production.request('{ nope }');
    expect(reply.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('answers an unreachable database as a retryable SERVICE_UNAVAILABLE, masked, with an error id that is in the logs', async () => {
    const broken = await startGateway(
      { ...PRODUCTION, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/unreachable' },
      logs.logger,
    );
    try {
      const reply = await broken.request(
        'mutation { login(input: { schoolCode: "NOPE", email: "a@example.com", password: "correct horse battery" }) { userErrors { code } } }',
      );
      const error = reply.body.errors?.[0];
      const errorId = error?.extensions?.errorId;
      expect(typeof errorId).toBe('string');
      expect(error).toEqual({
        message: 'A service this request needs is unavailable for a moment: retry shortly.',
        ...(error && 'path' in error ? { path: error.path } : {}),
        ...(error && 'locations' in error ? { locations: error.locations } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, retryAfterSeconds: 1, errorId },
      });
      expect(JSON.stringify(reply.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|prisma|stack/i);
      const logged = logs.lines().find((line) => line.errorId === errorId);
      expect(logged).toMatchObject({ msg: 'internal error', err: expect.anything() as unknown });
    } finally {
      await broken.stop();
    }
  });
});
