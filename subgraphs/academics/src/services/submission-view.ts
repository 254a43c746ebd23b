import { toConnection, type Connection, type PageRequest } from '@schools24/graphql';
import { mergeBuffered, type BufferedEntry } from '@schools24/write-buffer';
import type { StoredSubmissionRecord } from '../repositories/homework-repository.js';
import {
  submissionBufferId,
  submissionFields,
  type HomeworkSubmissionPayload,
} from '../submission-payload.js';

/** A submission as readers see it: a stored row, or a buffered entry shaped like one. */
export interface SubmissionView extends StoredSubmissionRecord {
  status: 'BUFFERED' | 'STORED';
}

export type SubmissionPage = Connection<SubmissionView>;

/** What a `SubmittedFile` is resolved from: a submission or one of its versions. */
export type SubmittedFileModel = Pick<SubmissionView, 'fileKey' | 'fileName' | 'fileBytes' | 'fileType'>;

export const storedView = (row: StoredSubmissionRecord): SubmissionView => ({ ...row, status: 'STORED' });

export function bufferedView(entry: BufferedEntry<HomeworkSubmissionPayload>): SubmissionView {
  return {
    ...submissionFields(entry.payload),
    schoolId: entry.tenant,
    points: null,
    rawPoints: null,
    latePenaltyPercent: null,
    rubricChoices: null,
    feedback: null,
    feedbackFiles: null,
    gradedAt: null,
    status: 'BUFFERED',
  };
}

const bySubmissionTime = (left: SubmissionView, right: SubmissionView) =>
  left.submittedAt.getTime() - right.submittedAt.getTime() || left.id.localeCompare(right.id);

/**
 * Stored rows and still-buffered entries, each student's latest version once: between the flusher's
 * commit and its acknowledgement an entry is in both, and the stored row wins; a buffered
 * resubmission (a higher version) wins over the stored version it will replace.
 */
export function mergeSubmissions(
  rows: readonly StoredSubmissionRecord[],
  buffered: readonly BufferedEntry<HomeworkSubmissionPayload>[],
): SubmissionView[] {
  const merged = mergeBuffered(rows.map(storedView), buffered, {
    rowId: (row) => submissionBufferId(row.homeworkId, row.studentId, row.version),
    toRow: bufferedView,
    compare: bySubmissionTime,
  });
  const latest = new Map<string, SubmissionView>();
  for (const view of merged) {
    const key = submissionBufferId(view.homeworkId, view.studentId);
    const seen = latest.get(key);
    // A stored row's version is the latest stored; a grade there closes resubmission, so a version
    // that raced it stays in the history only and the graded row is what readers see.
    if (!seen || (seen.gradedAt === null && view.version > seen.version) || view.gradedAt !== null)
      latest.set(key, view);
  }
  return [...latest.values()].sort(bySubmissionTime);
}

/**
 * A connection over a list already in memory (a homework's submissions: bounded by its section's
 * roster), with the same cursors and page rules as the database-backed connections. A cursor that
 * names no item of the list gives an empty page.
 */
export function pageOfList<T extends { id: string }>(items: readonly T[], page: PageRequest): Connection<T> {
  const at = page.cursorId === null ? -1 : items.findIndex((item) => item.id === page.cursorId);
  if (page.cursorId !== null && at < 0) return toConnection([], page, items.length);
  if (page.direction === 'forward') {
    const start = at + 1;
    return toConnection(items.slice(start, start + page.size + 1), page, items.length);
  }
  const end = at < 0 ? items.length : at;
  return toConnection(items.slice(Math.max(0, end - page.size - 1), end), page, items.length);
}
