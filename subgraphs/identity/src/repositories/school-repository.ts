import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const schoolSelect = {
  id: true,
  code: true,
  name: true,
  timezone: true,
  currency: true,
  locale: true,
} satisfies Prisma.SchoolSelect;

export type SchoolRecord = Prisma.SchoolGetPayload<{ select: typeof schoolSelect }>;

export class SchoolRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Schools are the tenants themselves: a request may only ever read its own, so any other id is
   * not found (and row-level security would hide it anyway).
   */
  findByIds(schoolId: string, ids: readonly string[]): Promise<SchoolRecord[]> {
    const own = onlyUuids(ids).filter((id) => id.toLowerCase() === schoolId.toLowerCase());
    return this.db.forTenant(schoolId).school.findMany({ where: { id: { in: own } }, select: schoolSelect });
  }
}
