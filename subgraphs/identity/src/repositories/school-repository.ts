import type { Database, Prisma } from '@schools24/db';
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
  constructor(private readonly db: Database) {}

  /** Schools are the tenants themselves: a request may only ever read its own. */
  findByIds(ids: readonly string[]): Promise<SchoolRecord[]> {
    return this.db.school.findMany({ where: { id: { in: onlyUuids(ids) } }, select: schoolSelect });
  }
}
