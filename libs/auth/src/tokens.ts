import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Role } from '@schools24/db';
import { DomainError, ErrorCode } from '@schools24/errors';
import { ACCESS_TOKEN_ALGORITHM, localVerificationKeys, type KeyRing } from './keys.js';
import type { TokenRevocations } from './revocation.js';

/** The JOSE `typ` of access tokens (RFC 9068): a refresh token or an ID token is never one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Clocks of the signer and the verifiers may disagree by this much. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Longer bearer values are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;

const ROLES: ReadonlySet<unknown> = new Set<Role>([
  'PLATFORM_ADMIN',
  'SCHOOL_ADMIN',
  'TEACHER',
  'STUDENT',
  'GUARDIAN',
  'ACCOUNTANT',
]);
const isRole = (value: unknown): value is Role => ROLES.has(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Lifetime of an access token. */
  ttlSeconds: number;
}

/** What a verified access token says. */
export interface AccessTokenClaims {
  userId: string;
  /** The user's own school (`sch`). */
  schoolId: string;
  roles: Role[];
  /** The session (refresh-token family) it was issued in (`sid`). */
  sessionId: string;
  /** Issue instant in milliseconds (`iat` carries milliseconds as a fraction, RFC 7519 NumericDate). */
  issuedAtMs: number;
  expiresAt: Date;
}

export interface AccessTokenRequest {
  userId: string;
  schoolId: string;
  roles: readonly Role[];
  sessionId: string;
  /**
   * The user's "tokens valid after" instant. A token is never stamped earlier than it, so a token
   * issued right after a revocation (even within the same millisecond) is valid.
   */
  notBefore?: Date | null;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Signs access tokens with the ring's signing key (identity only). */
export class AccessTokenIssuer {
  constructor(
    private readonly ring: Promise<KeyRing>,
    private readonly settings: TokenSettings,
  ) {}

  async issue(request: AccessTokenRequest): Promise<IssuedAccessToken> {
    const { signing } = await this.ring;
    const issuedAtMs = Math.max(Date.now(), request.notBefore?.getTime() ?? 0);
    const expiresAtSeconds = Math.floor(issuedAtMs / 1000) + this.settings.ttlSeconds;
    const token = await new SignJWT({
      sch: request.schoolId,
      roles: [...request.roles],
      sid: request.sessionId,
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: signing.kid })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(request.userId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAtMs / 1000)
      .setExpirationTime(expiresAtSeconds)
      .sign(signing.privateKey);
    return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
  }
}

/** Where a verifier finds public keys: the process's own ring, or identity's published JWKS. */
export type VerificationKeySource =
  | { kind: 'local'; ring: Promise<KeyRing> }
  | {
      kind: 'remote';
      url: string;
      /** Minimum time between refetches on an unknown kid (jose's default is 30 s). */
      cooldownMs?: number;
    };

export interface AccessTokenVerifierOptions extends TokenSettings {
  keys: () => VerificationKeySource;
  revocations: TokenRevocations;
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.UNAUTHENTICATED, message);
}

/**
 * Verifies access tokens: the signature with an EdDSA key of the ring (no other algorithm, so
 * `alg: none` and HS256 forgeries fail), `typ: at+jwt`, issuer, audience, expiry, the claims' shapes,
 * and finally that the token was issued after the user's "tokens valid after" instant.
 */
export class AccessTokenVerifier {
  private remote: { url: string; keys: JWTVerifyGetKey } | undefined;
  private local: { ring: Promise<KeyRing>; keys: Promise<JWTVerifyGetKey> } | undefined;
  /**
   * Tokens whose signature and claims this process verified, for at most VERIFIED_CACHE_MS and
   * never past their expiry: an Ed25519 verification was a third of a simple request's CPU, and an
   * app sends the same token for 15 minutes (the all-in-one gateway and its subgraphs share it, so a
   * request verifies once). Revocation is still checked on every request. Entries belong to the key
   * source they were verified with and are dropped when it changes; a key withdrawn from identity's
   * JWKS stops being accepted within VERIFIED_CACHE_MS.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; until: number; keys: unknown }>();

  constructor(private readonly options: AccessTokenVerifierOptions) {}

  private keyResolver(): Promise<JWTVerifyGetKey> | JWTVerifyGetKey {
    const source = this.options.keys();
    if (source.kind === 'local') {
      if (this.local?.ring !== source.ring) {
        this.local = { ring: source.ring, keys: source.ring.then(localVerificationKeys) };
      }
      return this.local.keys;
    }
    if (this.remote?.url !== source.url) {
      this.remote = {
        url: source.url,
        keys: createRemoteJWKSet(new URL(source.url), {
          cooldownDuration: source.cooldownMs ?? 30_000,
          cacheMaxAge: 10 * 60_000,
          timeoutDuration: 5_000,
        }),
      };
    }
    return this.remote.keys;
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw unauthenticated('Invalid access token.');
    const claims = await this.verifiedClaims(token);
    const validAfter = await this.options.revocations.validAfter(claims.schoolId, claims.userId);
    if (claims.issuedAtMs < validAfter) {
      throw unauthenticated('The access token was revoked: sign in again or refresh the session.');
    }
    return claims;
  }

  /** Signature, header and claims: from the cache of recent verifications, or verified now. */
  private async verifiedClaims(token: string): Promise<AccessTokenClaims> {
    const keys = this.keyResolver();
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && cached.keys === keys && cached.until > now) return cached.claims;
    if (cached) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keys, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        maxTokenAge: this.options.ttlSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw unauthenticated('The access token has expired: refresh the session.');
      }
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
        throw unauthenticated('Invalid access token.');
      }
      // Fetching identity's JWKS failed: not the client's fault.
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Cannot verify access tokens right now.');
    }
    const claims = readClaims(payload);
    if (!claims) throw unauthenticated('Invalid access token.');
    if (this.verified.size >= VERIFIED_CACHE_ENTRIES) {
      // Oldest first (insertion order): a bounded cache, never a memory leak under token churn.
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, {
      claims,
      until: Math.min(claims.expiresAt.getTime(), now + VERIFIED_CACHE_MS),
      keys,
    });
    return claims;
  }
}

/** How long a verified token is trusted without checking its signature again. */
const VERIFIED_CACHE_MS = 60_000;
/** At most this many verified tokens per process (a few MB). */
const VERIFIED_CACHE_ENTRIES = 10_000;

function readClaims(payload: JWTPayload): AccessTokenClaims | null {
  const { sub, sch, sid, roles, iat, exp } = payload;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (typeof sch !== 'string' || !UUID.test(sch)) return null;
  if (typeof sid !== 'string' || !UUID.test(sid)) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  if (!Array.isArray(roles) || !roles.every(isRole)) return null;
  return {
    userId: sub,
    schoolId: sch,
    sessionId: sid,
    roles,
    issuedAtMs: Math.round(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}
