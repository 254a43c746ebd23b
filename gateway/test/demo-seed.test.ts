import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startGatewayStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { isDatabaseEmpty, nextSchoolDay, schoolDateOf, seedSchool } from '@schools24/seed';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

// The quick start's demo school (issue 5 point 10) through the real gateway: a school seeded with a
// living term around the real today is what a student, a teacher and a parent see when they sign in.
// Operations are plain strings, not codegen documents: they exercise the demo, not an app's API.

type School = Awaited<ReturnType<typeof createTestSchool>>;

const today = schoolDateOf(new Date());
const day = nextSchoolDay(today).toISOString().slice(0, 10);

let stack: TestEndpoint;
let school: School;
const tokens: Partial<Record<'TEACHER' | 'STUDENT' | 'GUARDIAN', string>> = {};

beforeAll(async () => {
  stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS });
  school = await createTestSchool(stack.resources.db, { students: 150, teachers: 40, livingTerm: true });
  for (const login of school.logins) {
    if (login.role === 'TEACHER' || login.role === 'STUDENT' || login.role === 'GUARDIAN')
      tokens[login.role] = await tokenForUser(stack.resources, school.schoolId, login.userId);
  }
}, 120_000);

afterAll(async () => {
  await school?.remove();
  await stack?.stop();
});

async function as<TData>(role: keyof typeof tokens, query: string, variables: Record<string, unknown> = {}) {
  const response = await stack.graphql<TData>(query, variables, { token: tokens[role] ?? '' });
  expect(response.body.errors).toBeUndefined();
  if (!response.body.data) throw new Error('no data');
  return response.body.data;
}

interface Lesson {
  kind: string;
  period: { number: number } | null;
  entry: { subject: { code: string } };
}

describe('the seeded demo school through the gateway', { timeout: 60_000 }, () => {
  it('shows the student their lessons, homework due soon and the published exam result', async () => {
    const { sample } = school;
    const data = await as<{
      studentDay: { lessons: Lesson[]; student: { homeworkDueSoon: { id: string; dueAt: string }[] } };
      exams: { edges: { node: { id: string; isPublished: boolean } }[] };
    }>(
      'STUDENT',
      `query ($date: Date) {
        studentDay(date: $date) {
          lessons { kind period { number } entry { subject { code } } }
          student { homeworkDueSoon { id dueAt } }
        }
        exams { edges { node { id isPublished } } }
      }`,
      { date: day },
    );
    expect(data.studentDay.lessons.length).toBeGreaterThanOrEqual(5);
    const dueSoon = data.studentDay.student.homeworkDueSoon;
    expect(dueSoon.length).toBeGreaterThan(0);
    for (const homework of dueSoon) expect(new Date(homework.dueAt).getTime()).toBeGreaterThan(Date.now());
    const exam = data.exams.edges[0]?.node;
    expect(exam?.isPublished).toBe(true);

    const result = await as<{
      examResult: { papers: { marks: number | null; isAbsent: boolean }[]; totalMaxMarks: number } | null;
    }>(
      'STUDENT',
      `query ($examId: ID!, $studentId: ID!) {
        examResult(examId: $examId, studentId: $studentId) { papers { marks isAbsent } totalMaxMarks }
      }`,
      { examId: exam?.id, studentId: sample.studentId },
    );
    expect(result.examResult?.papers.length).toBeGreaterThanOrEqual(5);
    expect(result.examResult?.totalMaxMarks).toBe((result.examResult?.papers.length ?? 0) * 25);
  });

  it("shows the teacher their day with the substitutions and their section's attendance", async () => {
    const data = await as<{
      teacherDay: { lessons: Lesson[] };
      sectionAttendance: { summary: { sessions: number; rate: number | null }; students: unknown[] } | null;
    }>(
      'TEACHER',
      `query ($date: Date, $sectionId: ID!) {
        teacherDay(date: $date) { lessons { kind period { number } entry { subject { code } } } }
        sectionAttendance(sectionId: $sectionId, from: "2026-04-01") {
          summary { sessions rate }
          students { summary { sessions } }
        }
      }`,
      { date: day, sectionId: school.sample.sectionId },
    );
    const kinds = data.teacherDay.lessons.map((lesson) => lesson.kind);
    expect(kinds).toContain('COVERED');
    expect(kinds).toContain('COVERING');
    const summary = data.sectionAttendance?.summary;
    expect(summary?.sessions).toBeGreaterThan(0);
    // The school's code (random per test school) seeds who is absent: a small section may have had
    // a perfect month. The share of absences is checked on a fixed school in libs/seed's tests.
    expect(summary?.rate).toBeGreaterThan(0.85);
    expect(summary?.rate).toBeLessThanOrEqual(1);
  });

  it("shows the parent their child's day, attendance and exam result", async () => {
    const { sample } = school;
    const data = await as<{
      studentDay: { lessons: Lesson[] };
      studentAttendance: { summary: { sessions: number; present: number } } | null;
      exams: { edges: { node: { id: string } }[] };
    }>(
      'GUARDIAN',
      `query ($studentId: ID!, $date: Date) {
        studentDay(studentId: $studentId, date: $date) { lessons { kind } }
        studentAttendance(studentId: $studentId, from: "2026-04-01") { summary { sessions present } }
        exams { edges { node { id } } }
      }`,
      { studentId: sample.studentId, date: day },
    );
    expect(data.studentDay.lessons.length).toBeGreaterThanOrEqual(5);
    expect(data.studentAttendance?.summary.sessions).toBeGreaterThan(0);
    const result = await as<{ examResult: { papers: unknown[] } | null }>(
      'GUARDIAN',
      `query ($examId: ID!, $studentId: ID!) { examResult(examId: $examId, studentId: $studentId) { papers { marks } } }`,
      { examId: data.exams.edges[0]?.node.id, studentId: sample.studentId },
    );
    expect(result.examResult?.papers.length).toBeGreaterThan(0);
  });

  it('lets the teacher grade an essay that awaits grading', async () => {
    const pending = await stack.resources.db.quizAnswer.findFirst({
      where: { schoolId: school.schoolId, points: null },
      select: {
        attemptId: true,
        quizItemId: true,
        quizItem: { select: { points: true, quiz: { select: { createdByUserId: true } } } },
      },
    });
    if (!pending) throw new Error('no essay awaits grading');
    const token = await tokenForUser(stack.resources, school.schoolId, pending.quizItem.quiz.createdByUserId);
    const response = await stack.graphql<{ gradeQuizAnswer: { userErrors: unknown[] } }>(
      `mutation ($input: GradeQuizAnswerInput!) { gradeQuizAnswer(input: $input) { userErrors { code message } } }`,
      {
        input: {
          quizAttemptId: pending.attemptId,
          quizItemId: pending.quizItemId,
          points: pending.quizItem.points - 1,
        },
      },
      { token },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.gradeQuizAnswer.userErrors).toEqual([]);
  });

  it('seeding the same school again changes nothing: refused, and the quick start skips a non-empty database', async () => {
    const before = await stack.resources.db.attendanceMark.count({ where: { schoolId: school.schoolId } });
    expect(before).toBeGreaterThan(0);
    expect(await isDatabaseEmpty(stack.resources.db)).toBe(false);
    await expect(
      seedSchool(stack.resources.db, {
        code: school.code,
        students: 150,
        teachers: 40,
        seed: 7,
        livingTerm: true,
      }),
    ).rejects.toThrow(/already exists/);
    expect(await stack.resources.db.attendanceMark.count({ where: { schoolId: school.schoolId } })).toBe(
      before,
    );
  });
});
