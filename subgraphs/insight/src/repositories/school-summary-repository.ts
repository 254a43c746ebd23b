import type { TenantDatabase } from '@schools24/db';

/** Counts of one school at `generatedAt`. Plain numbers: the SQL casts every count to int4. */
export interface SchoolSummaryRecord {
  schoolId: string;
  /** Null when the school marks no academic year as current. */
  currentAcademicYearId: string | null;
  studentCount: number;
  teacherCount: number;
  guardianCount: number;
  sectionCount: number;
  activeEnrolmentCount: number;
  generatedAt: Date;
}

/**
 * Insight is the analytics domain: it reads other domains' tables, but only through aggregate,
 * read-only queries like this one, never row by row.
 */
export class SchoolSummaryRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Every count in ONE query (in the tenant's transaction). Should a school mark several years current (nothing in the
   * schema prevents it), the latest-starting one wins, so the answer is at least deterministic.
   */
  async summarize(schoolId: string): Promise<SchoolSummaryRecord> {
    const rows = await this.db.forTenant(schoolId).$queryRaw<SchoolSummaryRecord[]>`
      WITH school AS (
        SELECT ${schoolId}::uuid AS id
      ),
      current_year AS (
        SELECT y.id
          FROM "AcademicYear" y
          JOIN school ON y."schoolId" = school.id
         WHERE y."isCurrent"
         ORDER BY y."startsOn" DESC, y.id DESC
         LIMIT 1
      )
      SELECT
        school.id::text AS "schoolId",
        current_year.id::text AS "currentAcademicYearId",
        (SELECT count(*) FROM "Student" WHERE "schoolId" = school.id)::int AS "studentCount",
        (SELECT count(*) FROM "Teacher" WHERE "schoolId" = school.id)::int AS "teacherCount",
        (SELECT count(*) FROM "Guardian" WHERE "schoolId" = school.id)::int AS "guardianCount",
        (SELECT count(*) FROM "Section"
          WHERE "schoolId" = school.id AND "academicYearId" = current_year.id)::int AS "sectionCount",
        (SELECT count(*) FROM "Enrolment"
          WHERE "schoolId" = school.id AND "academicYearId" = current_year.id AND status = 'ACTIVE')::int
          AS "activeEnrolmentCount",
        now() AS "generatedAt"
      FROM school
      LEFT JOIN current_year ON true`;
    const [summary] = rows;
    // A SELECT over the one-row CTE always yields exactly one row.
    if (!summary) throw new Error('School summary query returned no row');
    return summary;
  }
}
