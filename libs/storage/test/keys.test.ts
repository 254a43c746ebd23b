import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  feedbackUploadKey,
  homeworkUploadKey,
  homeworkUploadPrefix,
  isFeedbackUploadKey,
  isHomeworkUploadKey,
} from '../src/index.js';

describe('object keys', () => {
  it('carry the tenant first and accept only the uploader’s own prefix', () => {
    const [school, homework, student] = [randomUUID(), randomUUID(), randomUUID()];
    const key = homeworkUploadKey(school, homework, student);
    expect(key).toMatch(new RegExp(`^schools/${school}/homework/${homework}/${student}/[0-9a-f-]{36}$`));
    expect(key.startsWith(homeworkUploadPrefix(school, homework, student))).toBe(true);
    expect(isHomeworkUploadKey(key, school, homework, student)).toBe(true);
    expect(isHomeworkUploadKey(key, randomUUID(), homework, student)).toBe(false);
    expect(isHomeworkUploadKey(key, school, homework, randomUUID())).toBe(false);
    expect(isHomeworkUploadKey(`${key}/../x`, school, homework, student)).toBe(false);
    expect(() => homeworkUploadKey('../etc', homework, student)).toThrow();
  });

  it('keep feedback files apart from the student’s own uploads', () => {
    const [school, homework, student] = [randomUUID(), randomUUID(), randomUUID()];
    const key = feedbackUploadKey(school, homework, student);
    expect(key).toMatch(
      new RegExp(`^schools/${school}/homework/${homework}/${student}/feedback/[0-9a-f-]{36}$`),
    );
    expect(isFeedbackUploadKey(key, school, homework, student)).toBe(true);
    expect(isFeedbackUploadKey(key, school, randomUUID(), student)).toBe(false);
    // Neither kind of key passes for the other.
    expect(isHomeworkUploadKey(key, school, homework, student)).toBe(false);
    expect(isFeedbackUploadKey(homeworkUploadKey(school, homework, student), school, homework, student)).toBe(
      false,
    );
  });
});
