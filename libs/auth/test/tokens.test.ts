// Access tokens against the real Redis and PostgreSQL: what verifies, what is refused, key rotation
// (local and remote JWKS), and the per-user "tokens valid after" instant.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, base64url, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { createDatabase, type Database } from '@schools24/db';
import { DomainError } from '@schools24/errors';
import { rootLogger } from '@schools24/logger';
import { createRedis, tenantKey, type Redis } from '@schools24/redis';
import {
  AccessTokenIssuer,
  AccessTokenVerifier,
  TokenRevocations,
  generateSigningJwk,
  keyRingFrom,
  newOpaqueToken,
  viewerFrom,
  type KeyRing,
  type VerificationKeySource,
} from '../src/index.js';

const SETTINGS = { issuer: 'schools24-test', audience: 'schools24-api-test', ttlSeconds: 900 };

/** Fixtures, as the owner; `app` is what the product connects as (row-level security applies). */
let db: Database;
let app: Database;
let redis: Redis;
let revocations: TokenRevocations;
let schoolId: string;
let userId: string;
let ring: KeyRing;

const issuerFor = (keys: KeyRing, settings = SETTINGS) =>
  new AccessTokenIssuer(Promise.resolve(keys), settings);
const verifierFor = (keys: () => VerificationKeySource, settings = SETTINGS) =>
  new AccessTokenVerifier({ ...settings, keys, revocations });
const local = (keys: KeyRing) => () => ({ kind: 'local', ring: Promise.resolve(keys) }) as const;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'VERIFIED';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** The payload a real token carries, for forgeries that copy it. */
const claims = () => ({
  iss: SETTINGS.issuer,
  aud: SETTINGS.audience,
  sub: userId,
  sch: schoolId,
  roles: ['SCHOOL_ADMIN'],
  sid: randomUUID(),
  jti: randomUUID(),
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 600,
});

beforeAll(async () => {
  db = createDatabase({ url: config().DATABASE_ADMIN_URL, poolSize: 2 });
  app = createDatabase({ url: config().DATABASE_URL, poolSize: 2 });
  redis = createRedis(config().REDIS_URL);
  await redis.connect();
  revocations = new TokenRevocations({ redis, db: app, logger: rootLogger(), ttlSeconds: 60 });
  const school = await db.school.create({
    data: {
      code: `AUTH${randomBytes(4).toString('hex').toUpperCase()}`,
      name: 'Token test school',
      timezone: 'UTC',
      currency: 'INR',
      locale: 'en-IN',
      users: { create: { email: 'admin@tokens.example', displayName: 'Admin' } },
    },
    select: { id: true, users: { select: { id: true } } },
  });
  schoolId = school.id;
  userId = school.users[0]?.id ?? '';
  ring = await keyRingFrom([await generateSigningJwk('test-key-1')]);
});

afterAll(async () => {
  await db.school.deleteMany({ where: { id: schoolId } });
  await redis.del(tenantKey(schoolId, 'auth', 'tokens-valid-after', userId));
  await db.$disconnect();
  await app.$disconnect();
  redis.disconnect();
});

describe('access tokens', () => {
  it('verify with the claims they were issued with', async () => {
    const sessionId = randomUUID();
    const { token, expiresAt } = await issuerFor(ring).issue({
      userId,
      schoolId,
      roles: ['TEACHER', 'SCHOOL_ADMIN'],
      sessionId,
    });
    const verified = await verifierFor(local(ring)).verify(token);
    expect(verified).toMatchObject({ userId, schoolId, sessionId, roles: ['TEACHER', 'SCHOOL_ADMIN'] });
    expect(verified.expiresAt).toEqual(expiresAt);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'EdDSA',
      typ: 'at+jwt',
      kid: 'test-key-1',
    });
  });

  it('refuse `alg: none`', async () => {
    const unsigned = new UnsecuredJWT(claims()).encode();
    expect(await codeOf(verifierFor(local(ring)).verify(unsigned))).toBe('UNAUTHENTICATED');
    // Also with our typ and kid in the header.
    const [, payload] = unsigned.split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'test-key-1' }));
    expect(await codeOf(verifierFor(local(ring)).verify(`${header}.${payload}.`))).toBe('UNAUTHENTICATED');
  });

  it('refuse HS256 signed with the public key (algorithm confusion)', async () => {
    const publicJwk = ring.jwks.keys[0];
    const secrets = [
      base64url.decode(publicJwk?.x ?? ''), // the raw public key bytes
      new TextEncoder().encode(JSON.stringify(publicJwk)), // the published JWK as text
      new TextEncoder().encode(publicJwk?.x ?? ''),
    ];
    for (const secret of secrets) {
      const forged = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'test-key-1' })
        .sign(secret);
      expect(await codeOf(verifierFor(local(ring)).verify(forged))).toBe('UNAUTHENTICATED');
    }
    // Hand-made, in case a library refused to produce the forgery above.
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: 'test-key-1' }));
    const body = base64url.encode(JSON.stringify(claims()));
    const mac = createHmac('sha256', Buffer.from(secrets[0] ?? new Uint8Array())).update(`${header}.${body}`);
    const forged = `${header}.${body}.${mac.digest('base64url')}`;
    expect(await codeOf(verifierFor(local(ring)).verify(forged))).toBe('UNAUTHENTICATED');
  });

  it('refuse expired tokens, and tokens for another audience, issuer or type', async () => {
    const key = ring.signing.privateKey;
    const sign = (payload: Record<string, unknown>, typ = 'at+jwt') =>
      new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ, kid: 'test-key-1' }).sign(key);
    const now = Math.floor(Date.now() / 1000);
    const verifier = verifierFor(local(ring));

    await expect(
      verifier.verify(await sign({ ...claims(), iat: now - 1000, exp: now - 60 })),
    ).rejects.toThrow(/expired/);
    expect(await codeOf(verifier.verify(await sign({ ...claims(), aud: 'another-api' })))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await codeOf(verifier.verify(await sign({ ...claims(), iss: 'https://evil.example' })))).toBe(
      'UNAUTHENTICATED',
    );
    // An ID token or a plain JWT is not an access token.
    expect(await codeOf(verifier.verify(await sign(claims(), 'JWT')))).toBe('UNAUTHENTICATED');
    // No expiry at all.
    const { exp: _exp, ...noExpiry } = claims();
    expect(await codeOf(verifier.verify(await sign(noExpiry)))).toBe('UNAUTHENTICATED');
    // A far-future expiry is capped by the token's age limit.
    expect(
      await codeOf(verifier.verify(await sign({ ...claims(), iat: now - 3600, exp: now + 86_400 }))),
    ).toBe('UNAUTHENTICATED');
    // Claims of the wrong shape.
    expect(await codeOf(verifier.verify(await sign({ ...claims(), roles: ['GOD'] })))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await codeOf(verifier.verify(await sign({ ...claims(), sch: "1' OR '1'='1" })))).toBe(
      'UNAUTHENTICATED',
    );
    // The genuine article still works.
    expect(await codeOf(verifier.verify(await sign(claims())))).toBe('VERIFIED');
  });

  it('refuse a refresh token, garbage, and tokens signed by a key not in the ring', async () => {
    const verifier = verifierFor(local(ring));
    expect(await codeOf(verifier.verify(newOpaqueToken(schoolId, 32).token))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verifier.verify('a.b.c'))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verifier.verify('x'.repeat(10_000)))).toBe('UNAUTHENTICATED');
    // Same kid, different key: the signature does not verify.
    const impostor = await keyRingFrom([await generateSigningJwk('test-key-1')]);
    const { token } = await issuerFor(impostor).issue({
      userId,
      schoolId,
      roles: ['SCHOOL_ADMIN'],
      sessionId: randomUUID(),
    });
    expect(await codeOf(verifier.verify(token))).toBe('UNAUTHENTICATED');
  });

  it('keep verifying tokens of an old key while it is in the ring (rotation)', async () => {
    const oldKey = await generateSigningJwk('old');
    const newKey = await generateSigningJwk('new');
    const before = await keyRingFrom([oldKey]);
    const during = await keyRingFrom([newKey, oldKey]);
    const after = await keyRingFrom([newKey]);
    const request = { userId, schoolId, roles: ['TEACHER' as const], sessionId: randomUUID() };
    const oldToken = (await issuerFor(before).issue(request)).token;
    const newToken = (await issuerFor(during).issue(request)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe('new');

    expect(await codeOf(verifierFor(local(during)).verify(oldToken))).toBe('VERIFIED');
    expect(await codeOf(verifierFor(local(during)).verify(newToken))).toBe('VERIFIED');
    expect(await codeOf(verifierFor(local(after)).verify(newToken))).toBe('VERIFIED');
    expect(await codeOf(verifierFor(local(after)).verify(oldToken))).toBe('UNAUTHENTICATED');
  });
});

describe('remote JWKS', () => {
  let server: Server;
  let published: KeyRing;
  let fetches = 0;

  beforeAll(async () => {
    published = ring;
    server = createServer((_request, response) => {
      fetches++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(published.jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetches identity's keys, and refetches when a token names a new kid", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    const verifier = verifierFor(() => ({ kind: 'remote', url, cooldownMs: 0 }));
    const request = { userId, schoolId, roles: ['TEACHER' as const], sessionId: randomUUID() };

    expect(await codeOf(verifier.verify((await issuerFor(ring).issue(request)).token))).toBe('VERIFIED');
    const afterFirst = fetches;
    expect(afterFirst).toBe(1);
    // Cached: no fetch for a known kid.
    expect(await codeOf(verifier.verify((await issuerFor(ring).issue(request)).token))).toBe('VERIFIED');
    expect(fetches).toBe(afterFirst);

    // Identity rotates: a new key signs, the old one still verifies.
    const rotated = await keyRingFrom([
      await generateSigningJwk('rotated'),
      await generateSigningJwk('unused'),
    ]);
    published = { ...rotated, jwks: { keys: [...rotated.jwks.keys, ...ring.jwks.keys] } };
    expect(await codeOf(verifier.verify((await issuerFor(rotated).issue(request)).token))).toBe('VERIFIED');
    expect(fetches).toBe(afterFirst + 1);
    expect(await codeOf(verifier.verify((await issuerFor(ring).issue(request)).token))).toBe('VERIFIED');
  });

  it('answers SERVICE_UNAVAILABLE, not UNAUTHENTICATED, when the JWKS cannot be fetched', async () => {
    const verifier = verifierFor(() => ({ kind: 'remote', url: 'http://127.0.0.1:1/.well-known/jwks.json' }));
    const { token } = await issuerFor(ring).issue({
      userId,
      schoolId,
      roles: ['TEACHER'],
      sessionId: randomUUID(),
    });
    expect(await codeOf(verifier.verify(token))).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('tokens valid after (revocation)', () => {
  const request = () => ({ userId, schoolId, roles: ['SCHOOL_ADMIN' as const], sessionId: randomUUID() });
  const key = () => tenantKey(schoolId, 'auth', 'tokens-valid-after', userId);

  it('refuses tokens issued before the instant at once, and accepts ones issued right after it', async () => {
    const verifier = verifierFor(local(ring));
    const before = (await issuerFor(ring).issue(request())).token;
    expect(await codeOf(verifier.verify(before))).toBe('VERIFIED');

    const at = new Date();
    await db.user.update({ where: { id: userId }, data: { tokensValidAfter: at } });
    await revocations.publish(schoolId, userId, at);
    expect(await codeOf(verifier.verify(before))).toBe('UNAUTHENTICATED');
    await expect(verifier.verify(before)).rejects.toThrow(/revoked/);

    // Issued in the same millisecond as the revocation, or with a clock behind it: still valid.
    const after = (await issuerFor(ring).issue({ ...request(), notBefore: new Date(at.getTime() + 5) }))
      .token;
    expect(await codeOf(verifier.verify(after))).toBe('VERIFIED');
  });

  it('keeps checking revocation for a token whose signature it remembers, and forgets it when the keys change', async () => {
    // One key source for the verifier's life, as in a real process: its cache of verified tokens applies.
    const stable = { kind: 'local', ring: Promise.resolve(ring) } as const;
    const verifier = verifierFor(() => stable);
    const { token } = await issuerFor(ring).issue(request());
    expect(await codeOf(verifier.verify(token))).toBe('VERIFIED');
    expect(await codeOf(verifier.verify(token))).toBe('VERIFIED');

    const at = new Date(Date.now() + 5);
    await db.user.update({ where: { id: userId }, data: { tokensValidAfter: at } });
    await revocations.publish(schoolId, userId, at);
    expect(await codeOf(verifier.verify(token))).toBe('UNAUTHENTICATED');
    await db.user.update({ where: { id: userId }, data: { tokensValidAfter: null } });
    await redis.del(key());

    // A key source without the signing key: the remembered verification no longer counts.
    const fresh = (await issuerFor(ring).issue(request())).token;
    let source: VerificationKeySource = stable;
    const rotating = verifierFor(() => source);
    expect(await codeOf(rotating.verify(fresh))).toBe('VERIFIED');
    source = { kind: 'local', ring: keyRingFrom([await generateSigningJwk('other-key')]) };
    expect(await codeOf(rotating.verify(fresh))).toBe('UNAUTHENTICATED');
  });

  it('reads PostgreSQL when Redis has no entry, and never moves the cached instant backwards', async () => {
    const at = new Date(Date.now() + 60_000);
    await db.user.update({ where: { id: userId }, data: { tokensValidAfter: at } });
    await redis.del(key());
    expect(await revocations.validAfter(schoolId, userId)).toBe(at.getTime());
    expect(Number(await redis.get(key()))).toBe(at.getTime());

    // A reader that loaded an older value cannot overwrite the newer one.
    await revocations.publish(schoolId, userId, new Date(at.getTime() - 30_000));
    expect(Number(await redis.get(key()))).toBe(at.getTime());

    await db.user.update({ where: { id: userId }, data: { tokensValidAfter: null } });
    await redis.del(key());
    expect(await revocations.validAfter(schoolId, userId)).toBe(0);
  });

  it('refuses every token of a user who does not exist (in that school)', async () => {
    const { token } = await issuerFor(ring).issue({ ...request(), userId: randomUUID() });
    expect(await codeOf(verifierFor(local(ring)).verify(token))).toBe('UNAUTHENTICATED');
    const { token: wrongSchool } = await issuerFor(ring).issue({ ...request(), schoolId: randomUUID() });
    expect(await codeOf(verifierFor(local(ring)).verify(wrongSchool))).toBe('UNAUTHENTICATED');
  });
});

describe('the viewer and its tenant', () => {
  const verified = (roles: ('SCHOOL_ADMIN' | 'PLATFORM_ADMIN')[]) => ({
    userId,
    schoolId,
    roles,
    sessionId: randomUUID(),
    issuedAtMs: Date.now(),
    expiresAt: new Date(Date.now() + 60_000),
  });

  it("is the user's own school; naming another one is forbidden", () => {
    expect(viewerFrom(verified(['SCHOOL_ADMIN']), null)).toMatchObject({
      schoolId,
      scopes: ['role:school_admin'],
    });
    expect(viewerFrom(verified(['SCHOOL_ADMIN']), schoolId).actorUserId).toBeUndefined();
    expect(() => viewerFrom(verified(['SCHOOL_ADMIN']), randomUUID())).toThrow(/own school/);
  });

  it('lets a platform admin act in another school, recording the real actor', () => {
    const other = randomUUID();
    expect(viewerFrom(verified(['PLATFORM_ADMIN']), other)).toMatchObject({
      schoolId: other,
      userId,
      actorUserId: userId,
      actorSchoolId: schoolId,
    });
  });
});
