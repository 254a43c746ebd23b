import { randomUUID } from 'node:crypto';
import { AccessTokenIssuer, processKeyRing, type Role } from '@schools24/auth';
import type { Resources } from '@schools24/graphql';

export interface TestTokenClaims {
  userId: string;
  schoolId: string;
  roles: readonly Role[];
  /** Defaults to a fresh id (no stored session: access tokens are verified without one). */
  sessionId?: string;
}

/**
 * An access token signed with this process's key ring, exactly as identity would sign it, so tests
 * can act as any user without signing in (sign-in itself is tested in identity's tests).
 */
export async function signTestToken(
  resources: Pick<Resources, 'config' | 'logger'>,
  claims: TestTokenClaims,
): Promise<string> {
  const { config } = resources;
  const issuer = new AccessTokenIssuer(processKeyRing(config, resources.logger), {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    ttlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
  });
  const { token } = await issuer.issue({ ...claims, sessionId: claims.sessionId ?? randomUUID() });
  return token;
}

/** A token for a user of a school with their roles as stored (e.g. a seeded demo login). */
export async function tokenForUser(resources: Resources, schoolId: string, userId: string): Promise<string> {
  const roles = await resources.db.roleAssignment.findMany({
    where: { schoolId, userId },
    select: { role: true },
  });
  return signTestToken(resources, { userId, schoolId, roles: roles.map((row) => row.role) });
}

const adminIds = new Map<string, string>();

/** Remembers a school's admin, so signing in as them needs no query (tests count queries). */
export function rememberSchoolAdmin(schoolId: string, userId: string): void {
  adminIds.set(schoolId, userId);
}

/** A SCHOOL_ADMIN token for the school's (first) admin user. */
export async function schoolAdminToken(resources: Resources, schoolId: string): Promise<string> {
  let userId = adminIds.get(schoolId);
  if (!userId) {
    const admin = await resources.db.roleAssignment.findFirst({
      where: { schoolId, role: 'SCHOOL_ADMIN' },
      select: { userId: true },
      orderBy: { createdAt: 'asc' },
    });
    if (!admin) throw new Error(`school ${schoolId} has no SCHOOL_ADMIN to act as`);
    userId = admin.userId;
    adminIds.set(schoolId, userId);
  }
  return signTestToken(resources, { userId, schoolId, roles: ['SCHOOL_ADMIN'] });
}
