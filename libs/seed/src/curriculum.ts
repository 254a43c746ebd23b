/*
 * The demo school's curriculum: a CBSE-like Indian school with classes 1-12, three sections per
 * class, and streams in classes 11-12 (A: Science with Mathematics, B: Science with Biology,
 * C: Commerce). Exported so tests (and later issues) can check coverage against it.
 */

export const GRADE_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const SECTION_NAMES = ['A', 'B', 'C'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface SubjectSpec {
  code: string;
  name: string;
  /** Periods per week in every section that takes the subject. */
  periodsPerWeek: number;
}

/**
 * In "staff room" order: neighbouring subjects are ones a teacher plausibly teaches together,
 * which is what the teacher allocation relies on.
 */
export const SUBJECTS: readonly SubjectSpec[] = [
  { code: 'ENG', name: 'English', periodsPerWeek: 6 },
  { code: 'HIN', name: 'Hindi', periodsPerWeek: 5 },
  { code: 'EVS', name: 'Environmental Studies', periodsPerWeek: 5 },
  { code: 'SST', name: 'Social Science', periodsPerWeek: 6 },
  { code: 'ECO', name: 'Economics', periodsPerWeek: 7 },
  { code: 'BST', name: 'Business Studies', periodsPerWeek: 7 },
  { code: 'ACC', name: 'Accountancy', periodsPerWeek: 7 },
  { code: 'MATH', name: 'Mathematics', periodsPerWeek: 7 },
  { code: 'COMP', name: 'Computer Science', periodsPerWeek: 2 },
  { code: 'SCI', name: 'Science', periodsPerWeek: 7 },
  { code: 'PHY', name: 'Physics', periodsPerWeek: 7 },
  { code: 'CHEM', name: 'Chemistry', periodsPerWeek: 7 },
  { code: 'BIO', name: 'Biology', periodsPerWeek: 7 },
  { code: 'PE', name: 'Physical Education', periodsPerWeek: 3 },
];

export const STREAMS: Readonly<Record<SectionName, string>> = {
  A: 'Science (PCM)',
  B: 'Science (PCB)',
  C: 'Commerce',
};

/** Subject codes taught in a section of the given class (1-12) and section name (A, B, C). */
export function subjectsForSection(level: number, section: string): string[] {
  if (level <= 5) {
    return level <= 2 ? ['ENG', 'HIN', 'MATH', 'EVS', 'PE'] : ['ENG', 'HIN', 'MATH', 'EVS', 'COMP', 'PE'];
  }
  if (level <= 10) return ['ENG', 'HIN', 'MATH', 'SCI', 'SST', 'COMP', 'PE'];
  switch (section) {
    case 'A':
      return ['ENG', 'PHY', 'CHEM', 'MATH', 'COMP', 'PE'];
    case 'B':
      return ['ENG', 'PHY', 'CHEM', 'BIO', 'PE'];
    default:
      return ['ENG', 'ACC', 'BST', 'ECO', 'MATH', 'PE'];
  }
}

export function gradeName(level: number): string {
  return `Class ${level}`;
}
