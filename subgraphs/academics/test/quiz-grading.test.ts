// The pure parts of quizzes: grading every auto-gradable type with its partial-credit rule, short
// answer normalization, the deterministic per-attempt shuffle, and the analytics formulas on a small
// data set computed by hand.
import { describe, expect, it } from 'vitest';
import {
  gradeResponse,
  normalizeShortAnswer,
  presentQuestion,
  questionContent,
  seededOrder,
  type QuestionContent,
} from '../src/services/question-content.js';
import { quizStatistics } from '../src/services/quiz-analytics.js';

const choices = (correct: string[], all = ['c1', 'c2', 'c3', 'c4']) =>
  all.map((id) => ({ id, text: `Choice ${id}`, isCorrect: correct.includes(id) }));

describe('grading', () => {
  it('grades single choice and true/false all or nothing', () => {
    const single: QuestionContent = { type: 'SINGLE_CHOICE', choices: choices(['c2']) };
    expect(gradeResponse(single, { choiceIds: ['c2'] }, 4)).toBe(4);
    expect(gradeResponse(single, { choiceIds: ['c1'] }, 4)).toBe(0);
    // Picking the right one and a wrong one is not an answer to a single-choice question.
    expect(gradeResponse(single, { choiceIds: ['c2', 'c1'] }, 4)).toBe(0);
    expect(gradeResponse(single, {}, 4)).toBe(0);
    const tf: QuestionContent = { type: 'TRUE_FALSE', answer: false };
    expect(gradeResponse(tf, { boolean: false }, 1)).toBe(1);
    expect(gradeResponse(tf, { boolean: true }, 1)).toBe(0);
    expect(gradeResponse(tf, {}, 1)).toBe(0);
  });

  it('gives multiple choice (right − wrong) / correct, never below 0', () => {
    const multi: QuestionContent = { type: 'MULTIPLE_CHOICE', choices: choices(['c1', 'c2', 'c3']) };
    expect(gradeResponse(multi, { choiceIds: ['c1', 'c2', 'c3'] }, 3)).toBe(3);
    expect(gradeResponse(multi, { choiceIds: ['c1', 'c2'] }, 3)).toBe(2);
    expect(gradeResponse(multi, { choiceIds: ['c1', 'c2', 'c4'] }, 3)).toBe(1);
    expect(gradeResponse(multi, { choiceIds: ['c1', 'c2', 'c3', 'c4'] }, 3)).toBe(2);
    expect(gradeResponse(multi, { choiceIds: ['c4'] }, 3)).toBe(0);
    expect(gradeResponse(multi, { choiceIds: ['c1'] }, 2)).toBe(0.67);
  });

  it('accepts numbers within the tolerance, both ends included', () => {
    const numeric: QuestionContent = { type: 'NUMERIC', answer: 3.14, tolerance: 0.01 };
    expect(gradeResponse(numeric, { number: 3.15 }, 2)).toBe(2);
    expect(gradeResponse(numeric, { number: 3.13 }, 2)).toBe(2);
    expect(gradeResponse(numeric, { number: 3.16 }, 2)).toBe(0);
    expect(gradeResponse({ type: 'NUMERIC', answer: 0.3, tolerance: 0 }, { number: 0.1 + 0.2 }, 1)).toBe(1);
  });

  it('compares short answers after normalizing whitespace, width and (unless case-sensitive) case', () => {
    const short: QuestionContent = {
      type: 'SHORT_ANSWER',
      acceptedAnswers: ['New Delhi', 'Delhi'],
      caseSensitive: false,
    };
    expect(gradeResponse(short, { text: '  new   DELHI ' }, 1)).toBe(1);
    expect(gradeResponse(short, { text: 'ｄｅｌｈｉ' }, 1)).toBe(1);
    expect(gradeResponse(short, { text: 'New-Delhi' }, 1)).toBe(0);
    const cased: QuestionContent = { type: 'SHORT_ANSWER', acceptedAnswers: ['NaCl'], caseSensitive: true };
    expect(gradeResponse(cased, { text: ' NaCl' }, 1)).toBe(1);
    expect(gradeResponse(cased, { text: 'nacl' }, 1)).toBe(0);
    expect(normalizeShortAnswer('\tA\n b ', false)).toBe('a b');
  });

  it('gives matching the share of left items matched to their own right item', () => {
    const matching: QuestionContent = {
      type: 'MATCHING',
      pairs: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, left: `L${id}`, right: `R${id}` })),
    };
    const all = ['p1', 'p2', 'p3', 'p4'].map((id) => ({ leftId: id, rightId: id }));
    expect(gradeResponse(matching, { matches: all }, 4)).toBe(4);
    expect(
      gradeResponse(
        matching,
        {
          matches: [
            { leftId: 'p1', rightId: 'p1' },
            { leftId: 'p2', rightId: 'p3' },
            { leftId: 'p3', rightId: 'p2' },
          ],
        },
        4,
      ),
    ).toBe(1);
    expect(gradeResponse(matching, {}, 4)).toBe(0);
  });

  it('gives ordering the share of item pairs in the right relative order', () => {
    const ordering: QuestionContent = {
      type: 'ORDERING',
      items: ['o1', 'o2', 'o3', 'o4'].map((id) => ({ id, text: id })),
    };
    expect(gradeResponse(ordering, { order: ['o1', 'o2', 'o3', 'o4'] }, 6)).toBe(6);
    // One swap of neighbours breaks 1 of the 6 pairs.
    expect(gradeResponse(ordering, { order: ['o2', 'o1', 'o3', 'o4'] }, 6)).toBe(5);
    expect(gradeResponse(ordering, { order: ['o4', 'o3', 'o2', 'o1'] }, 6)).toBe(0);
    // Not a permutation of the items: no order at all.
    expect(gradeResponse(ordering, { order: ['o1', 'o1', 'o2', 'o3'] }, 6)).toBe(0);
    expect(gradeResponse(ordering, { order: ['o1', 'o2', 'o3'] }, 6)).toBe(0);
  });

  it('leaves essays to a teacher', () => {
    expect(gradeResponse({ type: 'ESSAY', maxWords: null }, { text: 'An essay.' }, 5)).toBeNull();
  });

  it('refuses stored content that does not hold together', () => {
    expect(questionContent.safeParse({ type: 'SINGLE_CHOICE', choices: choices(['c1', 'c2']) }).success).toBe(
      false,
    );
    expect(questionContent.safeParse({ type: 'MULTIPLE_CHOICE', choices: choices([]) }).success).toBe(false);
    expect(questionContent.safeParse({ type: 'NUMERIC', answer: 1, tolerance: -1 }).success).toBe(false);
    expect(questionContent.safeParse({ type: 'TRUE_FALSE' }).success).toBe(false);
    expect(
      questionContent.safeParse({
        type: 'ORDERING',
        items: [
          { id: 'o1', text: 'a' },
          { id: 'o1', text: 'b' },
        ],
      }).success,
    ).toBe(false);
  });
});

describe('the per-attempt shuffle', () => {
  const ids = Array.from({ length: 12 }, (_, index) => `q${index}`);

  it('gives the same order for the same seed and different orders for different seeds', () => {
    const once = seededOrder(ids, 'seed-a', 'questions', (id) => id);
    expect(seededOrder(ids, 'seed-a', 'questions', (id) => id)).toEqual(once);
    expect([...once].sort()).toEqual([...ids].sort());
    const others = ['seed-b', 'seed-c', 'seed-d'].map((seed) =>
      seededOrder(ids, seed, 'questions', (id) => id),
    );
    expect(others.some((order) => order.join() !== once.join())).toBe(true);
  });

  it('shows choices without the answer key, shuffled only when the quiz says so', () => {
    const content: QuestionContent = {
      type: 'MULTIPLE_CHOICE',
      choices: choices(
        ['c1'],
        ids.map((id) => `c${id.slice(1)}`),
      ),
    };
    const fixed = presentQuestion(content, { seed: 's', scope: 'item', shuffleOptions: false });
    expect(fixed.options.map((option) => option.id)).toEqual(content.choices.map((choice) => choice.id));
    expect(fixed.options[0]).toEqual({ id: 'c0', text: 'Choice c0' });
    const shuffled = presentQuestion(content, { seed: 's', scope: 'item', shuffleOptions: true });
    expect(shuffled.options.map((option) => option.id)).not.toEqual(
      content.choices.map((choice) => choice.id),
    );
    expect(presentQuestion(content, { seed: 's', scope: 'item', shuffleOptions: true })).toEqual(shuffled);
  });
});

describe('quiz analytics', () => {
  // Three 1-point items, five attempts (item scores per attempt):
  //   a1: 1 1 1 (3)   a2: 1 1 0 (2)   a3: 1 0 0 (1)   a4: 0 1 0 (1)   a5: 0 0 0 (0)
  // By hand: p = 3/5, 3/5, 1/5. Item 1 against the rest (2,1,0,1,0): Σdxdy = 0.6, Σdx² = 1.2,
  // Σdy² = 2.8, r = 0.6/√3.36 = 0.3273; item 2 the same; item 3 against (2,2,1,1,0): 0.8/√(0.8·2.8)
  // = 0.5345. Mean 7/5 = 1.4, median 1; percentages 100, 66.7, 33.3, 33.3, 0.
  const items = [
    { id: 'i1', points: 1 },
    { id: 'i2', points: 1 },
    { id: 'i3', points: 1 },
  ];
  const rows = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
  ];
  const attempts = rows.map((scores) => ({
    scores: new Map(scores.map((score, index) => [`i${index + 1}`, score])),
  }));

  it('computes difficulty, discrimination, mean, median and the distribution', () => {
    const stats = quizStatistics(items, attempts);
    expect(stats.attemptCount).toBe(5);
    expect(stats.maxScore).toBe(3);
    expect(stats.meanScore).toBe(1.4);
    expect(stats.medianScore).toBe(1);
    expect(stats.items).toEqual([
      { quizItemId: 'i1', pValue: 0.6, discrimination: 0.3273 },
      { quizItemId: 'i2', pValue: 0.6, discrimination: 0.3273 },
      { quizItemId: 'i3', pValue: 0.2, discrimination: 0.5345 },
    ]);
    const counts = Object.fromEntries(stats.distribution.map((bucket) => [bucket.fromPercent, bucket.count]));
    expect(counts).toEqual({ 0: 1, 10: 0, 20: 0, 30: 2, 40: 0, 50: 0, 60: 1, 70: 0, 80: 0, 90: 1 });
  });

  it('has no discrimination for an item nobody (or everybody) got, and nothing without attempts', () => {
    const withBlank = quizStatistics([...items, { id: 'i4', points: 2 }], attempts);
    expect(withBlank.items[3]).toEqual({ quizItemId: 'i4', pValue: 0, discrimination: null });
    expect(withBlank.medianScore).toBe(1);
    const none = quizStatistics(items, []);
    expect(none).toMatchObject({ attemptCount: 0, meanScore: null, medianScore: null });
    expect(none.items.every((item) => item.pValue === null && item.discrimination === null)).toBe(true);
  });

  it('weighs partial credit by the item’s points', () => {
    const stats = quizStatistics(
      [{ id: 'essay', points: 4 }],
      [{ scores: new Map([['essay', 1]]) }, { scores: new Map([['essay', 3]]) }],
    );
    expect(stats.items[0]?.pValue).toBe(0.5);
    expect(stats.meanScore).toBe(2);
  });
});
