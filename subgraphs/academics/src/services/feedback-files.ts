import { userError } from '@schools24/errors';
import type { Prisma } from '@schools24/db';
import { isFeedbackUploadKey, type ObjectStore } from '@schools24/storage';
import { z } from 'zod';
import type { HomeworkUserError } from './homework-service.js';
import type { SubmittedFileModel } from './submission-view.js';

/** What graders may attach: marked-up work, images of it, voice notes, short written notes. */
export const FEEDBACK_FILE_TYPES: readonly string[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'audio/mpeg',
  'audio/mp4',
  'audio/webm',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];
export const MAX_FEEDBACK_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FEEDBACK_FILES = 5;
const MAX_FILE_NAME = 255;

const storedFeedbackFiles = z.array(
  z.object({
    key: z.string(),
    name: z.string(),
    byteSize: z.number().int(),
    contentType: z.string(),
  }),
);

/** A grade's feedback files as stored (JSONB), in the shape `SubmittedFile` resolves; [] if none. */
export function readFeedbackFiles(value: unknown): SubmittedFileModel[] {
  const parsed = storedFeedbackFiles.safeParse(value ?? []);
  if (!parsed.success) return [];
  return parsed.data.map((file) => ({
    fileKey: file.key,
    fileName: file.name,
    fileBytes: file.byteSize,
    fileType: file.contentType,
  }));
}

/** What is wrong with declaring a feedback file of this type and size (empty when nothing). */
export function feedbackFileProblems(
  contentType: string | null,
  byteSize: number,
  path: string[],
): HomeworkUserError[] {
  const problems: HomeworkUserError[] = [];
  if (!contentType || !FEEDBACK_FILE_TYPES.includes(contentType))
    problems.push(
      userError('FILE_TYPE_NOT_ALLOWED', `Feedback files may be: ${FEEDBACK_FILE_TYPES.join(', ')}.`, [
        ...path,
        'contentType',
      ]),
    );
  if (!Number.isInteger(byteSize) || byteSize < 1 || byteSize > MAX_FEEDBACK_FILE_BYTES)
    problems.push(
      userError(
        'FILE_TOO_LARGE',
        `A feedback file must be from 1 byte to ${MAX_FEEDBACK_FILE_BYTES} bytes.`,
        [...path, 'byteSize'],
      ),
    );
  return problems;
}

/** Why a file's name (of an answer or a feedback file) is not acceptable, or null: 1–255 characters. */
export const fileNameProblem = (name: string, path: string[]): HomeworkUserError | null =>
  name.length === 0 || name.length > MAX_FILE_NAME
    ? userError('INVALID_INPUT', 'The file name must be 1–255 characters.', path)
    : null;

/**
 * The feedback files a grade attaches, checked against the store: each key one that
 * `requestFeedbackUpload` made for this very submission, uploaded, of an allowed type and size.
 * Returns what to store, or every problem found (nothing is written then).
 */
export async function checkedFeedbackFiles(
  files: readonly { objectKey: string; fileName: string }[],
  owner: { schoolId: string; homeworkId: string; studentId: string },
  store: ObjectStore,
): Promise<{ files: Prisma.InputJsonArray } | { problems: HomeworkUserError[] }> {
  const path = ['input', 'feedbackFiles'];
  if (files.length > MAX_FEEDBACK_FILES)
    return {
      problems: [userError('INVALID_INPUT', `Attach at most ${MAX_FEEDBACK_FILES} feedback files.`, path)],
    };
  const problems: HomeworkUserError[] = [];
  const seen = new Set<string>();
  const checked = await Promise.all(
    files.map(async (file, index) => {
      const at = [...path, String(index)];
      const name = file.fileName.trim();
      const badName = fileNameProblem(name, [...at, 'fileName']);
      if (badName) problems.push(badName);
      if (seen.has(file.objectKey)) {
        problems.push(userError('INVALID_INPUT', 'Each file may be attached once.', [...at, 'objectKey']));
        return null;
      }
      seen.add(file.objectKey);
      if (!isFeedbackUploadKey(file.objectKey, owner.schoolId, owner.homeworkId, owner.studentId)) {
        problems.push(
          userError(
            'FILE_NOT_UPLOADED',
            'Upload the file with requestFeedbackUpload for this submission and pass its objectKey.',
            [...at, 'objectKey'],
          ),
        );
        return null;
      }
      const object = await store.head(file.objectKey);
      if (!object) {
        problems.push(
          userError('FILE_NOT_UPLOADED', 'No file was uploaded under this key (or its URL expired).', [
            ...at,
            'objectKey',
          ]),
        );
        return null;
      }
      // The store enforced the signed type and size; this guards against a key uploaded some other way.
      problems.push(...feedbackFileProblems(object.contentType, object.byteSize, at));
      return { key: file.objectKey, name, byteSize: object.byteSize, contentType: object.contentType ?? '' };
    }),
  );
  if (problems.length > 0) return { problems };
  return { files: checked.filter((file) => file !== null) };
}
