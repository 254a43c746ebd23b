import type { TenantDatabase, Prisma, Role } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const userSelect = {
  id: true,
  schoolId: true,
  email: true,
  displayName: true,
  status: true,
  lastLoginAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type UserRecord = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export interface UserRoles {
  userId: string;
  role: Role;
}

export class UserRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<UserRecord[]> {
    return this.db
      .forTenant(schoolId)
      .user.findMany({ where: { schoolId, id: { in: onlyUuids(ids) } }, select: userSelect });
  }

  rolesOf(schoolId: string, userIds: readonly string[]): Promise<UserRoles[]> {
    return this.db.forTenant(schoolId).roleAssignment.findMany({
      where: { schoolId, userId: { in: onlyUuids(userIds) } },
      select: { userId: true, role: true },
      orderBy: { role: 'asc' },
    });
  }
}
