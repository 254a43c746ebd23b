import type { Role } from '@schools24/db';
import { DomainError, ErrorCode } from '@schools24/errors';
import type { AccessTokenClaims } from './tokens.js';

export type { Role } from '@schools24/db';

/**
 * Who is making the request, as proven by a verified access token. Every subgraph builds it
 * independently from the token (zero trust) and authorizes against it.
 */
export interface Viewer {
  userId: string;
  /** The tenant: the only school whose data this viewer can reach. */
  schoolId: string;
  roles: readonly Role[];
  /** Authorization scopes derived from the roles (what `@requiresScopes` checks). */
  scopes: readonly string[];
  /** The refresh-token family (session) the access token was issued in. */
  sessionId: string;
  /** Set when a platform admin acts inside a school: the real actor, for the audit log. */
  actorUserId?: string;
  /** Set with `actorUserId`: the actor's own school, where their account and sessions live. */
  actorSchoolId?: string;
}

/** The scope a role grants, e.g. `TEACHER` → `role:teacher`. */
export function roleScope(role: Role): string {
  return `role:${role.toLowerCase()}`;
}

export function scopesOf(roles: readonly Role[]): string[] {
  return roles.map(roleScope);
}

/**
 * The viewer of a verified token, in the tenant the request selects. The tenant is the user's own
 * school; `x-school-id` may only repeat it, except for a platform admin, who may act in any school
 * (recorded as `actorUserId`).
 */
export function viewerFrom(claims: AccessTokenClaims, requestedSchoolId: string | null): Viewer {
  const base = {
    userId: claims.userId,
    roles: claims.roles,
    scopes: scopesOf(claims.roles),
    sessionId: claims.sessionId,
  };
  if (requestedSchoolId === null || requestedSchoolId === claims.schoolId) {
    return { ...base, schoolId: claims.schoolId };
  }
  if (!claims.roles.includes('PLATFORM_ADMIN')) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You can only act in your own school.');
  }
  return { ...base, schoolId: requestedSchoolId, actorUserId: claims.userId, actorSchoolId: claims.schoolId };
}
