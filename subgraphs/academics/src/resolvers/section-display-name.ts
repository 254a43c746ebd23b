import type { GradeRecord } from '../repositories/grade-repository.js';
import type { SectionRecord } from '../repositories/section-repository.js';

/**
 * "7-B": schools print the grade's level, not its name ("Class 7"), on timetables and ID cards.
 * Pre-primary levels (0 and below) have no number people use, so their name stands in ("KG-A").
 */
export function sectionDisplayName(
  section: Pick<SectionRecord, 'name'>,
  grade: Pick<GradeRecord, 'name' | 'level'>,
): string {
  return `${grade.level > 0 ? grade.level : grade.name}-${section.name}`;
}
