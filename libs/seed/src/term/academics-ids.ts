/*
 * Ids the academics subgraph derives itself, so rows the seed writes are the rows its write-buffer
 * sinks would have written (a later marking, submission or retry through the API then meets them
 * instead of colliding). Copies of subgraphs/academics/src/{attendance,submission,quiz}-payload.ts:
 * a library may not import a subgraph; libs/seed/test/term-rules.test.ts proves they still agree.
 */
import { createHash } from 'node:crypto';

function sha256Uuid(text: string): string {
  const hash = createHash('sha256').update(text).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `markIdFor` of attendance-payload.ts. */
export const attendanceMarkId = (schoolId: string, studentId: string, date: string, periodNumber: number) =>
  sha256Uuid(
    `attendance-mark\0${schoolId.toLowerCase()}\0${studentId.toLowerCase()}\0${date}\0${periodNumber}`,
  );

/** `submissionIdFor` of submission-payload.ts. */
export const homeworkSubmissionId = (schoolId: string, idempotencyId: string) =>
  sha256Uuid(`homework-submission\0${schoolId.toLowerCase()}\0${idempotencyId}`);

/** `quizSubmissionIdFor` of quiz-payload.ts. */
export const quizSubmissionId = (schoolId: string, idempotencyId: string) =>
  sha256Uuid(['quiz-submission', schoolId.toLowerCase(), idempotencyId].join('\0'));

/** `quizAnswerIdFor` of quiz-payload.ts. */
export const quizAnswerId = (submissionId: string, quizItemId: string) =>
  sha256Uuid(['quiz-answer', submissionId.toLowerCase(), quizItemId.toLowerCase()].join('\0'));
