import { setTimeout as sleep } from 'node:timers/promises';
import {
  PASSWORD_MAX_LENGTH,
  newOpaqueToken,
  passwordProblem,
  readOpaqueToken,
  type AccessTokenIssuer,
  type PasswordHasher,
  type PasswordProblem,
  type TokenRevocations,
  type Viewer,
} from '@schools24/auth';
import type { SessionEndReason } from '@schools24/db';
import { DomainError, ErrorCode, userError, type UserError } from '@schools24/errors';
import type { Logger } from '@schools24/logger';
import type {
  AuthErrorCode,
  ChangePasswordInput,
  ChangePasswordPayload,
  LoginInput,
  LoginPayload,
  LogoutInput,
  LogoutPayload,
  RefreshSessionInput,
  RefreshSessionPayload,
  RequestPasswordResetInput,
  RequestPasswordResetPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
  SessionTokens,
} from '../generated/resolvers-types.js';
import type { Credentials, SchoolLogin } from '../repositories/auth-repository.js';
import type { IdentityRepositories } from '../repositories/index.js';
import { anonymousActor, type AuditLog } from './audit-log.js';
import type { LoginThrottle } from './login-throttle.js';

/** A session's absolute lifetime: refreshing never extends it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60_000;
/** How long a password reset link works. */
export const RESET_TOKEN_LIFETIME_MS = 30 * 60_000;
/** Reset emails one account can be sent per window; further requests are answered but send nothing. */
const MAX_RESET_EMAILS = 3;
const RESET_EMAIL_WINDOW_MS = 15 * 60_000;
/**
 * `requestPasswordReset` answers no sooner than this, whether or not the account exists, so its
 * timing does not tell (the work for a real account takes a few milliseconds).
 */
export const RESET_RESPONSE_FLOOR_MS = 100;
export const PASSWORD_RESET_TEMPLATE = 'password-reset';

const MAX_EMAIL_LENGTH = 254;
const SCHOOL_CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const RESET_MESSAGE =
  'If an account with this email exists at this school, a link to reset its password is on its way. ' +
  'It works once, for 30 minutes.';

type AuthError = UserError<AuthErrorCode>;

/** What a request brings to the sign-in operations. */
export interface AuthRequest {
  viewer: Viewer | null;
  clientIp: string | null;
  logger: Logger;
}

export interface AuthServiceDependencies {
  repos: IdentityRepositories;
  hasher: PasswordHasher;
  issuer: AccessTokenIssuer;
  revocations: TokenRevocations;
  throttle: LoginThrottle;
  audit: AuditLog;
}

const PASSWORD_ERRORS: Record<PasswordProblem, [AuthErrorCode, string]> = {
  TOO_SHORT: ['PASSWORD_TOO_SHORT', 'Use at least 10 characters.'],
  TOO_LONG: ['PASSWORD_TOO_LONG', 'Use at most 256 characters.'],
  TOO_COMMON: ['PASSWORD_TOO_COMMON', 'This password is too common: choose another one.'],
  CONTAINS_EMAIL: ['PASSWORD_CONTAINS_EMAIL', 'The password must not contain your email.'],
};

const failure = (code: AuthErrorCode, message: string, field?: string[], retryAfterSeconds?: number) => ({
  ...userError(code, message, field),
  retryAfterSeconds: retryAfterSeconds ?? null,
});

function normalizeEmail(email: string): string | null {
  const folded = email.trim().toLowerCase();
  return folded.length > 0 && folded.length <= MAX_EMAIL_LENGTH && folded.includes('@') ? folded : null;
}

function normalizeSchoolCode(code: string | null | undefined): string | null {
  const folded = code?.trim().toUpperCase();
  return folded && SCHOOL_CODE.test(folded) ? folded : null;
}

/** Where a viewer's account and sessions live (a platform admin may be acting in another school). */
function homeOf(viewer: Viewer): { schoolId: string; userId: string } {
  return { schoolId: viewer.actorSchoolId ?? viewer.schoolId, userId: viewer.userId };
}

/**
 * Sign-in, sessions and passwords. Stateless and shared by every request of the process; what a
 * request brings (viewer, address, logger) is passed in.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDependencies) {}

  /** Signs in, if admitted: a storm beyond the sign-in capacity is refused at once (RATE_LIMITED, 429). */
  login(input: LoginInput, request: AuthRequest): Promise<LoginPayload> {
    return this.deps.hasher.admission.run(() => this.admittedLogin(input, request));
  }

  private async admittedLogin(input: LoginInput, request: AuthRequest): Promise<LoginPayload> {
    const { repos, hasher, throttle } = this.deps;
    const email = normalizeEmail(input.email);
    if (!email)
      return {
        tokens: null,
        userErrors: [failure('INVALID_INPUT', 'Enter an email address.', ['input', 'email'])],
      };
    const address = request.clientIp ?? 'unknown';
    const byAddress = await throttle.address(address);
    if (byAddress.blocked) {
      return {
        tokens: null,
        userErrors: [
          failure(
            'TOO_MANY_ATTEMPTS',
            'Too many failed sign-ins from this network: try again later.',
            undefined,
            byAddress.retryAfterSeconds,
          ),
        ],
      };
    }
    const school = await this.findSchool(input.schoolCode, email);
    const schoolId = school?.id ?? null;
    const locked = await throttle.account(schoolId, email);
    if (locked.blocked) {
      if (schoolId) await this.loginFailed(schoolId, null, 'ACCOUNT_LOCKED', request);
      return { tokens: null, userErrors: [lockedError(locked.retryAfterSeconds)] };
    }

    const user = schoolId ? await repos.auth.credentialsByEmail(schoolId, email) : null;
    // No stored password can be this long, so there is nothing to hash.
    const check =
      [...input.password].length > PASSWORD_MAX_LENGTH
        ? { valid: false, needsRehash: false }
        : await hasher.verify(user?.passwordHash ?? null, input.password);
    if (!user || !check.valid) {
      // Counted per address whether or not the school exists, so probing school codes or domains
      // is throttled exactly like guessing passwords (and a blocked address is refused above,
      // before any school lookup).
      const after = await throttle.failed(schoolId, email, address);
      if (schoolId) {
        request.logger.info({ loginSchoolId: schoolId, loginUserId: user?.id ?? null }, 'sign-in failed');
        await this.loginFailed(schoolId, user?.id ?? null, 'INVALID_CREDENTIALS', request);
      } else {
        unknownSchoolLogin(request, address, input.schoolCode?.trim() ? 'schoolCode' : 'emailDomain');
      }
      return {
        tokens: null,
        userErrors: [
          after.blocked
            ? lockedError(after.retryAfterSeconds)
            : failure('INVALID_CREDENTIALS', 'The school, email or password is not right.'),
        ],
      };
    }
    if (user.status !== 'ACTIVE') {
      await this.loginFailed(user.schoolId, user.id, `ACCOUNT_${user.status}`, request);
      return {
        tokens: null,
        userErrors: [failure('ACCOUNT_DISABLED', 'This account is disabled: ask the school.')],
      };
    }
    await throttle.clear(user.schoolId, email);
    // The parameters changed since this hash was made: store one made with today's.
    const rehashed = check.needsRehash ? await hasher.hash(input.password).catch(() => null) : null;
    const now = new Date();
    await repos.auth.recordLogin(user.schoolId, user.id, now, rehashed);
    const tokens = await this.startSession(user, now);
    request.logger.info({ loginSchoolId: user.schoolId, loginUserId: user.id }, 'signed in');
    await this.deps.audit.record(user.schoolId, this.self(user.id, request), {
      action: 'LOGIN_SUCCEEDED',
      target: { type: 'User', id: user.id },
    });
    return { tokens, userErrors: [] };
  }

  async refreshSession(input: RefreshSessionInput, request: AuthRequest): Promise<RefreshSessionPayload> {
    const { repos, issuer } = this.deps;
    const invalid = { tokens: null, userErrors: [failure('INVALID_REFRESH_TOKEN', 'Sign in again.')] };
    const presented = readOpaqueToken(input.refreshToken, 32);
    if (!presented) return invalid;
    const { schoolId, hash } = presented;
    const now = new Date();
    const sessionId = await repos.auth.claimRefreshToken(schoolId, hash, now);
    if (!sessionId) {
      const spent = await repos.auth.sessionOfRefreshToken(schoolId, hash);
      if (spent && !spent.revokedAt) {
        // A used token came back: either copy may be the thief's. End the session and its access tokens.
        await this.revoke(schoolId, spent.userId, 'REFRESH_TOKEN_REUSED', spent.id);
        request.logger.warn(
          { sessionId: spent.id, sessionUserId: spent.userId },
          'refresh token reused: session ended',
        );
      }
      return invalid;
    }
    const session = await repos.auth.session(schoolId, sessionId);
    if (!session || session.revokedAt) return invalid;
    if (session.expiresAt <= now) {
      return {
        tokens: null,
        userErrors: [failure('SESSION_EXPIRED', 'The session has ended: sign in again.')],
      };
    }
    const user = await repos.auth.credentialsById(schoolId, session.userId);
    if (!user || user.status !== 'ACTIVE') {
      await this.revoke(schoolId, session.userId, 'USER_DISABLED', session.id);
      return invalid;
    }
    const next = newOpaqueToken(schoolId, 32);
    await repos.auth.rotate(schoolId, session.id, next.hash, now);
    const access = await issuer.issue({
      userId: user.id,
      schoolId,
      roles: user.roles,
      sessionId: session.id,
      notBefore: user.tokensValidAfter,
    });
    return {
      tokens: {
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken: next.token,
        refreshTokenExpiresAt: session.expiresAt,
      },
      userErrors: [],
    };
  }

  async logout(input: LogoutInput | null | undefined, request: AuthRequest): Promise<LogoutPayload> {
    if (request.viewer) {
      const { schoolId, userId } = homeOf(request.viewer);
      await this.revoke(schoolId, userId, 'LOGOUT', request.viewer.sessionId);
      await this.deps.audit.record(schoolId, this.self(userId, request), {
        action: 'LOGOUT',
        target: { type: 'User', id: userId },
      });
      return { success: true, userErrors: [] };
    }
    const presented = input?.refreshToken ? readOpaqueToken(input.refreshToken, 32) : null;
    const session =
      presented && (await this.deps.repos.auth.sessionOfRefreshToken(presented.schoolId, presented.hash));
    if (presented && session) {
      await this.revoke(presented.schoolId, session.userId, 'LOGOUT', session.id);
      await this.deps.audit.record(presented.schoolId, this.self(session.userId, request), {
        action: 'LOGOUT',
        target: { type: 'User', id: session.userId },
      });
      return { success: true, userErrors: [] };
    }
    return {
      success: false,
      userErrors: [failure('NO_SESSION', 'No session to end: send a valid access token or refresh token.')],
    };
  }

  async logoutEverywhere(request: AuthRequest): Promise<LogoutPayload> {
    const viewer = requireViewer(request);
    const { schoolId, userId } = homeOf(viewer);
    await this.revoke(schoolId, userId, 'LOGOUT_EVERYWHERE');
    await this.deps.audit.record(schoolId, this.self(userId, request), {
      action: 'LOGOUT_EVERYWHERE',
      target: { type: 'User', id: userId },
    });
    return { success: true, userErrors: [] };
  }

  async requestPasswordReset(input: RequestPasswordResetInput): Promise<RequestPasswordResetPayload> {
    const email = normalizeEmail(input.email);
    if (!email)
      return {
        message: RESET_MESSAGE,
        userErrors: [failure('INVALID_INPUT', 'Enter an email address.', ['input', 'email'])],
      };
    const started = Date.now();
    try {
      const code = normalizeSchoolCode(input.schoolCode);
      const school = code ? await this.deps.repos.auth.schoolByCode(code) : null;
      const user = school ? await this.deps.repos.auth.credentialsByEmail(school.id, email) : null;
      // Only active accounts: a disabled one must not get back in, and an invited one has no password
      // yet; its invitation (a token of another purpose, which a reset never voids) is its way in.
      if (school && user?.status === 'ACTIVE') await this.sendPasswordReset(school, user);
    } finally {
      await sleep(Math.max(0, started + RESET_RESPONSE_FLOOR_MS - Date.now()));
    }
    return { message: RESET_MESSAGE, userErrors: [] };
  }

  async resetPassword(
    input: ResetPasswordInput,
    clientIp: string | null = null,
  ): Promise<ResetPasswordPayload> {
    const { repos, hasher, throttle } = this.deps;
    const invalid = {
      success: false,
      userErrors: [
        failure('INVALID_RESET_TOKEN', 'This reset link is invalid, used or expired: ask for a new one.', [
          'input',
          'token',
        ]),
      ],
    };
    const presented = readOpaqueToken(input.token, 16);
    if (!presented) return invalid;
    const { schoolId, hash } = presented;
    const pending = await repos.accountTokens.pending(schoolId, 'PASSWORD_RESET', hash, new Date());
    if (pending?.status !== 'ACTIVE') return invalid;
    const problem = passwordProblem(input.newPassword, { email: pending.email });
    // Refused before the token is used, so the user can try another password with the same link.
    if (problem) return { success: false, userErrors: [passwordError(problem)] };
    const passwordHash = await hasher.hash(input.newPassword);
    const at = new Date();
    if (!(await repos.auth.completePasswordReset(schoolId, pending.userId, hash, passwordHash, at)))
      return invalid;
    await this.deps.revocations.publish(schoolId, pending.userId, at);
    await throttle.clear(schoolId, pending.email);
    await this.deps.audit.record(
      schoolId,
      { userId: pending.userId, homeSchoolId: null, ip: clientIp },
      { action: 'PASSWORD_RESET', target: { type: 'User', id: pending.userId } },
    );
    return { success: true, userErrors: [] };
  }

  async changePassword(input: ChangePasswordInput, request: AuthRequest): Promise<ChangePasswordPayload> {
    const { repos, hasher, throttle } = this.deps;
    const { schoolId, userId } = homeOf(requireViewer(request));
    const user = await repos.auth.credentialsById(schoolId, userId);
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in again.');
    const locked = await throttle.account(schoolId, user.email);
    if (locked.blocked) return { tokens: null, userErrors: [lockedError(locked.retryAfterSeconds)] };
    const check =
      [...input.currentPassword].length > PASSWORD_MAX_LENGTH
        ? { valid: false }
        : await hasher.verify(user.passwordHash, input.currentPassword);
    if (!check.valid) {
      const after = await throttle.failed(schoolId, user.email, request.clientIp ?? 'unknown');
      return {
        tokens: null,
        userErrors: [
          after.blocked
            ? lockedError(after.retryAfterSeconds)
            : failure('WRONG_PASSWORD', 'The current password is not right.', ['input', 'currentPassword']),
        ],
      };
    }
    const problem = passwordProblem(input.newPassword, { email: user.email });
    if (problem) return { tokens: null, userErrors: [passwordError(problem)] };
    const passwordHash = await hasher.hash(input.newPassword);
    const at = new Date();
    await repos.auth.revokeUserTokens(schoolId, userId, at, 'PASSWORD_CHANGED', 'all', { passwordHash });
    await this.deps.revocations.publish(schoolId, userId, at);
    const tokens = await this.startSession({ ...user, tokensValidAfter: at }, at);
    await this.deps.audit.record(schoolId, this.self(userId, request), {
      action: 'PASSWORD_CHANGED',
      target: { type: 'User', id: userId },
    });
    return { tokens, userErrors: [] };
  }

  /**
   * Disables a user: they cannot sign in or refresh, and their live access tokens are refused from
   * now on. (People administration calls this; so do tests.)
   */
  async disableUser(schoolId: string, userId: string): Promise<boolean> {
    const at = new Date();
    const found = await this.deps.repos.auth.revokeUserTokens(schoolId, userId, at, 'USER_DISABLED', 'all', {
      status: 'DISABLED',
    });
    if (found) await this.deps.revocations.publish(schoolId, userId, at);
    return found;
  }

  /** Refuses the user's current access tokens (e.g. after a role change); sessions stay, and refresh picks up the new roles. */
  async invalidateAccessTokens(schoolId: string, userId: string): Promise<void> {
    const at = new Date();
    await this.deps.repos.auth.revokeUserTokens(schoolId, userId, at, 'LOGOUT', 'none');
    await this.deps.revocations.publish(schoolId, userId, at);
  }

  /**
   * The password problem of a new password, or its hash (for accounts admins create). Shares the
   * hashing cap with sign-in.
   */
  async hashNewPassword(
    password: string,
    email: string,
  ): Promise<{ problem: PasswordProblem } | { hash: string }> {
    const problem = passwordProblem(password, { email });
    return problem ? { problem } : { hash: await this.deps.hasher.hash(password) };
  }

  /** An event of the user's own account (their home school; they are the actor). */
  private self(userId: string, request: Pick<AuthRequest, 'clientIp'>) {
    return { userId, homeSchoolId: null, ip: request.clientIp };
  }

  private loginFailed(schoolId: string, userId: string | null, reason: string, request: AuthRequest) {
    return this.deps.audit.record(schoolId, anonymousActor(request.clientIp), {
      action: 'LOGIN_FAILED',
      target: userId ? { type: 'User', id: userId } : null,
      details: { reason },
    });
  }

  private async revoke(
    schoolId: string,
    userId: string,
    reason: SessionEndReason,
    sessionId?: string,
  ): Promise<void> {
    const at = new Date();
    await this.deps.repos.auth.revokeUserTokens(
      schoolId,
      userId,
      at,
      reason,
      sessionId ? { id: sessionId } : 'all',
    );
    await this.deps.revocations.publish(schoolId, userId, at);
  }

  private findSchool(code: string | null | undefined, email: string): Promise<SchoolLogin | null> {
    if (code != null && code.trim() !== '') {
      const normalized = normalizeSchoolCode(code);
      return normalized ? this.deps.repos.auth.schoolByCode(normalized) : Promise.resolve(null);
    }
    const domain = email.slice(email.lastIndexOf('@') + 1);
    return domain ? this.deps.repos.auth.schoolByEmailDomain(domain) : Promise.resolve(null);
  }

  private async startSession(user: Credentials, now: Date): Promise<SessionTokens> {
    const refresh = newOpaqueToken(user.schoolId, 32);
    const session = await this.deps.repos.auth.createSession(
      user.schoolId,
      user.id,
      new Date(now.getTime() + SESSION_LIFETIME_MS),
      refresh.hash,
    );
    const access = await this.deps.issuer.issue({
      userId: user.id,
      schoolId: user.schoolId,
      roles: user.roles,
      sessionId: session.id,
      notBefore: user.tokensValidAfter,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }

  private async sendPasswordReset(school: SchoolLogin, user: Credentials): Promise<void> {
    const now = Date.now();
    const recent = await this.deps.repos.accountTokens.countIssued(
      school.id,
      user.id,
      'PASSWORD_RESET',
      new Date(now - RESET_EMAIL_WINDOW_MS),
    );
    if (recent >= MAX_RESET_EMAILS) return;
    const reset = newOpaqueToken(school.id, 16);
    const expiresAt = new Date(now + RESET_TOKEN_LIFETIME_MS);
    await this.deps.repos.accountTokens.issue(school.id, user.id, 'PASSWORD_RESET', {
      tokenHash: reset.hash,
      expiresAt,
      message: {
        to: user.email,
        template: PASSWORD_RESET_TEMPLATE,
        payload: { token: reset.token, expiresAt: expiresAt.toISOString(), schoolCode: school.code },
      },
    });
  }
}

/**
 * A failed sign-in at a school code or email domain that names no school. There is no tenant to
 * write an audit row to: `AuditEvent` belongs to a school under forced row-level security, and a
 * platform-wide table for these would be a cross-tenant store that anyone could fill without an
 * account. So the event is one structured warning line (for log alerting on credential stuffing
 * and school-code probing) with the client address and how the school was looked for; the typed
 * code, domain and email are left out, being free text a person typed (possibly personal data).
 * The per-address throttle counts it like any other failure (see `login`).
 */
function unknownSchoolLogin(request: AuthRequest, clientIp: string, lookup: 'schoolCode' | 'emailDomain') {
  request.logger.warn(
    { event: 'login_failed_unknown_school', clientIp, schoolLookup: lookup },
    'sign-in failed: no such school',
  );
}

function requireViewer(request: AuthRequest): Viewer {
  if (!request.viewer) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  return request.viewer;
}

function lockedError(retryAfterSeconds: number): AuthError & { retryAfterSeconds: number | null } {
  return failure(
    'ACCOUNT_LOCKED',
    `Too many failed sign-ins: this account is locked for ${Math.ceil(retryAfterSeconds / 60)} min. ` +
      'Resetting the password unlocks it.',
    undefined,
    retryAfterSeconds,
  );
}

function passwordError(problem: PasswordProblem) {
  const [code, message] = PASSWORD_ERRORS[problem];
  return failure(code, message, ['input', 'newPassword']);
}
