import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeTestResources,
  createTestSchool,
  openTestResources,
  type TestResources,
} from '@schools24/testkit';
import type { BufferedEntry } from '@schools24/write-buffer';
import { createHomeworkRepository } from '../src/repositories/index.js';
import {
  HOMEWORK_SUBMISSION_KIND,
  submissionBufferId,
  submissionIdFor,
  type HomeworkSubmissionPayload,
} from '../src/write-kinds.js';

// The write buffer's sink for homework submissions, on the real database as the app role (row-level
// security on): one transaction per batch even when the batch spans schools, and redelivery harmless.

type School = Awaited<ReturnType<typeof createTestSchool>>;

describe('the homework submission sink', () => {
  let resources: TestResources;
  let schools: { school: School; homeworkId: string; studentIds: string[]; userId: string }[];

  beforeAll(async () => {
    resources = await openTestResources();
    const db = resources.admin.db;
    schools = [];
    for (let i = 0; i < 2; i += 1) {
      const school = await createTestSchool(db, { students: 12, teachers: 3 });
      const enrolments = await db.enrolment.findMany({
        where: { schoolId: school.schoolId, status: 'ACTIVE' },
        select: { studentId: true },
      });
      const subject = await db.subject.findFirstOrThrow({ where: { schoolId: school.schoolId } });
      const userId = school.logins[0]?.userId;
      if (!userId || enrolments.length < 3) throw new Error('the seeded school is too small');
      const homework = await db.homework.create({
        data: {
          schoolId: school.schoolId,
          sectionId: school.sample.sectionId,
          subjectId: subject.id,
          assignedByUserId: userId,
          title: 'Sink',
          instructions: '',
          dueAt: new Date(Date.now() + 3_600_000),
          maxPoints: 10,
          maxFileBytes: 1024,
        },
      });
      schools.push({
        school,
        homeworkId: homework.id,
        studentIds: enrolments.map((e) => e.studentId),
        userId,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(schools.map(({ school }) => school.remove()));
    await closeTestResources(resources);
  });

  const entry = (
    at: (typeof schools)[number],
    studentId: string,
    idempotencyId = randomUUID(),
    text = 'answer',
    version = 1,
  ): BufferedEntry<HomeworkSubmissionPayload> => ({
    kind: HOMEWORK_SUBMISSION_KIND,
    tenant: at.school.schoolId,
    idempotencyId: submissionBufferId(at.homeworkId, studentId, version),
    actor: at.userId,
    payload: {
      submissionId: submissionIdFor(at.school.schoolId, idempotencyId),
      homeworkId: at.homeworkId,
      studentId,
      idempotencyId,
      text,
      file: null,
      submittedAt: new Date().toISOString(),
      isLate: false,
      version,
    },
    indexKeys: [],
    acceptedAt: new Date(),
    streamId: '0-1',
  });

  it('stores a batch of two schools in ONE transaction, each row in its own school', async () => {
    const [first, second] = schools;
    if (!first || !second) throw new Error('no schools');
    const batch = [
      entry(first, first.studentIds[0] ?? ''),
      entry(second, second.studentIds[0] ?? ''),
      entry(first, first.studentIds[1] ?? ''),
    ];
    resources.sql.reset();
    await createHomeworkRepository(resources.app.db).storeSubmissions(batch);
    // The first school is set by withTenant, the second by a set_config in the same transaction:
    // every row carries the id of the one transaction that wrote it (xmin).
    expect(resources.sql.tenantTransactions).toBe(2);
    const writers = await resources.admin.db.$queryRaw<{ xmin: string }[]>`
      SELECT DISTINCT xmin::text AS xmin FROM "HomeworkSubmission"
       WHERE id = ANY(${batch.map((e) => e.payload.submissionId)}::uuid[])`;
    expect(writers).toHaveLength(1);
    const rows = await resources.admin.db.homeworkSubmission.findMany({
      where: { id: { in: batch.map((e) => e.payload.submissionId) } },
      select: { id: true, schoolId: true },
    });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const expected = batch.find((e) => e.payload.submissionId === row.id);
      expect(row.schoolId).toBe(expected?.tenant);
    }
  });

  it('changes nothing when a batch is delivered again, or when another id names the same student and homework', async () => {
    const [first] = schools;
    if (!first) throw new Error('no school');
    const studentId = first.studentIds[2] ?? '';
    const original = entry(first, studentId, randomUUID(), 'the original');
    const repository = createHomeworkRepository(resources.app.db);
    await repository.storeSubmissions([original]);
    await resources.admin.db.homeworkSubmission.update({
      where: { id: original.payload.submissionId },
      data: { points: 7, gradedAt: new Date() },
    });
    await repository.storeSubmissions([original, entry(first, studentId, randomUUID(), 'a second answer')]);
    const rows = await resources.admin.db.homeworkSubmission.findMany({
      where: { homeworkId: first.homeworkId, studentId },
      select: { id: true, text: true, points: true },
    });
    expect(rows).toEqual([{ id: original.payload.submissionId, text: 'the original', points: 7 }]);
  });

  it('stores resubmissions once each, the latest in the submission row and every version in the history', async () => {
    const [first] = schools;
    if (!first) throw new Error('no school');
    const studentId = first.studentIds[3] ?? '';
    const repository = createHomeworkRepository(resources.app.db);
    const v1 = entry(first, studentId, randomUUID(), 'first try');
    const v2 = entry(first, studentId, randomUUID(), 'second try', 2);
    const v3 = entry(first, studentId, randomUUID(), 'third try', 3);
    await repository.storeSubmissions([v1, v2]);
    // Redelivered (v2 again, after v3 landed in another batch): nothing goes back.
    await repository.storeSubmissions([v3]);
    await repository.storeSubmissions([v2, v3, v1]);
    const rows = await resources.admin.db.homeworkSubmission.findMany({
      where: { homeworkId: first.homeworkId, studentId },
      select: { id: true, text: true, version: true, idempotencyId: true },
    });
    expect(rows).toEqual([
      { id: v3.payload.submissionId, text: 'third try', version: 3, idempotencyId: v3.payload.idempotencyId },
    ]);
    const history = await resources.admin.db.homeworkSubmissionVersion.findMany({
      where: { homeworkId: first.homeworkId, studentId },
      select: { id: true, version: true, text: true },
      orderBy: { version: 'asc' },
    });
    expect(history).toEqual([
      { id: v1.payload.submissionId, version: 1, text: 'first try' },
      { id: v2.payload.submissionId, version: 2, text: 'second try' },
      { id: v3.payload.submissionId, version: 3, text: 'third try' },
    ]);

    // A grade closes the row: a version that raced it is kept in the history, the grade stands.
    await resources.admin.db.homeworkSubmission.update({
      where: { id: v3.payload.submissionId },
      data: { points: 9, rawPoints: 9, gradedAt: new Date() },
    });
    const v4 = entry(first, studentId, randomUUID(), 'too late', 4);
    await repository.storeSubmissions([v4]);
    const graded = await resources.admin.db.homeworkSubmission.findMany({
      where: { homeworkId: first.homeworkId, studentId },
      select: { id: true, points: true, version: true },
    });
    expect(graded).toEqual([{ id: v3.payload.submissionId, points: 9, version: 3 }]);
    expect(
      await resources.admin.db.homeworkSubmissionVersion.count({
        where: { homeworkId: first.homeworkId, studentId, version: 4 },
      }),
    ).toBe(1);
  });
});
