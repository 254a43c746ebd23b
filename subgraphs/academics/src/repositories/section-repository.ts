import type { TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

export const sectionSelect = {
  id: true,
  schoolId: true,
  academicYearId: true,
  gradeId: true,
  name: true,
  classTeacherId: true,
  room: true,
  capacity: true,
} satisfies Prisma.SectionSelect;

export type SectionRecord = Prisma.SectionGetPayload<{ select: typeof sectionSelect }>;

export const teachingAssignmentSelect = {
  id: true,
  schoolId: true,
  teacherId: true,
  sectionId: true,
  subjectId: true,
} satisfies Prisma.TeachingAssignmentSelect;

export type TeachingAssignmentRecord = Prisma.TeachingAssignmentGetPayload<{
  select: typeof teachingAssignmentSelect;
}>;

/** Grade level, then section name: how schools list their sections ("6-A, 6-B, 7-A"). */
const sectionOrder = [
  { grade: { level: 'asc' } },
  { name: 'asc' },
  { id: 'asc' },
] satisfies Prisma.SectionOrderByWithRelationInput[];

/** Sections and who teaches what in them. */
export class SectionRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<SectionRecord[]> {
    return this.db.forTenant(schoolId).section.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: sectionSelect,
    });
  }

  /** Every section of many years at once (a year has at most a few hundred), in display order. */
  ofAcademicYears(schoolId: string, academicYearIds: readonly string[]): Promise<SectionRecord[]> {
    return this.db.forTenant(schoolId).section.findMany({
      where: { schoolId, academicYearId: { in: onlyUuids(academicYearIds) } },
      select: sectionSelect,
      orderBy: sectionOrder,
    });
  }

  /** Sections whose class teacher is one of `teacherIds`, in any of `academicYearIds`, in display order. */
  classSectionsOf(
    schoolId: string,
    academicYearIds: readonly string[],
    teacherIds: readonly string[],
  ): Promise<SectionRecord[]> {
    return this.db.forTenant(schoolId).section.findMany({
      where: {
        schoolId,
        academicYearId: { in: onlyUuids(academicYearIds) },
        classTeacherId: { in: onlyUuids(teacherIds) },
      },
      select: sectionSelect,
      orderBy: sectionOrder,
    });
  }

  /** Teaching assignments of many sections at once, by subject name. */
  assignmentsOfSections(
    schoolId: string,
    sectionIds: readonly string[],
  ): Promise<TeachingAssignmentRecord[]> {
    return this.db.forTenant(schoolId).teachingAssignment.findMany({
      where: { schoolId, sectionId: { in: onlyUuids(sectionIds) } },
      select: teachingAssignmentSelect,
      orderBy: [{ subject: { name: 'asc' } }, { id: 'asc' }],
    });
  }

  /** Teaching assignments of many teachers in one academic year, by grade level, section, subject. */
  assignmentsOfTeachers(
    schoolId: string,
    academicYearId: string,
    teacherIds: readonly string[],
  ): Promise<TeachingAssignmentRecord[]> {
    return this.db.forTenant(schoolId).teachingAssignment.findMany({
      where: { schoolId, teacherId: { in: onlyUuids(teacherIds) }, section: { academicYearId } },
      select: teachingAssignmentSelect,
      orderBy: [
        { section: { grade: { level: 'asc' } } },
        { section: { name: 'asc' } },
        { subject: { name: 'asc' } },
        { id: 'asc' },
      ],
    });
  }
}
