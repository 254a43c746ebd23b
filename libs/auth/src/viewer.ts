import type { Role } from '@schools24/db';

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
}

/** The scope a role grants, e.g. `TEACHER` → `role:teacher`. */
export function roleScope(role: Role): string {
  return `role:${role.toLowerCase()}`;
}

export function scopesOf(roles: readonly Role[]): string[] {
  return roles.map(roleScope);
}
