import {
  Prisma,
  type Gender,
  type GuardianRelationship,
  type Role,
  type TenantDatabase,
  type TenantTransaction,
  type UserStatus,
} from '@schools24/db';
import { issueAccountToken, redeemAccountToken, type NewAccountToken } from './account-token-repository.js';
import type { NewAuditEvent } from './audit-repository.js';
import {
  guardianLinkSelect,
  guardianSelect,
  type GuardianLinkRecord,
  type GuardianRecord,
} from './guardian-repository.js';
import { staffSelect, type StaffRecord } from './staff-repository.js';
import { studentSelect, type StudentRecord } from './student-repository.js';
import { teacherSelect, type TeacherRecord } from './teacher-repository.js';
import { userSelect, type UserRecord } from './user-repository.js';

/** A unique constraint said no (e.g. an email or admission number already in use). */
export const CONFLICT = 'CONFLICT' as const;
type Conflict = typeof CONFLICT;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

async function orConflict<T>(work: Promise<T>): Promise<T | Conflict> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) return CONFLICT;
    throw error;
  }
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
  passwordHash: string | null;
  roles: readonly Role[];
}

export interface StudentFields {
  admissionNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: Date;
  gender: Gender;
  admittedOn: Date;
}

export interface TeacherFields {
  employeeNumber: string;
  givenName: string;
  familyName: string;
  phone: string | null;
  joinedOn: Date;
}

export interface StaffFields {
  employeeNumber: string;
  givenName: string;
  familyName: string;
  jobTitle: string;
  phone: string | null;
}

export interface GuardianFields {
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
}

export interface LinkFields {
  relationship: GuardianRelationship;
  hasCustody: boolean;
  contactPriority: number;
  mayPickUp: boolean;
  receivesSms: boolean;
}

export interface StudentImport {
  students: (StudentFields & { id: string })[];
  guardians: (GuardianFields & { id: string })[];
  links: (LinkFields & { studentId: string; guardianId: string })[];
}

/** Generous: 2,000 rows make three multi-row INSERTs, but a busy database should not abort them. */
const IMPORT_TIMEOUT_MS = 60_000;

/**
 * Writes of people administration. Each change and its audit event commit in one transaction;
 * every query names the school, and row-level security holds the transaction to it. Foreign keys
 * are checked by PostgreSQL without row-level security, so links first read both ends as the tenant.
 */
export class AdminRepository {
  constructor(private readonly db: TenantDatabase) {}

  createUser(
    schoolId: string,
    user: NewUser,
    invitation: NewAccountToken | null,
    audit: NewAuditEvent,
  ): Promise<UserRecord | Conflict> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const { roles, ...fields } = user;
        const created = await tx.user.create({ data: { ...fields, schoolId }, select: userSelect });
        await tx.roleAssignment.createMany({
          data: roles.map((role) => ({ schoolId, userId: created.id, role })),
        });
        if (invitation) await issueAccountToken(tx, schoolId, created.id, 'INVITATION', invitation);
        await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
        return created;
      }),
    );
  }

  /** Moves a user from one status to another; false when there is no such user in that status. */
  setStatus(
    schoolId: string,
    userId: string,
    from: UserStatus,
    to: UserStatus,
    audit: NewAuditEvent,
  ): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      const changed = await tx.user.updateMany({
        where: { id: userId, schoolId, status: from },
        data: { status: to },
      });
      if (changed.count !== 1) return false;
      await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
      return true;
    });
  }

  /** Grants (true) or revokes (false) a role; returns whether anything changed. */
  changeRole(
    schoolId: string,
    userId: string,
    role: Role,
    grant: boolean,
    audit: NewAuditEvent,
  ): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      const changed = grant
        ? await tx.roleAssignment.createMany({ data: [{ schoolId, userId, role }], skipDuplicates: true })
        : await tx.roleAssignment.deleteMany({ where: { schoolId, userId, role } });
      if (changed.count === 0) return false;
      await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
      return true;
    });
  }

  /** Uses the invitation once (never a reset link), sets the password and activates the invited user. */
  acceptInvitation(
    schoolId: string,
    userId: string,
    tokenHash: Buffer,
    passwordHash: string,
    at: Date,
    audit: NewAuditEvent,
  ): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      if (!(await redeemAccountToken(tx, { schoolId, userId, purpose: 'INVITATION', tokenHash, at })))
        return false;
      const activated = await tx.user.updateMany({
        where: { id: userId, schoolId, status: 'INVITED' },
        data: { status: 'ACTIVE', passwordHash, tokensValidAfter: at },
      });
      if (activated.count !== 1) throw new Error('invited user changed while accepting the invitation');
      await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
      return true;
    });
  }

  createStudent(
    schoolId: string,
    student: StudentFields & { id: string },
    audit: NewAuditEvent,
  ): Promise<StudentRecord | Conflict> {
    return this.createOne(schoolId, audit, (tx) =>
      tx.student.create({ data: { ...student, schoolId }, select: studentSelect }),
    );
  }

  /** Null when the student is not in this school. */
  updateStudent(
    schoolId: string,
    id: string,
    change: Partial<StudentFields>,
    audit: NewAuditEvent,
  ): Promise<StudentRecord | null | Conflict> {
    return this.updateOne(
      schoolId,
      audit,
      (tx) => tx.student.updateMany({ where: { id, schoolId }, data: change }),
      (tx) => tx.student.findFirstOrThrow({ where: { id, schoolId }, select: studentSelect }),
    );
  }

  createTeacher(
    schoolId: string,
    teacher: TeacherFields & { id: string },
    audit: NewAuditEvent,
  ): Promise<TeacherRecord | Conflict> {
    return this.createOne(schoolId, audit, (tx) =>
      tx.teacher.create({ data: { ...teacher, schoolId }, select: teacherSelect }),
    );
  }

  /** Null when the teacher is not in this school. */
  updateTeacher(
    schoolId: string,
    id: string,
    change: Partial<TeacherFields>,
    audit: NewAuditEvent,
  ): Promise<TeacherRecord | null | Conflict> {
    return this.updateOne(
      schoolId,
      audit,
      (tx) => tx.teacher.updateMany({ where: { id, schoolId }, data: change }),
      (tx) => tx.teacher.findFirstOrThrow({ where: { id, schoolId }, select: teacherSelect }),
    );
  }

  createStaff(
    schoolId: string,
    staff: StaffFields & { id: string },
    audit: NewAuditEvent,
  ): Promise<StaffRecord | Conflict> {
    return this.createOne(schoolId, audit, (tx) =>
      tx.staff.create({ data: { ...staff, schoolId }, select: staffSelect }),
    );
  }

  /** Null when the member of staff is not in this school. */
  updateStaff(
    schoolId: string,
    id: string,
    change: Partial<StaffFields>,
    audit: NewAuditEvent,
  ): Promise<StaffRecord | null | Conflict> {
    return this.updateOne(
      schoolId,
      audit,
      (tx) => tx.staff.updateMany({ where: { id, schoolId }, data: change }),
      (tx) => tx.staff.findFirstOrThrow({ where: { id, schoolId }, select: staffSelect }),
    );
  }

  async createGuardian(
    schoolId: string,
    guardian: GuardianFields & { id: string },
    audit: NewAuditEvent,
  ): Promise<GuardianRecord> {
    const created = await this.createOne(schoolId, audit, (tx) =>
      tx.guardian.create({ data: { ...guardian, schoolId }, select: guardianSelect }),
    );
    // Guardians have no unique columns besides the id we generate.
    if (created === CONFLICT) throw new Error('guardian id collision');
    return created;
  }

  /** Null when the guardian is not in this school. */
  async updateGuardian(
    schoolId: string,
    id: string,
    change: Partial<GuardianFields>,
    audit: NewAuditEvent,
  ): Promise<GuardianRecord | null> {
    const updated = await this.updateOne(
      schoolId,
      audit,
      (tx) => tx.guardian.updateMany({ where: { id, schoolId }, data: change }),
      (tx) => tx.guardian.findFirstOrThrow({ where: { id, schoolId }, select: guardianSelect }),
    );
    if (updated === CONFLICT) throw new Error('guardian update hit a unique constraint it does not have');
    return updated;
  }

  /** Inserts one record with its audit event; CONFLICT when a unique column says no. */
  private createOne<T>(
    schoolId: string,
    audit: NewAuditEvent,
    insert: (tx: TenantTransaction) => Promise<T>,
  ): Promise<T | Conflict> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const created = await insert(tx);
        await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
        return created;
      }),
    );
  }

  /**
   * Updates one record of this school with its audit event and reads it back, in one transaction;
   * null (and no event) when `update` matched no row, CONFLICT when a unique column says no.
   */
  private updateOne<T>(
    schoolId: string,
    audit: NewAuditEvent,
    update: (tx: TenantTransaction) => Promise<{ count: number }>,
    read: (tx: TenantTransaction) => Promise<T>,
  ): Promise<T | null | Conflict> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        if ((await update(tx)).count !== 1) return null;
        await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
        return read(tx);
      }),
    );
  }

  /** 'MISSING_STUDENT' / 'MISSING_GUARDIAN' when an end is not in this school. */
  link(
    schoolId: string,
    studentId: string,
    guardianId: string,
    fields: LinkFields,
    audit: NewAuditEvent,
  ): Promise<GuardianLinkRecord | Conflict | 'MISSING_STUDENT' | 'MISSING_GUARDIAN'> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const [student, guardian] = await Promise.all([
          tx.student.findFirst({ where: { id: studentId, schoolId }, select: { id: true } }),
          tx.guardian.findFirst({ where: { id: guardianId, schoolId }, select: { id: true } }),
        ]);
        if (!student) return 'MISSING_STUDENT' as const;
        if (!guardian) return 'MISSING_GUARDIAN' as const;
        const link = await tx.studentGuardian.create({
          data: { schoolId, studentId, guardianId, ...fields },
          select: guardianLinkSelect,
        });
        await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
        return link;
      }),
    );
  }

  /** Null when there is no such link in this school. */
  updateLink(
    schoolId: string,
    studentId: string,
    guardianId: string,
    change: Partial<LinkFields>,
    audit: NewAuditEvent,
  ): Promise<GuardianLinkRecord | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const changed = await tx.studentGuardian.updateMany({
        where: { schoolId, studentId, guardianId },
        data: change,
      });
      if (changed.count !== 1) return null;
      await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
      return tx.studentGuardian.findFirstOrThrow({
        where: { schoolId, studentId, guardianId },
        select: guardianLinkSelect,
      });
    });
  }

  unlink(schoolId: string, studentId: string, guardianId: string, audit: NewAuditEvent): Promise<boolean> {
    return this.db.withTenant(schoolId, async (tx) => {
      const removed = await tx.studentGuardian.deleteMany({ where: { schoolId, studentId, guardianId } });
      if (removed.count !== 1) return false;
      await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
      return true;
    });
  }

  /** Which of these admission numbers the school already uses. */
  async takenAdmissionNumbers(schoolId: string, numbers: readonly string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db.forTenant(schoolId).student.findMany({
      where: { schoolId, admissionNumber: { in: [...numbers] } },
      select: { admissionNumber: true },
    });
    return new Set(rows.map((row) => row.admissionNumber));
  }

  /** Existing guardians by (lower-cased) email, for the import to link instead of duplicating. */
  async guardiansByEmail(schoolId: string, emails: readonly string[]): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    const rows = await this.db.forTenant(schoolId).guardian.findMany({
      where: { schoolId, email: { in: [...emails], mode: 'insensitive' } },
      select: { id: true, email: true },
      orderBy: { createdAt: 'asc' },
    });
    const found = new Map<string, string>();
    for (const row of rows) {
      const key = row.email?.toLowerCase();
      if (key && !found.has(key)) found.set(key, row.id);
    }
    return found;
  }

  /** Writes a whole import in one transaction: every row, or (on any error) nothing. */
  importStudents(schoolId: string, plan: StudentImport, audit: NewAuditEvent): Promise<'WRITTEN' | Conflict> {
    return orConflict(
      this.db.withTenant(
        schoolId,
        async (tx) => {
          await tx.student.createMany({ data: plan.students.map((student) => ({ ...student, schoolId })) });
          if (plan.guardians.length > 0)
            await tx.guardian.createMany({
              data: plan.guardians.map((guardian) => ({ ...guardian, schoolId })),
            });
          if (plan.links.length > 0)
            await tx.studentGuardian.createMany({ data: plan.links.map((link) => ({ ...link, schoolId })) });
          await tx.auditEvent.create({ data: { schoolId, ...audit }, select: { id: true } });
          return 'WRITTEN' as const;
        },
        { timeout: IMPORT_TIMEOUT_MS },
      ),
    );
  }
}
