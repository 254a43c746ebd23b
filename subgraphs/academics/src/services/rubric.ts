import { randomUUID } from 'node:crypto';
import { userError } from '@schools24/errors';
import { z } from 'zod';
import type { HomeworkUserError } from './homework-service.js';

/** Limits of a rubric (the total is bounded by a homework's maximum points, 1,000). */
export const RUBRIC_LIMITS = {
  criteria: 20,
  levels: 10,
  title: 200,
  description: 2000,
  total: 1000,
} as const;

const level = z.object({ id: z.uuid(), title: z.string(), points: z.number().int().min(0) });
const criterion = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  levels: z.array(level).min(1),
});
/** A rubric as stored (JSONB on the homework): criteria, each with levels worth points. */
export const rubricSchema = z.object({ criteria: z.array(criterion).min(1) });
export type Rubric = z.infer<typeof rubricSchema>;

/** The per-criterion choices a rubric grade stores (JSONB on the submission). */
export const rubricChoicesSchema = z.array(
  z.object({ criterionId: z.uuid(), levelId: z.uuid(), points: z.number().int().min(0) }),
);
export type RubricChoices = z.infer<typeof rubricChoicesSchema>;

export interface RubricInput {
  criteria: readonly {
    title: string;
    description?: string | null;
    levels: readonly { title: string; points: number }[];
  }[];
}

/** A stored rubric, or null for homework graded by points (or a value that is not a rubric). */
export function readRubric(value: unknown): Rubric | null {
  const parsed = rubricSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function readRubricChoices(value: unknown): RubricChoices | null {
  const parsed = rubricChoicesSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * A rubric from its input, with ids for every criterion and level, and the homework's maximum points
 * (the sum of each criterion's best level); or every problem with it, at `path`.
 */
export function parseRubric(
  input: RubricInput,
  path: string[],
): { rubric: Rubric; maxPoints: number } | { problems: HomeworkUserError[] } {
  const problems: HomeworkUserError[] = [];
  const problem = (message: string, at: (string | number)[]) =>
    problems.push(userError('INVALID_INPUT', message, [...path, ...at.map(String)]));
  if (input.criteria.length < 1 || input.criteria.length > RUBRIC_LIMITS.criteria)
    problem(`A rubric has 1 to ${RUBRIC_LIMITS.criteria} criteria.`, ['criteria']);
  const criteria = input.criteria.map((item, index) => {
    const title = item.title.trim();
    if (title.length === 0 || title.length > RUBRIC_LIMITS.title)
      problem('A criterion title must be 1–200 characters.', ['criteria', index, 'title']);
    const description = item.description?.trim() || null;
    if (description !== null && description.length > RUBRIC_LIMITS.description)
      problem('A criterion description must be at most 2,000 characters.', [
        'criteria',
        index,
        'description',
      ]);
    if (item.levels.length < 1 || item.levels.length > RUBRIC_LIMITS.levels)
      problem(`A criterion has 1 to ${RUBRIC_LIMITS.levels} levels.`, ['criteria', index, 'levels']);
    const levels = item.levels.map((entry, at) => {
      const levelTitle = entry.title.trim();
      if (levelTitle.length === 0 || levelTitle.length > RUBRIC_LIMITS.title)
        problem('A level title must be 1–200 characters.', ['criteria', index, 'levels', at, 'title']);
      if (!Number.isInteger(entry.points) || entry.points < 0 || entry.points > RUBRIC_LIMITS.total)
        problem('Level points must be a whole number from 0 to 1,000.', [
          'criteria',
          index,
          'levels',
          at,
          'points',
        ]);
      return { id: randomUUID(), title: levelTitle, points: entry.points };
    });
    return { id: randomUUID(), title, description, levels };
  });
  const maxPoints = criteria.reduce(
    (sum, item) => sum + Math.max(0, ...item.levels.map((entry) => entry.points)),
    0,
  );
  if (problems.length === 0 && (maxPoints < 1 || maxPoints > RUBRIC_LIMITS.total))
    problem('The best levels of all criteria must add up to 1 to 1,000 points.', ['criteria']);
  return problems.length > 0 ? { problems } : { rubric: { criteria }, maxPoints };
}

/**
 * A rubric grade: exactly one level chosen per criterion; the raw points are their sum. The choices
 * are stored with the points they were worth, so the grade reads the same whatever happens later.
 */
export function gradeByRubric(
  rubric: Rubric,
  choices: readonly { criterionId: string; levelId: string }[],
  path: string[],
): { rawPoints: number; choices: RubricChoices } | { problem: HomeworkUserError } {
  const chosen = new Map(
    choices.map((choice) => [choice.criterionId.toLowerCase(), choice.levelId.toLowerCase()]),
  );
  const invalid = () => ({
    problem: userError(
      'INVALID_RUBRIC_CHOICES',
      'Choose exactly one level of every criterion of the homework’s rubric.',
      path,
    ),
  });
  if (chosen.size !== choices.length || chosen.size !== rubric.criteria.length) return invalid();
  const result: RubricChoices = [];
  for (const item of rubric.criteria) {
    const levelId = chosen.get(item.id);
    const picked = item.levels.find((entry) => entry.id === levelId);
    if (!picked) return invalid();
    result.push({ criterionId: item.id, levelId: picked.id, points: picked.points });
  }
  return { rawPoints: result.reduce((sum, choice) => sum + choice.points, 0), choices: result };
}
