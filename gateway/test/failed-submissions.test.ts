import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestSchool,
  graphql,
  signTestToken,
  startGatewayStack,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

// Issue 4, point 1: an entry that keeps failing moves to the dead-letter stream, and school admins
// list and retry it. Here the homework disappears between the acknowledgement and the flush (a
// foreign-key violation on every attempt); an admin puts it back and retries.

// Its own Redis database: no other test file's flusher may store (or dead-letter) these entries.
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/11';

const Submit = graphql(`
  mutation DeadLetterSubmit($input: SubmitHomeworkInput!) {
    submitHomework(input: $input) {
      submission {
        id
        status
      }
      userErrors {
        code
      }
    }
  }
`);

const FailedSubmissions = graphql(`
  query FailedSubmissions($first: Int, $after: String) {
    failedHomeworkSubmissions(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          homework {
            id
          }
          student {
            id
          }
          idempotencyId
          attempts
          reason
          submittedAt
          failedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const RetryFailed = graphql(`
  mutation RetryFailedSubmission($input: RetryFailedHomeworkSubmissionInput!) {
    retryFailedHomeworkSubmission(input: $input) {
      retried
      userErrors {
        code
        field
      }
    }
  }
`);

type School = Awaited<ReturnType<typeof createTestSchool>>;

describe('failed (dead-lettered) homework submissions', () => {
  let stack: TestEndpoint;
  let school: School;
  let other: School;

  beforeAll(async () => {
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, 'all-in-one', {
      REDIS_BUFFER_URL: BUFFER_REDIS_URL,
    });
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 30, teachers: 4 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  it('sets a submission the database keeps refusing aside, lists it for admins only, and stores it once retried', async () => {
    const { db } = stack.resources;
    const enrolment = await db.enrolment.findFirstOrThrow({
      where: { schoolId: school.schoolId, status: 'ACTIVE', student: { userId: { not: null } } },
      select: { sectionId: true, student: { select: { id: true, userId: true } } },
    });
    const admin = await db.roleAssignment.findFirstOrThrow({
      where: { schoolId: school.schoolId, role: 'SCHOOL_ADMIN' },
    });
    const subject = await db.subject.findFirstOrThrow({ where: { schoolId: school.schoolId } });
    const homework = {
      id: randomUUID(),
      schoolId: school.schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      assignedByUserId: admin.userId,
      title: 'Vanishing homework',
      instructions: 'Write one sentence.',
      dueAt: new Date(Date.now() + 86_400_000),
      maxPoints: 10,
      allowedFileTypes: [],
      maxFileBytes: 0,
    };
    await db.homework.create({ data: homework });
    const studentToken = await signTestToken(stack.resources, {
      userId: enrolment.student.userId ?? '',
      schoolId: school.schoolId,
      roles: ['STUDENT'],
    });
    const idempotencyId = randomUUID();
    const submitted = await stack.graphql(
      Submit,
      { input: { homeworkId: homework.id, idempotencyId, text: 'My answer.' } },
      { schoolId: school.schoolId, token: studentToken },
    );
    expect(submitted.body.data?.submitHomework.submission?.status).toBe('BUFFERED');

    // The homework disappears before the flush: every attempt violates the foreign key.
    await db.homework.delete({ where: { id: homework.id } });
    const flusher = stack.app.writeBuffer.createFlusher({
      consumer: `dead-letter-test-${randomUUID()}`,
      maxAttempts: 2,
      blockMs: 20,
      claimIdleMs: 1_000,
      backoffInitialMs: 20,
      backoffMaxMs: 200,
    });
    flusher.start();
    try {
      let failed = await stack.graphql(FailedSubmissions, { first: 10 }, { schoolId: school.schoolId });
      for (
        let attempt = 0;
        attempt < 100 && !failed.body.data?.failedHomeworkSubmissions.edges.length;
        attempt++
      ) {
        await sleep(100);
        failed = await stack.graphql(FailedSubmissions, { first: 10 }, { schoolId: school.schoolId });
      }
      const [edge] = failed.body.data?.failedHomeworkSubmissions.edges ?? [];
      // (`homework` may still come from the cache: the test deleted the row behind the API's back.)
      expect(edge?.node).toMatchObject({
        student: { id: enrolment.student.id },
        idempotencyId,
        attempts: 2,
      });
      expect(edge?.node.reason).toMatch(/foreign key|Foreign key/);
      const failedId = edge?.node.id ?? '';

      // Another school's admin sees nothing and cannot retry it; a teacher may not look.
      const otherList = await stack.graphql(FailedSubmissions, { first: 10 }, { schoolId: other.schoolId });
      expect(otherList.body.data?.failedHomeworkSubmissions.edges).toEqual([]);
      const otherRetry = await stack.graphql(
        RetryFailed,
        { input: { id: failedId } },
        { schoolId: other.schoolId },
      );
      expect(otherRetry.body.data?.retryFailedHomeworkSubmission).toEqual({
        retried: false,
        userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'] }],
      });
      const teacher = await db.teacher.findFirstOrThrow({
        where: { schoolId: school.schoolId, userId: { not: null } },
      });
      const teacherToken = await signTestToken(stack.resources, {
        userId: teacher.userId ?? '',
        schoolId: school.schoolId,
        roles: ['TEACHER'],
      });
      const asTeacher = await stack.graphql(
        FailedSubmissions,
        { first: 10 },
        { schoolId: school.schoolId, token: teacherToken },
      );
      expect(asTeacher.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
      const garbage = await stack.graphql(
        RetryFailed,
        { input: { id: 'nonsense' } },
        { schoolId: school.schoolId },
      );
      expect(garbage.body.data?.retryFailedHomeworkSubmission.userErrors[0]?.code).toBe('NOT_FOUND');

      // The admin fixes the cause and retries: stored exactly once, and the list is empty.
      expect(await db.homeworkSubmission.count({ where: { schoolId: school.schoolId } })).toBe(0);
      await db.homework.create({ data: homework });
      const retried = await stack.graphql(
        RetryFailed,
        { input: { id: failedId } },
        { schoolId: school.schoolId },
      );
      expect(retried.body.data?.retryFailedHomeworkSubmission).toEqual({ retried: true, userErrors: [] });
      let stored = 0;
      for (let attempt = 0; attempt < 100 && stored === 0; attempt++) {
        await sleep(100);
        stored = await db.homeworkSubmission.count({ where: { schoolId: school.schoolId, idempotencyId } });
      }
      expect(stored).toBe(1);
      const after = await stack.graphql(FailedSubmissions, { first: 10 }, { schoolId: school.schoolId });
      expect(after.body.data?.failedHomeworkSubmissions.edges).toEqual([]);
      const again = await stack.graphql(
        RetryFailed,
        { input: { id: failedId } },
        { schoolId: school.schoolId },
      );
      expect(again.body.data?.retryFailedHomeworkSubmission.retried).toBe(false);
    } finally {
      await flusher.stop();
    }
  });
});
