import { randomUUID } from 'node:crypto';
import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode, signInRequired } from '@schools24/errors';
import type { Logger } from '@schools24/logger';

/** Headers the gateway forwards to every subgraph. */
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * Names the school to act in. A signed-in user's tenant is their own school, so for them the
 * header may only repeat it; a platform admin uses it to act in another school.
 */
export const SCHOOL_ID_HEADER = 'x-school-id';
/** `Bearer <access token>`. */
export const AUTHORIZATION_HEADER = 'authorization';
/** The client's address, as the gateway saw it, for subgraphs behind it (per-IP throttling). */
export const FORWARDED_FOR_HEADER = 'x-forwarded-for';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/** What every subgraph's context starts with. */
export interface RequestContextBase {
  requestId: string;
  /** The tenant: the signed-in viewer's school, or null for an anonymous request. */
  schoolId: string | null;
  /** Who is asking, proven by a verified access token; null when no token was sent. */
  viewer: Viewer | null;
  logger: Logger;
}

export type HeaderReader = (name: string) => string | null | undefined;

/** What a request claims about itself, before anything is verified. */
export interface RequestIdentity {
  requestId: string;
  /** The school named by `x-school-id` (validated, lower-cased), if any. */
  requestedSchoolId: string | null;
  /** The raw bearer access token, if any: every subgraph verifies it itself. */
  token: string | null;
  /** The client's IP address, when known. */
  clientIp: string | null;
}

/**
 * Reads request id, requested school and bearer token from headers. A malformed school id or
 * Authorization header is refused, not ignored.
 */
export function readRequestIdentity(header: HeaderReader, clientIp: string | null = null): RequestIdentity {
  const requestId = header(REQUEST_ID_HEADER);
  const schoolId = header(SCHOOL_ID_HEADER);
  if (schoolId != null && schoolId !== '' && !UUID.test(schoolId)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `${SCHOOL_ID_HEADER} must be a school id (a UUID)`);
  }
  const authorization = header(AUTHORIZATION_HEADER);
  let token: string | null = null;
  if (authorization != null && authorization !== '') {
    const match = BEARER.exec(authorization);
    if (!match?.[1]) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'The Authorization header must be `Bearer <access token>`.',
      );
    }
    token = match[1];
  }
  return {
    requestId: requestId && REQUEST_ID.test(requestId) ? requestId : randomUUID(),
    requestedSchoolId: schoolId ? schoolId.toLowerCase() : null,
    token,
    clientIp,
  };
}

/** The tenant of this request; operations on tenant data cannot run without one. */
export function requireSchoolId(context: Pick<RequestContextBase, 'schoolId'>): string {
  if (!context.schoolId) throw signInRequired();
  return context.schoolId;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The request's tenant and its per-request loaders. Loaders are built on first use, so a request
 * that never touches tenant data (or is anonymous) pays nothing; using either without a tenant
 * fails (an anonymous request must sign in first).
 */
export class TenantScope<TLoaders> {
  private built: TLoaders | undefined;

  constructor(
    private readonly id: string | null,
    private readonly buildLoaders: (schoolId: string) => TLoaders,
  ) {}

  get schoolId(): string {
    if (!this.id) throw signInRequired();
    return this.id;
  }

  get loaders(): TLoaders {
    this.built ??= this.buildLoaders(this.schoolId);
    return this.built;
  }
}
