import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const guardianSelect = {
  id: true,
  schoolId: true,
  userId: true,
  givenName: true,
  familyName: true,
  email: true,
  phone: true,
} satisfies Prisma.GuardianSelect;

export type GuardianRecord = Prisma.GuardianGetPayload<{ select: typeof guardianSelect }>;

export const guardianLinkSelect = {
  studentId: true,
  guardianId: true,
  relationship: true,
  hasCustody: true,
  contactPriority: true,
  mayPickUp: true,
  receivesSms: true,
} satisfies Prisma.StudentGuardianSelect;

export type GuardianLinkRecord = Prisma.StudentGuardianGetPayload<{ select: typeof guardianLinkSelect }>;

export class GuardianRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<GuardianRecord[]> {
    return this.db.forTenant(schoolId).guardian.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: guardianSelect,
    });
  }

  /** Links of many students at once, in contact-priority order. */
  linksOfStudents(schoolId: string, studentIds: readonly string[]): Promise<GuardianLinkRecord[]> {
    return this.db.forTenant(schoolId).studentGuardian.findMany({
      where: { schoolId, studentId: { in: onlyUuids(studentIds) } },
      select: guardianLinkSelect,
      orderBy: [{ contactPriority: 'asc' }, { guardianId: 'asc' }],
    });
  }

  /** Links of many guardians at once. */
  linksOfGuardians(schoolId: string, guardianIds: readonly string[]): Promise<GuardianLinkRecord[]> {
    return this.db.forTenant(schoolId).studentGuardian.findMany({
      where: { schoolId, guardianId: { in: onlyUuids(guardianIds) } },
      select: guardianLinkSelect,
      orderBy: [{ studentId: 'asc' }],
    });
  }
}
