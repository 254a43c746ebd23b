import type { Resources } from '@schools24/graphql';
import type { KindHandle, WriteBuffer } from '@schools24/write-buffer';
import {
  ATTENDANCE_MARKING_KIND,
  attendanceMarkingPayload,
  type AttendanceMarkingPayload,
} from './attendance-payload.js';
import { QUIZ_SUBMISSION_KIND, quizSubmissionPayload, type QuizSubmissionPayload } from './quiz-payload.js';
import {
  createAttendanceRepository,
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
  resources: Pick<Resources, 'writeBuffer' | 'db'>,
): AcademicsWriteKinds {
  const existing = registered.get(resources.writeBuffer);
  if (existing) return existing;
  const repository = createHomeworkRepository(resources.db);
  const attendanceRepository = createAttendanceRepository(resources.db);
  const quizzes = createQuizRepository(resources.db);
  const kinds: AcademicsWriteKinds = {
    submissions: resources.writeBuffer.register(HOMEWORK_SUBMISSION_KIND, {
      parse: (payload) => homeworkSubmissionPayload.parse(payload),
      sink: (entries) => repository.storeSubmissions(entries),
    }),
    attendance: resources.writeBuffer.register(ATTENDANCE_MARKING_KIND, {
      parse: (payload) => attendanceMarkingPayload.parse(payload),
      sink: (entries) => attendanceRepository.storeMarkings(entries),
    }),
    quizSubmissions: resources.writeBuffer.register(QUIZ_SUBMISSION_KIND, {
      parse: (payload) => quizSubmissionPayload.parse(payload),
      sink: (entries) => quizzes.storeSubmissions(entries),
    }),
  };
  registered.set(resources.writeBuffer, kinds);
  return kinds;
}
