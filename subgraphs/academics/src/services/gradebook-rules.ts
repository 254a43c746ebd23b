/**
 * The grade computation, a pure function of the facts (see README, "Gradebook"): no database, no
 * clock but the `now` it is given, so the cached facts serve every later moment (work turns from
 * NOT_DUE to MISSING as its due time passes without any write).
 */
import { bandLabelled, bandOf, type ScaleBand } from './grading-scale.js';

export type SourceKind = 'HOMEWORK' | 'QUIZ' | 'EXAM';

export type CellStatus = 'GRADED' | 'LATE' | 'MISSING' | 'EXCUSED' | 'NOT_DUE' | 'PENDING' | 'NOT_ENROLLED';

/** One assessment of a section in a subject and term, whatever its source. */
export interface AssessmentFact {
  kind: SourceKind;
  id: string;
  sectionId: string;
  subjectId: string;
  title: string;
  maxPoints: number;
  /** Homework: the due time; quiz: the window's close; exam paper: its start. */
  dueAt: Date;
  /**
   * From when its results count: homework always (epoch), a quiz by its release policy, an exam
   * paper once the exam is published; null: not released.
   */
  countsFrom: Date | null;
}

/** A student's result on an assessment: there is one when they handed in / sat it / were entered. */
export interface ResultFact {
  kind: SourceKind;
  assessmentId: string;
  studentId: string;
  /** Final points (homework after the late penalty; a quiz's best fully graded attempt; the moderated
   * exam mark over the entered one); null while ungraded. */
  points: number | null;
  isLate: boolean;
  isAbsent: boolean;
}

export interface RosterFact {
  sectionId: string;
  studentId: string;
  rollNumber: number;
  startsOn: Date;
  endsOn: Date | null;
}

export interface CategoryFact {
  id: string;
  sectionId: string;
  subjectId: string;
  name: string;
  weightPercent: number;
  kind: SourceKind | null;
  position: number;
}

export interface MappingFact {
  kind: SourceKind;
  assessmentId: string;
  categoryId: string;
}

export interface OverrideFact {
  studentId: string;
  subjectId: string;
  label: string | null;
  percentage: number | null;
  reason: string;
  setByUserId: string;
  setAt: Date;
}

/** Everything one gradebook (section × subject × term) is computed from. */
export interface GradebookFacts {
  sectionId: string;
  subjectId: string;
  termId: string;
  assessments: AssessmentFact[];
  results: ResultFact[];
  /** `<homeworkId>:<studentId>` of excused homework. */
  excused: string[];
  roster: RosterFact[];
  categories: CategoryFact[];
  mappings: MappingFact[];
  overrides: OverrideFact[];
}

export interface GradebookColumn extends AssessmentFact {
  /** The category it counts in; null: in none (categories are set and none takes it). */
  category: CategoryModel | null;
}

export interface GradebookCell {
  kind: SourceKind;
  assessmentId: string;
  status: CellStatus;
  /** Points earned as shown (null for MISSING, EXCUSED, NOT_DUE, PENDING and NOT_ENROLLED). */
  points: number | null;
  maxPoints: number;
  /** Whether it counts towards the grade (MISSING counts as 0). */
  counts: boolean;
}

export interface CategoryResult {
  id: string | null;
  name: string;
  weightPercent: number;
  kind: SourceKind | null;
  /** Earned over possible points of the counted cells, in percent; null with nothing counted. */
  percentage: number | null;
}

/** A category as the API shows it (without a student's percentage). */
export type CategoryModel = Omit<CategoryResult, 'percentage'>;

export interface GradebookRow {
  studentId: string;
  rollNumber: number;
  cells: GradebookCell[];
  categories: CategoryResult[];
  /** The computed term percentage (before any override); null when no category has anything counted. */
  percentage: number | null;
  override: OverrideFact | null;
}

export interface ComputedGradebook {
  columns: GradebookColumn[];
  categories: Omit<CategoryResult, 'percentage'>[];
  rows: GradebookRow[];
}

/** The implicit category when none are set: every assessment, weighted by its points. */
export const ALL_WORK = 'All work';

export const round2 = (value: number) => Math.round(value * 100) / 100;

const utcDay = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());

/** A cell's status and whether it counts; the rules of the README's "Gradebook" section. */
export function cellOf(
  assessment: AssessmentFact,
  result: ResultFact | undefined,
  excused: boolean,
  enrolled: boolean,
  now: Date,
): Pick<GradebookCell, 'status' | 'points' | 'counts'> {
  if (!enrolled) return { status: 'NOT_ENROLLED', points: null, counts: false };
  if (excused) return { status: 'EXCUSED', points: null, counts: false };
  const released = assessment.countsFrom !== null && assessment.countsFrom.getTime() <= now.getTime();
  const due = assessment.dueAt.getTime() <= now.getTime();
  if (result && !result.isAbsent) {
    if (result.points === null || !released) return { status: 'PENDING', points: null, counts: false };
    return { status: result.isLate ? 'LATE' : 'GRADED', points: result.points, counts: true };
  }
  // Nothing handed in (or entered absent): missing once the due time or window has passed.
  if (!due && !result) return { status: 'NOT_DUE', points: null, counts: false };
  // An exam's marks (absent included) count only once published; an unreleased quiz not taken is
  // certain to be 0, but it waits for the release like everyone else's.
  if (!released) return { status: 'PENDING', points: null, counts: false };
  return { status: 'MISSING', points: null, counts: true };
}

/** Whether the student was enrolled in the section on the assessment's due day. */
function enrolledOn(spans: readonly RosterFact[], at: Date): boolean {
  const day = utcDay(at);
  return spans.some(
    (span) => span.startsOn.getTime() <= day && (span.endsOn === null || day <= span.endsOn.getTime()),
  );
}

export function computeGradebook(facts: GradebookFacts, now: Date): ComputedGradebook {
  const configured = [...facts.categories].sort((a, b) => a.position - b.position);
  const categories: CategoryModel[] =
    configured.length > 0
      ? configured.map(({ id, name, weightPercent, kind }) => ({ id, name, weightPercent, kind }))
      : [{ id: null, name: ALL_WORK, weightPercent: 100, kind: null }];
  const byId = new Map(configured.map((category) => [category.id, category]));
  const mapped = new Map(facts.mappings.map((row) => [`${row.kind}:${row.assessmentId}`, row.categoryId]));
  const categoryOf = (assessment: AssessmentFact): CategoryModel | null => {
    if (configured.length === 0) return categories[0] ?? null;
    const explicit = byId.get(mapped.get(`${assessment.kind}:${assessment.id}`) ?? '');
    const chosen = explicit ?? configured.find((category) => category.kind === assessment.kind);
    return chosen
      ? { id: chosen.id, name: chosen.name, weightPercent: chosen.weightPercent, kind: chosen.kind }
      : null;
  };
  const columns: GradebookColumn[] = [...facts.assessments]
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id))
    .map((assessment) => ({ ...assessment, category: categoryOf(assessment) }));

  const results = new Map(
    facts.results.map((result) => [`${result.kind}:${result.assessmentId}:${result.studentId}`, result]),
  );
  const excused = new Set(facts.excused);
  const overrides = new Map(facts.overrides.map((row) => [row.studentId, row]));
  const spans = new Map<string, RosterFact[]>();
  for (const row of facts.roster) spans.set(row.studentId, [...(spans.get(row.studentId) ?? []), row]);

  const rows = [...spans.entries()]
    .map(([studentId, studentSpans]): GradebookRow => {
      const cells = columns.map((column): GradebookCell => {
        const cell = cellOf(
          column,
          results.get(`${column.kind}:${column.id}:${studentId}`),
          column.kind === 'HOMEWORK' && excused.has(`${column.id}:${studentId}`),
          enrolledOn(studentSpans, column.dueAt),
          now,
        );
        return { kind: column.kind, assessmentId: column.id, maxPoints: column.maxPoints, ...cell };
      });
      const categoryResults = categories.map((category): CategoryResult => {
        let earned = 0;
        let possible = 0;
        columns.forEach((column, index) => {
          const cell = cells[index];
          if (!cell?.counts || column.category?.id !== category.id || column.category === null) return;
          earned += cell.points ?? 0;
          possible += column.maxPoints;
        });
        return { ...category, percentage: possible > 0 ? (earned / possible) * 100 : null };
      });
      // Categories with nothing counted are left out and the others' weights re-normalised.
      let weighted = 0;
      let weights = 0;
      for (const category of categoryResults) {
        if (category.percentage === null || category.weightPercent <= 0) continue;
        weighted += category.percentage * category.weightPercent;
        weights += category.weightPercent;
      }
      return {
        studentId,
        rollNumber: Math.min(...studentSpans.map((span) => span.rollNumber)),
        cells,
        categories: categoryResults.map((category) => ({
          ...category,
          percentage: category.percentage === null ? null : round2(category.percentage),
        })),
        percentage: weights > 0 ? round2(weighted / weights) : null,
        override: overrides.get(studentId) ?? null,
      };
    })
    .sort((a, b) => a.rollNumber - b.rollNumber || a.studentId.localeCompare(b.studentId));
  return { columns, categories, rows };
}

export interface FinalGrade {
  percentage: number | null;
  label: string | null;
  gradePoints: number | null;
  overridden: boolean;
}

/**
 * The term grade shown: an override's percentage and/or label win over the computed ones; the label
 * and grade points otherwise come from the scale's band of the percentage.
 */
export function finalGrade(
  computed: number | null,
  override: Pick<OverrideFact, 'label' | 'percentage'> | null,
  bands: readonly ScaleBand[],
): FinalGrade {
  const percentage = override?.percentage ?? computed;
  const labelled = override?.label ? bandLabelled(bands, override.label) : null;
  const band = labelled ?? (percentage === null ? null : bandOf(bands, percentage));
  return {
    percentage,
    label: override?.label ?? band?.label ?? null,
    gradePoints: band?.gradePoints ?? null,
    overridden: override !== null,
  };
}

/**
 * The year grade: the mean of the year's term percentages that exist (each term weighs the same;
 * terms without a grade are left out), labelled by the scale.
 */
export function yearGrade(
  termPercentages: readonly (number | null)[],
  bands: readonly ScaleBand[],
): FinalGrade {
  const known = termPercentages.filter((value): value is number => value !== null);
  if (known.length === 0) return { percentage: null, label: null, gradePoints: null, overridden: false };
  const percentage = round2(known.reduce((sum, value) => sum + value, 0) / known.length);
  const band = bandOf(bands, percentage);
  return {
    percentage,
    label: band?.label ?? null,
    gradePoints: band?.gradePoints ?? null,
    overridden: false,
  };
}
