import { randomUUID } from 'node:crypto';
import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAcademicsWriteKinds } from '@schools24/academics';
import type { EventEnvelope, EventName } from '@schools24/events';
import {
  createTestSchool,
  graphql,
  must,
  startGatewayStack,
  startS3Server,
  tokenForUser,
  type GraphQLResponse,
  type S3TestServer,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';
import {
  currentSectionsWithPeople,
  parentOutsideSection,
  signInTeacherOf,
  teacherOutsideSection,
  type SectionWithPeople,
} from './section-people.js';

// Homework end to end through the gateway (issue 4, point 6): a teacher assigns, a student uploads
// through a presigned URL to the in-process S3 server (which verifies SigV4) and submits through the
// write buffer; the teacher sees the submission while it is buffered and exactly once after the
// flusher stored it; grading; the student and their guardian see the grade; everyone else is refused.

type School = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

const AssignHomework = graphql(`
  mutation AssignHomework($input: AssignHomeworkInput!) {
    assignHomework(input: $input) {
      homework {
        id
        title
        dueAt
        maxPoints
        allowedFileTypes
        maxFileBytes
        status
        isPastDue
        teacher {
          id
        }
        section {
          id
        }
        subject {
          id
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const HomeworkById = graphql(`
  query HomeworkById($id: ID!) {
    homework(id: $id) {
      id
      title
      section {
        id
      }
    }
  }
`);

const SectionHomework = graphql(`
  query SectionHomework($id: ID!) {
    section(id: $id) {
      homework(first: 10) {
        totalCount
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

const RequestUpload = graphql(`
  mutation RequestUpload($input: RequestHomeworkUploadInput!) {
    requestHomeworkUpload(input: $input) {
      upload {
        url
        method
        headers {
          name
          value
        }
        objectKey
        expiresAt
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const SubmitHomework = graphql(`
  mutation SubmitHomework($input: SubmitHomeworkInput!) {
    submitHomework(input: $input) {
      isDuplicate
      submission {
        id
        status
        idempotencyId
        text
        isLate
        isGraded
        points
        submittedAt
        student {
          id
        }
        file {
          key
          name
          byteSize
          contentType
          downloadUrl
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const TeacherSubmissions = graphql(`
  query TeacherSubmissions($id: ID!, $first: Int, $after: String) {
    homework(id: $id) {
      submissions(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            status
            idempotencyId
            isLate
            points
            student {
              id
            }
          }
        }
      }
    }
  }
`);

const MySubmission = graphql(`
  query MySubmission($id: ID!) {
    homework(id: $id) {
      mySubmission {
        id
        status
        isGraded
        points
        feedback
        gradedAt
      }
    }
  }
`);

const SubmissionOf = graphql(`
  query SubmissionOf($id: ID!, $studentId: ID!) {
    homework(id: $id) {
      submissionOf(studentId: $studentId) {
        id
        status
        points
        feedback
        file {
          name
          downloadUrl
        }
      }
    }
  }
`);

const GradeSubmission = graphql(`
  mutation GradeSubmission($input: GradeSubmissionInput!) {
    gradeSubmission(input: $input) {
      submission {
        id
        status
        isGraded
        points
        feedback
        gradedAt
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const RequestFeedbackUpload = graphql(`
  mutation RequestFeedbackUpload($input: RequestFeedbackUploadInput!) {
    requestFeedbackUpload(input: $input) {
      upload {
        url
        method
        headers {
          name
          value
        }
        objectKey
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const GradeWithFeedbackFiles = graphql(`
  mutation GradeWithFeedbackFiles($input: GradeSubmissionInput!) {
    gradeSubmission(input: $input) {
      submission {
        points
        feedbackFiles {
          key
          name
          byteSize
          contentType
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const FeedbackFilesOf = graphql(`
  query FeedbackFilesOf($id: ID!, $studentId: ID!) {
    homework(id: $id) {
      submissionOf(studentId: $studentId) {
        feedbackFiles {
          name
          contentType
          downloadUrl
        }
      }
    }
  }
`);

/** The people of one section, found in the seeded school (every expectation comes from the database). */
interface Cast {
  sectionId: string;
  subjectId: string;
  teacherId: string;
  teacherUserId: string;
  otherTeacherUserId: string;
  studentId: string;
  studentUserId: string;
  classmateId: string;
  classmateUserId: string;
  outsiderUserId: string;
  parentUserId: string;
  otherParentUserId: string;
}

async function castOf(db: Db, schoolId: string): Promise<Cast> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  const sections = await currentSectionsWithPeople(db, schoolId, year.id);
  const withParent = (enrolment: SectionWithPeople['enrolments'][number]) =>
    enrolment.student.guardians.find((link) => link.guardian.userId !== null)?.guardian.userId ?? null;
  const section = sections.find(
    (candidate) =>
      candidate.enrolments.length >= 2 &&
      candidate.enrolments.some((e) => withParent(e) !== null) &&
      signInTeacherOf(candidate) !== null,
  );
  const teacher = section ? signInTeacherOf(section) : null;
  if (!section || !teacher?.userId)
    throw new Error('no section with a teacher, two student logins and a parent login');
  const student = section.enrolments.find((e) => withParent(e) !== null);
  const classmate = section.enrolments.find((e) => e !== student);
  const outsider = sections.find((other) => other.id !== section.id && other.enrolments.length > 0)
    ?.enrolments[0];
  const otherTeacher = await teacherOutsideSection(db, schoolId, section.id);
  const otherParent = await parentOutsideSection(db, schoolId, section.id);
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const parentUserId = student ? withParent(student) : null;
  if (!student?.student.userId || !classmate?.student.userId || !outsider?.student.userId || !parentUserId)
    throw new Error('the seeded school lacks the people this test needs');
  return {
    sectionId: section.id,
    subjectId: subject.id,
    teacherId: teacher.id,
    teacherUserId: teacher.userId,
    otherTeacherUserId: otherTeacher.userId ?? '',
    studentId: student.student.id,
    studentUserId: student.student.userId,
    classmateId: classmate.student.id,
    classmateUserId: classmate.student.userId,
    outsiderUserId: outsider.student.userId,
    parentUserId,
    otherParentUserId: otherParent.userId ?? '',
  };
}

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((error) => error.extensions?.['code']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

// The buffer gets a Redis database of its own: other test files run flushers of their own on the
// shared one, which would store this file's submissions before it could look at them buffered.
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/13';

describe.each(['all-in-one', 'distributed'] as const)('homework through the gateway, %s', (topology) => {
  let s3: S3TestServer;
  let stack: TestEndpoint;
  let school: School;
  let cast: Cast;
  let tokens: Record<
    'teacher' | 'otherTeacher' | 'student' | 'classmate' | 'outsider' | 'parent' | 'otherParent',
    string
  >;
  const events: EventEnvelope[] = [];
  const unsubscribe: (() => void)[] = [];
  let homeworkId: string;
  let submissionId: string;
  const idempotencyId = randomUUID();
  const fileBody = Buffer.from('%PDF-1.4 fractions worked out\n');

  const as = <TData, TVariables extends Record<string, unknown>>(
    token: string,
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ) => stack.graphql(document, variables, { schoolId: school.schoolId, token });

  beforeAll(async () => {
    s3 = await startS3Server();
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, topology, {
      ...s3.config,
      REDIS_BUFFER_URL: BUFFER_REDIS_URL,
    });
    school = await createTestSchool(stack.resources.db, { students: 90, teachers: 12 });
    cast = await castOf(stack.resources.db, school.schoolId);
    const token = (userId: string) => tokenForUser(stack.resources, school.schoolId, userId);
    tokens = {
      teacher: await token(cast.teacherUserId),
      otherTeacher: await token(cast.otherTeacherUserId),
      student: await token(cast.studentUserId),
      classmate: await token(cast.classmateUserId),
      outsider: await token(cast.outsiderUserId),
      parent: await token(cast.parentUserId),
      otherParent: await token(cast.otherParentUserId),
    };
    for (const name of ['homeworkSubmitted', 'homeworkGraded'] as const satisfies EventName[]) {
      unsubscribe.push(
        await stack.app.events.subscribe(name, school.schoolId, (event) => void events.push(event)),
      );
    }
  });

  afterAll(async () => {
    for (const stop of unsubscribe) stop();
    await school?.remove();
    await stack?.stop();
    await s3?.stop();
  });

  const flushOnce = async <T>(work: () => Promise<T>): Promise<T> => {
    const flusher = stack.app.writeBuffer.createFlusher({ consumer: `homework-test-${randomUUID()}` });
    flusher.start();
    try {
      return await work();
    } finally {
      await flusher.stop({ timeoutMs: 10_000 });
    }
  };

  it('lets the section teacher assign homework, refuses bad input and other teachers', async () => {
    const input = {
      sectionId: cast.sectionId,
      subjectId: cast.subjectId,
      title: 'Fractions, exercise 4B',
      instructions: 'Show your working.',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      maxPoints: 20,
      allowedFileTypes: ['application/pdf', 'image/png'],
      maxFileBytes: 1024,
    };
    const bad = await as(tokens.teacher, AssignHomework, {
      input: { ...input, dueAt: new Date(Date.now() - 60_000).toISOString(), maxPoints: 0 },
    });
    expect(bad.body.data?.assignHomework.homework).toBeNull();
    expect(bad.body.data?.assignHomework.userErrors.map((error) => error.code).sort()).toEqual([
      'INVALID_DUE_AT',
      'INVALID_POINTS',
    ]);

    const other = await as(tokens.otherTeacher, AssignHomework, { input });
    expect(codes(other.body.errors)).toEqual(['FORBIDDEN']);
    const byStudent = await as(tokens.student, AssignHomework, { input });
    expect(codes(byStudent.body.errors)).toEqual(['FORBIDDEN']);

    const { body } = await as(tokens.teacher, AssignHomework, { input });
    expect(body.errors).toBeUndefined();
    const homework = body.data?.assignHomework.homework;
    expect(body.data?.assignHomework.userErrors).toEqual([]);
    expect(homework).toMatchObject({
      title: input.title,
      maxPoints: 20,
      allowedFileTypes: ['application/pdf', 'image/png'],
      maxFileBytes: 1024,
      status: 'ASSIGNED',
      isPastDue: false,
      teacher: { id: cast.teacherId },
      section: { id: cast.sectionId },
      subject: { id: cast.subjectId },
    });
    homeworkId = homework?.id ?? '';
    const row = await stack.resources.db.homework.findUniqueOrThrow({ where: { id: homeworkId } });
    expect(row).toMatchObject({
      schoolId: school.schoolId,
      sectionId: cast.sectionId,
      teacherId: cast.teacherId,
    });
  });

  it('shows the homework to its section (students, their parents, teachers) and refuses everyone else', async () => {
    for (const token of [tokens.teacher, tokens.student, tokens.classmate, tokens.parent]) {
      const { body } = await as(token, HomeworkById, { id: homeworkId });
      expect(body.errors).toBeUndefined();
      expect(body.data?.homework?.id).toBe(homeworkId);
      const list = await as(token, SectionHomework, { id: cast.sectionId });
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data?.section?.homework.edges.map((edge) => edge.node.id)).toContain(homeworkId);
    }
    for (const token of [tokens.otherTeacher, tokens.outsider, tokens.otherParent]) {
      const { body } = await as(token, HomeworkById, { id: homeworkId });
      expect(codes(body.errors)).toEqual(['FORBIDDEN']);
      expect(body.data?.homework ?? null).toBeNull();
    }
  });

  it('uploads through the presigned URL (type and size enforced by the API and by the store), submits, and shows the teacher the BUFFERED submission before any flusher ran', async () => {
    const upload = (contentType: string, byteSize: number) =>
      as(tokens.student, RequestUpload, {
        input: { homeworkId, fileName: 'fractions.pdf', contentType, byteSize },
      });
    const wrongType = await upload('application/zip', fileBody.length);
    expect(wrongType.body.data?.requestHomeworkUpload.userErrors.map((error) => error.code)).toEqual([
      'FILE_TYPE_NOT_ALLOWED',
    ]);
    const tooBig = await upload('application/pdf', 4096);
    expect(tooBig.body.data?.requestHomeworkUpload.userErrors.map((error) => error.code)).toEqual([
      'FILE_TOO_LARGE',
    ]);
    const byTeacher = await as(tokens.teacher, RequestUpload, {
      input: { homeworkId, fileName: 'x.pdf', contentType: 'application/pdf', byteSize: 10 },
    });
    expect(codes(byTeacher.body.errors)).toEqual(['FORBIDDEN']);
    const byOutsider = await as(tokens.outsider, RequestUpload, {
      input: { homeworkId, fileName: 'x.pdf', contentType: 'application/pdf', byteSize: 10 },
    });
    expect(codes(byOutsider.body.errors)).toEqual(['FORBIDDEN']);

    const { body } = await upload('application/pdf', fileBody.length);
    expect(body.errors).toBeUndefined();
    const presigned = body.data?.requestHomeworkUpload.upload;
    if (!presigned) throw new Error('no upload');
    expect(presigned.objectKey).toMatch(
      new RegExp(`^schools/${school.schoolId}/homework/${homeworkId}/${cast.studentId}/[0-9a-f-]{36}$`),
    );
    const headers = Object.fromEntries(presigned.headers.map((header) => [header.name, header.value]));
    // The store refuses a bigger body or another type than the URL was signed for …
    const bigger = await fetch(presigned.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.concat([fileBody, Buffer.from('more')]),
    });
    expect(bigger.status).toBe(403);
    expect(await bigger.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const otherType = await fetch(presigned.url, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: fileBody,
    });
    expect(otherType.status).toBe(403);
    expect(s3.object(presigned.objectKey)).toBeUndefined();
    // … and takes exactly what was signed.
    const put = await fetch(presigned.url, { method: presigned.method, headers, body: fileBody });
    expect(put.status).toBe(200);
    expect(s3.object(presigned.objectKey)?.body.equals(fileBody)).toBe(true);

    const notUploaded = await as(tokens.student, SubmitHomework, {
      input: {
        homeworkId,
        idempotencyId: randomUUID(),
        fileKey: `schools/${school.schoolId}/homework/${homeworkId}/${cast.studentId}/${randomUUID()}`,
      },
    });
    expect(notUploaded.body.data?.submitHomework.userErrors.map((error) => error.code)).toEqual([
      'FILE_NOT_UPLOADED',
    ]);
    const empty = await as(tokens.student, SubmitHomework, {
      input: { homeworkId, idempotencyId: randomUUID() },
    });
    expect(empty.body.data?.submitHomework.userErrors.map((error) => error.code)).toEqual([
      'EMPTY_SUBMISSION',
    ]);

    const submitted = await as(tokens.student, SubmitHomework, {
      input: {
        homeworkId,
        idempotencyId,
        text: 'See the attached working.',
        fileKey: presigned.objectKey,
        fileName: 'fractions.pdf',
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    const payload = submitted.body.data?.submitHomework;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.isDuplicate).toBe(false);
    expect(payload?.submission).toMatchObject({
      status: 'BUFFERED',
      idempotencyId,
      isLate: false,
      isGraded: false,
      points: null,
      student: { id: cast.studentId },
      file: {
        key: presigned.objectKey,
        name: 'fractions.pdf',
        byteSize: fileBody.length,
        contentType: 'application/pdf',
      },
    });
    submissionId = payload?.submission?.id ?? '';
    const download = payload?.submission?.file?.downloadUrl;
    if (!download) throw new Error('no download URL');
    expect(Buffer.from(await (await fetch(download)).arrayBuffer()).equals(fileBody)).toBe(true);

    // No flusher has run: nothing in PostgreSQL, yet the teacher (and the student) see it.
    expect(await stack.resources.db.homeworkSubmission.count({ where: { homeworkId } })).toBe(0);
    const listed = await as(tokens.teacher, TeacherSubmissions, { id: homeworkId, first: 10 });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.homework?.submissions.totalCount).toBe(1);
    expect(listed.body.data?.homework?.submissions.edges.map((edge) => edge.node)).toEqual([
      {
        id: submissionId,
        status: 'BUFFERED',
        idempotencyId,
        isLate: false,
        points: null,
        student: { id: cast.studentId },
      },
    ]);
    const mine = await as(tokens.student, MySubmission, { id: homeworkId });
    expect(mine.body.data?.homework?.mySubmission).toMatchObject({ id: submissionId, status: 'BUFFERED' });
    const event = await eventually(
      async () => events.find((e) => e.name === 'homeworkSubmitted'),
      (found) => found !== undefined,
    );
    expect(event?.payload).toEqual({
      homeworkId,
      sectionId: cast.sectionId,
      studentId: cast.studentId,
      submissionId,
    });
  });

  it('answers a retry with the same idempotency id with the same submission, and refuses a second submission', async () => {
    const retry = await as(tokens.student, SubmitHomework, {
      input: { homeworkId, idempotencyId, text: 'changed my mind' },
    });
    expect(retry.body.data?.submitHomework).toMatchObject({
      isDuplicate: true,
      submission: { id: submissionId, status: 'BUFFERED', text: 'See the attached working.' },
      userErrors: [],
    });
    const second = await as(tokens.student, SubmitHomework, {
      input: { homeworkId, idempotencyId: randomUUID(), text: 'another answer' },
    });
    expect(second.body.data?.submitHomework.submission).toBeNull();
    expect(second.body.data?.submitHomework.userErrors.map((error) => error.code)).toEqual([
      'ALREADY_SUBMITTED',
    ]);
    // The classmate's own submission is theirs; the classmate cannot reach the student's.
    const classmate = await as(tokens.classmate, SubmitHomework, {
      input: { homeworkId, idempotencyId: randomUUID(), text: 'my own answer' },
    });
    expect(classmate.body.data?.submitHomework.submission?.student.id).toBe(cast.classmateId);
    const peek = await as(tokens.classmate, SubmissionOf, { id: homeworkId, studentId: cast.studentId });
    expect(codes(peek.body.errors)).toEqual(['FORBIDDEN']);
  });

  it('refuses to grade a BUFFERED submission, then lists every submission exactly once after the flush', async () => {
    const early = await as(tokens.teacher, GradeSubmission, { input: { submissionId, points: 10 } });
    expect(early.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'NOT_YET_STORED',
    ]);

    const listed = await flushOnce(() =>
      eventually(
        () => as(tokens.teacher, TeacherSubmissions, { id: homeworkId, first: 10 }),
        (response) => {
          const edges = response.body.data?.homework?.submissions.edges ?? [];
          return edges.length === 2 && edges.every((edge) => edge.node.status === 'STORED');
        },
      ),
    );
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.homework?.submissions.edges.map((edge) => edge.node.status)).toEqual([
      'STORED',
      'STORED',
    ]);
    // Paged one at a time: two submissions, each once, both STORED.
    const seen: { id: string; status: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: GraphQLResponse<ResultOf<typeof TeacherSubmissions>> = await as(
        tokens.teacher,
        TeacherSubmissions,
        {
          id: homeworkId,
          first: 1,
          after,
        },
      );
      const connection = page.body.data?.homework?.submissions;
      if (!connection) throw new Error('no submissions');
      expect(connection.totalCount).toBe(2);
      seen.push(...connection.edges.map((edge) => ({ id: edge.node.id, status: edge.node.status })));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? null;
    }
    expect(seen.map((entry) => entry.status)).toEqual(['STORED', 'STORED']);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(2);
    expect(seen.map((entry) => entry.id)).toContain(submissionId);
    const rows = await stack.resources.db.homeworkSubmission.findMany({ where: { homeworkId } });
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === submissionId)).toMatchObject({
      schoolId: school.schoolId,
      studentId: cast.studentId,
      idempotencyId,
      fileBytes: fileBody.length,
      fileType: 'application/pdf',
      isLate: false,
    });
    // A retry after the flush is still the same submission.
    const retry = await as(tokens.student, SubmitHomework, {
      input: { homeworkId, idempotencyId, text: 'x' },
    });
    expect(retry.body.data?.submitHomework).toMatchObject({
      isDuplicate: true,
      submission: { id: submissionId, status: 'STORED' },
    });
    expect(await stack.resources.db.homeworkSubmission.count({ where: { homeworkId } })).toBe(2);
  });

  it('grades directly in PostgreSQL with 0 ≤ points ≤ maxPoints; the student and their parent see the grade, others are refused', async () => {
    const tooMany = await as(tokens.teacher, GradeSubmission, { input: { submissionId, points: 21 } });
    expect(tooMany.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_POINTS',
    ]);
    const negative = await as(tokens.teacher, GradeSubmission, { input: { submissionId, points: -1 } });
    expect(negative.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_POINTS',
    ]);
    const other = await as(tokens.otherTeacher, GradeSubmission, { input: { submissionId, points: 5 } });
    expect(codes(other.body.errors)).toEqual(['FORBIDDEN']);
    const byStudent = await as(tokens.student, GradeSubmission, { input: { submissionId, points: 20 } });
    expect(codes(byStudent.body.errors)).toEqual(['FORBIDDEN']);
    const unknown = await as(tokens.teacher, GradeSubmission, {
      input: { submissionId: randomUUID(), points: 1 },
    });
    expect(unknown.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);

    const graded = await as(tokens.teacher, GradeSubmission, {
      input: { submissionId, points: 17, feedback: 'Neat working.' },
    });
    expect(graded.body.errors).toBeUndefined();
    expect(graded.body.data?.gradeSubmission).toMatchObject({
      submission: {
        id: submissionId,
        status: 'STORED',
        isGraded: true,
        points: 17,
        feedback: 'Neat working.',
      },
      userErrors: [],
    });
    const row = await stack.resources.db.homeworkSubmission.findUniqueOrThrow({
      where: { id: submissionId },
    });
    expect(row).toMatchObject({ points: 17, feedback: 'Neat working.', gradedByUserId: cast.teacherUserId });

    const mine = await as(tokens.student, MySubmission, { id: homeworkId });
    expect(mine.body.data?.homework?.mySubmission).toMatchObject({
      points: 17,
      feedback: 'Neat working.',
      isGraded: true,
    });
    const parent = await as(tokens.parent, SubmissionOf, { id: homeworkId, studentId: cast.studentId });
    expect(parent.body.errors).toBeUndefined();
    expect(parent.body.data?.homework?.submissionOf).toMatchObject({ id: submissionId, points: 17 });
    expect(parent.body.data?.homework?.submissionOf?.file?.downloadUrl).toMatch(/^http/);
    const otherParent = await as(tokens.otherParent, SubmissionOf, {
      id: homeworkId,
      studentId: cast.studentId,
    });
    expect(codes(otherParent.body.errors)).toEqual(['FORBIDDEN']);
    const otherTeacher = await as(tokens.otherTeacher, TeacherSubmissions, { id: homeworkId });
    expect(codes(otherTeacher.body.errors)).toEqual(['FORBIDDEN']);

    const event = await eventually(
      async () => events.find((e) => e.name === 'homeworkGraded'),
      (found) => found !== undefined,
    );
    expect(event?.payload).toEqual({
      homeworkId,
      sectionId: cast.sectionId,
      studentId: cast.studentId,
      submissionId,
    });
  });

  it('attaches feedback files through presigned uploads: only graders ask, only their uploads for this submission attach, the student and parent download them', async () => {
    const pdf = Buffer.from('%PDF-1.4 marked up: see step 3\n');
    const ask = (token: string, input: { contentType?: string; byteSize?: number; submissionId?: string }) =>
      as(token, RequestFeedbackUpload, {
        input: {
          submissionId: input.submissionId ?? submissionId,
          fileName: 'marked-up.pdf',
          contentType: input.contentType ?? 'application/pdf',
          byteSize: input.byteSize ?? pdf.length,
        },
      });
    expect(codes((await ask(tokens.student, {})).body.errors)).toEqual(['FORBIDDEN']);
    expect(codes((await ask(tokens.otherTeacher, {})).body.errors)).toEqual(['FORBIDDEN']);
    const refusals = await Promise.all([
      ask(tokens.teacher, { contentType: 'application/zip' }),
      ask(tokens.teacher, { byteSize: 20 * 1024 * 1024 + 1 }),
      ask(tokens.teacher, { submissionId: randomUUID() }),
    ]);
    expect(
      refusals.map((answer) => answer.body.data?.requestFeedbackUpload.userErrors.map((error) => error.code)),
    ).toEqual([['FILE_TYPE_NOT_ALLOWED'], ['FILE_TOO_LARGE'], ['NOT_FOUND']]);

    const asked = await ask(tokens.teacher, {});
    const presigned = asked.body.data?.requestFeedbackUpload.upload;
    if (!presigned) throw new Error('no feedback upload');
    expect(presigned.objectKey).toMatch(
      new RegExp(
        `^schools/${school.schoolId}/homework/${homeworkId}/${cast.studentId}/feedback/[0-9a-f-]{36}$`,
      ),
    );
    const put = await fetch(presigned.url, {
      method: presigned.method,
      headers: Object.fromEntries(presigned.headers.map((header) => [header.name, header.value])),
      body: pdf,
    });
    expect(put.status).toBe(200);
    const neverUploaded = must(
      (await ask(tokens.teacher, {})).body.data?.requestFeedbackUpload.upload,
      'upload',
    );

    // The student's own answer file, a key asked for but never uploaded, or the same file twice: refused,
    // and the grade stays as it was.
    const before = await stack.resources.db.homeworkSubmission.findUniqueOrThrow({
      where: { id: submissionId },
    });
    const attach = (files: { objectKey: string; fileName: string }[] | undefined, points = 18) =>
      as(tokens.teacher, GradeWithFeedbackFiles, {
        input: { submissionId, points, ...(files ? { feedbackFiles: files } : {}) },
      });
    const bad = await Promise.all([
      attach([{ objectKey: must(before.fileKey, 'answer file'), fileName: 'x.pdf' }]),
      attach([{ objectKey: neverUploaded.objectKey, fileName: 'x.pdf' }]),
      attach([
        { objectKey: presigned.objectKey, fileName: 'a.pdf' },
        { objectKey: presigned.objectKey, fileName: 'b.pdf' },
      ]),
      attach([{ objectKey: presigned.objectKey, fileName: ' ' }]),
    ]);
    expect(bad.map((answer) => answer.body.data?.gradeSubmission.userErrors)).toEqual([
      [{ field: ['input', 'feedbackFiles', '0', 'objectKey'], code: 'FILE_NOT_UPLOADED' }],
      [{ field: ['input', 'feedbackFiles', '0', 'objectKey'], code: 'FILE_NOT_UPLOADED' }],
      [{ field: ['input', 'feedbackFiles', '1', 'objectKey'], code: 'INVALID_INPUT' }],
      [{ field: ['input', 'feedbackFiles', '0', 'fileName'], code: 'INVALID_INPUT' }],
    ]);
    expect(
      await stack.resources.db.homeworkSubmission.findUniqueOrThrow({ where: { id: submissionId } }),
    ).toEqual(before);

    const graded = await attach([{ objectKey: presigned.objectKey, fileName: ' marked-up.pdf ' }]);
    expect(graded.body.data?.gradeSubmission).toEqual({
      submission: {
        points: 18,
        feedbackFiles: [
          {
            key: presigned.objectKey,
            name: 'marked-up.pdf',
            byteSize: pdf.length,
            contentType: 'application/pdf',
          },
        ],
      },
      userErrors: [],
    });
    for (const token of [tokens.student, tokens.parent]) {
      const seen = await as(token, FeedbackFilesOf, { id: homeworkId, studentId: cast.studentId });
      const [file] = must(seen.body.data?.homework?.submissionOf, 'submission').feedbackFiles;
      expect(file).toMatchObject({ name: 'marked-up.pdf', contentType: 'application/pdf' });
      const download = await fetch(must(file?.downloadUrl, 'download url'));
      expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    }
    const otherParent = await as(tokens.otherParent, FeedbackFilesOf, {
      id: homeworkId,
      studentId: cast.studentId,
    });
    expect(codes(otherParent.body.errors)).toEqual(['FORBIDDEN']);

    // Grading again without files keeps them; an empty list removes them.
    const regraded = await attach(undefined, 17);
    expect(regraded.body.data?.gradeSubmission.submission?.feedbackFiles.map((file) => file.key)).toEqual([
      presigned.objectKey,
    ]);
    const cleared = await attach([], 17);
    expect(cleared.body.data?.gradeSubmission.submission?.feedbackFiles).toEqual([]);
  });

  it('flags a submission after the due time as late (and still takes it)', async () => {
    const assigned = await as(tokens.teacher, AssignHomework, {
      input: {
        sectionId: cast.sectionId,
        subjectId: cast.subjectId,
        title: 'Due in a moment',
        instructions: '',
        dueAt: new Date(Date.now() + 1500).toISOString(),
        maxPoints: 5,
      },
    });
    const dueSoon = assigned.body.data?.assignHomework.homework?.id ?? '';
    expect(dueSoon).not.toBe('');
    const onlyText = await as(tokens.student, RequestUpload, {
      input: { homeworkId: dueSoon, fileName: 'a.pdf', contentType: 'application/pdf', byteSize: 10 },
    });
    expect(onlyText.body.data?.requestHomeworkUpload.userErrors.map((error) => error.code)).toEqual([
      'FILE_TYPE_NOT_ALLOWED',
    ]);
    await sleep(1600);
    const late = await as(tokens.student, SubmitHomework, {
      input: { homeworkId: dueSoon, idempotencyId: randomUUID(), text: 'Sorry, late.' },
    });
    expect(late.body.data?.submitHomework).toMatchObject({
      submission: { status: 'BUFFERED', isLate: true },
      userErrors: [],
    });
    const stored = await flushOnce(() =>
      eventually(
        () => stack.resources.db.homeworkSubmission.findFirst({ where: { homeworkId: dueSoon } }),
        (row) => row !== null,
      ),
    );
    expect(stored?.isLate).toBe(true);
  });

  it('registers the buffer kind once per write buffer, however often it is asked', () => {
    const first = registerAcademicsWriteKinds(stack.app);
    expect(registerAcademicsWriteKinds(stack.app)).toBe(first);
    expect(stack.app.writeBuffer.registeredKinds()).toContain('homework-submission');
  });
});
