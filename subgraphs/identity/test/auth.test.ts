// Sign-in, sessions and passwords through the identity subgraph over HTTP, against the real
// PostgreSQL and Redis: the happy paths, and the attacks each mechanism exists to stop.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { DEMO_PASSWORD } from '@schools24/seed';
import { createAuth } from '../src/auth.js';
import { createIdentitySubgraph } from '../src/index.js';
import { createIdentityRepositories } from '../src/repositories/index.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}
interface AuthError {
  code: string;
  message: string;
  field: string[] | null;
  retryAfterSeconds: number | null;
}
interface TokensPayload {
  tokens: Tokens | null;
  userErrors: AuthError[];
}

const ERRORS = 'userErrors { code message field retryAfterSeconds }';
const TOKENS = 'tokens { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }';
const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${TOKENS} ${ERRORS} } }`;
const REFRESH = `mutation Refresh($input: RefreshSessionInput!) { refreshSession(input: $input) { ${TOKENS} ${ERRORS} } }`;
const LOGOUT = `mutation Logout($input: LogoutInput) { logout(input: $input) { success ${ERRORS} } }`;
const LOGOUT_EVERYWHERE = `mutation { logoutEverywhere { success ${ERRORS} } }`;
const REQUEST_RESET = `mutation RequestReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { message ${ERRORS} } }`;
const RESET = `mutation Reset($input: ResetPasswordInput!) { resetPassword(input: $input) { success ${ERRORS} } }`;
const CHANGE = `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { ${TOKENS} ${ERRORS} } }`;
const ME = `query { me { id displayName } }`;

/** A fresh client address per call site, so per-address throttling never leaks between tests or runs. */
const newIp = () => `10.${randomBytes(3).join('.')}`;

function client(stack: TestEndpoint, ip = newIp()) {
  const send = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    stack.graphql<T>(query, variables, {
      headers: { 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  return {
    ip,
    send,
    login: async (input: { schoolCode?: string; email: string; password: string }) =>
      (await send<{ login: TokensPayload }>(LOGIN, { input })).body.data?.login,
    refresh: async (refreshToken: string) =>
      (await send<{ refreshSession: TokensPayload }>(REFRESH, { input: { refreshToken } })).body.data
        ?.refreshSession,
    me: (token: string) => send<{ me: { id: string; displayName: string } | null }>(ME, {}, token),
  };
}

const adminOf = (school: TestSchool) => {
  const login = school.logins.find((candidate) => candidate.role === 'SCHOOL_ADMIN');
  if (!login) throw new Error('the seeded school has no admin login');
  return login;
};

const errorCode = (payload: { userErrors: AuthError[] } | undefined) => payload?.userErrors[0]?.code;

describe('sign-in and sessions', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createIdentitySubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 12, teachers: 3 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const signIn = async (login = adminOf(school), code = school.code) => {
    const payload = await client(stack).login({
      schoolCode: code,
      email: login.email,
      password: DEMO_PASSWORD,
    });
    expect(payload?.userErrors).toEqual([]);
    if (!payload?.tokens) throw new Error('no tokens');
    return payload.tokens;
  };

  it('signs every seeded demo user in with the demo password, with their school and roles in the token', async () => {
    for (const login of school.logins) {
      const tokens = await signIn(login);
      const claims = decodeJwt(tokens.accessToken);
      expect(claims).toMatchObject({ sub: login.userId, sch: school.schoolId, roles: [login.role] });
      const { body } = await client(stack).me(tokens.accessToken);
      expect(body.errors).toBeUndefined();
      expect(body.data?.me).toEqual({ id: login.userId, displayName: login.displayName });
    }
  });

  it('issues 15-minute access tokens and 30-day sessions', async () => {
    const tokens = await signIn();
    const accessMinutes = (Date.parse(tokens.accessTokenExpiresAt) - Date.now()) / 60_000;
    const sessionDays = (Date.parse(tokens.refreshTokenExpiresAt) - Date.now()) / 86_400_000;
    expect(accessMinutes).toBeGreaterThan(14);
    expect(accessMinutes).toBeLessThanOrEqual(15);
    expect(sessionDays).toBeGreaterThan(29.9);
    expect(sessionDays).toBeLessThanOrEqual(30);
    // Only the refresh token's hash is stored.
    const stored = await stack.resources.db.refreshToken.findMany({
      where: {
        schoolId: school.schoolId,
        tokenHash: createHash('sha256').update(tokens.refreshToken).digest(),
      },
    });
    expect(stored).toHaveLength(1);
  });

  it('finds the school from the email domain when the school owns it', async () => {
    const domain = adminOf(school).email.split('@')[1] ?? '';
    await stack.resources.db.school.update({ where: { id: school.schoolId }, data: { emailDomain: domain } });
    try {
      const payload = await client(stack).login({
        email: adminOf(school).email.toUpperCase(),
        password: DEMO_PASSWORD,
      });
      expect(payload?.userErrors).toEqual([]);
      expect(decodeJwt(payload?.tokens?.accessToken ?? '').sch).toBe(school.schoolId);
    } finally {
      await stack.resources.db.school.update({ where: { id: school.schoolId }, data: { emailDomain: null } });
    }
  });

  it('answers a wrong password, an unknown email and an unknown school alike, and never signs into another school', async () => {
    const admin = adminOf(school);
    const attempts = [
      { schoolCode: school.code, email: admin.email, password: 'not the password' },
      { schoolCode: school.code, email: `nobody-${randomUUID()}@nowhere.example`, password: DEMO_PASSWORD },
      { schoolCode: 'NO-SUCH-SCHOOL', email: admin.email, password: DEMO_PASSWORD },
      // Another school's admin, with this school's code.
      { schoolCode: school.code, email: adminOf(other).email, password: DEMO_PASSWORD },
    ];
    const payloads = await Promise.all(attempts.map((input) => client(stack).login(input)));
    for (const payload of payloads) {
      expect(payload).toEqual({
        tokens: null,
        userErrors: [
          {
            code: 'INVALID_CREDENTIALS',
            message: 'The school, email or password is not right.',
            field: null,
            retryAfterSeconds: null,
          },
        ],
      });
    }
  });

  it('rotates refresh tokens: each works once, and the session keeps its absolute end', async () => {
    const first = await signIn();
    const refreshed = await client(stack).refresh(first.refreshToken);
    expect(refreshed?.userErrors).toEqual([]);
    expect(refreshed?.tokens?.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed?.tokens?.refreshTokenExpiresAt).toBe(first.refreshTokenExpiresAt);
    expect(decodeJwt(refreshed?.tokens?.accessToken ?? '').sid).toBe(decodeJwt(first.accessToken).sid);
    expect((await client(stack).me(refreshed?.tokens?.accessToken ?? '')).body.data?.me?.id).toBe(
      adminOf(school).userId,
    );
  });

  it('ends the whole session when a spent refresh token comes back (theft), access tokens included', async () => {
    const first = await signIn();
    const second = await client(stack).refresh(first.refreshToken);
    const live = second?.tokens;
    if (!live) throw new Error('refresh failed');

    const replay = await client(stack).refresh(first.refreshToken);
    expect(errorCode(replay)).toBe('INVALID_REFRESH_TOKEN');
    // The legitimate-looking latest token of the family is dead too, and so is its access token.
    expect(errorCode(await client(stack).refresh(live.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const me = await client(stack).me(live.accessToken);
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const session = await stack.resources.db.authSession.findUniqueOrThrow({
      where: { id: String(decodeJwt(first.accessToken).sid) },
    });
    expect(session.endReason).toBe('REFRESH_TOKEN_REUSED');
  });

  it('lets exactly one of several parallel refreshes of one token succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const tokens = await signIn(school.logins.find((login) => login.role === 'TEACHER'));
      const results = await Promise.all(
        Array.from({ length: 4 }, () => client(stack).refresh(tokens.refreshToken)),
      );
      expect(results.filter((result) => result?.tokens)).toHaveLength(1);
      expect(results.filter((result) => errorCode(result) === 'INVALID_REFRESH_TOKEN')).toHaveLength(3);
    }
  });

  it('refuses a refresh token used as an access token, and an access token used as a refresh token', async () => {
    const tokens = await signIn();
    const me = await client(stack).me(tokens.refreshToken);
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorCode(await client(stack).refresh(tokens.accessToken))).toBe('INVALID_REFRESH_TOKEN');
  });

  it('refuses a session past its absolute lifetime', async () => {
    const tokens = await signIn();
    await stack.resources.db.authSession.update({
      where: { id: String(decodeJwt(tokens.accessToken).sid) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(errorCode(await client(stack).refresh(tokens.refreshToken))).toBe('SESSION_EXPIRED');
  });

  it('logs out: the access token fails at once, the refresh token too, other sessions keep refreshing', async () => {
    const phone = await signIn();
    const laptop = await signIn();
    const logout = await client(stack).send<{ logout: { success: boolean } }>(LOGOUT, {}, phone.accessToken);
    expect(logout.body.data?.logout.success).toBe(true);
    expect((await client(stack).me(phone.accessToken)).status).toBe(401);
    expect(errorCode(await client(stack).refresh(phone.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    // The other device's access token was refused too (one revocation instant per user); it refreshes.
    const renewed = await client(stack).refresh(laptop.refreshToken);
    expect(renewed?.userErrors).toEqual([]);
    expect((await client(stack).me(renewed?.tokens?.accessToken ?? '')).status).toBe(200);
  });

  it('logs out with only the refresh token once the access token has expired', async () => {
    const tokens = await signIn();
    const logout = await client(stack).send<{ logout: { success: boolean } }>(LOGOUT, {
      input: { refreshToken: tokens.refreshToken },
    });
    expect(logout.body.data?.logout.success).toBe(true);
    expect(errorCode(await client(stack).refresh(tokens.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const nothing = await client(stack).send<{ logout: { success: boolean; userErrors: AuthError[] } }>(
      LOGOUT,
      {},
    );
    expect(nothing.body.data?.logout).toMatchObject({ success: false, userErrors: [{ code: 'NO_SESSION' }] });
  });

  it('logs out everywhere: every session of the user ends', async () => {
    const sessions = await Promise.all([signIn(), signIn(), signIn()]);
    const result = await client(stack).send<{ logoutEverywhere: { success: boolean } }>(
      LOGOUT_EVERYWHERE,
      {},
      sessions[0]?.accessToken,
    );
    expect(result.body.data?.logoutEverywhere.success).toBe(true);
    for (const tokens of sessions) {
      expect(errorCode(await client(stack).refresh(tokens.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
      expect((await client(stack).me(tokens.accessToken)).status).toBe(401);
    }
    // Signing in again right away works: the new token is not caught by the revocation.
    expect((await client(stack).me((await signIn()).accessToken)).status).toBe(200);
  });

  it("refuses a disabled user's live token at once, and their sign-in and refresh", async () => {
    const guardian = school.logins.find((login) => login.role === 'GUARDIAN');
    if (!guardian) throw new Error('no guardian login');
    const tokens = await signIn(guardian);
    expect((await client(stack).me(tokens.accessToken)).status).toBe(200);

    const auth = createAuth(stack.app, createIdentityRepositories(stack.app.db));
    expect(await auth.service.disableUser(school.schoolId, guardian.userId)).toBe(true);

    const me = await client(stack).me(tokens.accessToken);
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.message).toMatch(/revoked/);
    expect(errorCode(await client(stack).refresh(tokens.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const again = await client(stack).login({
      schoolCode: school.code,
      email: guardian.email,
      password: DEMO_PASSWORD,
    });
    expect(errorCode(again)).toBe('ACCOUNT_DISABLED');
    // A wrong password still gets the generic answer: disabled is only told to who knows the password.
    const wrong = await client(stack).login({
      schoolCode: school.code,
      email: guardian.email,
      password: 'wrong password',
    });
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
  });

  it("keeps a user's token inside their school: naming another school is forbidden", async () => {
    const tokens = await signIn();
    const response = await stack.graphql(ME, {}, { token: tokens.accessToken, schoolId: other.schoolId });
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('re-hashes a password stored with older argon2 parameters at sign-in', async () => {
    const teacher = school.logins.find((login) => login.role === 'TEACHER');
    if (!teacher) throw new Error('no teacher login');
    const weak = await hash(DEMO_PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await stack.resources.db.user.update({ where: { id: teacher.userId }, data: { passwordHash: weak } });
    await signIn(teacher);
    const user = await stack.resources.db.user.findUniqueOrThrow({ where: { id: teacher.userId } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.lastLoginAt).not.toBeNull();
    await signIn(teacher);
  });

  it('publishes its public keys, and only those, at /.well-known/jwks.json', async () => {
    const response = await fetch(stack.url.replace(/\/graphql$/, '/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
    const tokens = await signIn();
    const { kid } = JSON.parse(
      Buffer.from(tokens.accessToken.split('.')[0] ?? '', 'base64url').toString(),
    ) as {
      kid: string;
    };
    expect(jwks.keys.map((key) => key.kid)).toContain(kid);
  });
});

describe('throttling and password reset', () => {
  let stack: TestEndpoint;
  let school: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createIdentitySubgraph, { AUTH_LOGIN_MAX_FAILURES_PER_IP: 8 });
    school = await createTestSchool(stack.resources.db, { students: 12, teachers: 3 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  const login = (role: string) => {
    const found = school.logins.find((candidate) => candidate.role === role);
    if (!found) throw new Error(`no ${role} login`);
    return found;
  };
  const outboxFor = (email: string) =>
    stack.resources.db.outboxMessage.findMany({
      where: { schoolId: school.schoolId, to: email },
      orderBy: { createdAt: 'asc' },
    });
  const requestReset = async (email: string, schoolCode = school.code) =>
    (
      await client(stack).send<{ requestPasswordReset: { message: string; userErrors: AuthError[] } }>(
        REQUEST_RESET,
        {
          input: { schoolCode, email },
        },
      )
    ).body.data?.requestPasswordReset;
  const resetTokenFor = async (email: string): Promise<string> => {
    const messages = await outboxFor(email);
    const payload = messages.at(-1)?.payload as { token?: string } | undefined;
    if (!payload?.token) throw new Error('no reset message in the outbox');
    return payload.token;
  };
  const reset = async (token: string, newPassword: string) =>
    (
      await client(stack).send<{ resetPassword: { success: boolean; userErrors: AuthError[] } }>(RESET, {
        input: { token, newPassword },
      })
    ).body.data?.resetPassword;

  it('locks an account after 5 failures, refuses even the right password, and a reset unlocks it', async () => {
    const teacher = login('TEACHER');
    const attacker = client(stack);
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      codes.push(
        errorCode(
          await attacker.login({
            schoolCode: school.code,
            email: teacher.email,
            password: `guess ${attempt}`,
          }),
        ),
      );
    }
    expect(codes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
    ]);

    // The real user, from another address, with the right password: still locked, and told for how long.
    const locked = await client(stack).login({
      schoolCode: school.code,
      email: teacher.email,
      password: DEMO_PASSWORD,
    });
    expect(locked?.tokens).toBeNull();
    expect(locked?.userErrors[0]).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(locked?.userErrors[0]?.retryAfterSeconds).toBeGreaterThan(800);
    expect(locked?.userErrors[0]?.retryAfterSeconds).toBeLessThanOrEqual(900);

    // A locked account can still reset its password, and the reset lifts the lock.
    await requestReset(teacher.email);
    expect((await reset(await resetTokenFor(teacher.email), 'a brand new passphrase'))?.success).toBe(true);
    const after = await client(stack).login({
      schoolCode: school.code,
      email: teacher.email,
      password: 'a brand new passphrase',
    });
    expect(after?.userErrors).toEqual([]);
    expect(
      errorCode(
        await client(stack).login({ schoolCode: school.code, email: teacher.email, password: DEMO_PASSWORD }),
      ),
    ).toBe('INVALID_CREDENTIALS');
  });

  it('locks unknown accounts the same way, so locking tells nothing about which emails exist', async () => {
    const email = `ghost-${randomUUID()}@nowhere.example`;
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      codes.push(
        errorCode(
          await client(stack).login({ schoolCode: school.code, email, password: `guess ${attempt}` }),
        ),
      );
    }
    expect(codes.slice(4)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
  });

  it('slows down an address that fails across many accounts (credential stuffing)', async () => {
    const stuffer = client(stack);
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 9; attempt++) {
      codes.push(
        errorCode(
          await stuffer.login({
            schoolCode: school.code,
            email: `victim${attempt}@nowhere.example`,
            password: 'Summer2026!',
          }),
        ),
      );
    }
    expect(codes.slice(0, 8).every((code) => code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes[8]).toBe('TOO_MANY_ATTEMPTS');
    // Even the right credentials wait, from that address; another address is unaffected.
    const admin = login('SCHOOL_ADMIN');
    expect(
      errorCode(
        await stuffer.login({ schoolCode: school.code, email: admin.email, password: DEMO_PASSWORD }),
      ),
    ).toBe('TOO_MANY_ATTEMPTS');
    expect(
      (await client(stack).login({ schoolCode: school.code, email: admin.email, password: DEMO_PASSWORD }))
        ?.tokens,
    ).not.toBeNull();
  });

  it('counts failed sign-ins at an unknown school against the address, and logs each with the address', async () => {
    // By school code and by email domain: neither names a school, so there is no tenant to audit in.
    const prober = client(stack);
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const input =
        attempt % 2 === 0
          ? {
              schoolCode: `NOPE${tag}${attempt}`,
              email: `someone.${tag}@nowhere.example`,
              password: 'Summer2026!',
            }
          : { email: `someone@no-school-${tag}-${attempt}.example`, password: 'Summer2026!' };
      codes.push(errorCode(await prober.login(input)));
    }
    expect(codes.every((code) => code === 'INVALID_CREDENTIALS')).toBe(true);
    // Eight failures used the address's budget: from it, even a real school's admin must wait.
    const admin = login('SCHOOL_ADMIN');
    expect(
      errorCode(await prober.login({ schoolCode: school.code, email: admin.email, password: DEMO_PASSWORD })),
    ).toBe('TOO_MANY_ATTEMPTS');
    expect(await stack.resources.db.auditEvent.count({ where: { ip: prober.ip } })).toBe(0);

    // Each such failure is one warning line with the address, and nothing a person typed.
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const auth = createAuth(stack.app, createIdentityRepositories(stack.app.db));
    const ip = newIp();
    for (const input of [
      { schoolCode: `NOPE${tag}`, email: `someone.${tag}@nowhere.example`, password: 'Summer2026!' },
      { email: `someone@no-school-${tag}.example`, password: 'Summer2026!' },
    ])
      await auth.service.login(input, { viewer: null, clientIp: ip, logger });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        event: 'login_failed_unknown_school',
        clientIp: ip,
        schoolLookup: 'schoolCode',
      }),
      expect.objectContaining({ level: 40, clientIp: ip, schoolLookup: 'emailDomain' }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(new RegExp(`someone|nowhere|${tag}`, 'i'));
  });

  it('answers a reset request for an unknown email exactly as for a real one, and sends nothing', async () => {
    const admin = login('SCHOOL_ADMIN');
    const before = await stack.resources.db.outboxMessage.count({ where: { schoolId: school.schoolId } });
    const started = performance.now();
    const real = await requestReset(admin.email);
    const realMs = performance.now() - started;
    const unknownStarted = performance.now();
    const unknown = await requestReset(`nobody-${randomUUID()}@nowhere.example`);
    const unknownMs = performance.now() - unknownStarted;
    const wrongSchool = await requestReset(admin.email, 'NO-SUCH-SCHOOL');
    expect(unknown).toEqual(real);
    expect(wrongSchool).toEqual(real);
    expect(real?.userErrors).toEqual([]);
    expect(await stack.resources.db.outboxMessage.count({ where: { schoolId: school.schoolId } })).toBe(
      before + 1,
    );
    // Both answers wait for the same floor, so timing does not tell them apart.
    expect(realMs).toBeGreaterThanOrEqual(95);
    expect(unknownMs).toBeGreaterThanOrEqual(95);
    expect(Math.abs(realMs - unknownMs)).toBeLessThan(80);
  });

  it('stores only the hash of a reset token; the token works once and only for 30 minutes', async () => {
    const accountant = login('ACCOUNTANT');
    await requestReset(accountant.email);
    const [message] = (await outboxFor(accountant.email)).slice(-1);
    expect(message).toMatchObject({ template: 'password-reset', sentAt: null, to: accountant.email });
    const token = await resetTokenFor(accountant.email);
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url')).toHaveLength(16);
    const stored = await stack.resources.db.accountToken.findMany({
      where: { userId: accountant.userId },
    });
    expect(stored.map((row) => Buffer.from(row.tokenHash).toString('hex'))).toContain(
      createHash('sha256').update(token).digest('hex'),
    );
    const lifetime = (stored.at(-1)?.expiresAt.getTime() ?? 0) - (stored.at(-1)?.createdAt.getTime() ?? 0);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000);
    expect(lifetime).toBeGreaterThan(29 * 60_000);

    // A weak password is refused without using up the token.
    expect(errorCode(await reset(token, 'password123'))).toBe('PASSWORD_TOO_COMMON');
    expect(errorCode(await reset(token, 'short'))).toBe('PASSWORD_TOO_SHORT');
    expect(errorCode(await reset(token, `${accountant.email}!!`))).toBe('PASSWORD_CONTAINS_EMAIL');
    const tokens = (
      await client(stack).login({ schoolCode: school.code, email: accountant.email, password: DEMO_PASSWORD })
    )?.tokens;
    expect((await reset(token, 'the accountant balances books'))?.success).toBe(true);
    // Used: it does not work twice.
    expect(errorCode(await reset(token, 'another fine passphrase'))).toBe('INVALID_RESET_TOKEN');
    // The reset ended the sessions that existed before it.
    expect((await client(stack).me(tokens?.accessToken ?? '')).status).toBe(401);
    expect(errorCode(await client(stack).refresh(tokens?.refreshToken ?? ''))).toBe('INVALID_REFRESH_TOKEN');

    // An expired token does not work either.
    await requestReset(accountant.email);
    const late = await resetTokenFor(accountant.email);
    await stack.resources.db.accountToken.updateMany({
      where: { tokenHash: createHash('sha256').update(late).digest() },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(errorCode(await reset(late, 'too late for this one'))).toBe('INVALID_RESET_TOKEN');
    // Nor a forged one.
    expect(
      errorCode(
        await reset(`${school.schoolId}.${randomBytes(16).toString('base64url')}`, 'forged token pass'),
      ),
    ).toBe('INVALID_RESET_TOKEN');
  });

  it('changes the password: checks the current one, applies the rules, ends old sessions, starts a new one', async () => {
    const student = login('STUDENT');
    const old = (
      await client(stack).login({ schoolCode: school.code, email: student.email, password: DEMO_PASSWORD })
    )?.tokens;
    if (!old) throw new Error('sign-in failed');
    const change = async (currentPassword: string, newPassword: string) =>
      (
        await client(stack).send<{ changePassword: TokensPayload }>(
          CHANGE,
          { input: { currentPassword, newPassword } },
          old.accessToken,
        )
      ).body.data?.changePassword;

    expect(errorCode(await change('not my password', 'kites over the harbour'))).toBe('WRONG_PASSWORD');
    expect(errorCode(await change(DEMO_PASSWORD, 'qwertyuiop'))).toBe('PASSWORD_TOO_COMMON');
    const changed = await change(DEMO_PASSWORD, 'kites over the harbour');
    expect(changed?.userErrors).toEqual([]);
    expect((await client(stack).me(old.accessToken)).status).toBe(401);
    expect(errorCode(await client(stack).refresh(old.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect((await client(stack).me(changed?.tokens?.accessToken ?? '')).status).toBe(200);
    expect(
      errorCode(
        await client(stack).login({ schoolCode: school.code, email: student.email, password: DEMO_PASSWORD }),
      ),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      (
        await client(stack).login({
          schoolCode: school.code,
          email: student.email,
          password: 'kites over the harbour',
        })
      )?.userErrors,
    ).toEqual([]);
    // Without a token there is nobody to change the password of.
    const anonymous = await client(stack).send(CHANGE, { input: { currentPassword: 'x', newPassword: 'y' } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a sign-in storm', () => {
  let stack: TestEndpoint;
  let school: TestSchool;

  beforeAll(async () => {
    // One hash at a time and one waiting: a storm must be refused, fast.
    stack = await startSubgraphStack(createIdentitySubgraph, {
      AUTH_HASH_CONCURRENCY: 1,
      AUTH_HASH_QUEUE: 1,
    });
    school = await createTestSchool(stack.resources.db, { students: 4, teachers: 2 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  it('refuses sign-ins beyond capacity at once (429, Retry-After, no database work), never a 5xx or a timeout', async () => {
    const admin = adminOf(school);
    stack.sql.reset();
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        client(stack).send<{ login: TokensPayload }>(LOGIN, {
          input: {
            schoolCode: school.code,
            email: index % 2 ? admin.email : `storm${index}@nowhere.example`,
            password: DEMO_PASSWORD,
          },
        }),
      ),
    );
    const elapsed = performance.now() - started;
    const limited = responses.filter(
      (response) => response.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED',
    );
    const answered = responses.filter((response) => response.body.data?.login);
    expect(limited.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(0);
    expect(limited.length + answered.length).toBe(30);
    expect(responses.every((response) => response.status < 500)).toBe(true);
    expect(limited[0]?.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(1);
    for (const response of limited) {
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
    }
    // Admission comes first: only admitted sign-ins looked their school up.
    const schoolLookups = stack.sql.statements.filter((sql) => sql.includes('school_login_by')).length;
    expect(schoolLookups).toBe(answered.length);
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('fuzzing the public mutations', () => {
  let stack: TestEndpoint;
  let schoolA: TestSchool;
  let schoolB: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createIdentitySubgraph);
    [schoolA, schoolB] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([schoolA?.remove(), schoolB?.remove()]);
    await stack?.stop();
  });

  it('never answers 5xx or an internal error, and never signs into a school other than the one named', async () => {
    const emails = [...schoolA.logins, ...schoolB.logins].map((login) => login.email);
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', ' ', "' OR 1=1 --", '\u0000', 'a'.repeat(300), '🦘@🦘', '%00', '{"$ne":null}'),
    );
    const code = fc.oneof(
      text,
      fc.constantFrom(schoolA.code, schoolB.code, schoolA.code.toLowerCase(), ` ${schoolB.code} `),
    );
    const email = fc.oneof(text, fc.constantFrom(...emails), fc.emailAddress());
    const password = fc.oneof(
      text,
      fc.constant(DEMO_PASSWORD),
      fc.string({ minLength: 250, maxLength: 300 }),
    );
    const token = fc.oneof(
      text,
      fc.constantFrom(
        `${schoolA.schoolId}.${randomBytes(16).toString('base64url')}`,
        `${schoolB.schoolId}.`,
        '.',
      ),
      fc.uuid().map((id) => `${id}.${randomBytes(16).toString('base64url')}`),
    );
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('login' as const),
        schoolCode: fc.option(code, { nil: undefined }),
        email,
        password,
      }),
      fc.record({ kind: fc.constant('reset-request' as const), schoolCode: code, email }),
      fc.record({ kind: fc.constant('reset' as const), token, newPassword: password }),
    );
    const schoolOfCode = new Map([
      [schoolA.code, schoolA.schoolId],
      [schoolB.code, schoolB.schoolId],
    ]);

    await fc.assert(
      fc.asyncProperty(operation, async (op) => {
        const ip = newIp();
        const response =
          op.kind === 'login'
            ? await client(stack, ip).send<{ login: TokensPayload }>(LOGIN, {
                input: { schoolCode: op.schoolCode, email: op.email, password: op.password },
              })
            : op.kind === 'reset-request'
              ? await client(stack, ip).send(REQUEST_RESET, {
                  input: { schoolCode: op.schoolCode, email: op.email },
                })
              : await client(stack, ip).send<{ resetPassword: { success: boolean } }>(RESET, {
                  input: { token: op.token, newPassword: op.newPassword },
                });
        expect(response.status).toBeLessThan(500);
        for (const error of response.body.errors ?? []) {
          expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
        }
        if (op.kind === 'login') {
          const tokens = (response.body.data as { login?: TokensPayload } | null | undefined)?.login?.tokens;
          if (tokens) {
            // Only a real user of the named school, with the right password, gets in.
            const named = schoolOfCode.get((op.schoolCode ?? '').trim().toUpperCase());
            expect(named).toBeDefined();
            expect(decodeJwt(tokens.accessToken).sch).toBe(named);
            expect(op.password).toBe(DEMO_PASSWORD);
            const user = await stack.resources.db.user.findFirst({
              where: { id: String(decodeJwt(tokens.accessToken).sub), schoolId: named },
            });
            expect(user?.email).toBe(op.email.trim().toLowerCase());
          }
        }
        if (op.kind === 'reset') {
          const data = response.body.data as { resetPassword?: { success: boolean } } | null | undefined;
          expect(data?.resetPassword?.success ?? false).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
    // Reset emails went only to users of the school the request named.
    const messages = await stack.resources.db.outboxMessage.findMany({
      where: { schoolId: { in: [schoolA.schoolId, schoolB.schoolId] } },
    });
    for (const message of messages) {
      const school = message.schoolId === schoolA.schoolId ? schoolA : schoolB;
      expect(school.logins.map((login) => login.email)).toContain(message.to);
    }
  });
});
