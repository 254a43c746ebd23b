import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The write-buffer kind of homework submissions (kinds are `[a-z][a-z0-9-]*`). */
export const HOMEWORK_SUBMISSION_KIND = 'homework-submission';

/** A submitted file as the submission records it (checked against the store before buffering). */
const submittedFile = z.object({
  key: z.string().min(1).max(512),
  name: z.string().min(1).max(255),
  byteSize: z.number().int().nonnegative(),
  contentType: z.string().min(1).max(127),
});

/** What one buffered submission carries: everything the flusher needs to write the row. */
export const homeworkSubmissionPayload = z.object({
  submissionId: z.uuid(),
  homeworkId: z.uuid(),
  studentId: z.uuid(),
  /** The client's idempotency id (the buffer's own id is `<homeworkId>.<studentId>`, see below). */
  idempotencyId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  text: z.string().max(20_000).nullable(),
  file: submittedFile.nullable(),
  /** When the API accepted it: lateness is judged by this, not by when it was flushed. */
  submittedAt: z.iso.datetime(),
  isLate: z.boolean(),
  /** 1 for the first submission, one more per resubmission (entries from before resubmission: 1). */
  version: z.number().int().min(1).max(1000).default(1),
});
export type HomeworkSubmissionPayload = z.infer<typeof homeworkSubmissionPayload>;

/** The columns a buffered submission fills, for the row the sink writes and the view readers get. */
export function submissionFields(payload: HomeworkSubmissionPayload) {
  return {
    id: payload.submissionId,
    homeworkId: payload.homeworkId,
    studentId: payload.studentId,
    idempotencyId: payload.idempotencyId,
    text: payload.text,
    fileKey: payload.file?.key ?? null,
    fileName: payload.file?.name ?? null,
    fileBytes: payload.file?.byteSize ?? null,
    fileType: payload.file?.contentType ?? null,
    submittedAt: new Date(payload.submittedAt),
    isLate: payload.isLate,
    version: payload.version,
  };
}

/**
 * The buffer's idempotency id of a submission: one per (homework, student, version). The buffer's
 * atomic "append unless this id exists" then also enforces one submission per student, homework and
 * version, so two concurrent submissions (or resubmissions) with different client ids cannot both be
 * acknowledged as the same version; the client's own id travels in the payload and tells a retry
 * (same id) from another submission. The first version keeps the id it always had,
 * `<homeworkId>.<studentId>`; a resubmission adds `.v<version>`.
 */
export const submissionBufferId = (homeworkId: string, studentId: string, version = 1) =>
  `${homeworkId.toLowerCase()}.${studentId.toLowerCase()}${version > 1 ? `.v${version}` : ''}`;

/** Read-your-writes index keys a buffered submission is listed under until it is flushed. */
export const submissionIndex = {
  ofHomework: (homeworkId: string) => `homework:${homeworkId.toLowerCase()}`,
  ofStudent: (homeworkId: string, studentId: string) =>
    `homework:${homeworkId.toLowerCase()}:student:${studentId.toLowerCase()}`,
  byId: (submissionId: string) => `submission:${submissionId.toLowerCase()}`,
};

/**
 * The submission's id, derived from (school, client idempotency id): the buffered entry and the row
 * the flusher writes share it, so a client (and a teacher's list) sees one id from the first
 * acknowledgement on. A name-based UUID (SHA-256, version 8 bits set).
 */
export function submissionIdFor(schoolId: string, idempotencyId: string): string {
  const hash = createHash('sha256')
    .update(`homework-submission\0${schoolId.toLowerCase()}\0${idempotencyId}`)
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
