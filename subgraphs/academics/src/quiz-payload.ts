import { createHash } from 'node:crypto';
import { z } from 'zod';
import { answerResponse } from './services/question-content.js';

/** The write-buffer kind of finished quiz attempts. */
export const QUIZ_SUBMISSION_KIND = 'quiz-submission';

/** What one buffered quiz submission carries: the whole finished attempt, already auto-graded. */
export const quizSubmissionPayload = z.object({
  submissionId: z.uuid(),
  attemptId: z.uuid(),
  quizId: z.uuid(),
  studentId: z.uuid(),
  /** The client's idempotency id (the buffer's own id is the attempt id: one submission per attempt). */
  idempotencyId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  /** When the API accepted it: the deadline is judged by this, not by the flush. */
  submittedAt: z.iso.datetime(),
  /** One per quiz item, unanswered ones included (empty response, 0 points). */
  answers: z
    .array(
      z.object({
        answerId: z.uuid(),
        quizItemId: z.uuid(),
        response: answerResponse,
        /** Auto-graded points; null for an essay awaiting its teacher. */
        points: z.number().nonnegative().nullable(),
      }),
    )
    .max(100),
});
export type QuizSubmissionPayload = z.infer<typeof quizSubmissionPayload>;

/** Read-your-writes index keys a buffered quiz submission is listed under until flushed. */
export const quizSubmissionIndex = {
  ofQuiz: (quizId: string) => `quiz:${quizId.toLowerCase()}`,
  ofAttempt: (attemptId: string) => `quiz-attempt:${attemptId.toLowerCase()}`,
  ofStudent: (quizId: string, studentId: string) =>
    `quiz:${quizId.toLowerCase()}:student:${studentId.toLowerCase()}`,
};

/** A name-based UUID (SHA-256 with the version bits set) of the given parts. */
function nameUuid(...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\0')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The submission's id from (school, client idempotency id): buffered entry and stored row share it. */
export const quizSubmissionIdFor = (schoolId: string, idempotencyId: string) =>
  nameUuid('quiz-submission', schoolId.toLowerCase(), idempotencyId);

/** An answer's id from its submission and item, so a redelivered entry writes the same rows. */
export const quizAnswerIdFor = (submissionId: string, quizItemId: string) =>
  nameUuid('quiz-answer', submissionId.toLowerCase(), quizItemId.toLowerCase());
