import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const subjectSelect = {
  id: true,
  schoolId: true,
  code: true,
  name: true,
} satisfies Prisma.SubjectSelect;

export type SubjectRecord = Prisma.SubjectGetPayload<{ select: typeof subjectSelect }>;

export class SubjectRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<SubjectRecord[]> {
    return this.db.forTenant(schoolId).subject.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: subjectSelect,
    });
  }

  /** Every subject of the school (a school teaches a few dozen), by name. */
  list(schoolId: string): Promise<SubjectRecord[]> {
    return this.db.forTenant(schoolId).subject.findMany({
      where: { schoolId },
      select: subjectSelect,
      orderBy: [{ name: 'asc' }, { code: 'asc' }, { id: 'asc' }],
    });
  }
}
