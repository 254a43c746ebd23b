import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const gradeSelect = {
  id: true,
  schoolId: true,
  name: true,
  level: true,
} satisfies Prisma.GradeSelect;

export type GradeRecord = Prisma.GradeGetPayload<{ select: typeof gradeSelect }>;

export class GradeRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<GradeRecord[]> {
    return this.db
      .forTenant(schoolId)
      .grade.findMany({ where: { schoolId, id: { in: onlyUuids(ids) } }, select: gradeSelect });
  }

  /** Every grade of the school, lowest level first (levels are unique per school). */
  list(schoolId: string): Promise<GradeRecord[]> {
    return this.db.forTenant(schoolId).grade.findMany({
      where: { schoolId },
      select: gradeSelect,
      orderBy: [{ level: 'asc' }, { id: 'asc' }],
    });
  }
}
