/*
 * The one thing report cards need from the gradebook: each student's term grade per subject, and the
 * grading scale that explains the labels. The gradebook (subgraphs/academics/src/repositories/
 * gradebook-repository.ts, built on another branch) exposes exactly these shapes and methods, so at
 * merge `GradebookRepository` satisfies this interface as it is and replaces
 * `provisional-term-grades.ts`.
 */

/** A student's grade in one subject for a term. */
export interface SubjectTermGrade {
  subjectId: string;
  subjectName: string;
  /** 0–100, or null when nothing was graded. */
  percentage: number | null;
  label: string | null;
  gradePoints: number | null;
  /** Whether a teacher overrode the computed grade. */
  overridden: boolean;
}

/** One band of a grading scale: percentages from `minPercent` up to the next band's get `label`. */
export interface GradingScaleBand {
  minPercent: number;
  label: string;
  gradePoints: number | null;
}

export interface TermGradesSource {
  /** Every listed student's subject grades for the term (students without any map to an empty list). */
  termGradesForStudents(
    schoolId: string,
    termId: string,
    studentIds: readonly string[],
  ): Promise<Map<string, SubjectTermGrade[]>>;
  /** The scale the term's labels come from, highest band first. */
  gradingScaleLegend(schoolId: string, termId: string): Promise<GradingScaleBand[]>;
}
