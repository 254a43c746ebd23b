import { userError } from '@schools24/errors';
import type { RolloverOutcome, RolloverProblemCode } from '../generated/resolvers-types.js';
import type { EnrolmentRecord } from '../repositories/enrolment-repository.js';
import type { RolloverFacts, RolloverWrites } from '../repositories/rollover-repository.js';
import type { SectionRecord } from '../repositories/section-repository.js';
import type { AcademicsError } from './structure-rules.js';

export interface RolloverStudentPlan {
  student: { id: string };
  fromEnrolment: EnrolmentRecord;
  outcome: RolloverOutcome;
  rollNumber: number | null;
  problem: RolloverProblemCode | null;
}

export interface RolloverSectionPlan {
  fromSection: SectionRecord;
  toSection: SectionRecord | null;
  students: RolloverStudentPlan[];
}

export interface RolloverProblem {
  code: RolloverProblemCode;
  message: string;
  fromSection: SectionRecord;
  student: { id: string } | null;
}

export interface RolloverPlan {
  sections: RolloverSectionPlan[];
  problems: RolloverProblem[];
  promotedCount: number;
  graduatedCount: number;
  /** What a real run writes; null when there are problems (nothing may be written). */
  writes: RolloverWrites | null;
}

/**
 * What the rollover does with every ACTIVE enrolment of the old year, as a pure function of the
 * facts, so the dry run and the real run (which re-reads the facts under lock) decide alike:
 *
 * - a section of the school's highest grade graduates (its enrolments end GRADUATED);
 * - any other section moves to the new year's section of the next grade (the lowest level above
 *   its own) with the same name, or to the section `sectionTargets` names for it (checked first by
 *   `checkSectionTargets`); its enrolments end PROMOTED and new ACTIVE ones start on the new
 *   year's first day, numbered after the target section's highest roll number in the order of the
 *   old sections and roll numbers;
 * - problems: no such target section (the whole section is blocked), a student already ACTIVE in the
 *   new year, a target section whose capacity the incoming students would exceed.
 */
export function planRollover(
  facts: RolloverFacts,
  sectionTargets: ReadonlyMap<string, string> = new Map(),
): RolloverPlan {
  const levels = new Map(facts.grades.map((grade) => [grade.id, grade.level]));
  const byLevel = [...facts.grades].sort((a, b) => a.level - b.level);
  const highest = byLevel.at(-1)?.level;
  const nextGradeId = (gradeId: string): string | null => {
    const level = levels.get(gradeId);
    return byLevel.find((grade) => level !== undefined && grade.level > level)?.id ?? null;
  };
  const targets = new Map(facts.toSections.map((section) => [`${section.gradeId}:${section.name}`, section]));
  const toSectionsById = new Map(facts.toSections.map((section) => [section.id, section]));
  const enrolmentsBySection = new Map<string, EnrolmentRecord[]>();
  for (const enrolment of facts.enrolments) {
    const list = enrolmentsBySection.get(enrolment.sectionId) ?? [];
    list.push(enrolment);
    enrolmentsBySection.set(enrolment.sectionId, list);
  }
  const nextRoll = new Map([...facts.targetRosters].map(([id, roster]) => [id, roster.highestRollNumber]));
  const incoming = new Map<string, number>();

  const sections: RolloverSectionPlan[] = [];
  const problems: RolloverProblem[] = [];
  const writes: RolloverWrites = {
    promotedEnrolmentIds: [],
    graduatedEnrolmentIds: [],
    endsOn: facts.from.endsOn,
    created: [],
  };
  for (const fromSection of facts.fromSections) {
    const enrolments = enrolmentsBySection.get(fromSection.id) ?? [];
    if (enrolments.length === 0) continue;
    const graduates = levels.get(fromSection.gradeId) === highest;
    const nextGrade = graduates ? null : nextGradeId(fromSection.gradeId);
    const chosen = sectionTargets.get(fromSection.id);
    const toSection = graduates
      ? null
      : chosen !== undefined
        ? (toSectionsById.get(chosen) ?? null)
        : nextGrade
          ? (targets.get(`${nextGrade}:${fromSection.name}`) ?? null)
          : null;
    if (!graduates && !toSection)
      problems.push({
        code: 'MISSING_TARGET_SECTION',
        message: `The new year has no section "${fromSection.name}" of the next grade: create it, then run the rollover again.`,
        fromSection,
        student: null,
      });
    const students = enrolments.map((fromEnrolment): RolloverStudentPlan => {
      const student = { id: fromEnrolment.studentId };
      const blocked = (problem: RolloverProblemCode): RolloverStudentPlan => ({
        student,
        fromEnrolment,
        outcome: 'BLOCKED',
        rollNumber: null,
        problem,
      });
      if (facts.enrolledInTarget.has(fromEnrolment.studentId)) {
        problems.push({
          code: 'ALREADY_ENROLLED',
          message:
            'The student already has an ACTIVE enrolment in the new year: end it or leave the student out.',
          fromSection,
          student,
        });
        return blocked('ALREADY_ENROLLED');
      }
      if (graduates) {
        writes.graduatedEnrolmentIds.push(fromEnrolment.id);
        return { student, fromEnrolment, outcome: 'GRADUATE', rollNumber: null, problem: null };
      }
      if (!toSection) return blocked('MISSING_TARGET_SECTION');
      const rollNumber = (nextRoll.get(toSection.id) ?? 0) + 1;
      nextRoll.set(toSection.id, rollNumber);
      incoming.set(toSection.id, (incoming.get(toSection.id) ?? 0) + 1);
      writes.promotedEnrolmentIds.push(fromEnrolment.id);
      writes.created.push({
        studentId: fromEnrolment.studentId,
        sectionId: toSection.id,
        academicYearId: facts.to.id,
        rollNumber,
        startsOn: facts.to.startsOn,
      });
      return { student, fromEnrolment, outcome: 'PROMOTE', rollNumber, problem: null };
    });
    sections.push({ fromSection, toSection, students });
  }

  // Capacity, once every section's students are counted (several old sections may feed one new one).
  for (const plan of sections) {
    const target = plan.toSection;
    if (!target || target.capacity === null) continue;
    const total = (facts.targetRosters.get(target.id)?.activeCount ?? 0) + (incoming.get(target.id) ?? 0);
    if (total <= target.capacity) continue;
    problems.push({
      code: 'SECTION_FULL',
      message: `Section "${target.name}" of the new year would hold ${total} students, over its capacity of ${target.capacity}.`,
      fromSection: plan.fromSection,
      student: null,
    });
    for (const student of plan.students) {
      if (student.outcome === 'PROMOTE')
        Object.assign(student, { outcome: 'BLOCKED', rollNumber: null, problem: 'SECTION_FULL' });
    }
  }

  const count = (outcome: RolloverOutcome) =>
    sections.reduce(
      (sum, plan) => sum + plan.students.filter((student) => student.outcome === outcome).length,
      0,
    );
  return {
    sections,
    problems,
    promotedCount: count('PROMOTE'),
    graduatedCount: count('GRADUATE'),
    writes: problems.length === 0 ? writes : null,
  };
}

export interface SectionTargetInput {
  fromSectionId: string;
  toSectionId: string;
}

/**
 * The input errors of `sectionTargets` against the facts: each names a section of the old year (once)
 * and a section of the new year of a higher grade. Checked again in the real run's transaction.
 */
export function checkSectionTargets(
  facts: RolloverFacts,
  targets: readonly SectionTargetInput[],
): { errors: AcademicsError[]; map: Map<string, string> } {
  const levels = new Map(facts.grades.map((grade) => [grade.id, grade.level]));
  const from = new Map(facts.fromSections.map((section) => [section.id, section]));
  const to = new Map(facts.toSections.map((section) => [section.id, section]));
  const errors: AcademicsError[] = [];
  const map = new Map<string, string>();
  targets.forEach((target, index) => {
    const field = (name: string) => ['input', 'sectionTargets', String(index), name];
    const source = from.get(target.fromSectionId.toLowerCase());
    const destination = to.get(target.toSectionId.toLowerCase());
    if (!source)
      errors.push(userError('NOT_FOUND', 'No such section in the old year.', field('fromSectionId')));
    if (!destination)
      errors.push(userError('NOT_FOUND', 'No such section in the new year.', field('toSectionId')));
    if (!source || !destination) return;
    if (map.has(source.id))
      errors.push(userError('INVALID_INPUT', 'Each old section may be named once.', field('fromSectionId')));
    else if ((levels.get(destination.gradeId) ?? 0) <= (levels.get(source.gradeId) ?? 0))
      errors.push(
        userError(
          'INVALID_INPUT',
          "Students move up: pick a section of a higher grade than the old section's.",
          field('toSectionId'),
        ),
      );
    map.set(source.id, destination.id);
  });
  return { errors, map };
}
