import { badInput, DomainError, ErrorCode } from '@schools24/errors';
import { isStreamId, type DeadLetter, type WriteBuffer } from '@schools24/write-buffer';
import { HOMEWORK_SUBMISSION_KIND, homeworkSubmissionPayload } from '../submission-payload.js';
import { notFound, type HomeworkUserError } from './homework-service.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const MAX_REASON_LENGTH = 500;

/** A dead-lettered submission as school admins see it. */
export interface FailedSubmissionModel {
  id: string;
  homeworkId: string | null;
  studentId: string;
  idempotencyId: string;
  submittedAt: Date;
  failedAt: Date;
  attempts: number;
  reason: string;
}

export interface FailedSubmissionPage {
  items: FailedSubmissionModel[];
  /** Cursor of the last item when more may follow. */
  nextCursor: string | null;
}

const encodeCursor = (streamId: string) => Buffer.from(streamId).toString('base64url');

function decodeCursor(cursor: string): string {
  const streamId = Buffer.from(cursor, 'base64url').toString();
  if (!isStreamId(streamId)) throw badInput('`after` is not a cursor of this list', { argument: 'after' });
  return streamId;
}

function toModel(letter: DeadLetter): FailedSubmissionModel {
  // The payload was validated when it was accepted; read what can be read of it all the same.
  const parsed = homeworkSubmissionPayload.safeParse(letter.payload);
  const [homeworkId, studentId] = letter.idempotencyId.split('.');
  return {
    id: encodeCursor(letter.deadLetterId),
    homeworkId: parsed.success ? parsed.data.homeworkId : (homeworkId ?? null),
    studentId: parsed.success ? parsed.data.studentId : (studentId ?? ''),
    idempotencyId: parsed.success ? parsed.data.idempotencyId : letter.idempotencyId,
    submittedAt: letter.acceptedAt,
    failedAt: letter.deadLetteredAt,
    attempts: letter.deliveries,
    reason: letter.lastError.slice(0, MAX_REASON_LENGTH),
  };
}

/**
 * The school's dead-lettered homework submissions (acknowledged, then refused by the database
 * repeatedly): listed and retried by school admins. Only this school's are ever read or retried.
 */
export class FailedSubmissionService {
  constructor(
    private readonly schoolId: string,
    private readonly buffer: WriteBuffer,
  ) {}

  async page(args: { first?: number | null; after?: string | null }): Promise<FailedSubmissionPage> {
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput(`\`first\` must be 1 to ${MAX_PAGE_SIZE}`, { argument: 'first' });
    }
    const after = args.after ? decodeCursor(args.after) : undefined;
    const page = await this.buffer.deadLetters(HOMEWORK_SUBMISSION_KIND, {
      tenant: this.schoolId,
      limit: first,
      ...(after ? { after } : {}),
    });
    return {
      items: page.items.map(toModel),
      nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null,
    };
  }

  async retry(id: string): Promise<{ retried: boolean; userErrors: HomeworkUserError[] }> {
    let streamId: string;
    try {
      streamId = decodeCursor(id);
    } catch {
      return { retried: false, userErrors: [notFound('failed submission', ['input', 'id'])] };
    }
    try {
      await this.buffer.retryDeadLetter(HOMEWORK_SUBMISSION_KIND, streamId, { tenant: this.schoolId });
    } catch (error) {
      // The buffer answers an unknown id, or another school's, as bad input on `deadLetterId`.
      if (error instanceof DomainError && error.code === ErrorCode.BAD_USER_INPUT) {
        return { retried: false, userErrors: [notFound('failed submission', ['input', 'id'])] };
      }
      throw error;
    }
    return { retried: true, userErrors: [] };
  }
}
