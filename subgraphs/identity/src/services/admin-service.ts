import { randomUUID } from 'node:crypto';
import { newOpaqueToken, readOpaqueToken, type Viewer } from '@schools24/auth';
import { invalidateCached } from '@schools24/cache-loader';
import type { Role } from '@schools24/db';
import { DomainError, ErrorCode, failedPayload, userError } from '@schools24/errors';
import { isUuid, parsePageRequest, type ConnectionArgs, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type {
  AcceptInvitationInput,
  AcceptInvitationPayload,
  AuditEventFilter,
  CreateGuardianInput,
  CreateStaffInput,
  CreateStudentInput,
  CreateTeacherInput,
  CreateUserInput,
  InviteUserInput,
  LinkGuardianInput,
  RoleChangeInput,
  UnlinkGuardianInput,
  UpdateGuardianInput,
  UpdateGuardianLinkInput,
  UpdateStaffInput,
  UpdateStudentInput,
  UpdateTeacherInput,
  UserIdInput,
} from '../generated/resolvers-types.js';
import { IdentityCache, type IdentityLoaders } from '../loaders/index.js';
import {
  CONFLICT,
  type GuardianFields,
  type LinkFields,
  type StaffFields,
  type StudentFields,
  type TeacherFields,
} from '../repositories/admin-repository.js';
import type { NewAuditEvent } from '../repositories/audit-repository.js';
import type { IdentityRepositories } from '../repositories/index.js';
import type { AuthService } from './auth-service.js';
import { Problems, type AdminError } from './admin-validation.js';
import { actorOf, anonymousActor, auditRow, type AuditActor, type AuditEntry } from './audit-log.js';
import { planStudentImport } from './student-import.js';

/** How long an invitation link works. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;
export const INVITATION_TEMPLATE = 'invitation';
/** Roles a school admin may hand out; platform admins are made by the platform, not by schools. */
const GRANTABLE: ReadonlySet<Role> = new Set([
  'SCHOOL_ADMIN',
  'TEACHER',
  'STUDENT',
  'GUARDIAN',
  'ACCOUNTANT',
]);

const notFound = (what: string, field: string[]): AdminError =>
  userError('NOT_FOUND', `No such ${what} in this school.`, field);

export interface AdminServiceDependencies {
  tenant: TenantScope<IdentityLoaders>;
  repos: IdentityRepositories;
  auth: AuthService;
  redis: Redis;
  viewer: Viewer | null;
  clientIp: string | null;
  logger: Logger;
}

/**
 * People administration for the request's school. The SDL admits school admins (and platform
 * admins); the rules that depend on the data (not yourself, not another school's ids) live here.
 * Every change commits with its audit event and then drops the cached copies it made stale.
 */
export class AdminService {
  constructor(private readonly deps: AdminServiceDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private get actor(): AuditActor {
    return actorOf(this.deps.viewer, this.deps.clientIp);
  }

  private audit(entry: AuditEntry) {
    return auditRow(this.actor, entry);
  }

  private invalidate(namespace: string, keys: readonly string[]) {
    return invalidateCached({ redis: this.deps.redis, schoolId: this.schoolId }, namespace, keys);
  }

  auditEvents(args: ConnectionArgs & { filter?: AuditEventFilter | null }) {
    const filter = args.filter ?? {};
    for (const [name, id] of [
      ['actorUserId', filter.actorUserId],
      ['targetId', filter.targetId],
    ] as const) {
      if (id != null && !isUuid(id)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `\`filter.${name}\` is not an id`, {
          argument: `filter.${name}`,
        });
      }
    }
    return this.deps.repos.audit.page(this.schoolId, parsePageRequest(args), filter);
  }

  // Users --------------------------------------------------------------------------------------

  async createUser(input: CreateUserInput) {
    return this.addUser(input, input.password);
  }

  async inviteUser(input: InviteUserInput) {
    return this.addUser(input, null);
  }

  private async addUser(input: InviteUserInput, password: string | null) {
    const problems = new Problems();
    const email = problems.email(input.email, ['input', 'email']);
    const displayName = problems.text(input.displayName, 200, ['input', 'displayName'], 'The name');
    const roles = [...new Set(input.roles)];
    if (roles.length === 0)
      problems.add('INVALID_INPUT', 'Give the user at least one role.', ['input', 'roles']);
    if (roles.some((role) => !GRANTABLE.has(role)))
      problems.add('ROLE_NOT_ALLOWED', 'School admins cannot grant PLATFORM_ADMIN.', ['input', 'roles']);
    if (!problems.ok) return { user: null, userErrors: problems.errors };
    let passwordHash: string | null = null;
    if (password !== null) {
      const hashed = await this.deps.auth.hashNewPassword(password, email);
      if ('problem' in hashed)
        return {
          user: null,
          userErrors: [userError('WEAK_PASSWORD', passwordMessage(hashed.problem), ['input', 'password'])],
        };
      passwordHash = hashed.hash;
    }
    const id = randomUUID();
    let invitation = null;
    if (password === null) {
      const school = await this.deps.tenant.loaders.school.load(this.schoolId);
      if (!school) throw new DomainError(ErrorCode.NOT_FOUND, 'The school no longer exists.');
      const token = newOpaqueToken(this.schoolId, 16);
      const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
      invitation = {
        tokenHash: token.hash,
        expiresAt,
        message: {
          to: email,
          template: INVITATION_TEMPLATE,
          payload: { token: token.token, expiresAt: expiresAt.toISOString(), schoolCode: school.code },
        },
      };
    }
    const created = await this.deps.repos.admin.createUser(
      this.schoolId,
      { id, email, displayName, roles, passwordHash, status: password === null ? 'INVITED' : 'ACTIVE' },
      invitation,
      this.audit({
        action: password === null ? 'USER_INVITED' : 'USER_CREATED',
        target: { type: 'User', id },
        details: { roles },
      }),
    );
    if (created === CONFLICT)
      return failedUser(
        userError('EMAIL_TAKEN', 'Another user of this school has this email.', ['input', 'email']),
      );
    return { user: created, userErrors: [] };
  }

  /** Public: the invitation token names its school, so this runs in that tenant, not the caller's. */
  static async acceptInvitation(
    deps: Pick<AdminServiceDependencies, 'repos' | 'auth' | 'redis' | 'clientIp'>,
    input: AcceptInvitationInput,
  ): Promise<AcceptInvitationPayload> {
    const invalid = {
      success: false,
      userErrors: [
        userError<'INVALID_INVITATION'>(
          'INVALID_INVITATION',
          'This invitation is invalid, used or expired: ask the school for a new one.',
          ['input', 'token'],
        ),
      ],
    };
    const presented = readOpaqueToken(input.token, 16);
    if (!presented) return invalid;
    const { schoolId, hash } = presented;
    const now = new Date();
    const pending = await deps.repos.accountTokens.pending(schoolId, 'INVITATION', hash, now);
    if (pending?.status !== 'INVITED') return invalid;
    const hashed = await deps.auth.hashNewPassword(input.password, pending.email);
    if ('problem' in hashed)
      return {
        success: false,
        userErrors: [userError('WEAK_PASSWORD', passwordMessage(hashed.problem), ['input', 'password'])],
      };
    const accepted = await deps.repos.admin.acceptInvitation(
      schoolId,
      pending.userId,
      hash,
      hashed.hash,
      now,
      auditRow(
        { ...anonymousActor(deps.clientIp), userId: pending.userId },
        { action: 'INVITATION_ACCEPTED', target: { type: 'User', id: pending.userId } },
      ),
    );
    if (!accepted) return invalid;
    await invalidateCached({ redis: deps.redis, schoolId }, IdentityCache.user, [pending.userId]);
    return { success: true, userErrors: [] };
  }

  async disableUser({ userId }: UserIdInput) {
    if (this.isSelf(userId))
      return failedUser(userError('CANNOT_CHANGE_SELF', 'You cannot disable yourself.', ['input', 'userId']));
    const user = await this.existingUser(userId);
    if (!user) return failedUser(notFound('user', ['input', 'userId']));
    if (user.status !== 'DISABLED') {
      // Sessions and access tokens end at once (the same path sign-in's revocation uses).
      await this.deps.auth.disableUser(this.schoolId, userId);
      await this.deps.repos.audit.append(this.schoolId, [
        this.audit({ action: 'USER_DISABLED', target: { type: 'User', id: userId } }),
      ]);
      await this.invalidate(IdentityCache.user, [userId]);
    }
    return { user: await this.freshUser(userId), userErrors: [] };
  }

  async enableUser({ userId }: UserIdInput) {
    const user = await this.existingUser(userId);
    if (!user) return failedUser(notFound('user', ['input', 'userId']));
    if (user.status === 'DISABLED') {
      await this.deps.repos.admin.setStatus(
        this.schoolId,
        userId,
        'DISABLED',
        'ACTIVE',
        this.audit({ action: 'USER_ENABLED', target: { type: 'User', id: userId } }),
      );
      await this.invalidate(IdentityCache.user, [userId]);
    }
    return { user: await this.freshUser(userId), userErrors: [] };
  }

  async grantRole(input: RoleChangeInput) {
    return this.changeRole(input, true);
  }

  async revokeRole(input: RoleChangeInput) {
    if (input.role === 'SCHOOL_ADMIN' && this.isSelf(input.userId))
      return failedUser(
        userError('CANNOT_CHANGE_SELF', 'You cannot revoke your own admin role: ask another admin.', [
          'input',
          'role',
        ]),
      );
    return this.changeRole(input, false);
  }

  private async changeRole({ userId, role }: RoleChangeInput, grant: boolean) {
    if (!GRANTABLE.has(role))
      return failedUser(
        userError('ROLE_NOT_ALLOWED', 'School admins cannot change PLATFORM_ADMIN.', ['input', 'role']),
      );
    if (!(await this.existingUser(userId))) return failedUser(notFound('user', ['input', 'userId']));
    const changed = await this.deps.repos.admin.changeRole(
      this.schoolId,
      userId,
      role,
      grant,
      this.audit({
        action: grant ? 'ROLE_GRANTED' : 'ROLE_REVOKED',
        target: { type: 'User', id: userId },
        details: { role },
      }),
    );
    if (changed) {
      // Roles are claims in the access token: the old tokens must not carry the old roles on.
      await this.deps.auth.invalidateAccessTokens(this.schoolId, userId);
      await this.invalidate(IdentityCache.userRoles, [userId]);
    }
    return { user: await this.freshUser(userId), userErrors: [] };
  }

  private isSelf(userId: string): boolean {
    const viewer = this.deps.viewer;
    return viewer !== null && viewer.actorUserId === undefined && viewer.userId === userId;
  }

  private async existingUser(userId: string) {
    return isUuid(userId) ? this.deps.tenant.loaders.user.load(userId) : null;
  }

  private async freshUser(userId: string) {
    this.deps.tenant.loaders.user.clear(userId);
    return this.deps.tenant.loaders.user.load(userId);
  }

  // Students, teachers, guardians --------------------------------------------------------------

  async createStudent(input: CreateStudentInput) {
    const problems = new Problems();
    const fields = studentFields(problems, input);
    if (!problems.ok) return { student: null, userErrors: problems.errors };
    const id = randomUUID();
    const created = await this.deps.repos.admin.createStudent(
      this.schoolId,
      { ...fields, id },
      this.audit({ action: 'STUDENT_CREATED', target: { type: 'Student', id } }),
    );
    if (created === CONFLICT) return { student: null, userErrors: [admissionTaken()] };
    return { student: created, userErrors: [] };
  }

  async updateStudent(input: UpdateStudentInput) {
    const { record, userErrors } = await this.updateRecord({
      input,
      what: 'student',
      loader: this.deps.tenant.loaders.student,
      merge: (problems, current) =>
        studentFields(problems, {
          admissionNumber: input.admissionNumber ?? current.admissionNumber,
          givenName: input.givenName ?? current.givenName,
          familyName: input.familyName ?? current.familyName,
          dateOfBirth: input.dateOfBirth ?? current.dateOfBirth,
          gender: input.gender ?? current.gender,
          admittedOn: input.admittedOn ?? current.admittedOn,
        }),
      write: (id, fields, audit) => this.deps.repos.admin.updateStudent(this.schoolId, id, fields, audit),
      action: 'STUDENT_UPDATED',
      conflict: admissionTaken,
      cache: IdentityCache.student,
    });
    return { student: record, userErrors };
  }

  async createTeacher(input: CreateTeacherInput) {
    const problems = new Problems();
    const fields = teacherFields(problems, input);
    if (!problems.ok) return { teacher: null, userErrors: problems.errors };
    const id = randomUUID();
    const created = await this.deps.repos.admin.createTeacher(
      this.schoolId,
      { id, ...fields },
      this.audit({ action: 'TEACHER_CREATED', target: { type: 'Teacher', id } }),
    );
    if (created === CONFLICT) return { teacher: null, userErrors: [employeeNumberTaken('teacher')] };
    return { teacher: created, userErrors: [] };
  }

  async updateTeacher(input: UpdateTeacherInput) {
    const { record, userErrors } = await this.updateRecord({
      input,
      what: 'teacher',
      loader: this.deps.tenant.loaders.teacher,
      merge: (problems, current) =>
        teacherFields(problems, {
          employeeNumber: input.employeeNumber ?? current.employeeNumber,
          givenName: input.givenName ?? current.givenName,
          familyName: input.familyName ?? current.familyName,
          phone: input.phone ?? current.phone,
          joinedOn: input.joinedOn ?? current.joinedOn,
        }),
      write: (id, fields, audit) => this.deps.repos.admin.updateTeacher(this.schoolId, id, fields, audit),
      action: 'TEACHER_UPDATED',
      conflict: () => employeeNumberTaken('teacher'),
      cache: IdentityCache.teacher,
    });
    return { teacher: record, userErrors };
  }

  async createStaff(input: CreateStaffInput) {
    const problems = new Problems();
    const fields = staffFields(problems, input);
    if (!problems.ok) return { staff: null, userErrors: problems.errors };
    const id = randomUUID();
    const created = await this.deps.repos.admin.createStaff(
      this.schoolId,
      { id, ...fields },
      this.audit({ action: 'STAFF_CREATED', target: { type: 'Staff', id } }),
    );
    if (created === CONFLICT) return { staff: null, userErrors: [employeeNumberTaken('member of staff')] };
    return { staff: created, userErrors: [] };
  }

  async updateStaff(input: UpdateStaffInput) {
    const { record, userErrors } = await this.updateRecord({
      input,
      what: 'member of staff',
      loader: this.deps.tenant.loaders.staff,
      merge: (problems, current) =>
        staffFields(problems, {
          employeeNumber: input.employeeNumber ?? current.employeeNumber,
          givenName: input.givenName ?? current.givenName,
          familyName: input.familyName ?? current.familyName,
          jobTitle: input.jobTitle ?? current.jobTitle,
          phone: input.phone ?? current.phone,
        }),
      write: (id, fields, audit) => this.deps.repos.admin.updateStaff(this.schoolId, id, fields, audit),
      action: 'STAFF_UPDATED',
      conflict: () => employeeNumberTaken('member of staff'),
      cache: IdentityCache.staff,
    });
    return { staff: record, userErrors };
  }

  async createGuardian(input: CreateGuardianInput) {
    const problems = new Problems();
    const fields = guardianFields(problems, input);
    if (!problems.ok) return { guardian: null, userErrors: problems.errors };
    const id = randomUUID();
    const guardian = await this.deps.repos.admin.createGuardian(
      this.schoolId,
      { id, ...fields },
      this.audit({ action: 'GUARDIAN_CREATED', target: { type: 'Guardian', id } }),
    );
    return { guardian, userErrors: [] };
  }

  async updateGuardian(input: UpdateGuardianInput) {
    const { record, userErrors } = await this.updateRecord({
      input,
      what: 'guardian',
      loader: this.deps.tenant.loaders.guardian,
      merge: (problems, current) =>
        guardianFields(problems, {
          givenName: input.givenName ?? current.givenName,
          familyName: input.familyName ?? current.familyName,
          email: input.email ?? current.email,
          phone: input.phone ?? current.phone,
        }),
      write: (id, fields, audit) => this.deps.repos.admin.updateGuardian(this.schoolId, id, fields, audit),
      action: 'GUARDIAN_UPDATED',
      cache: IdentityCache.guardian,
    });
    return { guardian: record, userErrors };
  }

  /**
   * The one path of every record update: the record must be in this school; the given fields,
   * merged over it, are checked all at once; the change commits with its audit event (naming the
   * changed fields, never their values), and then the cached copy is dropped.
   */
  private async updateRecord<R extends { id: string }, F>(update: {
    input: Record<string, unknown> & { id: string };
    what: string;
    loader: { load(id: string): Promise<R | null | undefined> };
    merge: (problems: Problems, current: R) => F;
    write: (id: string, fields: F, audit: NewAuditEvent) => Promise<R | null | typeof CONFLICT>;
    action: UpdateAction;
    conflict?: () => AdminError;
    cache: string;
  }): Promise<{ record: R | null; userErrors: AdminError[] }> {
    const missing = { record: null, userErrors: [notFound(update.what, ['input', 'id'])] };
    const current = isUuid(update.input.id) ? await update.loader.load(update.input.id) : null;
    if (!current) return missing;
    const problems = new Problems();
    const fields = update.merge(problems, current);
    if (!problems.ok) return { record: null, userErrors: problems.errors };
    const written = await update.write(
      current.id,
      fields,
      this.audit({
        action: update.action,
        target: { type: TARGET_TYPES[update.action], id: current.id },
        details: { fields: givenFields(update.input) },
      }),
    );
    if (written === CONFLICT) {
      if (!update.conflict) throw new Error(`${update.action}: a unique constraint said no unexpectedly`);
      return { record: null, userErrors: [update.conflict()] };
    }
    if (!written) return missing;
    await this.invalidate(update.cache, [current.id]);
    return { record: written, userErrors: [] };
  }

  async linkGuardian(input: LinkGuardianInput) {
    const problems = new Problems();
    const priority = input.contactPriority ?? 1;
    checkPriority(problems, priority);
    if (!problems.ok) return { link: null, userErrors: problems.errors };
    if (!isUuid(input.studentId))
      return { link: null, userErrors: [notFound('student', ['input', 'studentId'])] };
    if (!isUuid(input.guardianId))
      return { link: null, userErrors: [notFound('guardian', ['input', 'guardianId'])] };
    const fields: LinkFields = {
      relationship: input.relationship,
      hasCustody: input.hasCustody ?? true,
      contactPriority: priority,
      mayPickUp: input.mayPickUp ?? true,
      receivesSms: input.receivesSms ?? true,
    };
    const link = await this.deps.repos.admin.link(
      this.schoolId,
      input.studentId,
      input.guardianId,
      fields,
      this.audit({
        action: 'GUARDIAN_LINKED',
        target: { type: 'Student', id: input.studentId },
        details: { guardianId: input.guardianId, relationship: input.relationship },
      }),
    );
    if (link === 'MISSING_STUDENT')
      return { link: null, userErrors: [notFound('student', ['input', 'studentId'])] };
    if (link === 'MISSING_GUARDIAN')
      return { link: null, userErrors: [notFound('guardian', ['input', 'guardianId'])] };
    if (link === CONFLICT)
      return {
        link: null,
        userErrors: [
          userError<'ALREADY_LINKED'>('ALREADY_LINKED', 'The guardian is already linked to this student.', [
            'input',
            'guardianId',
          ]),
        ],
      };
    await this.invalidateLinks(input.studentId, input.guardianId);
    return { link, userErrors: [] };
  }

  async updateGuardianLink(input: UpdateGuardianLinkInput) {
    const problems = new Problems();
    if (input.contactPriority != null) checkPriority(problems, input.contactPriority);
    if (!problems.ok) return { link: null, userErrors: problems.errors };
    const notLinked = {
      link: null,
      userErrors: [
        userError<'NOT_LINKED'>('NOT_LINKED', 'The guardian is not linked to this student.', [
          'input',
          'guardianId',
        ]),
      ],
    };
    if (!isUuid(input.studentId) || !isUuid(input.guardianId)) return notLinked;
    const change: Partial<LinkFields> = {};
    if (input.relationship != null) change.relationship = input.relationship;
    if (input.hasCustody != null) change.hasCustody = input.hasCustody;
    if (input.contactPriority != null) change.contactPriority = input.contactPriority;
    if (input.mayPickUp != null) change.mayPickUp = input.mayPickUp;
    if (input.receivesSms != null) change.receivesSms = input.receivesSms;
    const link = await this.deps.repos.admin.updateLink(
      this.schoolId,
      input.studentId,
      input.guardianId,
      change,
      this.audit({
        action: 'GUARDIAN_LINK_UPDATED',
        target: { type: 'Student', id: input.studentId },
        details: { guardianId: input.guardianId, fields: Object.keys(change) },
      }),
    );
    if (!link) return notLinked;
    await this.invalidateLinks(input.studentId, input.guardianId);
    return { link, userErrors: [] };
  }

  async unlinkGuardian(input: UnlinkGuardianInput) {
    const notLinked = {
      success: false,
      userErrors: [
        userError<'NOT_LINKED'>('NOT_LINKED', 'The guardian is not linked to this student.', [
          'input',
          'guardianId',
        ]),
      ],
    };
    if (!isUuid(input.studentId) || !isUuid(input.guardianId)) return notLinked;
    const removed = await this.deps.repos.admin.unlink(
      this.schoolId,
      input.studentId,
      input.guardianId,
      this.audit({
        action: 'GUARDIAN_UNLINKED',
        target: { type: 'Student', id: input.studentId },
        details: { guardianId: input.guardianId },
      }),
    );
    if (!removed) return notLinked;
    await this.invalidateLinks(input.studentId, input.guardianId);
    return { success: true, userErrors: [] };
  }

  private async invalidateLinks(studentId: string, guardianId: string) {
    await Promise.all([
      this.invalidate(IdentityCache.guardianLinksByStudent, [studentId]),
      this.invalidate(IdentityCache.guardianLinksByGuardian, [guardianId]),
    ]);
  }

  // Import -------------------------------------------------------------------------------------

  async importStudents(input: { csv: string; dryRun: boolean }) {
    const { logger } = this.deps;
    const schoolId = this.schoolId;
    const empty = {
      dryRun: input.dryRun,
      rowCount: 0,
      validRowCount: 0,
      studentsCreated: 0,
      guardiansCreated: 0,
      linksCreated: 0,
      plannedGuardians: 0,
      rowErrors: [],
    };
    const planned = await planStudentImport(input.csv, {
      takenAdmissionNumbers: (numbers) => this.deps.repos.admin.takenAdmissionNumbers(schoolId, numbers),
      guardiansByEmail: (emails) => this.deps.repos.admin.guardiansByEmail(schoolId, emails),
      progress: (phase, done, total) =>
        logger.info({ importPhase: phase, done, total }, 'student import progress'),
    });
    if ('fileError' in planned) return { ...empty, userErrors: [planned.fileError] };
    const { plan, rowCount, rowErrors } = planned;
    const result = {
      ...empty,
      rowCount,
      validRowCount: rowCount - new Set(rowErrors.map((error) => error.line)).size,
      plannedGuardians: plan.guardians.length,
      rowErrors,
      userErrors: [],
    };
    if (input.dryRun || rowErrors.length > 0) return result;
    const written = await this.deps.repos.admin.importStudents(
      schoolId,
      plan,
      this.audit({
        action: 'STUDENTS_IMPORTED',
        details: {
          students: plan.students.length,
          guardians: plan.guardians.length,
          links: plan.links.length,
        },
      }),
    );
    if (written === CONFLICT) {
      // Someone added one of these admission numbers between the check and the write.
      return {
        ...result,
        userErrors: [],
        rowErrors: [
          {
            line: 1,
            column: 'admissionNumber',
            code: 'ADMISSION_NUMBER_TAKEN' as const,
            message:
              'An admission number was taken while importing: nothing was imported; run the import again.',
          },
        ],
      };
    }
    logger.info({ importPhase: 'written', students: plan.students.length }, 'student import progress');
    return {
      ...result,
      studentsCreated: plan.students.length,
      guardiansCreated: plan.guardians.length,
      linksCreated: plan.links.length,
    };
  }
}

function failedUser(error: AdminError) {
  return { user: null, ...failedPayload(error) };
}

/** The audit target type of each update action. */
const TARGET_TYPES = {
  STUDENT_UPDATED: 'Student',
  TEACHER_UPDATED: 'Teacher',
  STAFF_UPDATED: 'Staff',
  GUARDIAN_UPDATED: 'Guardian',
} as const;
type UpdateAction = keyof typeof TARGET_TYPES;

function employeeNumberTaken(of: 'teacher' | 'member of staff'): AdminError {
  return userError('EMPLOYEE_NUMBER_TAKEN', `Another ${of} of this school has this employee number.`, [
    'input',
    'employeeNumber',
  ]);
}

/** The input fields the caller gave a value (for the audit event: names only, never values). */
function givenFields(input: Record<string, unknown> & { id: string }): string[] {
  return Object.entries(input)
    .filter(([key, value]) => key !== 'id' && value !== undefined && value !== null)
    .map(([key]) => key);
}

function teacherFields(
  problems: Problems,
  input: Omit<TeacherFields, 'phone'> & { phone?: string | null },
): TeacherFields {
  return {
    employeeNumber: employeeNumber(problems, input.employeeNumber),
    ...personName(problems, input),
    phone: problems.optionalText(input.phone, 32, ['input', 'phone'], 'The phone'),
    joinedOn: problems.pastDate(input.joinedOn, ['input', 'joinedOn'], 'The joining date'),
  };
}

function staffFields(
  problems: Problems,
  input: Omit<StaffFields, 'phone'> & { phone?: string | null },
): StaffFields {
  return {
    employeeNumber: employeeNumber(problems, input.employeeNumber),
    ...personName(problems, input),
    jobTitle: problems.text(input.jobTitle, 100, ['input', 'jobTitle'], 'The job title'),
    phone: problems.optionalText(input.phone, 32, ['input', 'phone'], 'The phone'),
  };
}

function guardianFields(
  problems: Problems,
  input: Pick<GuardianFields, 'givenName' | 'familyName'> & { email?: string | null; phone?: string | null },
): GuardianFields {
  return {
    ...personName(problems, input),
    email: problems.optionalEmail(input.email, ['input', 'email']),
    phone: problems.optionalText(input.phone, 32, ['input', 'phone'], 'The phone'),
  };
}

function employeeNumber(problems: Problems, value: string): string {
  return problems.text(value, 32, ['input', 'employeeNumber'], 'The employee number');
}

function personName(problems: Problems, input: { givenName: string; familyName: string }) {
  return {
    givenName: problems.text(input.givenName, 100, ['input', 'givenName'], 'The given name'),
    familyName: problems.text(input.familyName, 100, ['input', 'familyName'], 'The family name'),
  };
}

function admissionTaken(): AdminError {
  return userError('ADMISSION_NUMBER_TAKEN', 'Another student of this school has this admission number.', [
    'input',
    'admissionNumber',
  ]);
}

function checkPriority(problems: Problems, priority: number) {
  if (!Number.isInteger(priority) || priority < 1 || priority > 9)
    problems.add('INVALID_INPUT', 'The contact priority must be 1 to 9.', ['input', 'contactPriority']);
}

function studentFields(
  problems: Problems,
  input: Omit<StudentFields, 'gender'> & { gender?: StudentFields['gender'] | null },
): StudentFields {
  const fields: StudentFields = {
    admissionNumber: problems.text(
      input.admissionNumber,
      32,
      ['input', 'admissionNumber'],
      'The admission number',
    ),
    ...personName(problems, input),
    dateOfBirth: problems.pastDate(input.dateOfBirth, ['input', 'dateOfBirth'], 'The date of birth'),
    gender: input.gender ?? 'UNDISCLOSED',
    admittedOn: problems.pastDate(input.admittedOn, ['input', 'admittedOn'], 'The admission date'),
  };
  if (fields.admittedOn < fields.dateOfBirth)
    problems.add('INVALID_DATE', 'The admission date must not be before the date of birth.', [
      'input',
      'admittedOn',
    ]);
  return fields;
}

function passwordMessage(problem: string): string {
  switch (problem) {
    case 'TOO_SHORT':
      return 'Use at least 10 characters.';
    case 'TOO_LONG':
      return 'Use at most 256 characters.';
    case 'TOO_COMMON':
      return 'This password is too common: choose another one.';
    default:
      return 'The password must not contain the email.';
  }
}
