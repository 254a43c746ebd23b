import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { homeworkUploadKey, homeworkUploadPrefix, isHomeworkUploadKey } from '../src/index.js';

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
});
