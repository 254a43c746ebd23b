import { badInput } from '@schools24/errors';
import { parsePageRequest, type ConnectionArgs, type TenantScope } from '@schools24/graphql';
import type { IdentityLoaders } from '../loaders/index.js';
import type { IdentityRepositories } from '../repositories/index.js';
import type { GuardianLinkRecord } from '../repositories/guardian-repository.js';

const MAX_SEARCH_LENGTH = 100;

/**
 * Reads of the school's people directory. Every read is scoped to the request's tenant: an id from
 * another school is simply not found.
 */
export class DirectoryService {
  constructor(
    private readonly tenant: TenantScope<IdentityLoaders>,
    private readonly repos: IdentityRepositories,
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

  async rolesOf(userId: string) {
    return (await this.tenant.loaders.userRoles.load(userId)) ?? [];
  }

  student(id: string) {
    return this.tenant.loaders.student.load(id);
  }

  students(args: ConnectionArgs & { search?: string | null }) {
    const search = args.search?.trim();
    if (search && search.length > MAX_SEARCH_LENGTH) {
      throw badInput(`\`search\` must be at most ${MAX_SEARCH_LENGTH} characters`, { argument: 'search' });
    }
    return this.repos.students.page(this.tenant.schoolId, parsePageRequest(args), { search });
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

  guardian(id: string) {
    return this.tenant.loaders.guardian.load(id);
  }

  async guardianLinksOfStudent(studentId: string): Promise<GuardianLinkRecord[]> {
    return (await this.tenant.loaders.guardianLinksByStudent.load(studentId)) ?? [];
  }

  async guardianLinksOfGuardian(guardianId: string): Promise<GuardianLinkRecord[]> {
    return (await this.tenant.loaders.guardianLinksByGuardian.load(guardianId)) ?? [];
  }
}
