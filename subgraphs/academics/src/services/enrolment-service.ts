import type { EnrolmentStatus } from '@schools24/db';
import {
  parsePageRequest,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
} from '@schools24/graphql';
import type { AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { EnrolmentPage, EnrolmentRecord } from '../repositories/enrolment-repository.js';
import type { CalendarService } from './calendar-service.js';

export interface SectionRosterArgs extends ConnectionArgs {
  /** Null means every status. */
  status: EnrolmentStatus | null;
}

/**
 * Reads of which student is (or was) in which section. Record ownership (`RecordAccess`): a
 * student's enrolments are for whoever may see the student (a teacher: the students of their
 * sections; a parent: their children; a student: themself), a section's roster for admins and the
 * section's teachers. Anything else is FORBIDDEN.
 */
export class EnrolmentService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly calendar: CalendarService,
    private readonly access: RecordAccess,
  ) {}

  async enrolment(id: string): Promise<EnrolmentRecord | null> {
    const enrolment = await this.tenant.loaders.enrolment.load(id);
    if (enrolment) await this.access.assertCanSeeStudent(enrolment.studentId);
    return enrolment;
  }

  /** Every enrolment of the student, newest first. */
  async enrolmentsOf(studentId: string): Promise<EnrolmentRecord[]> {
    await this.access.assertCanSeeStudent(studentId);
    return (await this.tenant.loaders.enrolmentsByStudent.load(studentId)) ?? [];
  }

  /**
   * The student's ACTIVE enrolment in the current year, picked from the student's cached list, so
   * changing the current year needs no per-student invalidation. Should the data hold two, the one
   * that started last wins (the list is newest first).
   */
  async currentEnrolmentOf(studentId: string): Promise<EnrolmentRecord | null> {
    const [year, enrolments] = await Promise.all([
      this.calendar.currentAcademicYear(),
      this.enrolmentsOf(studentId),
    ]);
    if (!year) return null;
    return (
      enrolments.find((enrolment) => enrolment.academicYearId === year.id && enrolment.status === 'ACTIVE') ??
      null
    );
  }

  /** A page of a section's enrolments by roll number. */
  async sectionRoster(sectionId: string, args: SectionRosterArgs): Promise<EnrolmentPage> {
    const page = parsePageRequest(args);
    await this.access.assertCanSeeSectionStudents(sectionId);
    return this.repos.enrolments.pageOfSection(this.tenant.schoolId, sectionId, args.status, page);
  }
}
