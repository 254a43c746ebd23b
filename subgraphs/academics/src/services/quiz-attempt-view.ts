import type { Connection } from '@schools24/graphql';
import type { BufferedEntry } from '@schools24/write-buffer';
import type { QuizSubmissionPayload } from '../quiz-payload.js';
import type { AttemptRecord, QuizRecord, StoredSubmission } from '../repositories/quiz-repository.js';
import type { AnswerResponse, PresentedOption, QuestionContent } from './question-content.js';
import type { QuestionType } from '../generated/resolvers-types.js';

/** Answers after the deadline are refused once this grace (network, a slow click) has passed too. */
export const DEADLINE_GRACE_MS = 30_000;

/** One answer of a submission, stored or still buffered. */
export interface AnswerView {
  response: AnswerResponse;
  points: number | null;
  feedback: string | null;
}

/** An attempt's submission, stored or still buffered (the stored row wins while it is in both). */
export interface SubmissionView {
  id: string;
  idempotencyId: string;
  submittedAt: Date;
  isStored: boolean;
  answers: ReadonlyMap<string, AnswerView>;
}

/** An attempt with its quiz and submission: what `QuizAttempt` resolves from. */
export interface AttemptView {
  id: string;
  attempt: AttemptRecord;
  quiz: QuizRecord;
  submission: SubmissionView | null;
}

export type AttemptPage = Connection<AttemptView>;

/** A question as an attempt shows it, with the viewer's right to see results already applied. */
export interface AttemptQuestionModel {
  quizItemId: string;
  position: number;
  points: number;
  type: QuestionType;
  prompt: string;
  options: PresentedOption[];
  matchLeft: PresentedOption[];
  matchRight: PresentedOption[];
  response: AnswerResponse | null;
  earnedPoints: number | null;
  feedback: string | null;
  correctAnswer: AnswerResponse | null;
}

export function storedSubmissionView(stored: StoredSubmission): SubmissionView {
  return {
    id: stored.id,
    idempotencyId: stored.idempotencyId,
    submittedAt: stored.submittedAt,
    isStored: true,
    answers: new Map(
      stored.answers.map((answer) => [
        answer.quizItemId,
        { response: answer.response, points: answer.points, feedback: answer.feedback },
      ]),
    ),
  };
}

export function bufferedSubmissionView(entry: BufferedEntry<QuizSubmissionPayload>): SubmissionView {
  const { payload } = entry;
  return {
    id: payload.submissionId,
    idempotencyId: payload.idempotencyId,
    submittedAt: new Date(payload.submittedAt),
    isStored: false,
    answers: new Map(
      payload.answers.map((answer) => [
        answer.quizItemId,
        { response: answer.response, points: answer.points, feedback: null },
      ]),
    ),
  };
}

/** Views of attempts from their stored and buffered submissions; each attempt once. */
export function attemptViews(
  quiz: QuizRecord,
  attempts: readonly AttemptRecord[],
  stored: readonly StoredSubmission[],
  buffered: readonly BufferedEntry<QuizSubmissionPayload>[],
): AttemptView[] {
  const submissions = new Map<string, SubmissionView>();
  for (const entry of buffered)
    submissions.set(entry.payload.attemptId.toLowerCase(), bufferedSubmissionView(entry));
  for (const row of stored) submissions.set(row.attemptId.toLowerCase(), storedSubmissionView(row));
  return attempts.map((attempt) => ({
    id: attempt.id,
    attempt,
    quiz,
    submission: submissions.get(attempt.id.toLowerCase()) ?? null,
  }));
}

export function attemptStatus(view: AttemptView, now = Date.now()): 'IN_PROGRESS' | 'SUBMITTED' | 'EXPIRED' {
  if (view.submission) return 'SUBMITTED';
  return now > view.attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS ? 'EXPIRED' : 'IN_PROGRESS';
}

/** The right answer in the shape of a response (null for essays: there is none). */
export function correctAnswerOf(content: QuestionContent): AnswerResponse | null {
  switch (content.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return { choiceIds: content.choices.filter((c) => c.isCorrect).map((c) => c.id) };
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
      return null;
  }
}
