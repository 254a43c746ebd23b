import type { TenantDatabase } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';

/** The homework that counts for one leaderboard: a section's, in one subject, due in [from, until). */
export interface LeaderboardWindow {
  sectionId: string;
  subjectId: string;
  from: Date;
  until: Date;
}

export interface StudentScore {
  studentId: string;
  score: number;
}

export class LeaderboardRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Each student's score in the window: the sum of the final points (after late penalties) of their
   * graded submissions of homework that is not cancelled and they are not excused from, in ONE
   * aggregate (served by the `(sectionId, dueAt)` index on homework and `(homeworkId, studentId)` on
   * submissions). With `studentId`, that student's row only (none when they have no graded work).
   */
  async scores(schoolId: string, window: LeaderboardWindow, studentId?: string): Promise<StudentScore[]> {
    const ids = [window.sectionId, window.subjectId, ...(studentId === undefined ? [] : [studentId])];
    if (onlyUuids(ids).length < ids.length) return [];
    const student = studentId ?? null;
    return this.db.forTenant(schoolId).$queryRaw<StudentScore[]>`
      SELECT s."studentId"::text AS "studentId", SUM(s.points)::int AS score
        FROM "Homework" h
        JOIN "HomeworkSubmission" s ON s."homeworkId" = h.id AND s."schoolId" = h."schoolId"
       WHERE h."schoolId" = ${schoolId}::uuid
         AND h."sectionId" = ${window.sectionId}::uuid
         AND h."subjectId" = ${window.subjectId}::uuid
         AND h."dueAt" >= ${window.from} AND h."dueAt" < ${window.until}
         AND h."status" = 'ASSIGNED'
         AND s.points IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "HomeworkExcusal" x
                          WHERE x."homeworkId" = h.id AND x."studentId" = s."studentId")
         AND (${student}::uuid IS NULL OR s."studentId" = ${student}::uuid)
       GROUP BY s."studentId"`;
  }
}
