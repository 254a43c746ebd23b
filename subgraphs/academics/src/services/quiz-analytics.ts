/** One fully graded attempt: points per quiz item. */
export interface GradedAttempt {
  scores: ReadonlyMap<string, number>;
}

export interface AnalyticsItem {
  id: string;
  points: number;
}

export interface ScoreBucket {
  /** Lower bound in percent (inclusive), 0, 10, …, 90. */
  fromPercent: number;
  /** Upper bound in percent (exclusive, except 100 for the last bucket). */
  toPercent: number;
  count: number;
}

export interface ItemStatistics {
  quizItemId: string;
  /** Difficulty (p-value): the mean proportion of the item's points earned, 0–1; null with no attempts. */
  pValue: number | null;
  /**
   * Discrimination: the point-biserial (Pearson) correlation of the item's score with the rest of the
   * score (total minus this item), −1–1; null when either has no variance or fewer than 2 attempts.
   */
  discrimination: number | null;
}

export interface QuizStatistics {
  attemptCount: number;
  maxScore: number;
  meanScore: number | null;
  medianScore: number | null;
  distribution: ScoreBucket[];
  items: ItemStatistics[];
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** Pearson correlation from running sums; null when a variance is zero. */
function correlation(
  n: number,
  sx: number,
  sy: number,
  sxx: number,
  syy: number,
  sxy: number,
): number | null {
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  // Sums of rounded scores: a variance that is zero may come out as a tiny float.
  if (n < 2 || vx <= 1e-9 || vy <= 1e-9) return null;
  return (n * sxy - sx * sy) / Math.sqrt(vx * vy);
}

/**
 * Per-quiz statistics in one pass over the attempts (running sums per item, then O(items) at the end;
 * the median sorts the totals). A missing item score counts as 0 (an unanswered item).
 */
export function quizStatistics(
  items: readonly AnalyticsItem[],
  attempts: readonly GradedAttempt[],
): QuizStatistics {
  const maxScore = items.reduce((sum, item) => sum + item.points, 0);
  const sums = items.map(() => ({ sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 }));
  const totals: number[] = [];
  const distribution: ScoreBucket[] = Array.from({ length: 10 }, (_, index) => ({
    fromPercent: index * 10,
    toPercent: index * 10 + 10,
    count: 0,
  }));
  for (const attempt of attempts) {
    const scores = items.map((item) => attempt.scores.get(item.id) ?? 0);
    const total = scores.reduce((sum, score) => sum + score, 0);
    totals.push(total);
    for (const [index, score] of scores.entries()) {
      const acc = sums[index];
      if (!acc) continue;
      const rest = total - score;
      acc.sx += score;
      acc.sy += rest;
      acc.sxx += score * score;
      acc.syy += rest * rest;
      acc.sxy += score * rest;
    }
    const percent = maxScore > 0 ? (total / maxScore) * 100 : 0;
    const bucket = distribution[Math.min(9, Math.max(0, Math.floor(percent / 10)))];
    if (bucket) bucket.count += 1;
  }
  const n = attempts.length;
  const sorted = [...totals].sort((a, b) => a - b);
  const middle = Math.floor(n / 2);
  const median =
    n === 0
      ? null
      : n % 2 === 1
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return {
    attemptCount: n,
    maxScore,
    meanScore: n === 0 ? null : round4(totals.reduce((sum, total) => sum + total, 0) / n),
    medianScore: median === null ? null : round4(median),
    distribution,
    items: items.map((item, index) => {
      const acc = sums[index] ?? { sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
      const r = correlation(n, acc.sx, acc.sy, acc.sxx, acc.syy, acc.sxy);
      return {
        quizItemId: item.id,
        pValue: n === 0 || item.points === 0 ? null : round4(acc.sx / n / item.points),
        discrimination: r === null ? null : round4(r),
      };
    }),
  };
}
