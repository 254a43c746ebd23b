/*
 * The demo question bank: every question type, in Mathematics and English. Content and the correct
 * response per question follow the academics subgraph's schemas (question-content.ts);
 * libs/seed/test/term-rules.test.ts parses every one with them.
 */
import type { Prisma } from '@schools24/db';

export type QuestionType = Prisma.QuestionCreateManyInput['type'];

export type QuestionContent =
  | { type: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE'; choices: { id: string; text: string; isCorrect: boolean }[] }
  | { type: 'TRUE_FALSE'; answer: boolean }
  | { type: 'NUMERIC'; answer: number; tolerance: number }
  | { type: 'SHORT_ANSWER'; acceptedAnswers: string[]; caseSensitive: boolean }
  | { type: 'MATCHING'; pairs: { id: string; left: string; right: string }[] }
  | { type: 'ORDERING'; items: { id: string; text: string }[] }
  | { type: 'ESSAY'; maxWords: number | null };

export type AnswerResponse = {
  choiceIds?: string[];
  boolean?: boolean;
  number?: number;
  text?: string;
  matches?: { leftId: string; rightId: string }[];
  order?: string[];
};

export interface BankQuestion {
  key: string;
  subject: string;
  prompt: string;
  difficulty: number;
  tags: string[];
  content: QuestionContent;
}

const choices = (correct: number[], ...texts: string[]) =>
  texts.map((text, index) => ({ id: `c${index + 1}`, text, isCorrect: correct.includes(index) }));

export const QUESTION_BANK: readonly BankQuestion[] = [
  {
    key: 'math-fraction-sum',
    subject: 'MATH',
    prompt: 'What is 3/4 + 1/8?',
    difficulty: 2,
    tags: ['fractions'],
    content: { type: 'SINGLE_CHOICE', choices: choices([1], '4/12', '7/8', '1', '5/8') },
  },
  {
    key: 'math-primes',
    subject: 'MATH',
    prompt: 'Which of these numbers are prime?',
    difficulty: 2,
    tags: ['number-system'],
    content: { type: 'MULTIPLE_CHOICE', choices: choices([0, 2, 3], '2', '9', '13', '29', '51') },
  },
  {
    key: 'math-zero-even',
    subject: 'MATH',
    prompt: 'Zero is an even number.',
    difficulty: 1,
    tags: ['number-system'],
    content: { type: 'TRUE_FALSE', answer: true },
  },
  {
    key: 'math-decimal',
    subject: 'MATH',
    prompt: 'Write 3/8 as a decimal.',
    difficulty: 2,
    tags: ['fractions', 'decimals'],
    content: { type: 'NUMERIC', answer: 0.375, tolerance: 0.001 },
  },
  {
    key: 'math-solve',
    subject: 'MATH',
    prompt: 'Solve 2x + 5 = 17. Give x.',
    difficulty: 3,
    tags: ['algebra'],
    content: { type: 'NUMERIC', answer: 6, tolerance: 0 },
  },
  {
    key: 'math-polygon',
    subject: 'MATH',
    prompt: 'What is a polygon with six sides called?',
    difficulty: 1,
    tags: ['geometry'],
    content: { type: 'SHORT_ANSWER', acceptedAnswers: ['hexagon', 'a hexagon'], caseSensitive: false },
  },
  {
    key: 'math-formulas',
    subject: 'MATH',
    prompt: 'Match each shape with the formula for its area.',
    difficulty: 3,
    tags: ['geometry', 'mensuration'],
    content: {
      type: 'MATCHING',
      pairs: [
        { id: 'p1', left: 'Rectangle', right: 'length × breadth' },
        { id: 'p2', left: 'Triangle', right: '½ × base × height' },
        { id: 'p3', left: 'Circle', right: 'π × r²' },
      ],
    },
  },
  {
    key: 'math-order',
    subject: 'MATH',
    prompt: 'Put these numbers in increasing order.',
    difficulty: 2,
    tags: ['fractions', 'decimals'],
    content: {
      type: 'ORDERING',
      items: [
        { id: 'i1', text: '0.2' },
        { id: 'i2', text: '1/4' },
        { id: 'i3', text: '0.3' },
        { id: 'i4', text: '2/5' },
      ],
    },
  },
  {
    key: 'math-essay',
    subject: 'MATH',
    prompt:
      'Explain, with an example, why dividing by a fraction is the same as multiplying by its reciprocal.',
    difficulty: 4,
    tags: ['fractions', 'reasoning'],
    content: { type: 'ESSAY', maxWords: 200 },
  },
  {
    key: 'math-angles',
    subject: 'MATH',
    prompt: 'Two angles of a triangle are 50° and 60°. How many degrees is the third?',
    difficulty: 2,
    tags: ['geometry'],
    content: { type: 'NUMERIC', answer: 70, tolerance: 0 },
  },
  {
    key: 'eng-synonym',
    subject: 'ENG',
    prompt: 'Choose the word closest in meaning to "rapid".',
    difficulty: 1,
    tags: ['vocabulary'],
    content: { type: 'SINGLE_CHOICE', choices: choices([2], 'slow', 'quiet', 'quick', 'late') },
  },
  {
    key: 'eng-nouns',
    subject: 'ENG',
    prompt: 'Which of these words are nouns?',
    difficulty: 2,
    tags: ['grammar'],
    content: {
      type: 'MULTIPLE_CHOICE',
      choices: choices([0, 3], 'river', 'quickly', 'beautiful', 'honesty'),
    },
  },
  {
    key: 'eng-tense',
    subject: 'ENG',
    prompt: '"She has finished her work" is in the present perfect tense.',
    difficulty: 2,
    tags: ['grammar', 'tenses'],
    content: { type: 'TRUE_FALSE', answer: true },
  },
  {
    key: 'eng-plural',
    subject: 'ENG',
    prompt: 'Write the plural of "child".',
    difficulty: 1,
    tags: ['grammar'],
    content: { type: 'SHORT_ANSWER', acceptedAnswers: ['children'], caseSensitive: false },
  },
  {
    key: 'eng-authors',
    subject: 'ENG',
    prompt: 'Match each work with its author.',
    difficulty: 3,
    tags: ['literature'],
    content: {
      type: 'MATCHING',
      pairs: [
        { id: 'p1', left: 'Gitanjali', right: 'Rabindranath Tagore' },
        { id: 'p2', left: 'Malgudi Days', right: 'R. K. Narayan' },
        { id: 'p3', left: 'The Jungle Book', right: 'Rudyard Kipling' },
      ],
    },
  },
  {
    key: 'eng-story',
    subject: 'ENG',
    prompt: 'Put the parts of a story in their usual order.',
    difficulty: 2,
    tags: ['writing'],
    content: {
      type: 'ORDERING',
      items: [
        { id: 'i1', text: 'Introduction' },
        { id: 'i2', text: 'Rising action' },
        { id: 'i3', text: 'Climax' },
        { id: 'i4', text: 'Resolution' },
      ],
    },
  },
  {
    key: 'eng-letter',
    subject: 'ENG',
    prompt: 'Write a short letter to your principal asking for a library period every week.',
    difficulty: 3,
    tags: ['writing'],
    content: { type: 'ESSAY', maxWords: 150 },
  },
];

/** The right response to a question (an essay's is a sample answer). */
export function correctResponse(content: QuestionContent): AnswerResponse {
  switch (content.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return { choiceIds: content.choices.filter((choice) => choice.isCorrect).map((choice) => choice.id) };
    case 'TRUE_FALSE':
      return { boolean: content.answer };
    case 'NUMERIC':
      return { number: content.answer };
    case 'SHORT_ANSWER':
      return { text: content.acceptedAnswers[0] ?? '' };
    case 'MATCHING':
      return { matches: content.pairs.map((pair) => ({ leftId: pair.id, rightId: pair.id })) };
    case 'ORDERING':
      return { order: content.items.map((item) => item.id) };
    case 'ESSAY':
      return { text: 'Dividing by 1/2 asks how many halves fit in a number: 3 ÷ 1/2 = 6 = 3 × 2.' };
  }
}

/** A wrong response, worth no points under the auto-grader. */
export function wrongResponse(content: QuestionContent): AnswerResponse {
  switch (content.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return {
        choiceIds: content.choices
          .filter((choice) => !choice.isCorrect)
          .slice(0, 1)
          .map((choice) => choice.id),
      };
    case 'TRUE_FALSE':
      return { boolean: !content.answer };
    case 'NUMERIC':
      return { number: content.answer + 10 };
    case 'SHORT_ANSWER':
      return { text: 'I am not sure' };
    case 'MATCHING': {
      const ids = content.pairs.map((pair) => pair.id);
      return {
        matches: ids.map((leftId, index) => ({ leftId, rightId: ids[(index + 1) % ids.length] ?? leftId })),
      };
    }
    case 'ORDERING':
      return { order: content.items.map((item) => item.id).reverse() };
    case 'ESSAY':
      return { text: 'Because the rule says so.' };
  }
}

/** Auto-graded points of a right or wrong response (essays: null, a teacher grades them). */
export function pointsFor(content: QuestionContent, correct: boolean, points: number): number | null {
  if (content.type === 'ESSAY') return null;
  return correct ? points : 0;
}
