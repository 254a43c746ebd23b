import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const teacherSelect = {
  id: true,
  schoolId: true,
  userId: true,
  employeeNumber: true,
  givenName: true,
  familyName: true,
  phone: true,
  joinedOn: true,
} satisfies Prisma.TeacherSelect;

export type TeacherRecord = Prisma.TeacherGetPayload<{ select: typeof teacherSelect }>;
export type TeacherPage = Connection<TeacherRecord>;

export class TeacherRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<TeacherRecord[]> {
    return this.db.forTenant(schoolId).teacher.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: teacherSelect,
    });
  }

  page(schoolId: string, page: PageRequest): Promise<TeacherPage> {
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).teacher.findMany({
          where: { schoolId },
          select: teacherSelect,
          orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).teacher.count({ where: { schoolId } }),
    );
  }
}
