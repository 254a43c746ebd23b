import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The write-buffer kind of attendance markings (one per section session). */
export const ATTENDANCE_MARKING_KIND = 'attendance-marking';

/** One buffered marking: a whole section's marks for one session (a day, or one period of it). */
export const attendanceMarkingPayload = z.object({
  sectionId: z.uuid(),
  /** `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** 0: daily attendance; else the bell-schedule period. */
  periodNumber: z.number().int().min(0).max(20),
  /** The client's idempotency id (the buffer's own id is the session, see `sessionBufferId`). */
  idempotencyId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  /** When the API accepted it. */
  markedAt: z.iso.datetime(),
  marks: z
    .array(
      z.object({
        studentId: z.uuid(),
        codeId: z.uuid(),
        note: z.string().max(200).nullable(),
      }),
    )
    .min(1)
    .max(200),
});
export type AttendanceMarkingPayload = z.infer<typeof attendanceMarkingPayload>;

/**
 * The buffer's idempotency id of a marking: the session (section, date, period). The buffer's atomic
 * "append unless this id exists" then lets one marking per session in, even when two teachers race;
 * the client's id in the payload tells a retry (same id) from a second marking (refused).
 */
export const sessionBufferId = (sectionId: string, date: string, periodNumber: number) =>
  `${sectionId.toLowerCase()}.${date}.${periodNumber}`;

/** Read-your-writes index keys a buffered marking is listed under until it is flushed. */
export const attendanceIndex = {
  ofSection: (sectionId: string) => `attendance:section:${sectionId.toLowerCase()}`,
  ofStudent: (studentId: string) => `attendance:student:${studentId.toLowerCase()}`,
};

/** A mark's id: a name-based UUID of (school, student, date, period), so buffered and stored share it. */
export function markIdFor(schoolId: string, studentId: string, date: string, periodNumber: number): string {
  const hash = createHash('sha256')
    .update(
      `attendance-mark\0${schoolId.toLowerCase()}\0${studentId.toLowerCase()}\0${date}\0${periodNumber}`,
    )
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The rows a buffered marking becomes (what the sink writes and what readers see before it). */
export function markRows(schoolId: string, actor: string, payload: AttendanceMarkingPayload) {
  const date = new Date(`${payload.date}T00:00:00Z`);
  return payload.marks.map((mark) => ({
    id: markIdFor(schoolId, mark.studentId, payload.date, payload.periodNumber),
    schoolId,
    sectionId: payload.sectionId,
    studentId: mark.studentId,
    date,
    periodNumber: payload.periodNumber,
    codeId: mark.codeId,
    note: mark.note,
    idempotencyId: payload.idempotencyId,
    markedByUserId: actor,
    markedAt: new Date(payload.markedAt),
  }));
}
