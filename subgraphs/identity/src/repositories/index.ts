import { readOwnershipFacts, tenantDatabase, type Database } from '@schools24/db';
import type { OwnershipLookup } from '@schools24/graphql';
import { AccountTokenRepository } from './account-token-repository.js';
import { AdminRepository } from './admin-repository.js';
import { AuditRepository } from './audit-repository.js';
import { AuthRepository } from './auth-repository.js';
import { GuardianRepository } from './guardian-repository.js';
import { SchoolRepository } from './school-repository.js';
import { StaffRepository } from './staff-repository.js';
import { StudentRepository } from './student-repository.js';
import { TeacherRepository } from './teacher-repository.js';
import { UserRepository } from './user-repository.js';

export type IdentityRepositories = ReturnType<typeof createIdentityRepositories>;

export function createIdentityRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    auth: new AuthRepository(db),
    accountTokens: new AccountTokenRepository(db),
    audit: new AuditRepository(db),
    admin: new AdminRepository(db),
    schools: new SchoolRepository(db),
    users: new UserRepository(db),
    students: new StudentRepository(db),
    teachers: new TeacherRepository(db),
    staff: new StaffRepository(db),
    guardians: new GuardianRepository(db),
    /** Students a user is, or is a linked guardian of (identity's published ownership facts). */
    studentsRelatedToUser: async (schoolId: string, userId: string) =>
      (await readOwnershipFacts(db, schoolId, userId, { asFamily: true, asTeacher: false })).studentIds,
    ownership: ((viewer, question) =>
      readOwnershipFacts(db, viewer.schoolId, viewer.userId, question)) satisfies OwnershipLookup,
  };
}
