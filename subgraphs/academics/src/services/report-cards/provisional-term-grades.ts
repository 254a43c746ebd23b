/*
 * PROVISIONAL — replaced by the gradebook at merge. The gradebook (grading scales, weighted
 * categories, term grades, overrides) is being built on another branch; its `GradebookRepository`
 * implements `TermGradesSource` itself. Until then report cards take their grades from what exists
 * today:
 *
 * - a subject's term percentage = the marks that count (moderated where there are) over the maximum
 *   marks of the papers the student sat, in PUBLISHED exams whose papers start within the term's
 *   dates (absent papers left out; no paper: no line);
 * - the label and grade points come from the fixed default scale below (no overrides exist yet).
 *
 * At merge: delete this file and pass the gradebook repository where `ProvisionalTermGrades` is built
 * (services/report-cards/report-card-worker.ts, `createTermGradesSource`).
 */
import type { AcademicsRepositories } from '../../repositories/index.js';
import type { GradingScaleBand, SubjectTermGrade, TermGradesSource } from './term-grades-source.js';

/** The default scale (a common nine-point scale: A1 for 91 % and up … E below 33 %). */
export const DEFAULT_GRADING_SCALE: readonly GradingScaleBand[] = [
  { minPercent: 91, label: 'A1', gradePoints: 10 },
  { minPercent: 81, label: 'A2', gradePoints: 9 },
  { minPercent: 71, label: 'B1', gradePoints: 8 },
  { minPercent: 61, label: 'B2', gradePoints: 7 },
  { minPercent: 51, label: 'C1', gradePoints: 6 },
  { minPercent: 41, label: 'C2', gradePoints: 5 },
  { minPercent: 33, label: 'D', gradePoints: 4 },
  { minPercent: 0, label: 'E', gradePoints: null },
];

export function bandFor(percentage: number, scale: readonly GradingScaleBand[]): GradingScaleBand | null {
  return scale.find((band) => percentage >= band.minPercent) ?? null;
}

export class ProvisionalTermGrades implements TermGradesSource {
  constructor(private readonly repos: Pick<AcademicsRepositories, 'academicYears' | 'exams'>) {}

  async termGradesForStudents(
    schoolId: string,
    termId: string,
    studentIds: readonly string[],
  ): Promise<Map<string, SubjectTermGrade[]>> {
    const grades = new Map<string, SubjectTermGrade[]>(studentIds.map((id) => [id.toLowerCase(), []]));
    const [term] = await this.repos.academicYears.findTermsByIds(schoolId, [termId]);
    if (!term) return grades;
    const rows = await this.repos.exams.publishedMarksBySubject(
      schoolId,
      { from: term.startsOn, to: term.endsOn },
      studentIds,
    );
    for (const row of rows) {
      if (row.maxMarks <= 0) continue;
      const percentage = Math.round((row.marks / row.maxMarks) * 10_000) / 100;
      const band = bandFor(percentage, DEFAULT_GRADING_SCALE);
      grades.get(row.studentId)?.push({
        subjectId: row.subjectId,
        subjectName: row.subjectName,
        percentage,
        label: band?.label ?? null,
        gradePoints: band?.gradePoints ?? null,
        overridden: false,
      });
    }
    return grades;
  }

  gradingScaleLegend(): Promise<GradingScaleBand[]> {
    return Promise.resolve([...DEFAULT_GRADING_SCALE]);
  }
}
