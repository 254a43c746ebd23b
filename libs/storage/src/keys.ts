import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checked(name: string, value: string): string {
  const id = value.toLowerCase();
  if (!UUID.test(id)) throw new Error(`${name} must be a UUID`);
  return id;
}

/** Every object key of a homework upload starts with this: the tenant first, then who and what. */
export function homeworkUploadPrefix(schoolId: string, homeworkId: string, studentId: string): string {
  return `schools/${checked('schoolId', schoolId)}/homework/${checked('homeworkId', homeworkId)}/${checked('studentId', studentId)}/`;
}

/**
 * A fresh key for one upload: `schools/<schoolId>/homework/<homeworkId>/<studentId>/<uuid>`. The
 * file's own name is kept out of the key (it is user input); store it beside the key instead.
 */
export function homeworkUploadKey(schoolId: string, homeworkId: string, studentId: string): string {
  return `${homeworkUploadPrefix(schoolId, homeworkId, studentId)}${randomUUID()}`;
}

/** True when `key` is exactly a key `homeworkUploadKey` makes for this school, homework and student. */
export function isHomeworkUploadKey(
  key: string,
  schoolId: string,
  homeworkId: string,
  studentId: string,
): boolean {
  const prefix = homeworkUploadPrefix(schoolId, homeworkId, studentId);
  return key.startsWith(prefix) && UUID.test(key.slice(prefix.length));
}

/**
 * A fresh key for a file a grader attaches to a student's homework feedback:
 * `schools/<schoolId>/homework/<homeworkId>/<studentId>/feedback/<uuid>`. It never passes
 * `isHomeworkUploadKey`, so a student cannot hand in a teacher's file as their own.
 */
export function feedbackUploadKey(schoolId: string, homeworkId: string, studentId: string): string {
  return `${homeworkUploadPrefix(schoolId, homeworkId, studentId)}feedback/${randomUUID()}`;
}

/** True when `key` is exactly a key `feedbackUploadKey` makes for this school, homework and student. */
export function isFeedbackUploadKey(
  key: string,
  schoolId: string,
  homeworkId: string,
  studentId: string,
): boolean {
  const prefix = `${homeworkUploadPrefix(schoolId, homeworkId, studentId)}feedback/`;
  return key.startsWith(prefix) && UUID.test(key.slice(prefix.length));
}

/**
 * The one key of a student's report card for a term: `schools/<school>/report-cards/<term>/<student>.pdf`.
 * Fixed per school, term and student, so generating again (a retry, a new batch) overwrites it.
 */
export function reportCardKey(schoolId: string, termId: string, studentId: string): string {
  return `schools/${checked('schoolId', schoolId)}/report-cards/${checked('termId', termId)}/${checked('studentId', studentId)}.pdf`;
}
