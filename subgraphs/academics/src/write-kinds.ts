import type { Resources } from '@schools24/graphql';
import type { KindHandle, WriteBuffer } from '@schools24/write-buffer';
import {
  ATTENDANCE_MARKING_KIND,
  attendanceMarkingPayload,
  type AttendanceMarkingPayload,
} from './attendance-payload.js';
import { QUIZ_SUBMISSION_KIND, quizSubmissionPayload, type QuizSubmissionPayload } from './quiz-payload.js';
import { touchGradebooks } from './loaders/gradebook-cache.js';
import {
  createAttendanceRepository,
  createGradebookRepository,
  createHomeworkRepository,
  createQuizRepository,
} from './repositories/index.js';
import {
  HOMEWORK_SUBMISSION_KIND,
  homeworkSubmissionPayload,
  type HomeworkSubmissionPayload,
} from './submission-payload.js';

export * from './submission-payload.js';
export * from './attendance-payload.js';

export * from './quiz-payload.js';

export interface AcademicsWriteKinds {
  submissions: KindHandle<HomeworkSubmissionPayload>;
  attendance: KindHandle<AttendanceMarkingPayload>;
  /** Finished quiz attempts (sink: `QuizRepository.storeSubmissions`). */
  quizSubmissions: KindHandle<QuizSubmissionPayload>;
}

const registered = new WeakMap<WriteBuffer, AcademicsWriteKinds>();

/**
 * Registers academics' buffered writes on the process' write buffer, once per buffer: the subgraph
 * (to append and read back), the worker and the all-in-one server (to flush) all call it, and
 * `register` refuses a kind twice. The sink writes each batch in ONE transaction (see
 * `HomeworkRepository.storeSubmissions`).
 */
export function registerAcademicsWriteKinds(
  resources: Pick<Resources, 'writeBuffer' | 'db' | 'redis'>,
): AcademicsWriteKinds {
  const existing = registered.get(resources.writeBuffer);
  if (existing) return existing;
  const repository = createHomeworkRepository(resources.db);
  const attendanceRepository = createAttendanceRepository(resources.db);
  const quizzes = createQuizRepository(resources.db);
  const gradebook = createGradebookRepository(resources.db);
  /**
   * After a flush: stored submissions (and quiz scores) change the gradebooks of their sections and
   * subjects. One small query per school in the batch, after the commit; best effort like every
   * cache invalidation (a failure only leaves entries to expire with their TTL).
   */
  const touchSources = async (
    kind: 'HOMEWORK' | 'QUIZ',
    entries: readonly { tenant: string; id: string }[],
  ) => {
    const bySchool = new Map<string, string[]>();
    for (const entry of entries)
      bySchool.set(entry.tenant, [...(bySchool.get(entry.tenant) ?? []), entry.id]);
    await Promise.all(
      [...bySchool].map(async ([schoolId, ids]) => {
        try {
          const pairs = await gradebook.sourcePairs(schoolId, kind, ids);
          await touchGradebooks(resources.redis, schoolId, { pairs });
        } catch {
          // The rows are committed; the gradebook cache catches up when its entries expire.
        }
      }),
    );
  };
  const kinds: AcademicsWriteKinds = {
    submissions: resources.writeBuffer.register(HOMEWORK_SUBMISSION_KIND, {
      parse: (payload) => homeworkSubmissionPayload.parse(payload),
      sink: async (entries) => {
        await repository.storeSubmissions(entries);
        await touchSources(
          'HOMEWORK',
          entries.map((entry) => ({ tenant: entry.tenant, id: entry.payload.homeworkId })),
        );
      },
    }),
    attendance: resources.writeBuffer.register(ATTENDANCE_MARKING_KIND, {
      parse: (payload) => attendanceMarkingPayload.parse(payload),
      sink: (entries) => attendanceRepository.storeMarkings(entries),
    }),
    quizSubmissions: resources.writeBuffer.register(QUIZ_SUBMISSION_KIND, {
      parse: (payload) => quizSubmissionPayload.parse(payload),
      sink: async (entries) => {
        await quizzes.storeSubmissions(entries);
        await touchSources(
          'QUIZ',
          entries.map((entry) => ({ tenant: entry.tenant, id: entry.payload.quizId })),
        );
      },
    }),
  };
  registered.set(resources.writeBuffer, kinds);
  return kinds;
}
