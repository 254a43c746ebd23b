import type { TenantScope } from '@schools24/graphql';
import type { AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { GradeRecord } from '../repositories/grade-repository.js';
import type { SectionRecord, TeachingAssignmentRecord } from '../repositories/section-repository.js';
import type { SubjectRecord } from '../repositories/subject-repository.js';
import type { CalendarService } from './calendar-service.js';

export interface SectionFilter {
  /** Defaults to the current academic year. */
  academicYearId?: string | null;
  gradeId?: string | null;
}

/**
 * Reads of how the school is organised: grades, sections, subjects and who teaches what. Lists that
 * depend on a year default to the current one.
 */
export class StructureService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly calendar: CalendarService,
  ) {}

  grades(): Promise<GradeRecord[]> {
    return this.repos.grades.list(this.tenant.schoolId);
  }

  grade(id: string) {
    return this.tenant.loaders.grade.load(id);
  }

  subjects(): Promise<SubjectRecord[]> {
    return this.repos.subjects.list(this.tenant.schoolId);
  }

  subject(id: string) {
    return this.tenant.loaders.subject.load(id);
  }

  section(id: string) {
    return this.tenant.loaders.section.load(id);
  }

  /** Sections of a year (all of a year's sections are one cached list), optionally of one grade. */
  async sections(filter: SectionFilter): Promise<SectionRecord[]> {
    const academicYearId = await this.calendar.academicYearIdOrCurrent(filter.academicYearId);
    if (!academicYearId) return [];
    const sections = (await this.tenant.loaders.sectionsByAcademicYear.load(academicYearId)) ?? [];
    const { gradeId } = filter;
    return gradeId == null
      ? sections
      : sections.filter((section) => section.gradeId === gradeId.toLowerCase());
  }

  async teachingAssignmentsOfSection(sectionId: string): Promise<TeachingAssignmentRecord[]> {
    return (await this.tenant.loaders.teachingAssignmentsBySection.load(sectionId)) ?? [];
  }

  async classSectionsOf(
    teacherId: string,
    academicYearId: string | null | undefined,
  ): Promise<SectionRecord[]> {
    const yearId = await this.calendar.academicYearIdOrCurrent(academicYearId);
    if (!yearId) return [];
    return (
      (await this.tenant.loaders.classSectionsByTeacher.load({ academicYearId: yearId, teacherId })) ?? []
    );
  }

  async teachingAssignmentsOf(
    teacherId: string,
    academicYearId: string | null | undefined,
  ): Promise<TeachingAssignmentRecord[]> {
    const yearId = await this.calendar.academicYearIdOrCurrent(academicYearId);
    if (!yearId) return [];
    return (
      (await this.tenant.loaders.teachingAssignmentsByTeacher.load({ academicYearId: yearId, teacherId })) ??
      []
    );
  }
}
