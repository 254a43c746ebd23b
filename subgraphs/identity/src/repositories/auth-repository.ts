import type { Prisma, Role, SessionEndReason, TenantDatabase, UserStatus } from '@schools24/db';
import { redeemAccountToken } from './account-token-repository.js';

/** What sign-in needs to know about a user (never leaves the identity service). */
export interface Credentials {
  id: string;
  schoolId: string;
  email: string;
  passwordHash: string | null;
  status: UserStatus;
  tokensValidAfter: Date | null;
  roles: Role[];
}

const credentialsSelect = {
  id: true,
  schoolId: true,
  email: true,
  passwordHash: true,
  status: true,
  tokensValidAfter: true,
  roleAssignments: { select: { role: true }, orderBy: { role: 'asc' } },
} satisfies Prisma.UserSelect;

type CredentialsRow = Prisma.UserGetPayload<{ select: typeof credentialsSelect }>;

const toCredentials = ({ roleAssignments, ...user }: CredentialsRow): Credentials => ({
  ...user,
  roles: roleAssignments.map((assignment) => assignment.role),
});

export interface SchoolLogin {
  id: string;
  code: string;
}

export interface SessionState {
  id: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Sessions (refresh-token families), refresh tokens, credentials and completing a reset. Every
 * query runs as, and names, the school; tokens are looked up by the SHA-256 of the presented value
 * only, inside the school their prefix names. Only the school lookups run before a tenant is known.
 */
export class AuthRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Sign-in's first step, before there is a tenant: row-level security hides every school from the
   * app, so this goes through a SECURITY DEFINER function (migration `tenant_rls`) that answers
   * only "which school has this code" with its id and code.
   */
  async schoolByCode(code: string): Promise<SchoolLogin | null> {
    const rows = await this.db.withoutTenant.$queryRaw<SchoolLogin[]>`
      SELECT id::text AS id, code FROM school_login_by_code(${code})`;
    return rows[0] ?? null;
  }

  /** Like `schoolByCode`, for a school's own email domain (sign-in by email alone). */
  async schoolByEmailDomain(domain: string): Promise<SchoolLogin | null> {
    const rows = await this.db.withoutTenant.$queryRaw<SchoolLogin[]>`
      SELECT id::text AS id, code FROM school_login_by_email_domain(${domain})`;
    return rows[0] ?? null;
  }

  async credentialsByEmail(schoolId: string, email: string): Promise<Credentials | null> {
    const row = await this.db.forTenant(schoolId).user.findUnique({
      where: { schoolId_email: { schoolId, email } },
      select: credentialsSelect,
    });
    return row && toCredentials(row);
  }

  async credentialsById(schoolId: string, userId: string): Promise<Credentials | null> {
    const row = await this.db
      .forTenant(schoolId)
      .user.findFirst({ where: { id: userId, schoolId }, select: credentialsSelect });
    return row && toCredentials(row);
  }

  async recordLogin(schoolId: string, userId: string, at: Date, rehashed: string | null): Promise<void> {
    await this.db.forTenant(schoolId).user.updateMany({
      where: { id: userId, schoolId },
      data: { lastLoginAt: at, ...(rehashed ? { passwordHash: rehashed } : {}) },
    });
  }

  /** A new session with its first refresh token. */
  createSession(
    schoolId: string,
    userId: string,
    expiresAt: Date,
    tokenHash: Buffer,
  ): Promise<{ id: string; expiresAt: Date }> {
    return this.db.forTenant(schoolId).authSession.create({
      data: {
        schoolId,
        userId,
        expiresAt,
        refreshTokens: { create: { schoolId, tokenHash: Uint8Array.from(tokenHash) } },
      },
      select: { id: true, expiresAt: true },
    });
  }

  /**
   * Marks an unused refresh token used, in one conditional UPDATE: of two requests presenting the
   * same token at once, exactly one gets its session back.
   */
  async claimRefreshToken(schoolId: string, tokenHash: Buffer, at: Date): Promise<string | null> {
    const claimed = await this.db.forTenant(schoolId).refreshToken.updateManyAndReturn({
      where: { schoolId, tokenHash: Uint8Array.from(tokenHash), usedAt: null },
      data: { usedAt: at },
      select: { sessionId: true },
    });
    return claimed[0]?.sessionId ?? null;
  }

  /** The session of a refresh token, used or not (reuse detection, logout by refresh token). */
  async sessionOfRefreshToken(schoolId: string, tokenHash: Buffer): Promise<SessionState | null> {
    const token = await this.db.forTenant(schoolId).refreshToken.findFirst({
      where: { schoolId, tokenHash: Uint8Array.from(tokenHash) },
      select: { session: { select: { id: true, userId: true, expiresAt: true, revokedAt: true } } },
    });
    return token?.session ?? null;
  }

  session(schoolId: string, sessionId: string): Promise<SessionState | null> {
    return this.db.forTenant(schoolId).authSession.findFirst({
      where: { id: sessionId, schoolId },
      select: { id: true, userId: true, expiresAt: true, revokedAt: true },
    });
  }

  /** Adds the session's next refresh token. */
  async rotate(schoolId: string, sessionId: string, tokenHash: Buffer, at: Date): Promise<void> {
    await this.db.withTenant(schoolId, async (tx) => {
      await tx.refreshToken.create({
        data: { schoolId, sessionId, tokenHash: Uint8Array.from(tokenHash) },
        select: { id: true },
      });
      await tx.authSession.updateMany({ where: { id: sessionId, schoolId }, data: { lastUsedAt: at } });
    });
  }

  /**
   * Moves the user's "tokens valid after" instant to `at`, so their access tokens stop working, and
   * ends their sessions (`'all'`, one, or `'none'`); `change` applies further updates to the user in
   * the same transaction (a new password hash, a status). False when the user does not exist.
   */
  async revokeUserTokens(
    schoolId: string,
    userId: string,
    at: Date,
    reason: SessionEndReason,
    sessions: 'all' | 'none' | { id: string },
    change: Prisma.UserUpdateManyMutationInput = {},
  ): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      const user = await tx.user.updateMany({
        where: { id: userId, schoolId },
        data: { ...change, tokensValidAfter: at },
      });
      if (sessions !== 'none') {
        await tx.authSession.updateMany({
          where: { schoolId, userId, revokedAt: null, ...(sessions === 'all' ? {} : { id: sessions.id }) },
          data: { revokedAt: at, endReason: reason },
        });
      }
      return user.count === 1;
    });
  }

  /**
   * Uses a reset token (once; it voids the user's other reset links, never their invitation), sets
   * the new password hash and ends every session.
   */
  async completePasswordReset(
    schoolId: string,
    userId: string,
    tokenHash: Buffer,
    passwordHash: string,
    at: Date,
  ): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      const redeemed = await redeemAccountToken(tx, {
        schoolId,
        userId,
        purpose: 'PASSWORD_RESET',
        tokenHash,
        at,
      });
      if (!redeemed) return false;
      await tx.user.updateMany({
        where: { id: userId, schoolId },
        data: { passwordHash, tokensValidAfter: at },
      });
      await tx.authSession.updateMany({
        where: { schoolId, userId, revokedAt: null },
        data: { revokedAt: at, endReason: 'PASSWORD_CHANGED' },
      });
      return true;
    });
  }
}
