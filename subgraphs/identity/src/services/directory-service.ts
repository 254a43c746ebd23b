import { badInput, DomainError, ErrorCode } from '@schools24/errors';
import {
  parsePageRequest,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
} from '@schools24/graphql';
import type { IdentityLoaders } from '../loaders/index.js';
import type { IdentityRepositories } from '../repositories/index.js';
import type { GuardianLinkRecord, GuardianRecord } from '../repositories/guardian-repository.js';
import type { StudentRecord } from '../repositories/student-repository.js';

const MAX_SEARCH_LENGTH = 100;
/** Roles whose holders form the staff directory every staff member may look up. */
const STAFF_ROLES: ReadonlySet<string> = new Set(['SCHOOL_ADMIN', 'TEACHER', 'ACCOUNTANT']);

/**
 * Reads of the school's people directory. Every read is scoped to the request's tenant: an id from
 * another school is simply not found. Students, guardians and links follow record ownership
 * (`RecordAccess`): a teacher reaches the students of their sections, a parent their children, a
 * student themself; a record outside that is FORBIDDEN, and lists leave it out.
 */
export class DirectoryService {
  constructor(
    private readonly tenant: TenantScope<IdentityLoaders>,
    private readonly repos: IdentityRepositories,
    private readonly access: RecordAccess,
  ) {}

  currentSchool() {
    return this.tenant.loaders.school.load(this.tenant.schoolId);
  }

  school(id: string) {
    return this.tenant.loaders.school.load(id);
  }

  user(id: string) {
    return this.tenant.loaders.user.load(id);
  }

  /**
   * A user looked up by id (`Query.user`). Whole-school roles see anyone; others see themselves,
   * the school's staff (a directory of colleagues), and the accounts of students they may see and
   * of those students' guardians. Anyone else is FORBIDDEN.
   */
  async lookUpUser(id: string) {
    const user = await this.tenant.loaders.user.load(id);
    if (!user || this.access.seesWholeSchool || this.access.isViewer(user.id)) return user;
    const roles = await this.rolesOf(user.id);
    if (roles.some((role) => STAFF_ROLES.has(role))) return user;
    for (const studentId of await this.repos.studentsRelatedToUser(this.tenant.schoolId, user.id)) {
      if (await this.access.canSeeStudent(studentId)) return user;
    }
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'You can look up only colleagues and the families of students you may see.',
      {
        userId: id,
      },
    );
  }

  async rolesOf(userId: string) {
    return (await this.tenant.loaders.userRoles.load(userId)) ?? [];
  }

  async student(id: string): Promise<StudentRecord | null> {
    const student = await this.tenant.loaders.student.load(id);
    if (student) await this.access.assertCanSeeStudent(student.id);
    return student;
  }

  /**
   * A student's name tag. Any admin, teacher or student of the school may read one (the SDL's role
   * rule is the whole rule: no record ownership), so boards shared by a class need no per-viewer
   * reads; another school's student is not found.
   */
  studentNameTag(id: string): Promise<StudentRecord | null> {
    return this.tenant.loaders.student.load(id);
  }

  async students(args: ConnectionArgs & { search?: string | null }) {
    const search = args.search?.trim();
    if (search && search.length > MAX_SEARCH_LENGTH) {
      throw badInput(`\`search\` must be at most ${MAX_SEARCH_LENGTH} characters`, { argument: 'search' });
    }
    const page = parsePageRequest(args);
    const onlyIds = await this.access.visibleStudentIds();
    return this.repos.students.page(this.tenant.schoolId, page, { search, onlyIds });
  }

  teacher(id: string) {
    return this.tenant.loaders.teacher.load(id);
  }

  teachers(args: ConnectionArgs) {
    return this.repos.teachers.page(this.tenant.schoolId, parsePageRequest(args));
  }

  staffMember(id: string) {
    return this.tenant.loaders.staff.load(id);
  }

  staffMembers(args: ConnectionArgs) {
    return this.repos.staff.page(this.tenant.schoolId, parsePageRequest(args));
  }

  /** A guardian: visible to whole-school roles, to themself, and to whoever may see one of their children. */
  async guardian(id: string): Promise<GuardianRecord | null> {
    const guardian = await this.tenant.loaders.guardian.load(id);
    if (!guardian || this.access.seesWholeSchool || this.access.isViewer(guardian.userId)) return guardian;
    const links = (await this.tenant.loaders.guardianLinksByGuardian.load(guardian.id)) ?? [];
    for (const link of links) {
      if (await this.access.canSeeStudent(link.studentId)) return guardian;
    }
    throw new DomainError(ErrorCode.FORBIDDEN, 'You can see only the guardians of students you may see.', {
      guardianId: id,
    });
  }

  async guardianLinksOfStudent(studentId: string): Promise<GuardianLinkRecord[]> {
    return (await this.tenant.loaders.guardianLinksByStudent.load(studentId)) ?? [];
  }

  /** The guardian's links, only to the children the viewer may see. */
  async guardianLinksOfGuardian(guardianId: string): Promise<GuardianLinkRecord[]> {
    const links = (await this.tenant.loaders.guardianLinksByGuardian.load(guardianId)) ?? [];
    const visible: GuardianLinkRecord[] = [];
    for (const link of links) if (await this.access.canSeeStudent(link.studentId)) visible.push(link);
    return visible;
  }
}
