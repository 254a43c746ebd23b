import { userError } from '@schools24/errors';
import { z } from 'zod';
import type { HomeworkUserError } from './homework-service.js';

/** Limits of a grading scale. */
export const SCALE_LIMITS = { bands: 20, label: 20, name: 100, gradePoints: 100 } as const;

const band = z.object({
  minPercent: z.number().min(0).max(100),
  label: z.string().min(1).max(SCALE_LIMITS.label),
  gradePoints: z.number().min(0).max(SCALE_LIMITS.gradePoints).nullable(),
});
/** The bands as stored (JSONB on `GradingScale`): highest `minPercent` first, the last at 0. */
export const scaleBandsSchema = z.array(band).min(1).max(SCALE_LIMITS.bands);
export type ScaleBand = z.infer<typeof scaleBandsSchema>[number];

/** The scale a school gets when it has none (made on first use, like attendance codes). */
export const DEFAULT_GRADING_SCALE = {
  name: 'Default',
  bands: [
    { minPercent: 90, label: 'A+', gradePoints: 10 },
    { minPercent: 80, label: 'A', gradePoints: 9 },
    { minPercent: 70, label: 'B+', gradePoints: 8 },
    { minPercent: 60, label: 'B', gradePoints: 7 },
    { minPercent: 50, label: 'C', gradePoints: 6 },
    { minPercent: 40, label: 'D', gradePoints: 5 },
    { minPercent: 0, label: 'E', gradePoints: 0 },
  ] satisfies ScaleBand[],
} as const;

/** Stored bands; a stored value that is not a scale fails loudly rather than grading by nonsense. */
export function readBands(value: unknown): ScaleBand[] {
  return scaleBandsSchema.parse(value);
}

const hasAtMostTwoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-9;

/**
 * The bands from their input, sorted highest first; or every problem with them. Bands must cover
 * 0–100 without overlap: each band runs from its `minPercent` (inclusive) to the next band's, so the
 * lowest must start at 0 and no two may start at the same percentage. Labels are unique
 * (case-insensitive, trimmed).
 */
export function parseBands(
  input: readonly { minPercent: number; label: string; gradePoints?: number | null }[],
  path: string[],
): { bands: ScaleBand[] } | { problems: HomeworkUserError[] } {
  const problems: HomeworkUserError[] = [];
  const invalid = (message: string) => problems.push(userError('INVALID_GRADING_SCALE', message, path));
  if (input.length === 0 || input.length > SCALE_LIMITS.bands) invalid('A scale has 1–20 bands.');
  const bands = input.map((entry) => ({
    minPercent: entry.minPercent,
    label: entry.label.trim(),
    gradePoints: entry.gradePoints ?? null,
  }));
  for (const entry of bands) {
    if (!(entry.minPercent >= 0 && entry.minPercent <= 100) || !hasAtMostTwoDecimals(entry.minPercent))
      invalid(`A band's minimum (${entry.minPercent}) must be from 0 to 100, with at most two decimals.`);
    if (entry.label.length === 0 || entry.label.length > SCALE_LIMITS.label)
      invalid('A label must be 1–20 characters.');
    if (
      entry.gradePoints !== null &&
      !(entry.gradePoints >= 0 && entry.gradePoints <= SCALE_LIMITS.gradePoints)
    )
      invalid('Grade points must be from 0 to 100.');
  }
  const labels = new Set<string>();
  for (const entry of bands) {
    const key = entry.label.toLowerCase();
    if (labels.has(key)) invalid(`The label "${entry.label}" is used twice.`);
    labels.add(key);
  }
  const sorted = [...bands].sort((a, b) => b.minPercent - a.minPercent);
  for (let index = 1; index < sorted.length; index++)
    if (sorted[index]?.minPercent === sorted[index - 1]?.minPercent)
      invalid(`Two bands start at ${sorted[index]?.minPercent} %: bands may not overlap.`);
  if (sorted.length > 0 && sorted[sorted.length - 1]?.minPercent !== 0)
    invalid('The lowest band must start at 0 %, so every percentage from 0 to 100 has a label.');
  return problems.length > 0 ? { problems } : { bands: sorted };
}

/** The band a percentage falls in (bands highest first; the last starts at 0). */
export function bandOf(bands: readonly ScaleBand[], percentage: number): ScaleBand | null {
  return bands.find((entry) => percentage >= entry.minPercent) ?? null;
}

/** The band with this label (case-insensitive), or null. */
export function bandLabelled(bands: readonly ScaleBand[], label: string): ScaleBand | null {
  const key = label.trim().toLowerCase();
  return bands.find((entry) => entry.label.toLowerCase() === key) ?? null;
}
