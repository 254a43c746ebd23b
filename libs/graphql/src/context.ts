import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, tenantRequired } from '@schools24/errors';
import type { Logger } from '@schools24/logger';

/** Headers the gateway forwards to every subgraph. */
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * Selects the school (tenant) until the identity issue derives it from the signed-in user's token;
 * the gateway forwards it to subgraphs and repositories scope every query by it.
 */
export const SCHOOL_ID_HEADER = 'x-school-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What every subgraph's context starts with. */
export interface RequestContextBase {
  requestId: string;
  /** The tenant, or null when the request did not name one (validated, lower-cased). */
  schoolId: string | null;
  logger: Logger;
}

export type HeaderReader = (name: string) => string | null | undefined;

export interface RequestIdentity {
  requestId: string;
  schoolId: string | null;
}

/** Reads request id and tenant from headers; a malformed tenant id is refused, not ignored. */
export function readRequestIdentity(header: HeaderReader): RequestIdentity {
  const requestId = header(REQUEST_ID_HEADER);
  const schoolId = header(SCHOOL_ID_HEADER);
  if (schoolId != null && schoolId !== '' && !UUID.test(schoolId)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `${SCHOOL_ID_HEADER} must be a school id (a UUID)`);
  }
  return {
    requestId: requestId && REQUEST_ID.test(requestId) ? requestId : randomUUID(),
    schoolId: schoolId ? schoolId.toLowerCase() : null,
  };
}

/** The tenant of this request; operations on tenant data cannot run without one. */
export function requireSchoolId(context: Pick<RequestContextBase, 'schoolId'>): string {
  if (!context.schoolId) throw tenantRequired();
  return context.schoolId;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The request's tenant and its per-request loaders. Loaders are built on first use, so a request
 * that never touches tenant data (or names no tenant) pays nothing; using either without a tenant
 * fails with TENANT_REQUIRED.
 */
export class TenantScope<TLoaders> {
  private built: TLoaders | undefined;

  constructor(
    private readonly id: string | null,
    private readonly buildLoaders: (schoolId: string) => TLoaders,
  ) {}

  get schoolId(): string {
    if (!this.id) throw tenantRequired();
    return this.id;
  }

  get loaders(): TLoaders {
    this.built ??= this.buildLoaders(this.schoolId);
    return this.built;
  }
}
