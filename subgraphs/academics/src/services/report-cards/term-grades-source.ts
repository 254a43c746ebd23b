import type { GradebookRepository } from '../../repositories/gradebook-repository.js';

export type { GradingScaleBand, SubjectTermGrade } from '../../repositories/gradebook-repository.js';

/**
 * The one thing report cards need from the gradebook: each student's term grade per subject
 * (students without any map to an empty list), and the grading scale that explains the labels. The
 * worker takes it as a dependency so a test can make one student's grades fail.
 */
export type TermGradesSource = Pick<GradebookRepository, 'termGradesForStudents' | 'gradingScaleLegend'>;
