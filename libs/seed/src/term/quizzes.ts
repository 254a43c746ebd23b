/*
 * The question bank and quizzes of the demo section:
 *  - a practice quiz (two attempts allowed, results IMMEDIATELY) closed last week, taken by most;
 *  - a quiz with results AFTER_CLOSE, closed a few days ago;
 *  - a quiz with an essay, results MANUAL, closed yesterday: essays await the teacher's grading;
 *  - a quiz open now (closes in a few days), taken by some classmates, not yet by the demo student.
 * Attempts start inside the window, finish before their deadline (the time limit or the close) and
 * never exceed maxAttempts; answers are auto-graded like the subgraph's grader.
 */
import type { Prisma } from '@schools24/db';
import { quizAnswerId, quizSubmissionId } from './academics-ids.js';
import { addDays, atSchoolTime, isoDay } from './calendar.js';
import type { TermContext } from './context.js';
import {
  QUESTION_BANK,
  correctResponse,
  pointsFor,
  wrongResponse,
  type BankQuestion,
} from './question-bank.js';
import { seededRandom } from './random.js';

export interface QuizPlan {
  questions: Prisma.QuestionCreateManyInput[];
  questionVersions: Prisma.QuestionVersionCreateManyInput[];
  quizzes: (Prisma.QuizCreateManyInput & { id: string })[];
  items: Prisma.QuizItemCreateManyInput[];
  attempts: Prisma.QuizAttemptCreateManyInput[];
  submissions: Prisma.QuizSubmissionCreateManyInput[];
  answers: Prisma.QuizAnswerCreateManyInput[];
}

interface QuizSpec {
  key: string;
  subject: string;
  title: string;
  questions: string[];
  /** Days relative to today. */
  opens: number;
  closes: number;
  maxAttempts: number;
  resultsRelease: 'IMMEDIATELY' | 'AFTER_CLOSE' | 'MANUAL';
  /** Share of the section that has taken it. */
  taken: number;
}

const QUIZZES: readonly QuizSpec[] = [
  {
    key: 'fractions-practice',
    subject: 'MATH',
    title: 'Fractions and decimals: practice quiz',
    questions: [
      'math-fraction-sum',
      'math-primes',
      'math-zero-even',
      'math-decimal',
      'math-order',
      'math-polygon',
    ],
    opens: -12,
    closes: -8,
    maxAttempts: 2,
    resultsRelease: 'IMMEDIATELY',
    taken: 0.9,
  },
  {
    key: 'grammar-check',
    subject: 'ENG',
    title: 'Grammar and vocabulary check',
    questions: ['eng-synonym', 'eng-nouns', 'eng-tense', 'eng-plural', 'eng-authors', 'eng-story'],
    opens: -7,
    closes: -4,
    maxAttempts: 1,
    resultsRelease: 'AFTER_CLOSE',
    taken: 0.85,
  },
  {
    key: 'fractions-test',
    subject: 'MATH',
    title: 'Fractions: short test with a written answer',
    questions: ['math-fraction-sum', 'math-decimal', 'math-formulas', 'math-solve', 'math-essay'],
    opens: -3,
    closes: -1,
    maxAttempts: 1,
    resultsRelease: 'MANUAL',
    taken: 0.8,
  },
  {
    key: 'geometry-weekly',
    subject: 'MATH',
    title: 'Weekly quiz: angles and shapes',
    questions: ['math-angles', 'math-polygon', 'math-formulas', 'math-zero-even'],
    opens: -1,
    closes: 4,
    maxAttempts: 2,
    resultsRelease: 'IMMEDIATELY',
    taken: 0.3,
  },
];

const TIME_LIMIT_SECONDS = 20 * 60;

export function planQuizzes(context: TermContext): QuizPlan {
  const { schoolId, id, today } = context;
  const random = seededRandom(context.seed, context.code, 'quizzes', isoDay(today));
  const plan: QuizPlan = {
    questions: [],
    questionVersions: [],
    quizzes: [],
    items: [],
    attempts: [],
    submissions: [],
    answers: [],
  };
  const section = context.sections.find((candidate) => candidate.id === context.sample.sectionId);
  if (!section) return plan;
  const teacherOf = (subjectId: string) =>
    context.lessons.find(
      (lesson) => context.sections[lesson.sectionIndex]?.id === section.id && lesson.subjectId === subjectId,
    )?.teacherId;

  // The bank: every question of a subject the school has; authored by that subject's teacher of the section.
  const versionOf = new Map<string, { versionId: string; question: BankQuestion }>();
  for (const question of QUESTION_BANK) {
    const subjectId = context.subjectIdByCode.get(question.subject);
    if (!subjectId) continue;
    const author = context.teacherUserId.get(teacherOf(subjectId) ?? '') || context.adminUserId;
    const questionId = id('question', question.key);
    const versionId = id('question-version', `${question.key}/1`);
    const createdAt = atSchoolTime(addDays(today, -30), 16, 0);
    plan.questions.push({
      id: questionId,
      schoolId,
      subjectId,
      createdByUserId: author,
      latestVersion: 1,
      type: question.content.type,
      tags: question.tags,
      createdAt,
    });
    plan.questionVersions.push({
      id: versionId,
      schoolId,
      questionId,
      version: 1,
      type: question.content.type,
      prompt: question.prompt,
      content: question.content,
      tags: question.tags,
      difficulty: question.difficulty,
      createdByUserId: author,
      createdAt,
    });
    versionOf.set(question.key, { versionId, question });
  }

  const skill = new Map(section.students.map((student) => [student.id, 0.45 + random.next() * 0.5]));
  for (const spec of QUIZZES) {
    const subjectId = context.subjectIdByCode.get(spec.subject);
    const teacherId = subjectId ? teacherOf(subjectId) : undefined;
    if (!subjectId || !teacherId) continue;
    const quizId = id('quiz', spec.key);
    const opensAt = atSchoolTime(addDays(today, spec.opens), 8, 0);
    const closesAt = atSchoolTime(addDays(today, spec.closes), 20, 0);
    if (opensAt < atSchoolTime(context.yearStartsOn, 0, 0)) continue;
    const teacherUserId = context.teacherUserId.get(teacherId) ?? context.adminUserId;
    plan.quizzes.push({
      id: quizId,
      schoolId,
      sectionId: section.id,
      subjectId,
      createdByUserId: teacherUserId,
      title: spec.title,
      instructions: 'Answer every question. You have 20 minutes once you start.',
      opensAt,
      closesAt,
      timeLimitSeconds: TIME_LIMIT_SECONDS,
      maxAttempts: spec.maxAttempts,
      shuffleQuestions: true,
      shuffleOptions: true,
      resultsRelease: spec.resultsRelease,
      resultsReleasedAt: null,
      createdAt: atSchoolTime(addDays(today, spec.opens - 2), 15, 0),
    });
    const items = spec.questions.flatMap((key, index) => {
      const found = versionOf.get(key);
      if (!found) return [];
      const item = {
        id: id('quiz-item', `${spec.key}/${index + 1}`),
        schoolId,
        quizId,
        questionVersionId: found.versionId,
        position: index + 1,
        points:
          found.question.content.type === 'ESSAY'
            ? 5
            : found.question.content.type === 'MULTIPLE_CHOICE'
              ? 2
              : 1,
      };
      plan.items.push(item);
      return [{ item, question: found.question }];
    });

    // Attempts end before today (the open quiz: before today too, so "now" never matters).
    const lastStart =
      Math.min(closesAt.getTime(), atSchoolTime(today, 0, 0).getTime()) - 2 * TIME_LIMIT_SECONDS * 1000;
    section.students.forEach((student) => {
      if (!student.userId || (student.id === context.sample.studentId && spec.closes > 0)) return;
      if (!random.chance(spec.taken) || lastStart <= opensAt.getTime()) return;
      const attempts = spec.maxAttempts > 1 && random.chance(0.3) ? 2 : 1;
      let startedAt = opensAt.getTime() + random.next() * (lastStart - opensAt.getTime()) * 0.5;
      for (let number = 1; number <= attempts; number++) {
        const attemptId = id('quiz-attempt', `${spec.key}/${student.id}/${number}`);
        const deadlineAt = new Date(Math.min(startedAt + TIME_LIMIT_SECONDS * 1000, closesAt.getTime()));
        const submittedAt = new Date(startedAt + random.int(4, 18) * 60_000);
        const idempotencyId = `seed.${attemptId}`;
        const submissionId = quizSubmissionId(schoolId, idempotencyId);
        plan.attempts.push({
          id: attemptId,
          schoolId,
          quizId,
          studentId: student.id,
          number,
          seed: attemptId.replaceAll('-', ''),
          startedAt: new Date(startedAt),
          deadlineAt,
        });
        plan.submissions.push({
          id: submissionId,
          schoolId,
          attemptId,
          idempotencyId,
          submittedByUserId: student.userId,
          submittedAt,
        });
        const odds = Math.min(0.98, (skill.get(student.id) ?? 0.6) + (number - 1) * 0.15);
        for (const { item, question } of items) {
          const correct = random.chance(odds);
          plan.answers.push({
            id: quizAnswerId(submissionId, item.id),
            schoolId,
            attemptId,
            quizItemId: item.id,
            response: correct ? correctResponse(question.content) : wrongResponse(question.content),
            points: pointsFor(question.content, correct, item.points),
          });
        }
        // A second attempt starts after the first was handed in.
        startedAt = submittedAt.getTime() + random.int(10, 120) * 60_000;
        if (startedAt >= lastStart) break;
      }
    });
  }
  return plan;
}
