import type { GradebookChange } from '../loaders/gradebook-cache.js';
import { randomBytes } from 'node:crypto';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import { parsePageRequest, type ConnectionArgs, type RecordAccess } from '@schools24/graphql';
import {
  quizAnswerIdFor,
  quizSubmissionIdFor,
  quizSubmissionIndex,
  type QuizSubmissionPayload,
} from '../quiz-payload.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { AttemptRecord, QuizRecord } from '../repositories/quiz-repository.js';
import type { AcademicsWriteKinds } from '../write-kinds.js';
import { notFound, type HomeworkService, type HomeworkUserError } from './homework-service.js';
import {
  answerResponse,
  gradeResponse,
  presentQuestion,
  seededOrder,
  type AnswerResponse,
} from './question-content.js';
import {
  attemptStatus,
  attemptViews,
  correctAnswerOf,
  DEADLINE_GRACE_MS,
  type AttemptPage,
  type AttemptQuestionModel,
  type AttemptView,
} from './quiz-attempt-view.js';
import type { QuizLeaderboardService } from './quiz-leaderboard-service.js';
import type { QuizService } from './quiz-service.js';
import { pageOfList } from './submission-view.js';

const IDEMPOTENCY_ID = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_FEEDBACK = 5000;

/** A response as the API takes it (`QuizResponseInput`: nulls for fields left out). */
export interface ResponseInput {
  choiceIds?: readonly string[] | null;
  boolean?: boolean | null;
  number?: number | null;
  text?: string | null;
  matches?: readonly { leftId: string; rightId: string }[] | null;
  order?: readonly string[] | null;
}

export interface SubmitAttemptInput {
  quizAttemptId: string;
  idempotencyId: string;
  answers: readonly { quizItemId: string; response: ResponseInput }[];
}

export interface GradeAnswerInput {
  quizAttemptId: string;
  quizItemId: string;
  points: number;
  feedback?: string | null;
}

export interface QuizAttemptDependencies {
  repos: AcademicsRepositories;
  access: RecordAccess;
  homework: HomeworkService;
  quizzes: QuizService;
  kinds: AcademicsWriteKinds;
  leaderboard: QuizLeaderboardService;
  /** Tells the gradebooks a grade changed (see `touchGradebooks`). */
  gradebookChanged: (change: GradebookChange) => Promise<void>;
}

type AttemptResult = { attempt: AttemptView | null; userErrors: HomeworkUserError[] };

function responseOf(input: ResponseInput): AnswerResponse | null {
  const parsed = answerResponse.safeParse(
    Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)),
  );
  return parsed.success ? parsed.data : null;
}

/**
 * Attempts: starting one (PostgreSQL, under the quiz's lock), submitting it (graded here, then
 * buffered), grading essays, and reading attempts back with buffered submissions merged in. A
 * student acts only on their own attempts, in a section they are ACTIVE-ly enrolled in.
 */
export class QuizAttemptService {
  constructor(private readonly deps: QuizAttemptDependencies) {}

  private get schoolId(): string {
    return this.deps.homework.schoolId;
  }

  private get kind() {
    return this.deps.kinds.quizSubmissions;
  }

  /** The signed-in student, who must be ACTIVE-ly enrolled in the quiz's section. */
  private async enrolledStudent(quiz: QuizRecord): Promise<string> {
    const { studentId } = await this.deps.homework.ownRecords();
    const enrolled =
      studentId !== null &&
      (await this.deps.repos.homework.activeInSection(this.schoolId, quiz.sectionId, [studentId])).length > 0;
    if (!studentId || !enrolled)
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can take only quizzes of your own section.', {
        quizId: quiz.id,
      });
    return studentId;
  }

  private async views(
    quiz: QuizRecord,
    attempts: readonly AttemptRecord[],
    indexKey: string,
  ): Promise<AttemptView[]> {
    if (attempts.length === 0) return [];
    const [stored, buffered] = await Promise.all([
      this.deps.repos.quizzes.submissionsOf(
        this.schoolId,
        attempts.map((attempt) => attempt.id),
      ),
      this.kind.pendingByIndex(this.schoolId, indexKey, { limit: 2000 }),
    ]);
    return attemptViews(quiz, attempts, stored, buffered);
  }

  private async viewOf(quiz: QuizRecord, attempt: AttemptRecord): Promise<AttemptView> {
    const [view] = await this.views(quiz, [attempt], quizSubmissionIndex.ofAttempt(attempt.id));
    if (!view) throw new Error('an attempt without its view');
    return view;
  }

  async start(input: { quizId: string }): Promise<AttemptResult & { isResumed: boolean }> {
    const failed = (...userErrors: HomeworkUserError[]) => ({ attempt: null, isResumed: false, userErrors });
    const quiz = await this.deps.quizzes.find(input.quizId);
    if (!quiz) return failed(notFound('quiz', ['input', 'quizId']));
    const studentId = await this.enrolledStudent(quiz);
    const now = new Date();
    if (!this.deps.quizzes.isOpen(quiz, now.getTime()))
      return failed(userError('QUIZ_NOT_OPEN', 'This quiz is not open now.', ['input', 'quizId']));
    const buffered = await this.kind.pendingByIndex(
      this.schoolId,
      quizSubmissionIndex.ofStudent(quiz.id, studentId),
      { limit: 100 },
    );
    const limit = quiz.timeLimitSeconds === null ? Infinity : now.getTime() + quiz.timeLimitSeconds * 1000;
    const outcome = await this.deps.repos.quizzes.startAttempt(this.schoolId, {
      quizId: quiz.id,
      studentId,
      maxAttempts: quiz.maxAttempts,
      now,
      deadlineAt: new Date(Math.min(limit, quiz.closesAt.getTime())),
      seed: randomBytes(16).toString('hex'),
      submittedAttemptIds: new Set(buffered.map((entry) => entry.payload.attemptId)),
    });
    if ('limitReached' in outcome)
      return failed(
        userError('ATTEMPT_LIMIT_REACHED', `You have used all ${quiz.maxAttempts} attempt(s) of this quiz.`, [
          'input',
          'quizId',
        ]),
      );
    const record = 'started' in outcome ? outcome.started : outcome.resumed;
    return { attempt: await this.viewOf(quiz, record), isResumed: 'resumed' in outcome, userErrors: [] };
  }

  async submit(input: SubmitAttemptInput): Promise<AttemptResult & { isDuplicate: boolean }> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({
      attempt: null,
      isDuplicate: false,
      userErrors,
    });
    if (!IDEMPOTENCY_ID.test(input.idempotencyId))
      return failed(
        userError('INVALID_INPUT', 'The idempotency id must be 1–128 letters, digits, ".", "_" or "-".', [
          'input',
          'idempotencyId',
        ]),
      );
    const attempt = await this.deps.repos.quizzes.attempt(this.schoolId, input.quizAttemptId);
    const quiz = attempt ? await this.deps.quizzes.find(attempt.quizId) : null;
    if (!attempt || !quiz) return failed(notFound('quiz attempt', ['input', 'quizAttemptId']));
    const { studentId } = await this.deps.homework.ownRecords();
    if (studentId !== attempt.studentId)
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can submit only your own attempts.', {
        attemptId: attempt.id,
      });

    const existing = await this.viewOf(quiz, attempt);
    if (existing.submission) return this.existing(existing, input.idempotencyId);
    const now = new Date();
    if (now.getTime() > attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS)
      return failed(
        userError('TIME_LIMIT_EXCEEDED', 'The time for this attempt is up: answers are no longer accepted.', [
          'input',
          'quizAttemptId',
        ]),
      );

    const items = await this.deps.quizzes.items(quiz);
    const itemIds = new Map(items.map((item) => [item.id.toLowerCase(), item]));
    const given = new Map<string, AnswerResponse>();
    const problems: HomeworkUserError[] = [];
    for (const [index, answer] of input.answers.entries()) {
      const path = ['input', 'answers', String(index)];
      const item = itemIds.get(answer.quizItemId.toLowerCase());
      const response = responseOf(answer.response);
      if (!item) problems.push(notFound('question of this quiz', [...path, 'quizItemId']));
      else if (given.has(item.id))
        problems.push(
          userError('INVALID_INPUT', 'Each question may be answered once.', [...path, 'quizItemId']),
        );
      else if (!response)
        problems.push(userError('INVALID_INPUT', 'The response is malformed.', [...path, 'response']));
      else given.set(item.id, response);
    }
    if (problems.length > 0) return failed(...problems);

    const versions = await Promise.all(
      items.map((item) => this.deps.quizzes.versionOf(item.questionVersionId)),
    );
    const submissionId = quizSubmissionIdFor(this.schoolId, input.idempotencyId);
    const payload: QuizSubmissionPayload = {
      submissionId,
      attemptId: attempt.id,
      quizId: quiz.id,
      studentId: attempt.studentId,
      idempotencyId: input.idempotencyId,
      submittedAt: now.toISOString(),
      answers: items.map((item, index) => {
        const version = versions[index];
        if (!version) throw new Error(`quiz item ${item.id}: its question version is missing`);
        const response = given.get(item.id);
        return {
          answerId: quizAnswerIdFor(submissionId, item.id),
          quizItemId: item.id,
          response: response ?? {},
          // Unanswered is 0 points for every type, essays too: there is nothing to grade.
          points: response ? gradeResponse(version.content, response, item.points) : 0,
        };
      }),
    };
    const appended = await this.kind.append(this.schoolId, attempt.id.toLowerCase(), payload, {
      actor: viewer.userId,
      indexKeys: [
        quizSubmissionIndex.ofQuiz(quiz.id),
        quizSubmissionIndex.ofAttempt(attempt.id),
        quizSubmissionIndex.ofStudent(quiz.id, attempt.studentId),
      ],
    });
    if (appended.duplicate) {
      if (appended.status === 'dead-lettered')
        return failed(
          userError('SUBMISSION_FAILED', 'Your earlier submission could not be saved; ask the school.', [
            'input',
          ]),
        );
      const earlier = await this.viewOf(quiz, attempt);
      if (!earlier.submission)
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Your submission is being saved: retry.');
      return this.existing(earlier, input.idempotencyId);
    }
    await this.deps.leaderboard.changed(quiz, attempt.studentId);
    return { attempt: await this.viewOf(quiz, attempt), isDuplicate: false, userErrors: [] };
  }

  /** The answer to a submission that exists already: the same one for its own id, else refused. */
  private existing(view: AttemptView, idempotencyId: string) {
    if (view.submission?.idempotencyId === idempotencyId)
      return { attempt: view, isDuplicate: true, userErrors: [] };
    return {
      attempt: null,
      isDuplicate: false,
      userErrors: [
        userError<'ALREADY_SUBMITTED'>('ALREADY_SUBMITTED', 'This attempt was already submitted.', [
          'input',
          'idempotencyId',
        ]),
      ],
    };
  }

  async grade(input: GradeAnswerInput): Promise<AttemptResult> {
    const viewer = this.deps.homework.requireViewer();
    const failed = (...userErrors: HomeworkUserError[]) => ({ attempt: null, userErrors });
    const attempt = await this.deps.repos.quizzes.attempt(this.schoolId, input.quizAttemptId);
    const quiz = attempt ? await this.deps.quizzes.find(attempt.quizId) : null;
    if (!attempt || !quiz) return failed(notFound('quiz attempt', ['input', 'quizAttemptId']));
    await this.deps.quizzes.assertCanManage(quiz);
    const item = (await this.deps.quizzes.items(quiz)).find(
      (candidate) => candidate.id.toLowerCase() === input.quizItemId.toLowerCase(),
    );
    if (!item) return failed(notFound('question of this quiz', ['input', 'quizItemId']));
    const version = await this.deps.quizzes.versionOf(item.questionVersionId);
    if (version?.type !== 'ESSAY')
      return failed(
        userError('WRONG_KIND', 'Only essays are graded by hand; this answer was graded automatically.', [
          'input',
          'quizItemId',
        ]),
      );
    const view = await this.viewOf(quiz, attempt);
    if (!view.submission) return failed(notFound('submitted answer', ['input', 'quizAttemptId']));
    if (!view.submission.isStored)
      return failed(
        userError('NOT_YET_STORED', 'This attempt is still being saved: grade it again in a moment.', [
          'input',
          'quizAttemptId',
        ]),
      );
    const points = Math.round(input.points * 100) / 100;
    if (!Number.isFinite(input.points) || points < 0 || points > item.points || points !== input.points)
      return failed(
        userError('INVALID_POINTS', `Points must be from 0 to ${item.points}, with at most two decimals.`, [
          'input',
          'points',
        ]),
      );
    const feedback = input.feedback?.trim() || null;
    if (feedback !== null && feedback.length > MAX_FEEDBACK)
      return failed(
        userError('INVALID_INPUT', 'Feedback must be at most 5,000 characters.', ['input', 'feedback']),
      );
    const graded = await this.deps.repos.quizzes.gradeAnswer(this.schoolId, attempt.id, item.id, {
      points,
      feedback,
      gradedByUserId: viewer.userId,
      gradedAt: new Date(),
    });
    if ('closedPeriod' in graded)
      return failed(
        userError(
          'PERIOD_CLOSED',
          `The grading period "${graded.closedPeriod}" holding this quiz's closing day is closed: its marks are locked.`,
          ['input', 'quizAttemptId'],
        ),
      );
    if (!graded.graded) return failed(notFound('submitted answer', ['input', 'quizAttemptId']));
    await this.deps.leaderboard.changed(quiz, attempt.studentId);
    await this.deps.gradebookChanged({ pairs: [quiz] });
    return { attempt: await this.viewOf(quiz, attempt), userErrors: [] };
  }

  /** `Query.quizAttempt`: for the section's staff, the student and their guardians. */
  async attempt(id: string): Promise<AttemptView | null> {
    const attempt = await this.deps.repos.quizzes.attempt(this.schoolId, id);
    const quiz = attempt ? await this.deps.quizzes.find(attempt.quizId) : null;
    if (!attempt || !quiz) return null;
    await this.deps.homework.assertCanSeeSectionHomework(quiz.sectionId);
    await this.deps.access.assertCanSeeStudent(attempt.studentId);
    return this.viewOf(quiz, attempt);
  }

  async attemptsOf(quiz: QuizRecord, args: ConnectionArgs): Promise<AttemptPage> {
    const page = parsePageRequest(args);
    await this.deps.quizzes.assertCanManage(quiz);
    const attempts = await this.deps.repos.quizzes.attemptsOfQuiz(this.schoolId, quiz.id);
    return pageOfList(await this.views(quiz, attempts, quizSubmissionIndex.ofQuiz(quiz.id)), page);
  }

  async myAttempts(quiz: QuizRecord): Promise<AttemptView[]> {
    const { studentId } = await this.deps.homework.ownRecords();
    if (!studentId) return [];
    const attempts = await this.deps.repos.quizzes.attemptsOfStudent(this.schoolId, quiz.id, studentId);
    return this.views(quiz, attempts, quizSubmissionIndex.ofStudent(quiz.id, studentId));
  }

  /** Whether the viewer may see the attempt's scores and correct answers now. */
  async resultsVisible(view: AttemptView): Promise<boolean> {
    if (await this.deps.quizzes.canManage(view.quiz)) return true;
    return view.submission !== null && this.deps.quizzes.isReleased(view.quiz);
  }

  status(view: AttemptView) {
    return attemptStatus(view);
  }

  async score(view: AttemptView): Promise<{ score: number; isFullyGraded: boolean } | null> {
    if (!(await this.resultsVisible(view))) return null;
    const answers = [...(view.submission?.answers.values() ?? [])];
    return {
      score: Math.round(answers.reduce((sum, answer) => sum + (answer.points ?? 0), 0) * 100) / 100,
      isFullyGraded: view.submission !== null && answers.every((answer) => answer.points !== null),
    };
  }

  /** The questions in the attempt's order (seeded), answers and results as the viewer may see them. */
  async questions(view: AttemptView): Promise<AttemptQuestionModel[]> {
    const { quiz, attempt, submission } = view;
    const items = await this.deps.quizzes.items(quiz);
    const ordered = quiz.shuffleQuestions
      ? seededOrder(items, attempt.seed, 'questions', (item) => item.id)
      : items;
    const [versions, visible] = await Promise.all([
      Promise.all(ordered.map((item) => this.deps.quizzes.versionOf(item.questionVersionId))),
      this.resultsVisible(view),
    ]);
    return ordered.map((item, index) => {
      const version = versions[index];
      if (!version) throw new Error(`quiz item ${item.id}: its question version is missing`);
      const answer = submission?.answers.get(item.id) ?? null;
      const response = answer && Object.keys(answer.response).length > 0 ? answer.response : null;
      return {
        quizItemId: item.id,
        position: index + 1,
        points: item.points,
        type: version.type,
        prompt: version.prompt,
        ...presentQuestion(version.content, {
          seed: attempt.seed,
          scope: item.id,
          shuffleOptions: quiz.shuffleOptions,
        }),
        response,
        earnedPoints: visible ? (answer?.points ?? null) : null,
        feedback: visible ? (answer?.feedback ?? null) : null,
        correctAnswer: visible ? correctAnswerOf(version.content) : null,
      };
    });
  }
}
