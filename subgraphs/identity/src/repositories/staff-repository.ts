import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const staffSelect = {
  id: true,
  schoolId: true,
  userId: true,
  employeeNumber: true,
  givenName: true,
  familyName: true,
  phone: true,
  jobTitle: true,
} satisfies Prisma.StaffSelect;

export type StaffRecord = Prisma.StaffGetPayload<{ select: typeof staffSelect }>;
export type StaffPage = Connection<StaffRecord>;

export class StaffRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<StaffRecord[]> {
    return this.db
      .forTenant(schoolId)
      .staff.findMany({ where: { schoolId, id: { in: onlyUuids(ids) } }, select: staffSelect });
  }

  page(schoolId: string, page: PageRequest): Promise<StaffPage> {
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).staff.findMany({
          where: { schoolId },
          select: staffSelect,
          orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).staff.count({ where: { schoolId } }),
    );
  }
}
