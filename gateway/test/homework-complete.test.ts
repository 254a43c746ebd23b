import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedisServer } from '@schools24/test-servers';
import {
  clearTenantCache,
  createTestSchool,
  graphql,
  must,
  startGatewayStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';
import {
  currentSectionsWithPeople,
  parentOutsideSection,
  signInTeacherOf,
  teacherOutsideSection,
} from './section-people.js';

// Homework, complete (issue 5, point 4) through the gateway: editing and cancelling, the late policy's
// penalty and cutoff, excusals, a student's homework due soon and a teacher's completion rates, and
// what each does to leaderboards; every operation refused to the wrong role and the wrong teacher
// (the wrong school is attacked in tenant-isolation.test.ts).

type School = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

const DAY_MS = 86_400_000;

const AssignHomework = graphql(`
  mutation CompleteAssign($input: AssignHomeworkInput!) {
    assignHomework(input: $input) {
      homework {
        id
        latePolicy {
          penaltyPercentPerDay
          maxPenaltyPercent
          cutoffDays
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const UpdateHomework = graphql(`
  mutation CompleteUpdate($input: UpdateHomeworkInput!) {
    updateHomework(input: $input) {
      homework {
        id
        title
        instructions
        dueAt
        maxPoints
        allowedFileTypes
        maxFileBytes
        latePolicy {
          penaltyPercentPerDay
          maxPenaltyPercent
          cutoffDays
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const CancelHomework = graphql(`
  mutation CompleteCancel($input: CancelHomeworkInput!) {
    cancelHomework(input: $input) {
      homework {
        id
        status
        cancelledAt
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const SetExcused = graphql(`
  mutation CompleteExcuse($input: SetHomeworkExcusedInput!) {
    setHomeworkExcused(input: $input) {
      isExcused
      excusal {
        reason
        excusedAt
        student {
          id
        }
        homework {
          id
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const HomeworkView = graphql(`
  query CompleteHomework($id: ID!) {
    homework(id: $id) {
      id
      title
      instructions
      dueAt
      maxPoints
      status
      cancelledAt
      latePolicy {
        penaltyPercentPerDay
        maxPenaltyPercent
        cutoffDays
      }
    }
  }
`);

const Excusals = graphql(`
  query CompleteExcusals($id: ID!) {
    homework(id: $id) {
      excusals {
        reason
        student {
          id
        }
      }
    }
  }
`);

const ExcusalOf = graphql(`
  query CompleteExcusalOf($id: ID!, $studentId: ID!) {
    homework(id: $id) {
      excusalOf(studentId: $studentId) {
        reason
      }
    }
  }
`);

const Submit = graphql(`
  mutation CompleteSubmit($input: SubmitHomeworkInput!) {
    submitHomework(input: $input) {
      isDuplicate
      submission {
        id
        status
        isLate
        daysLate
        version
        text
      }
      userErrors {
        code
      }
    }
  }
`);

const Grade = graphql(`
  mutation CompleteGrade($input: GradeSubmissionInput!) {
    gradeSubmission(input: $input) {
      submission {
        id
        points
        rawPoints
        latePenaltyPercent
        daysLate
        isLate
        rubricChoices {
          criterionId
          levelId
          points
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);

const MySubmission = graphql(`
  query CompleteMySubmission($id: ID!) {
    homework(id: $id) {
      mySubmission {
        id
        status
        points
        rawPoints
        latePenaltyPercent
        daysLate
      }
    }
  }
`);

const Versions = graphql(`
  query CompleteVersions($id: ID!) {
    homework(id: $id) {
      allowResubmission
      mySubmission {
        id
        status
        version
        text
        versions {
          version
          text
        }
      }
    }
  }
`);

const TeacherRows = graphql(`
  query CompleteTeacherRows($id: ID!) {
    homework(id: $id) {
      submissions(first: 100) {
        totalCount
        edges {
          node {
            id
            version
            student {
              id
            }
          }
        }
      }
    }
  }
`);

const RubricView = graphql(`
  query CompleteRubric($id: ID!) {
    homework(id: $id) {
      maxPoints
      rubric {
        criteria {
          id
          title
          levels {
            id
            title
            points
          }
        }
      }
      mySubmission {
        points
        rawPoints
        rubricChoices {
          criterionId
          levelId
          points
        }
      }
    }
  }
`);

const DueSoon = graphql(`
  query CompleteDueSoon($studentId: ID!, $withinDays: Int) {
    student(id: $studentId) {
      homeworkDueSoon(withinDays: $withinDays, first: 100) {
        id
        dueAt
      }
    }
  }
`);

const Completion = graphql(`
  query CompleteRates($sectionId: ID, $first: Int, $status: HomeworkStatus) {
    homeworkCompletionRates(sectionId: $sectionId, first: $first, status: $status) {
      homework {
        id
      }
      expected
      submitted
      late
      graded
      excused
      completionRate
    }
  }
`);

const Leaderboard = graphql(`
  query CompleteLeaderboard($scope: LeaderboardScopeInput!) {
    leaderboard(scope: $scope, first: 100) {
      entries {
        score
        student {
          id
        }
      }
    }
  }
`);

interface Person {
  id: string;
  userId: string;
}

interface Cast {
  academicYearId: string;
  sectionId: string;
  subjectId: string;
  teacherUserId: string;
  otherTeacherUserId: string;
  /** Three students of the section with logins; the first has a parent with a login. */
  students: [Person, Person, Person];
  parentUserId: string;
  otherParentUserId: string;
  outsider: { id: string; userId: string };
  rosterSize: number;
}

async function castOf(db: Db, schoolId: string): Promise<Cast> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  const sections = await currentSectionsWithPeople(db, schoolId, year.id);
  const parentOf = (enrolment: (typeof sections)[number]['enrolments'][number]) =>
    enrolment.student.guardians.find((link) => link.guardian.userId !== null)?.guardian.userId ?? null;
  const section = sections.find(
    (candidate) =>
      candidate.enrolments.length >= 3 &&
      candidate.enrolments.some((enrolment) => parentOf(enrolment) !== null) &&
      signInTeacherOf(candidate) !== null,
  );
  const teacher = section ? signInTeacherOf(section) : null;
  if (!section || !teacher?.userId) throw new Error('no section with a teacher, three students and a parent');
  const withParent = must(
    section.enrolments.find((enrolment) => parentOf(enrolment) !== null),
    'a student with a parent',
  );
  const enrolments = [withParent, ...section.enrolments.filter((enrolment) => enrolment !== withParent)];
  const person = (enrolment: (typeof enrolments)[number] | undefined): Person => {
    const { student } = must(enrolment, 'three students');
    return { id: student.id, userId: must(student.userId, 'a student login') };
  };
  const outsider = sections.find((other) => other.id !== section.id && other.enrolments.length > 0)
    ?.enrolments[0]?.student;
  const otherTeacher = await teacherOutsideSection(db, schoolId, section.id);
  const otherParent = await parentOutsideSection(db, schoolId, section.id);
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const rosterSize = await db.enrolment.count({
    where: { schoolId, sectionId: section.id, status: 'ACTIVE' },
  });
  const parentUserId = parentOf(withParent);
  if (!outsider?.userId || !parentUserId || !otherTeacher.userId || !otherParent.userId)
    throw new Error('the seeded school lacks the people this test needs');
  return {
    academicYearId: year.id,
    sectionId: section.id,
    subjectId: subject.id,
    teacherUserId: teacher.userId,
    otherTeacherUserId: otherTeacher.userId,
    students: [person(enrolments[0]), person(enrolments[1]), person(enrolments[2])],
    parentUserId,
    otherParentUserId: otherParent.userId,
    outsider: { id: outsider.id, userId: outsider.userId },
    rosterSize,
  };
}

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((error) => error.extensions?.['code']);

const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe('homework, complete, through the gateway', () => {
  let bufferRedis: TestRedisServer;
  let stack: TestEndpoint;
  let school: School;
  let cast: Cast;
  let termId: string;
  let tokens: Record<
    'teacher' | 'otherTeacher' | 'student' | 'classmate' | 'third' | 'parent' | 'otherParent' | 'outsider',
    string
  >;

  const as = <TData, TVariables extends Record<string, unknown>>(
    token: string | null,
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ) => stack.graphql(document, variables, { schoolId: school.schoolId, ...(token ? { token } : {}) });

  beforeAll(async () => {
    // The buffer on a Redis of its own: no other test file's flusher may store (or dead-letter) these.
    bufferRedis = await TestRedisServer.start();
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, 'all-in-one', {
      REDIS_BUFFER_URL: bufferRedis.url,
    });
    school = await createTestSchool(stack.resources.db, { students: 90, teachers: 12 });
    cast = await castOf(stack.resources.db, school.schoolId);
    // A term that surely holds the coming weeks (the seeded calendar may be on a break).
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    const term = await stack.resources.db.term.create({
      data: {
        schoolId: school.schoolId,
        academicYearId: cast.academicYearId,
        name: `Homework term ${randomUUID().slice(0, 8)}`,
        position: 91,
        startsOn: new Date(today.getTime() - DAY_MS),
        endsOn: new Date(today.getTime() + 30 * DAY_MS),
      },
    });
    termId = term.id;
    await clearTenantCache(stack.resources, school.schoolId);
    const token = (userId: string) => tokenForUser(stack.resources, school.schoolId, userId);
    const [student, classmate, third] = cast.students;
    tokens = {
      teacher: await token(cast.teacherUserId),
      otherTeacher: await token(cast.otherTeacherUserId),
      student: await token(student.userId),
      classmate: await token(classmate.userId),
      third: await token(third.userId),
      parent: await token(cast.parentUserId),
      otherParent: await token(cast.otherParentUserId),
      outsider: await token(cast.outsider.userId),
    };
  }, 120_000);

  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
    await bufferRedis?.stop();
  });

  const student = () => cast.students[0];
  const classmate = () => cast.students[1];
  const third = () => cast.students[2];

  const assign = async (title: string, dueInDays: number, extra: Record<string, unknown> = {}) => {
    const { body } = await as(tokens.teacher, AssignHomework, {
      input: {
        sectionId: cast.sectionId,
        subjectId: cast.subjectId,
        title,
        instructions: 'Do it.',
        dueAt: inDays(dueInDays),
        maxPoints: 20,
        ...extra,
      },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.assignHomework.userErrors).toEqual([]);
    return must(body.data?.assignHomework.homework, 'the homework').id;
  };

  /** Homework due in the past can only be made behind the API's back (assigning wants a future due time). */
  const pastHomework = (dueDaysAgo: number, policy: { perDay: number; max: number; cutoff: number | null }) =>
    stack.resources.db.homework
      .create({
        data: {
          schoolId: school.schoolId,
          sectionId: cast.sectionId,
          subjectId: cast.subjectId,
          assignedByUserId: cast.teacherUserId,
          title: `Overdue ${randomUUID().slice(0, 6)}`,
          instructions: '',
          dueAt: new Date(Date.now() - dueDaysAgo * DAY_MS),
          maxPoints: 20,
          maxFileBytes: 1024,
          latePenaltyPercentPerDay: policy.perDay,
          latePenaltyMaxPercent: policy.max,
          lateCutoffDays: policy.cutoff,
        },
        select: { id: true },
      })
      .then((row) => row.id);

  const submit = async (
    token: string,
    homeworkId: string,
    text = 'my answer',
    idempotencyId: string = randomUUID(),
  ) => {
    const { body } = await as(token, Submit, { input: { homeworkId, idempotencyId, text } });
    expect(body.errors).toBeUndefined();
    return must(body.data, 'submitHomework').submitHomework;
  };

  /** Submits and flushes, then answers the stored submission's id. */
  const submitStored = async (token: string, homeworkId: string, text?: string) => {
    const submitted = await submit(token, homeworkId, text);
    expect(submitted.userErrors).toEqual([]);
    const flusher = stack.app.writeBuffer.createFlusher({ consumer: `complete-${randomUUID()}` });
    flusher.start();
    try {
      const id = must(submitted.submission, 'the submission').id;
      const deadline = Date.now() + 15_000;
      while (
        !(await stack.resources.db.homeworkSubmission.findUnique({ where: { id }, select: { id: true } }))
      ) {
        if (Date.now() > deadline) throw new Error('the submission was not stored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return id;
    } finally {
      await flusher.stop({ timeoutMs: 10_000 });
    }
  };

  const grade = (submissionId: string, points: number) =>
    as(tokens.teacher, Grade, { input: { submissionId, points, feedback: 'ok' } });

  const standings = async () => {
    const { body } = await as(tokens.teacher, Leaderboard, {
      scope: { sectionId: cast.sectionId, subjectId: cast.subjectId, termId },
    });
    expect(body.errors).toBeUndefined();
    return new Map((body.data?.leaderboard?.entries ?? []).map((entry) => [entry.student.id, entry.score]));
  };

  let editedId: string;

  it('lets the section teacher edit homework (read back through warm caches) and refuses everyone else', async () => {
    editedId = await assign('Fractions 1', 2, {
      latePolicy: { penaltyPercentPerDay: 10, maxPenaltyPercent: 30 },
    });
    const before = await as(tokens.student, HomeworkView, { id: editedId });
    expect(before.body.data?.homework).toMatchObject({
      title: 'Fractions 1',
      latePolicy: { penaltyPercentPerDay: 10, maxPenaltyPercent: 30, cutoffDays: null },
    });

    const change = { id: editedId, title: 'Fractions 1, revised', maxPoints: 25, dueAt: inDays(3) };
    for (const token of [tokens.otherTeacher, tokens.student, tokens.parent]) {
      const refused = await as(token, UpdateHomework, { input: change });
      expect(codes(refused.body.errors)).toEqual(['FORBIDDEN']);
    }
    const bad = await as(tokens.teacher, UpdateHomework, {
      input: {
        id: editedId,
        dueAt: inDays(-1),
        title: ' ',
        latePolicy: { penaltyPercentPerDay: 101, cutoffDays: 0 },
      },
    });
    expect(bad.body.data?.updateHomework.userErrors.map((error) => error.field?.join('.')).sort()).toEqual([
      'input.dueAt',
      'input.latePolicy.cutoffDays',
      'input.latePolicy.penaltyPercentPerDay',
      'input.title',
    ]);
    const missing = await as(tokens.teacher, UpdateHomework, { input: { id: randomUUID(), title: 'x' } });
    expect(missing.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);

    const { body } = await as(tokens.teacher, UpdateHomework, {
      input: { ...change, latePolicy: { penaltyPercentPerDay: 5, cutoffDays: 2 } },
    });
    expect(body.data?.updateHomework.userErrors).toEqual([]);
    expect(body.data?.updateHomework.homework).toMatchObject({
      title: 'Fractions 1, revised',
      instructions: 'Do it.',
      maxPoints: 25,
      dueAt: change.dueAt,
      latePolicy: { penaltyPercentPerDay: 5, maxPenaltyPercent: 100, cutoffDays: 2 },
    });
    const after = await as(tokens.student, HomeworkView, { id: editedId });
    expect(after.body.data?.homework).toMatchObject({
      title: 'Fractions 1, revised',
      maxPoints: 25,
      dueAt: change.dueAt,
    });
  });

  it('keeps the maximum above grades given and the due time fixed once grading has begun', async () => {
    const submissionId = await submitStored(tokens.student, editedId);
    const graded = await grade(submissionId, 22);
    expect(graded.body.data?.gradeSubmission.submission).toMatchObject({
      points: 22,
      rawPoints: 22,
      latePenaltyPercent: 0,
      daysLate: 0,
      isLate: false,
    });
    const below = await as(tokens.teacher, UpdateHomework, { input: { id: editedId, maxPoints: 21 } });
    expect(below.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual([
      'MAX_POINTS_BELOW_GRADE',
    ]);
    const moved = await as(tokens.teacher, UpdateHomework, { input: { id: editedId, dueAt: inDays(4) } });
    expect(moved.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual(['ALREADY_GRADED']);
    const same = await as(tokens.teacher, UpdateHomework, {
      input: { id: editedId, maxPoints: 22, title: 'Fractions 1, final' },
    });
    expect(same.body.data?.updateHomework.userErrors).toEqual([]);
    expect(same.body.data?.updateHomework.homework).toMatchObject({
      maxPoints: 22,
      title: 'Fractions 1, final',
    });
    // The grade stands: it never exceeds the new maximum.
    const tooMany = await grade(submissionId, 23);
    expect(tooMany.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_POINTS',
    ]);
    expect((await standings()).get(student().id)).toBe(22);
  });

  it('takes the late penalty off when grading, showing raw and final points, and refuses work past the cutoff', async () => {
    // Due 2.5 days ago: three started days late, 10 % a day, capped at 25 %.
    const lateId = await pastHomework(2.5, { perDay: 10, max: 25, cutoff: null });
    const submitted = await submit(tokens.student, lateId);
    expect(submitted.submission).toMatchObject({ status: 'BUFFERED', isLate: true, daysLate: 3 });
    const flusher = stack.app.writeBuffer.createFlusher({ consumer: `complete-${randomUUID()}` });
    flusher.start();
    const id = must(submitted.submission, 'the submission').id;
    try {
      const deadline = Date.now() + 15_000;
      while (!(await stack.resources.db.homeworkSubmission.findUnique({ where: { id } }))) {
        if (Date.now() > deadline) throw new Error('not stored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await flusher.stop({ timeoutMs: 10_000 });
    }
    const graded = await grade(id, 19);
    expect(graded.body.data?.gradeSubmission.userErrors).toEqual([]);
    // 19 × 75 % = 14.25 → 14.
    expect(graded.body.data?.gradeSubmission.submission).toMatchObject({
      rawPoints: 19,
      latePenaltyPercent: 25,
      points: 14,
      daysLate: 3,
      isLate: true,
    });
    const seen = await as(
      tokens.parent,
      graphql(`
        query CompleteParentSubmission($id: ID!, $studentId: ID!) {
          homework(id: $id) {
            submissionOf(studentId: $studentId) {
              points
              rawPoints
              latePenaltyPercent
            }
          }
        }
      `),
      { id: lateId, studentId: student().id },
    );
    expect(seen.body.data?.homework?.submissionOf).toEqual({
      points: 14,
      rawPoints: 19,
      latePenaltyPercent: 25,
    });
    const own = await as(tokens.student, MySubmission, { id: lateId });
    expect(own.body.data?.homework?.mySubmission).toMatchObject({ points: 14, rawPoints: 19 });

    // A one-day cutoff, due two days ago: closed.
    const closedId = await pastHomework(2, { perDay: 0, max: 100, cutoff: 1 });
    const refused = await submit(tokens.student, closedId);
    expect(refused.submission).toBeNull();
    expect(refused.userErrors.map((error) => error.code)).toEqual(['LATE_CUTOFF_PASSED']);
    // Within the cutoff: accepted, flagged, no penalty by this policy.
    const openId = await pastHomework(0.5, { perDay: 0, max: 100, cutoff: 1 });
    expect((await submit(tokens.classmate, openId)).submission).toMatchObject({ isLate: true, daysLate: 1 });
  });

  let excuseId: string;
  let classmateSubmissionId: string;

  it('excuses a student: not graded, off the leaderboard, visible to them; refused to other teachers and students', async () => {
    excuseId = await assign('Decimals', 1);
    classmateSubmissionId = await submitStored(tokens.classmate, excuseId);
    expect((await grade(classmateSubmissionId, 10)).body.data?.gradeSubmission.userErrors).toEqual([]);
    expect((await standings()).get(classmate().id)).toBe(10);

    const input = {
      homeworkId: excuseId,
      studentId: classmate().id,
      isExcused: true,
      reason: 'Hospital visit',
    };
    for (const token of [tokens.otherTeacher, tokens.student, tokens.parent]) {
      const refused = await as(token, SetExcused, { input });
      expect(codes(refused.body.errors)).toEqual(['FORBIDDEN']);
    }
    const notInSection = await as(tokens.teacher, SetExcused, {
      input: { ...input, studentId: cast.outsider.id },
    });
    expect(notInSection.body.data?.setHomeworkExcused.userErrors.map((error) => error.code)).toEqual([
      'NOT_FOUND',
    ]);

    const { body } = await as(tokens.teacher, SetExcused, { input });
    expect(body.data?.setHomeworkExcused).toMatchObject({
      isExcused: true,
      excusal: { reason: 'Hospital visit', student: { id: classmate().id }, homework: { id: excuseId } },
      userErrors: [],
    });
    const again = await as(tokens.teacher, SetExcused, { input: { ...input, reason: 'other' } });
    expect(again.body.data?.setHomeworkExcused.excusal?.reason).toBe('Hospital visit');

    expect((await standings()).has(classmate().id)).toBe(false);
    const refusedGrade = await grade(classmateSubmissionId, 11);
    expect(refusedGrade.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'STUDENT_EXCUSED',
    ]);

    const listed = await as(tokens.teacher, Excusals, { id: excuseId });
    expect(listed.body.data?.homework?.excusals).toEqual([
      { reason: 'Hospital visit', student: { id: classmate().id } },
    ]);
    const byOtherTeacher = await as(tokens.otherTeacher, Excusals, { id: excuseId });
    expect(codes(byOtherTeacher.body.errors)).toContain('FORBIDDEN');
    const own = await as(tokens.classmate, ExcusalOf, { id: excuseId, studentId: classmate().id });
    expect(own.body.data?.homework?.excusalOf).toEqual({ reason: 'Hospital visit' });
    const nosy = await as(tokens.student, ExcusalOf, { id: excuseId, studentId: classmate().id });
    expect(codes(nosy.body.errors)).toEqual(['FORBIDDEN']);

    // Withdrawn: the grade counts again.
    const withdrawn = await as(tokens.teacher, SetExcused, { input: { ...input, isExcused: false } });
    expect(withdrawn.body.data?.setHomeworkExcused).toMatchObject({
      isExcused: false,
      excusal: null,
      userErrors: [],
    });
    expect((await standings()).get(classmate().id)).toBe(10);
  });

  let completionId: string;

  it("counts a teacher's completion rates per homework (roster less excused) in a constant number of queries", async () => {
    completionId = await assign('Percentages', 4);
    await as(tokens.teacher, SetExcused, {
      input: { homeworkId: completionId, studentId: third().id, isExcused: true },
    });
    const studentSubmission = await submitStored(tokens.student, completionId);
    await submitStored(tokens.classmate, completionId);
    await grade(studentSubmission, 5);

    const rates = async (token: string | null, variables: { sectionId?: string; first?: number }) => {
      const { body } = await as(token, Completion, variables);
      return body;
    };
    const mine = await rates(tokens.teacher, { sectionId: cast.sectionId, first: 100 });
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.homeworkCompletionRates.find((row) => row.homework.id === completionId)).toEqual({
      homework: { id: completionId },
      expected: cast.rosterSize - 1,
      submitted: 2,
      late: 0,
      graded: 1,
      excused: 1,
      completionRate: 2 / (cast.rosterSize - 1),
    });
    // Latest due first.
    expect(mine.data?.homeworkCompletionRates[0]?.homework.id).toBe(completionId);
    // Without a section: the sections the teacher teaches; the admin sees the school.
    expect(
      (await rates(tokens.teacher, {})).data?.homeworkCompletionRates.some(
        (row) => row.homework.id === completionId,
      ),
    ).toBe(true);
    expect(
      (await rates(null, {})).data?.homeworkCompletionRates.some((row) => row.homework.id === completionId),
    ).toBe(true);
    expect(
      (await rates(tokens.otherTeacher, {})).data?.homeworkCompletionRates.some(
        (row) => row.homework.id === completionId,
      ),
    ).toBe(false);
    expect(codes((await rates(tokens.otherTeacher, { sectionId: cast.sectionId })).errors)).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes((await rates(tokens.student, {})).errors)).toEqual(['FORBIDDEN']);

    const statementsFor = async (first: number) => {
      stack.sql.reset();
      const body = await rates(tokens.teacher, { sectionId: cast.sectionId, first });
      expect(body.data?.homeworkCompletionRates.length).toBe(
        Math.min(first, must(mine.data, 'rates').homeworkCompletionRates.length),
      );
      return stack.sql.count;
    };
    await statementsFor(100); // warms the homework loaders
    const one = await statementsFor(1);
    const all = await statementsFor(100);
    expect(must(mine.data, 'rates').homeworkCompletionRates.length).toBeGreaterThan(3);
    expect(all).toBe(one);
    expect(all).toBeLessThanOrEqual(2);
  });

  it("lists a student's open homework due soon, soonest first, to them and their guardian only", async () => {
    const soon = await assign('Soon', 1.5);
    const later = await assign('Later', 2.5);
    const far = await assign('Far', 10);
    const excused = await assign('Excused', 2);
    const cancelled = await assign('Cancelled', 2);
    await as(tokens.teacher, SetExcused, {
      input: { homeworkId: excused, studentId: student().id, isExcused: true },
    });
    await as(tokens.teacher, CancelHomework, { input: { id: cancelled } });

    const dueSoon = async (token: string, withinDays = 7) => {
      const { body } = await as(token, DueSoon, { studentId: student().id, withinDays });
      return body;
    };
    const listed = await dueSoon(tokens.student);
    expect(listed.errors).toBeUndefined();
    const ids = listed.data?.student?.homeworkDueSoon.map((homework) => homework.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining([soon, later, excuseId]));
    for (const absent of [far, excused, cancelled, editedId, completionId]) expect(ids).not.toContain(absent);
    const dues = must(listed.data?.student, 'the student').homeworkDueSoon.map((homework) =>
      Date.parse(homework.dueAt),
    );
    expect(dues).toEqual([...dues].sort((left, right) => left - right));
    expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later));

    expect(
      (await dueSoon(tokens.student, 30)).data?.student?.homeworkDueSoon.map((homework) => homework.id),
    ).toContain(far);
    expect(
      (await dueSoon(tokens.parent)).data?.student?.homeworkDueSoon.map((homework) => homework.id),
    ).toEqual(ids);
    for (const token of [tokens.otherParent, tokens.outsider, tokens.classmate, tokens.otherTeacher])
      expect(codes((await dueSoon(token)).errors)).toContain('FORBIDDEN');

    // Submitted (still buffered, nothing flushes here): gone at once.
    expect((await submit(tokens.student, soon)).userErrors).toEqual([]);
    expect(
      (await dueSoon(tokens.student)).data?.student?.homeworkDueSoon.map((homework) => homework.id),
    ).not.toContain(soon);
  });

  it('cancels homework: shown as cancelled, no submissions, grades or edits, off the leaderboard', async () => {
    for (const token of [tokens.otherTeacher, tokens.student, tokens.parent]) {
      const refused = await as(token, CancelHomework, { input: { id: excuseId } });
      expect(codes(refused.body.errors)).toEqual(['FORBIDDEN']);
    }
    const { body } = await as(tokens.teacher, CancelHomework, { input: { id: excuseId } });
    expect(body.data?.cancelHomework.userErrors).toEqual([]);
    expect(body.data?.cancelHomework.homework).toMatchObject({ id: excuseId, status: 'CANCELLED' });
    expect(body.data?.cancelHomework.homework?.cancelledAt).not.toBeNull();
    const seen = await as(tokens.student, HomeworkView, { id: excuseId });
    expect(seen.body.data?.homework?.status).toBe('CANCELLED');

    const twice = await as(tokens.teacher, CancelHomework, { input: { id: excuseId } });
    expect(twice.body.data?.cancelHomework.userErrors.map((error) => error.code)).toEqual([
      'HOMEWORK_CANCELLED',
    ]);
    expect((await submit(tokens.student, excuseId)).userErrors.map((error) => error.code)).toEqual([
      'HOMEWORK_CANCELLED',
    ]);
    expect(
      (await grade(classmateSubmissionId, 3)).body.data?.gradeSubmission.userErrors.map((e) => e.code),
    ).toEqual(['HOMEWORK_CANCELLED']);
    const edit = await as(tokens.teacher, UpdateHomework, { input: { id: excuseId, title: 'Back' } });
    expect(edit.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual([
      'HOMEWORK_CANCELLED',
    ]);
    const excuse = await as(tokens.teacher, SetExcused, {
      input: { homeworkId: excuseId, studentId: student().id, isExcused: true },
    });
    expect(excuse.body.data?.setHomeworkExcused.userErrors.map((error) => error.code)).toEqual([
      'HOMEWORK_CANCELLED',
    ]);
    // The classmate's 10 points were their only graded work in this term.
    const board = await standings();
    expect(board.has(classmate().id)).toBe(false);
    // The student's 22 and 5 of homework that still counts.
    expect(board.get(student().id)).toBe(27);
    // Completion lists it under CANCELLED only.
    const rates = await as(tokens.teacher, Completion, {
      sectionId: cast.sectionId,
      first: 100,
      status: 'CANCELLED',
    });
    expect(rates.body.data?.homeworkCompletionRates.map((row) => row.homework.id)).toContain(excuseId);
    const open = await as(tokens.teacher, Completion, { sectionId: cast.sectionId, first: 100 });
    expect(open.body.data?.homeworkCompletionRates.map((row) => row.homework.id)).not.toContain(excuseId);
  });

  it('takes resubmissions while allowed, each version exactly once, the latest shown at once and the history kept', async () => {
    const homeworkId = await assign('Essay', 2, { allowResubmission: true });
    const first = await submit(tokens.student, homeworkId, 'draft one');
    expect(first.submission).toMatchObject({ status: 'BUFFERED', version: 1 });
    // Resubmitted while the first is still buffered: version 2, visible at once.
    const secondId = randomUUID();
    const second = await submit(tokens.student, homeworkId, 'draft two', secondId);
    expect(second.userErrors).toEqual([]);
    expect(second.submission).toMatchObject({ status: 'BUFFERED', version: 2, text: 'draft two' });
    const retried = await submit(tokens.student, homeworkId, 'draft two', secondId);
    expect(retried).toMatchObject({
      isDuplicate: true,
      submission: { id: second.submission?.id, version: 2 },
    });
    const buffered = await as(tokens.teacher, TeacherRows, { id: homeworkId });
    const rowsOf = (view: typeof buffered) =>
      (view.body.data?.homework?.submissions.edges ?? []).filter(
        (edge) => edge.node.student.id === student().id,
      );
    expect(rowsOf(buffered).map((edge) => edge.node.version)).toEqual([2]);

    // Stored: the row holds version 2 and the history both.
    const third = await submitStored(tokens.student, homeworkId, 'draft three');
    const stored = await as(tokens.student, Versions, { id: homeworkId });
    expect(stored.body.data?.homework).toMatchObject({
      allowResubmission: true,
      mySubmission: {
        id: third,
        status: 'STORED',
        version: 3,
        text: 'draft three',
        versions: [
          { version: 1, text: 'draft one' },
          { version: 2, text: 'draft two' },
          { version: 3, text: 'draft three' },
        ],
      },
    });
    expect(
      await stack.resources.db.homeworkSubmission.count({ where: { homeworkId, studentId: student().id } }),
    ).toBe(1);
    expect(
      await stack.resources.db.homeworkSubmissionVersion.count({
        where: { homeworkId, studentId: student().id },
      }),
    ).toBe(3);
    expect(
      rowsOf(await as(tokens.teacher, TeacherRows, { id: homeworkId })).map((edge) => edge.node.id),
    ).toEqual([third]);

    // Graded: closed.
    expect((await grade(third, 12)).body.data?.gradeSubmission.userErrors).toEqual([]);
    expect(
      (await submit(tokens.student, homeworkId, 'after the grade')).userErrors.map((error) => error.code),
    ).toEqual(['RESUBMISSION_CLOSED']);
    // Past due: closed too; homework that takes one submission refuses a second as before.
    const overdue = await pastHomework(1, { perDay: 0, max: 100, cutoff: null });
    await stack.resources.db.homework.update({ where: { id: overdue }, data: { allowResubmission: true } });
    expect((await submit(tokens.classmate, overdue, 'late once')).userErrors).toEqual([]);
    expect(
      (await submit(tokens.classmate, overdue, 'late twice')).userErrors.map((error) => error.code),
    ).toEqual(['RESUBMISSION_CLOSED']);
    expect((await submit(tokens.student, editedId, 'again')).userErrors.map((error) => error.code)).toEqual([
      'ALREADY_SUBMITTED',
    ]);
    const switched = await as(tokens.teacher, UpdateHomework, {
      input: { id: editedId, allowResubmission: true },
    });
    expect(switched.body.data?.updateHomework.userErrors).toEqual([]);
    // Allowed now, but that submission is graded.
    expect((await submit(tokens.student, editedId, 'again')).userErrors.map((error) => error.code)).toEqual([
      'RESUBMISSION_CLOSED',
    ]);
  });

  it('grades by rubric: one level per criterion, the sum as raw points, the choices stored with the grade', async () => {
    const rubric = {
      criteria: [
        {
          title: 'Working shown',
          levels: [
            { title: 'None', points: 0 },
            { title: 'Some', points: 3 },
            { title: 'All', points: 5 },
          ],
        },
        {
          title: 'Answer',
          levels: [
            { title: 'Wrong', points: 0 },
            { title: 'Right', points: 4 },
          ],
        },
      ],
    };
    const base = {
      sectionId: cast.sectionId,
      subjectId: cast.subjectId,
      title: 'Rubric',
      instructions: '',
      dueAt: inDays(2),
    };
    const wrongMax = await as(tokens.teacher, AssignHomework, { input: { ...base, rubric, maxPoints: 10 } });
    expect(wrongMax.body.data?.assignHomework.userErrors.map((error) => error.code)).toEqual([
      'INVALID_POINTS',
    ]);
    const noMax = await as(tokens.teacher, AssignHomework, { input: base });
    expect(noMax.body.data?.assignHomework.userErrors.map((error) => error.code)).toEqual(['INVALID_POINTS']);
    const noLevels = await as(tokens.teacher, AssignHomework, {
      input: { ...base, rubric: { criteria: [{ title: 'Empty', levels: [] }] } },
    });
    expect(noLevels.body.data?.assignHomework.userErrors.map((error) => error.field?.join('.'))).toContain(
      'input.rubric.criteria.0.levels',
    );
    const homeworkId = await assign('Rubric', 2, { rubric, maxPoints: null });
    const shown = await as(tokens.student, RubricView, { id: homeworkId });
    const criteria = must(shown.body.data?.homework?.rubric, 'the rubric').criteria;
    expect(shown.body.data?.homework?.maxPoints).toBe(9);
    expect(
      criteria.map((criterion) => [criterion.title, criterion.levels.map((level) => level.points)]),
    ).toEqual([
      ['Working shown', [0, 3, 5]],
      ['Answer', [0, 4]],
    ]);
    const [working, answer] = criteria;
    const all = must(working?.levels[2], 'level All');
    const right = must(answer?.levels[1], 'level Right');

    const submissionId = await submitStored(tokens.student, homeworkId);
    const before = (await standings()).get(student().id) ?? 0;
    const partial = await as(tokens.teacher, Grade, {
      input: { submissionId, rubricChoices: [{ criterionId: working?.id ?? '', levelId: all.id }] },
    });
    expect(partial.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_RUBRIC_CHOICES',
    ]);
    const crossed = await as(tokens.teacher, Grade, {
      input: {
        submissionId,
        rubricChoices: [
          { criterionId: working?.id ?? '', levelId: right.id },
          { criterionId: answer?.id ?? '', levelId: all.id },
        ],
      },
    });
    expect(crossed.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_RUBRIC_CHOICES',
    ]);
    const choices = [
      { criterionId: working?.id ?? '', levelId: all.id },
      { criterionId: answer?.id ?? '', levelId: right.id },
    ];
    const mismatched = await as(tokens.teacher, Grade, {
      input: { submissionId, rubricChoices: choices, points: 8 },
    });
    expect(mismatched.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_POINTS',
    ]);
    const graded = await as(tokens.teacher, Grade, { input: { submissionId, rubricChoices: choices } });
    expect(graded.body.data?.gradeSubmission.userErrors).toEqual([]);
    expect(graded.body.data?.gradeSubmission.submission).toMatchObject({
      rawPoints: 9,
      points: 9,
      rubricChoices: [
        { criterionId: working?.id, levelId: all.id, points: 5 },
        { criterionId: answer?.id, levelId: right.id, points: 4 },
      ],
    });
    const seen = await as(tokens.student, RubricView, { id: homeworkId });
    expect(seen.body.data?.homework?.mySubmission).toMatchObject({ points: 9, rawPoints: 9 });
    expect((await standings()).get(student().id)).toBe(before + 9);

    // Graded: the rubric is fixed; the maximum follows the rubric; a points homework takes no choices.
    const changed = await as(tokens.teacher, UpdateHomework, { input: { id: homeworkId, rubric } });
    expect(changed.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual([
      'ALREADY_GRADED',
    ]);
    const max = await as(tokens.teacher, UpdateHomework, { input: { id: homeworkId, maxPoints: 20 } });
    expect(max.body.data?.updateHomework.userErrors.map((error) => error.code)).toEqual(['INVALID_POINTS']);
    const pointsHomework = await assign('Points only', 2);
    const pointsSubmission = await submitStored(tokens.classmate, pointsHomework);
    const withChoices = await as(tokens.teacher, Grade, {
      input: { submissionId: pointsSubmission, points: 3, rubricChoices: choices },
    });
    expect(withChoices.body.data?.gradeSubmission.userErrors.map((error) => error.code)).toEqual([
      'INVALID_RUBRIC_CHOICES',
    ]);
  });
});
