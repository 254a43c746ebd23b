import type { GradebookChange } from '../loaders/gradebook-cache.js';
import type { LastKnown } from '@schools24/cache-loader';
import type { Prisma } from '@schools24/db';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import type { EventBus } from '@schools24/events';
import { isUuid, parsePageRequest, type ConnectionArgs, type RecordAccess } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import {
  feedbackUploadKey,
  homeworkUploadKey,
  isHomeworkUploadKey,
  type ObjectStore,
  type PresignedRequest,
} from '@schools24/storage';
import type { AcademicsRepositories } from '../repositories/index.js';
import type {
  HomeworkRecord,
  StoredSubmissionRecord,
  SubmissionVersionRecord,
} from '../repositories/homework-repository.js';
import {
  submissionBufferId,
  submissionIdFor,
  submissionIndex,
  type HomeworkSubmissionPayload,
} from '../submission-payload.js';
import type { AcademicsWriteKinds } from '../write-kinds.js';
import { isMimeType, notFound, type HomeworkService, type HomeworkUserError } from './homework-service.js';
import { checkedFeedbackFiles, feedbackFileProblems, fileNameProblem } from './feedback-files.js';
import { applyLatePolicy, isPastLateCutoff } from './late-policy.js';
import { gradeByRubric, readRubric, type RubricChoices } from './rubric.js';
import type { LeaderboardService } from './leaderboard-service.js';
import type { StructureService } from './structure-service.js';
import {
  bufferedView,
  mergeSubmissions,
  pageOfList,
  storedView,
  type SubmissionPage,
  type SubmissionView,
  type SubmittedFileModel,
} from './submission-view.js';

const IDEMPOTENCY_ID = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_TEXT = 20_000;
const MAX_FEEDBACK = 5_000;

export interface RequestUploadInput {
  homeworkId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

export interface SubmitInput {
  homeworkId: string;
  idempotencyId: string;
  text?: string | null;
  fileKey?: string | null;
  fileName?: string | null;
}

export interface GradeInput {
  submissionId: string;
  points?: number | null;
  rubricChoices?: readonly { criterionId: string; levelId: string }[] | null;
  feedback?: string | null;
  feedbackFiles?: readonly { objectKey: string; fileName: string }[] | null;
}

export interface RequestFeedbackUploadInput {
  submissionId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

type Failed = { userErrors: HomeworkUserError[] };

/** Why a student may not submit a new version now (null when they may). */
function resubmissionClosed(
  homework: HomeworkRecord,
  latest: SubmissionView,
  now: Date,
): HomeworkUserError | null {
  if (latest.gradedAt !== null)
    return userError('RESUBMISSION_CLOSED', 'Your submission is graded: it can no longer be replaced.', [
      'input',
      'homeworkId',
    ]);
  if (now.getTime() > homework.dueAt.getTime())
    return userError(
      'RESUBMISSION_CLOSED',
      'The due time has passed: your submission can no longer be replaced.',
      ['input', 'homeworkId'],
    );
  return null;
}

const lateCutoffPassed = (homework: HomeworkRecord): HomeworkUserError =>
  userError(
    'LATE_CUTOFF_PASSED',
    `This homework took late work for ${homework.lateCutoffDays ?? 0} days after its due time; that has passed.`,
    ['input', 'homeworkId'],
  );

/** A presigned upload and the key it writes. */
export type HomeworkUploadModel = PresignedRequest & { objectKey: string };

export interface SubmissionDependencies {
  /** Tells the gradebooks a grade changed (see `touchGradebooks`). */
  gradebookChanged: (change: GradebookChange) => Promise<void>;
  homework: HomeworkService;
  repos: AcademicsRepositories;
  access: RecordAccess;
  kinds: AcademicsWriteKinds;
  events: EventBus;
  store: ObjectStore | null;
  logger: Logger;
  leaderboards: LeaderboardService;
  /** For the grading lock: a homework's section (its year's closed grading periods lock its marks). */
  structure: StructureService;
  /** Last-known answers for the submit path while the database is unreachable. */
  lastKnown: () => LastKnown;
}

/**
 * Submissions: uploads, submitting through the write buffer, reading them back (buffered ones too,
 * each exactly once) and grading. A student submits only as themself, to homework of a section they
 * are ACTIVE-ly enrolled in; teachers list and grade only in sections they teach.
 */
export class SubmissionService {
  constructor(private readonly deps: SubmissionDependencies) {}

  private get schoolId(): string {
    return this.deps.homework.schoolId;
  }

  private requireStore(): ObjectStore {
    if (!this.deps.store) {
      throw new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'File uploads are not available: file storage is not configured.',
      );
    }
    return this.deps.store;
  }

  /**
   * The signed-in student and the homework they act on, or why they may not; `stored` says whether
   * they already have a stored submission of it (null when unknown: the database is unreachable and
   * the student's facts came from the last-known copy).
   */
  private async studentAndHomework(
    homeworkId: string,
  ): Promise<{ studentId: string; homework: HomeworkRecord; stored: boolean | null } | Failed> {
    const homework = isUuid(homeworkId) ? await this.deps.homework.find(homeworkId) : null;
    if (!homework) return { userErrors: [notFound('homework', ['input', 'homeworkId'])] };
    const viewer = this.deps.homework.requireViewer();
    // A platform admin acting in this school is no student of it.
    let stored: boolean | null = null;
    const who =
      viewer.actorUserId !== undefined
        ? { studentId: null, enrolled: false }
        : await this.deps
            .lastKnown()
            .read('submitter', `${viewer.userId}:${homework.sectionId}`, async () => {
              const facts = await this.deps.repos.homework.submitterFacts(
                this.schoolId,
                viewer.userId,
                homework.sectionId,
                homework.id,
              );
              stored = facts.storedSubmissionId !== null;
              // Only who the student is and where they are enrolled is kept for an outage.
              return { studentId: facts.studentId, enrolled: facts.enrolled };
            });
    if (!who.studentId || !who.enrolled) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can submit only homework of your own section.', {
        homeworkId: homework.id,
      });
    }
    return { studentId: who.studentId, homework, stored };
  }

  async requestUpload(
    input: RequestUploadInput,
  ): Promise<{ upload: HomeworkUploadModel | null; userErrors: HomeworkUserError[] }> {
    const failed = (...userErrors: HomeworkUserError[]) => ({ upload: null, userErrors });
    const found = await this.studentAndHomework(input.homeworkId);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { studentId, homework } = found;
    const contentType = input.contentType.trim().toLowerCase();
    const problems = this.fileProblems(homework, contentType, input.byteSize, ['input']);
    const badName = fileNameProblem(input.fileName.trim(), ['input', 'fileName']);
    if (badName) problems.push(badName);
    if (homework.status === 'CANCELLED')
      problems.push(userError('HOMEWORK_CANCELLED', 'This homework was cancelled.', ['input', 'homeworkId']));
    else if (isPastLateCutoff(homework, new Date())) problems.push(lateCutoffPassed(homework));
    if (problems.length > 0) return failed(...problems);
    const objectKey = homeworkUploadKey(this.schoolId, homework.id, studentId);
    const presigned = await this.requireStore().presignUpload({
      key: objectKey,
      contentType,
      byteSize: input.byteSize,
    });
    return { upload: { ...presigned, objectKey }, userErrors: [] };
  }

  /** What is wrong with a file of this type and size for the homework (empty when nothing). */
  private fileProblems(
    homework: HomeworkRecord,
    contentType: string | null,
    byteSize: number,
    path: string[],
  ): HomeworkUserError[] {
    const problems: HomeworkUserError[] = [];
    if (homework.allowedFileTypes.length === 0) {
      problems.push(
        userError('FILE_TYPE_NOT_ALLOWED', 'This homework takes text answers only.', [
          ...path,
          'contentType',
        ]),
      );
    } else if (!contentType || !isMimeType(contentType) || !homework.allowedFileTypes.includes(contentType)) {
      problems.push(
        userError(
          'FILE_TYPE_NOT_ALLOWED',
          `This homework takes files of these types: ${homework.allowedFileTypes.join(', ')}.`,
          [...path, 'contentType'],
        ),
      );
    }
    if (!Number.isInteger(byteSize) || byteSize < 1 || byteSize > homework.maxFileBytes) {
      problems.push(
        userError('FILE_TOO_LARGE', `The file must be from 1 byte to ${homework.maxFileBytes} bytes.`, [
          ...path,
          'byteSize',
        ]),
      );
    }
    return problems;
  }

  async submit(
    input: SubmitInput,
  ): Promise<{ submission: SubmissionView | null; isDuplicate: boolean; userErrors: HomeworkUserError[] }> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({
      submission: null,
      isDuplicate: false,
      userErrors,
    });
    if (!IDEMPOTENCY_ID.test(input.idempotencyId)) {
      return failed(
        userError('INVALID_INPUT', 'The idempotency id must be 1–128 letters, digits, ".", "_" or "-".', [
          'input',
          'idempotencyId',
        ]),
      );
    }
    const found = await this.studentAndHomework(input.homeworkId);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { studentId, homework } = found;

    // A retry of a submission already stored (possibly long after the buffer forgot it). With the
    // database unreachable (`stored` unknown) the buffer still answers retries (it remembers flushed
    // ids for a day); a submission stored longer ago would be buffered again and dropped by the
    // sink's ON CONFLICT.
    let version = 1;
    if (found.stored || homework.allowResubmission) {
      if (homework.allowResubmission && found.stored === null) {
        // Without the database the stored version is unknown, and a resubmission appended as the
        // wrong version could be acknowledged and then dropped: refuse (retryable) rather than risk it.
        throw new DomainError(
          ErrorCode.SERVICE_UNAVAILABLE,
          'Submissions of this homework are paused for a moment: retry shortly.',
        );
      }
      const latest = found.stored
        ? await this.submissionOfStudent(homework.id, studentId)
        : (mergeSubmissions(
            [],
            await this.deps.kinds.submissions.pendingByIndex(
              this.schoolId,
              submissionIndex.ofStudent(homework.id, studentId),
            ),
          )[0] ?? null);
      if (latest) {
        if (latest.idempotencyId === input.idempotencyId || !homework.allowResubmission)
          return this.existing(latest, input.idempotencyId);
        const closed = resubmissionClosed(homework, latest, new Date());
        if (closed) return failed(closed);
        version = latest.version + 1;
      }
    }

    if (homework.status === 'CANCELLED')
      return failed(userError('HOMEWORK_CANCELLED', 'This homework was cancelled.', ['input', 'homeworkId']));
    if (isPastLateCutoff(homework, new Date())) return failed(lateCutoffPassed(homework));
    const text = input.text ?? null;
    if (text !== null && text.length > MAX_TEXT)
      return failed(
        userError('INVALID_INPUT', 'The answer must be at most 20,000 characters.', ['input', 'text']),
      );
    const fileKey = input.fileKey ?? null;
    if ((text === null || text.trim() === '') && fileKey === null)
      return failed(userError('EMPTY_SUBMISSION', 'Write an answer, attach a file, or both.', ['input']));

    let file: HomeworkSubmissionPayload['file'] = null;
    if (fileKey !== null) {
      if (!isHomeworkUploadKey(fileKey, this.schoolId, homework.id, studentId)) {
        return failed(
          userError(
            'FILE_NOT_UPLOADED',
            'Upload the file with requestHomeworkUpload and pass its objectKey.',
            ['input', 'fileKey'],
          ),
        );
      }
      const object = await this.requireStore().head(fileKey);
      if (!object)
        return failed(
          userError('FILE_NOT_UPLOADED', 'No file was uploaded under this key (or its URL expired).', [
            'input',
            'fileKey',
          ]),
        );
      // The store enforced the signed type and size; this guards against a key uploaded some other way.
      const problems = this.fileProblems(homework, object.contentType, object.byteSize, ['input', 'fileKey']);
      if (problems.length > 0) return failed(...problems);
      const name = (input.fileName ?? 'submission').trim();
      const badName = fileNameProblem(name, ['input', 'fileName']);
      if (badName) return failed(badName);
      file = { key: fileKey, name, byteSize: object.byteSize, contentType: object.contentType ?? '' };
    }

    const submittedAt = new Date();
    const payload: HomeworkSubmissionPayload = {
      submissionId: submissionIdFor(this.schoolId, input.idempotencyId),
      homeworkId: homework.id,
      studentId,
      idempotencyId: input.idempotencyId,
      text,
      file,
      submittedAt: submittedAt.toISOString(),
      isLate: submittedAt.getTime() > homework.dueAt.getTime(),
      version,
    };
    const appended = await this.deps.kinds.submissions.append(
      this.schoolId,
      submissionBufferId(homework.id, studentId, version),
      payload,
      {
        actor: viewer.userId,
        indexKeys: [
          submissionIndex.ofHomework(homework.id),
          submissionIndex.ofStudent(homework.id, studentId),
          submissionIndex.byId(payload.submissionId),
        ],
      },
    );
    if (appended.duplicate) {
      if (appended.status === 'dead-lettered') {
        return failed(
          userError('SUBMISSION_FAILED', 'Your earlier submission could not be saved; ask the school.', [
            'input',
          ]),
        );
      }
      const earlier = await this.submissionOfStudent(homework.id, studentId);
      if (!earlier)
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Your submission is being saved: retry.');
      if (version > 1 && earlier.idempotencyId !== input.idempotencyId)
        return failed(
          userError(
            'ALREADY_SUBMITTED',
            'Another version was submitted at the same moment: look at it and submit again.',
            ['input', 'idempotencyId'],
          ),
        );
      return this.existing(earlier, input.idempotencyId);
    }
    await this.publish('homeworkSubmitted', homework, studentId, payload.submissionId);
    return {
      submission: bufferedView({
        kind: this.deps.kinds.submissions.kind,
        tenant: this.schoolId,
        idempotencyId: submissionBufferId(homework.id, studentId, version),
        actor: viewer.userId,
        payload,
        indexKeys: [],
        acceptedAt: submittedAt,
        streamId: appended.streamId,
      }),
      isDuplicate: false,
      userErrors: [],
    };
  }

  /** The answer to a submission that exists already: the same one for its own id, else refused. */
  private existing(submission: SubmissionView, idempotencyId: string) {
    if (submission.idempotencyId === idempotencyId) return { submission, isDuplicate: true, userErrors: [] };
    return {
      submission: null,
      isDuplicate: false,
      userErrors: [
        userError<'ALREADY_SUBMITTED'>(
          'ALREADY_SUBMITTED',
          'You already submitted this homework (with another idempotency id).',
          ['input', 'idempotencyId'],
        ),
      ],
    };
  }

  /** The student's submission, buffered or stored; the stored row wins while it is in both. */
  private async submissionOfStudent(homeworkId: string, studentId: string): Promise<SubmissionView | null> {
    const [stored, buffered] = await Promise.all([
      this.deps.repos.homework.submissionOf(this.schoolId, homeworkId, studentId),
      this.deps.kinds.submissions.pendingByIndex(
        this.schoolId,
        submissionIndex.ofStudent(homeworkId, studentId),
      ),
    ]);
    return mergeSubmissions(stored ? [stored] : [], buffered)[0] ?? null;
  }

  /** Every submission of a homework, buffered ones included, each once: for its section's teachers. */
  async submissionsOf(homework: HomeworkRecord, args: ConnectionArgs): Promise<SubmissionPage> {
    const page = parsePageRequest(args);
    await this.deps.access.assertCanSeeSectionStudents(homework.sectionId);
    const [stored, buffered] = await Promise.all([
      this.deps.repos.homework.submissionsOf(this.schoolId, homework.id),
      this.deps.kinds.submissions.pendingByIndex(this.schoolId, submissionIndex.ofHomework(homework.id), {
        limit: 1000,
      }),
    ]);
    return pageOfList(mergeSubmissions(stored, buffered), page);
  }

  /** `Query.homeworkSubmissions`: a homework's submissions by its id, null when there is none. */
  async submissionsOfHomework(homeworkId: string, args: ConnectionArgs): Promise<SubmissionPage | null> {
    const homework = isUuid(homeworkId) ? await this.deps.homework.find(homeworkId) : null;
    return homework ? this.submissionsOf(homework, args) : null;
  }

  /** `Query.homeworkSubmission`: for whoever may see the homework's section and the student. */
  async submissionOfHomework(homeworkId: string, studentId: string): Promise<SubmissionView | null> {
    const homework = isUuid(homeworkId) ? await this.deps.homework.homework(homeworkId) : null;
    return homework ? this.submissionOf(homework, studentId) : null;
  }

  /** The signed-in student's own submission to the homework. */
  async mySubmission(homework: HomeworkRecord): Promise<SubmissionView | null> {
    const { studentId } = await this.deps.homework.ownRecords();
    return studentId ? this.submissionOfStudent(homework.id, studentId) : null;
  }

  /** One student's submission, for whoever may see both the homework and the student. */
  async submissionOf(homework: HomeworkRecord, studentId: string): Promise<SubmissionView | null> {
    if (!isUuid(studentId)) return null;
    await this.deps.access.assertCanSeeStudent(studentId);
    return this.submissionOfStudent(homework.id, studentId);
  }

  async grade(
    input: GradeInput,
  ): Promise<{ submission: SubmissionView | null; userErrors: HomeworkUserError[] }> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({ submission: null, userErrors });
    const found = await this.gradableSubmission(input.submissionId);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { stored, homework } = found;
    const feedback = input.feedback?.trim() || null;
    if (feedback !== null && feedback.length > MAX_FEEDBACK)
      return failed(
        userError('INVALID_INPUT', 'Feedback must be at most 5,000 characters.', ['input', 'feedback']),
      );
    // Omitted: the files of an earlier grade stay; given (even empty): they are replaced.
    let feedbackFiles: Prisma.InputJsonArray | undefined;
    if (input.feedbackFiles != null) {
      const checked =
        input.feedbackFiles.length === 0
          ? { files: [] }
          : await checkedFeedbackFiles(
              input.feedbackFiles,
              { schoolId: this.schoolId, homeworkId: homework.id, studentId: stored.studentId },
              this.requireStore(),
            );
      if ('problems' in checked) return failed(...checked.problems);
      feedbackFiles = checked.files;
    }
    const section = await this.deps.structure.section(homework.sectionId);
    if (!section) return failed(notFound('submission', ['input', 'submissionId']));
    // The rules read the homework as it is inside the grading transaction (its row share-locked), so
    // an edit of its maximum, a cancellation or an excusal cannot slip in beside the grade.
    const graded = await this.deps.repos.homework.grade<HomeworkUserError>(
      this.schoolId,
      stored.id,
      section.academicYearId,
      (facts) => {
        if (!facts.submission) return { refused: notFound('submission', ['input', 'submissionId']) };
        const current = facts.homework;
        if (current.status === 'CANCELLED')
          return {
            refused: userError('HOMEWORK_CANCELLED', 'This homework was cancelled: it takes no grades.', [
              'input',
              'submissionId',
            ]),
          };
        if (facts.excused)
          return {
            refused: userError(
              'STUDENT_EXCUSED',
              'The student is excused from this homework: withdraw the excusal to grade it.',
              ['input', 'submissionId'],
            ),
          };
        const rubric = readRubric(current.rubric);
        let rawPoints: number;
        let rubricChoices: RubricChoices | null = null;
        if (rubric) {
          const byRubric = gradeByRubric(rubric, input.rubricChoices ?? [], ['input', 'rubricChoices']);
          if ('problem' in byRubric) return { refused: byRubric.problem };
          if (input.points != null && input.points !== byRubric.rawPoints)
            return {
              refused: userError(
                'INVALID_POINTS',
                `The chosen levels add up to ${byRubric.rawPoints} points: omit points or give that.`,
                ['input', 'points'],
              ),
            };
          rawPoints = byRubric.rawPoints;
          rubricChoices = byRubric.choices;
        } else {
          if (input.rubricChoices != null)
            return {
              refused: userError(
                'INVALID_RUBRIC_CHOICES',
                'This homework has no rubric: grade it by points.',
                ['input', 'rubricChoices'],
              ),
            };
          rawPoints = input.points ?? -1;
        }
        if (!Number.isInteger(rawPoints) || rawPoints < 0 || rawPoints > current.maxPoints)
          return {
            refused: userError(
              'INVALID_POINTS',
              `Points must be a whole number from 0 to ${current.maxPoints}.`,
              ['input', 'points'],
            ),
          };
        if (facts.closedPeriod !== null)
          return {
            refused: userError(
              'PERIOD_CLOSED',
              `The grading period "${facts.closedPeriod}" holding this homework's due date is closed: its marks are locked.`,
              ['input', 'submissionId'],
            ),
          };
        return {
          ...applyLatePolicy(current, facts.submission, rawPoints),
          rawPoints,
          rubricChoices,
          feedback,
          ...(feedbackFiles !== undefined ? { feedbackFiles } : {}),
          gradedByUserId: viewer.userId,
          gradedAt: new Date(),
        };
      },
    );
    if ('refused' in graded) return failed(graded.refused);
    await this.publish('homeworkGraded', homework, graded.studentId, graded.id);
    await this.deps.leaderboards.gradeLanded(homework, graded.studentId);
    await this.deps.gradebookChanged({ pairs: [homework] });
    return { submission: storedView(graded), userErrors: [] };
  }

  /**
   * A presigned upload of one feedback file for a stored submission, for whoever may grade it; the
   * file is attached by the grade that names its key.
   */
  async requestFeedbackUpload(
    input: RequestFeedbackUploadInput,
  ): Promise<{ upload: HomeworkUploadModel | null; userErrors: HomeworkUserError[] }> {
    this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({ upload: null, userErrors });
    const found = await this.gradableSubmission(input.submissionId);
    if ('userErrors' in found) return failed(...found.userErrors);
    const { stored, homework } = found;
    const contentType = input.contentType.trim().toLowerCase();
    const problems = feedbackFileProblems(contentType, input.byteSize, ['input']);
    const badName = fileNameProblem(input.fileName.trim(), ['input', 'fileName']);
    if (badName) problems.push(badName);
    if (homework.status === 'CANCELLED')
      problems.push(
        userError('HOMEWORK_CANCELLED', 'This homework was cancelled: it takes no grades.', [
          'input',
          'submissionId',
        ]),
      );
    if (problems.length > 0) return failed(...problems);
    const objectKey = feedbackUploadKey(this.schoolId, homework.id, stored.studentId);
    const presigned = await this.requireStore().presignUpload({
      key: objectKey,
      contentType,
      byteSize: input.byteSize,
    });
    return { upload: { ...presigned, objectKey }, userErrors: [] };
  }

  /**
   * The stored submission `id` names and its homework, once the viewer may grade it; a submission
   * still in the buffer cannot be graded yet (NOT_YET_STORED), but who may is checked first.
   */
  private async gradableSubmission(
    id: string,
  ): Promise<{ stored: StoredSubmissionRecord; homework: HomeworkRecord } | Failed> {
    const stored = isUuid(id) ? await this.deps.repos.homework.submission(this.schoolId, id) : null;
    if (!stored) {
      const [buffered] = isUuid(id)
        ? await this.deps.kinds.submissions.pendingByIndex(this.schoolId, submissionIndex.byId(id), {
            limit: 1,
          })
        : [];
      if (!buffered) return { userErrors: [notFound('submission', ['input', 'submissionId'])] };
      const homework = await this.deps.homework.find(buffered.payload.homeworkId);
      if (homework) await this.assertCanGrade(homework);
      return {
        userErrors: [
          userError('NOT_YET_STORED', 'This submission is still being saved: grade it again in a moment.', [
            'input',
            'submissionId',
          ]),
        ],
      };
    }
    const homework = await this.deps.homework.find(stored.homeworkId);
    if (!homework) return { userErrors: [notFound('submission', ['input', 'submissionId'])] };
    await this.assertCanGrade(homework);
    return { stored, homework };
  }

  private async assertCanGrade(homework: HomeworkRecord): Promise<void> {
    if (!(await this.deps.access.canSeeSectionStudents(homework.sectionId))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can grade only in sections you teach.', {
        homeworkId: homework.id,
      });
    }
  }

  /**
   * Every version of a submission, oldest first, ending with this one: the stored history (read only
   * for resubmittable homework or a submission past version 1) with this view in place of its own
   * version.
   */
  async versionsOf(submission: SubmissionView): Promise<SubmissionVersionRecord[]> {
    const own: SubmissionVersionRecord = {
      id: submission.id,
      version: submission.version,
      idempotencyId: submission.idempotencyId,
      text: submission.text,
      fileKey: submission.fileKey,
      fileName: submission.fileName,
      fileBytes: submission.fileBytes,
      fileType: submission.fileType,
      submittedAt: submission.submittedAt,
      isLate: submission.isLate,
    };
    if (submission.version === 1) return [own];
    const history = await this.deps.repos.homework.versionsOf(
      this.schoolId,
      submission.homeworkId,
      submission.studentId,
    );
    return [...history.filter((row) => row.version < submission.version), own];
  }

  /** A download link for a submission's file, or null when storage is not configured. */
  async downloadOf(submission: SubmittedFileModel): Promise<PresignedRequest | null> {
    if (!submission.fileKey || !this.deps.store) return null;
    return this.deps.store.presignDownload(submission.fileKey, { fileName: submission.fileName });
  }

  /**
   * Events are notifications, not the record: the write already happened (or is durably buffered),
   * so a failed publish is logged and the client still gets its answer.
   */
  private async publish(
    name: 'homeworkSubmitted' | 'homeworkGraded',
    homework: HomeworkRecord,
    studentId: string,
    submissionId: string,
  ): Promise<void> {
    try {
      await this.deps.events.publish(name, this.schoolId, {
        homeworkId: homework.id,
        sectionId: homework.sectionId,
        studentId,
        submissionId,
      });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, event: name, homeworkId: homework.id },
        'could not publish an event',
      );
    }
  }
}
