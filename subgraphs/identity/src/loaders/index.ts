import { createCachedLoader, groupBy, indexBy, type CacheScope } from '@schools24/cache-loader';
import type { Role } from '@schools24/db';
import type { IdentityRepositories } from '../repositories/index.js';

export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;

/** Cache namespaces, shared with the services that invalidate them after writes. */
export const IdentityCache = {
  school: 'identity:school',
  user: 'identity:user',
  userRoles: 'identity:user-roles',
  student: 'identity:student',
  teacher: 'identity:teacher',
  staff: 'identity:staff',
  guardian: 'identity:guardian',
  guardianLinksByStudent: 'identity:guardian-links-by-student',
  guardianLinksByGuardian: 'identity:guardian-links-by-guardian',
} as const;

/** Per-request loaders of one tenant; each batch is one MGET plus at most one SQL query. */
export function createIdentityLoaders(scope: CacheScope, repos: IdentityRepositories) {
  const { schoolId } = scope;
  const byId = <T extends { id: string }>(rows: T[]) => indexBy(rows, (row) => row.id);
  return {
    // The tenant's own school only: any other id is not found.
    school: createCachedLoader(scope, {
      namespace: IdentityCache.school,
      batchLoad: async (ids: readonly string[]) => byId(await repos.schools.findByIds(schoolId, ids)),
    }),
    user: createCachedLoader(scope, {
      namespace: IdentityCache.user,
      batchLoad: async (ids: readonly string[]) => byId(await repos.users.findByIds(schoolId, ids)),
    }),
    userRoles: createCachedLoader(scope, {
      namespace: IdentityCache.userRoles,
      batchLoad: async (userIds: readonly string[]) => {
        const grouped = groupBy(await repos.users.rolesOf(schoolId, userIds), (row) => row.userId);
        return new Map(
          userIds.map((id): [string, Role[]] => [id, (grouped.get(id) ?? []).map((row) => row.role)]),
        );
      },
    }),
    student: createCachedLoader(scope, {
      namespace: IdentityCache.student,
      batchLoad: async (ids: readonly string[]) => byId(await repos.students.findByIds(schoolId, ids)),
    }),
    teacher: createCachedLoader(scope, {
      namespace: IdentityCache.teacher,
      batchLoad: async (ids: readonly string[]) => byId(await repos.teachers.findByIds(schoolId, ids)),
    }),
    staff: createCachedLoader(scope, {
      namespace: IdentityCache.staff,
      batchLoad: async (ids: readonly string[]) => byId(await repos.staff.findByIds(schoolId, ids)),
    }),
    guardian: createCachedLoader(scope, {
      namespace: IdentityCache.guardian,
      batchLoad: async (ids: readonly string[]) => byId(await repos.guardians.findByIds(schoolId, ids)),
    }),
    guardianLinksByStudent: createCachedLoader(scope, {
      namespace: IdentityCache.guardianLinksByStudent,
      batchLoad: async (studentIds: readonly string[]) => {
        const grouped = groupBy(
          await repos.guardians.linksOfStudents(schoolId, studentIds),
          (link) => link.studentId,
        );
        return new Map(studentIds.map((id) => [id, grouped.get(id) ?? []]));
      },
    }),
    guardianLinksByGuardian: createCachedLoader(scope, {
      namespace: IdentityCache.guardianLinksByGuardian,
      batchLoad: async (guardianIds: readonly string[]) => {
        const grouped = groupBy(
          await repos.guardians.linksOfGuardians(schoolId, guardianIds),
          (link) => link.guardianId,
        );
        return new Map(guardianIds.map((id) => [id, grouped.get(id) ?? []]));
      },
    }),
  };
}
