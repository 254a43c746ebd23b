import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const feeStructureSelect = {
  id: true,
  schoolId: true,
  academicYearId: true,
  gradeId: true,
  name: true,
  amountMinor: true,
  currency: true,
  dueOn: true,
} satisfies Prisma.FeeStructureSelect;

export type FeeStructureRecord = Prisma.FeeStructureGetPayload<{ select: typeof feeStructureSelect }>;
export type FeeStructurePage = Connection<FeeStructureRecord>;

export interface FeeStructureFilter {
  /** Only fee structures of this academic year (a UUID; the service validates it). */
  academicYearId?: string | undefined;
}

export class FeeStructureRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<FeeStructureRecord[]> {
    return this.db.forTenant(schoolId).feeStructure.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: feeStructureSelect,
    });
  }

  page(schoolId: string, page: PageRequest, filter: FeeStructureFilter): Promise<FeeStructurePage> {
    const where: Prisma.FeeStructureWhereInput = {
      schoolId,
      ...(filter.academicYearId ? { academicYearId: filter.academicYearId } : {}),
    };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).feeStructure.findMany({
          where,
          select: feeStructureSelect,
          orderBy: [{ dueOn: 'asc' }, { name: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).feeStructure.count({ where }),
    );
  }
}
