import type { TenantDatabase, EnrolmentStatus, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const enrolmentSelect = {
  id: true,
  schoolId: true,
  studentId: true,
  sectionId: true,
  academicYearId: true,
  rollNumber: true,
  status: true,
  startsOn: true,
  endsOn: true,
} satisfies Prisma.EnrolmentSelect;

export type EnrolmentRecord = Prisma.EnrolmentGetPayload<{ select: typeof enrolmentSelect }>;
export type EnrolmentPage = Connection<EnrolmentRecord>;

export class EnrolmentRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<EnrolmentRecord[]> {
    return this.db.forTenant(schoolId).enrolment.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: enrolmentSelect,
    });
  }

  /** Every enrolment of many students at once, newest first (a student has one or two a year). */
  ofStudents(schoolId: string, studentIds: readonly string[]): Promise<EnrolmentRecord[]> {
    return this.db.forTenant(schoolId).enrolment.findMany({
      where: { schoolId, studentId: { in: onlyUuids(studentIds) } },
      select: enrolmentSelect,
      orderBy: [{ startsOn: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** A page of a section's enrolments by roll number; `status` null means every status. */
  pageOfSection(
    schoolId: string,
    sectionId: string,
    status: EnrolmentStatus | null,
    page: PageRequest,
  ): Promise<EnrolmentPage> {
    const where: Prisma.EnrolmentWhereInput = { schoolId, sectionId, ...(status ? { status } : {}) };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).enrolment.findMany({
          where,
          select: enrolmentSelect,
          orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).enrolment.count({ where }),
    );
  }
}
