import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const studentSelect = {
  id: true,
  schoolId: true,
  userId: true,
  admissionNumber: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  gender: true,
  admittedOn: true,
} satisfies Prisma.StudentSelect;

export type StudentRecord = Prisma.StudentGetPayload<{ select: typeof studentSelect }>;
export type StudentPage = Connection<StudentRecord>;

export interface StudentFilter {
  /** Case-insensitive match on name or admission number. */
  search?: string | undefined;
  /** Only these students (record ownership); null or absent for every student of the school. */
  onlyIds?: ReadonlySet<string> | null;
}

export class StudentRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<StudentRecord[]> {
    return this.db.forTenant(schoolId).student.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: studentSelect,
    });
  }

  page(schoolId: string, page: PageRequest, filter: StudentFilter): Promise<StudentPage> {
    const search = filter.search?.trim();
    const where: Prisma.StudentWhereInput = {
      schoolId,
      ...(filter.onlyIds ? { id: { in: [...filter.onlyIds] } } : {}),
      ...(search
        ? {
            OR: [
              { givenName: { contains: search, mode: 'insensitive' } },
              { familyName: { contains: search, mode: 'insensitive' } },
              { admissionNumber: { contains: search, mode: 'insensitive' } },
            ],
          }
        : {}),
    };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).student.findMany({
          where,
          select: studentSelect,
          orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).student.count({ where }),
    );
  }
}
