// Gradebook speed (issue 5 point 9) by counting SQL statements: a section's gradebook of 40 students ×
// 30 assessments costs the same number of statements as one of 5 × 3 when cold, none when warm (Redis),
// and a grade change makes the next read cold again and correct. The report cards' term grades cost the
// same for 5 students as for 40.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearTenantCache,
  createTestSchool,
  startSubgraphStack,
  type TestEndpoint,
} from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import { createAcademicsRepositories } from '../src/repositories/index.js';
import type { TestSchool } from './fixtures.js';
import {
  addAttempts,
  addHomework,
  addMarks,
  addPaper,
  addQuiz,
  addSection,
  addSubmissions,
  createGradebookWorld,
  daysFromNow,
  type GradebookWorld,
} from './gradebook-fixtures.js';

const GRADEBOOK = `query ($sectionId: ID!, $subjectId: ID!, $termId: ID!) {
  sectionGradebook(sectionId: $sectionId, subjectId: $subjectId, termId: $termId) {
    section { id } subject { id } term { id } gradingScale { name }
    categories { id name weightPercent kind }
    columns { kind assessmentId title maxPoints dueAt category { name } }
    rows(first: 100) {
      totalCount
      edges { node {
        student { id } rollNumber cells { assessmentId status points counts }
        categories { category { name } percentage } computedPercentage
        grade { percentage label gradePoints isOverridden } override { label }
      } }
    }
  }
}`;

interface Book {
  columns: unknown[];
  rows: {
    totalCount: number;
    edges: { node: { student: { id: string }; cells: { assessmentId: string; points: number | null }[] } }[];
  };
}

describe('gradebook speed', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let world: GradebookWorld;
  let big: string;
  let small: string;
  let bigStudents: string[];
  let firstHomework: string;

  /** Homework, quizzes and exam papers (`each` of every kind), every student graded on all. */
  async function fill(sectionId: string, students: readonly string[], each: number) {
    const db = stack.resources.db;
    let first = '';
    for (let index = 0; index < each; index++) {
      const homework = await addHomework(db, world, sectionId, {
        title: `H${index}`,
        dueAt: daysFromNow(-1 - index),
        maxPoints: 10,
      });
      first ||= homework;
      await addSubmissions(
        db,
        world,
        homework,
        students.map((studentId, n) => ({ studentId, points: (n + index) % 11 })),
      );
      const quiz = await addQuiz(db, world, sectionId, {
        title: `Q${index}`,
        closesAt: daysFromNow(-1),
        points: 10,
      });
      await addAttempts(
        db,
        world,
        quiz,
        students.map((studentId, n) => ({ studentId, number: 1, points: (n * 3 + index) % 11 })),
      );
      const paper = await addPaper(db, world, sectionId, {
        name: `E${sectionId.slice(0, 4)}-${index}`,
        startsAt: daysFromNow(-2),
        maxMarks: 50,
        published: true,
      });
      await addMarks(
        db,
        world,
        paper,
        students.map((studentId, n) => ({ studentId, entered: (n * 7 + index) % 51 })),
      );
    }
    return first;
  }

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    school = await createTestSchool(stack.resources.db, { students: 60, teachers: 6 });
    const db = stack.resources.db;
    const subject = await db.subject.findFirstOrThrow({
      where: { schoolId: school.schoolId },
      select: { id: true },
    });
    world = await createGradebookWorld(db, school, {
      teacherId: school.sample.teacherId,
      subjectId: subject.id,
    });
    const students = (
      await db.student.findMany({
        where: { schoolId: school.schoolId },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
    ).map((row) => row.id);
    bigStudents = students.slice(0, 40);
    big = await addSection(db, world, 'GB-BIG', bigStudents);
    small = await addSection(db, world, 'GB-SMALL', students.slice(40, 45));
    firstHomework = await fill(big, bigStudents, 10);
    await fill(small, students.slice(40, 45), 1);
  }, 120_000);
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  /** Reads a gradebook as the school's admin and counts the SQL statements it took. */
  async function counted(sectionId: string, cold: boolean) {
    if (cold) await clearTenantCache(stack.resources, school.schoolId);
    stack.sql.reset();
    const { body } = await stack.graphql<{ sectionGradebook: Book }>(
      GRADEBOOK,
      { sectionId, subjectId: world.subjectId, termId: world.termId },
      { schoolId: school.schoolId },
    );
    expect(body.errors).toBeUndefined();
    return {
      statements: stack.sql.count,
      transactions: stack.sql.tenantTransactions,
      book: body.data?.sectionGradebook,
    };
  }

  it('reads 40 × 30 in as many statements as 5 × 3 when cold, and none when warm', async () => {
    // Warm the default scale's creation out of the way (it happens once per school).
    await counted(small, true);
    const coldSmall = await counted(small, true);
    const coldBig = await counted(big, true);
    expect(coldSmall.book?.columns).toHaveLength(3);
    expect(coldSmall.book?.rows.totalCount).toBe(5);
    expect(coldBig.book?.columns).toHaveLength(30);
    expect(coldBig.book?.rows.totalCount).toBe(40);
    expect(coldBig.book?.rows.edges[0]?.node.cells).toHaveLength(30);
    expect(coldBig.statements).toBe(coldSmall.statements);
    expect(coldBig.transactions).toBe(coldSmall.transactions);
    expect(coldBig.statements).toBeLessThanOrEqual(20);

    const warm = await counted(big, false);
    expect(warm.statements).toBe(0);
    expect(warm.book).toEqual(coldBig.book);
  });

  it('reads afresh after a grade change, and only what changed', async () => {
    await counted(big, false);
    const submission = await stack.resources.db.homeworkSubmission.findFirstOrThrow({
      where: { homeworkId: firstHomework, studentId: bigStudents[0] },
      select: { id: true },
    });
    const { body } = await stack.graphql<{ gradeSubmission: { userErrors: unknown[] } }>(
      `mutation ($id: ID!) { gradeSubmission(input: { submissionId: $id, points: 10 }) { userErrors { code } } }`,
      { id: submission.id },
      { schoolId: school.schoolId },
    );
    expect(body.data?.gradeSubmission.userErrors).toEqual([]);
    const after = await counted(big, false);
    // Only the gradebook's facts are read again (the structure and the scale stay cached).
    expect(after.statements).toBeGreaterThan(0);
    const row = after.book?.rows.edges.find((edge) => edge.node.student.id === bigStudents[0])?.node;
    expect(row?.cells.find((cell) => cell.assessmentId === firstHomework)?.points).toBe(10);
    expect((await counted(big, false)).statements).toBe(0);
  });

  it('computes report-card term grades for 5 or 40 students in the same number of statements', async () => {
    const repos = createAcademicsRepositories(stack.app.db);
    await repos.gradebook.termGradesForStudents(school.schoolId, world.termId, bigStudents.slice(0, 1));
    stack.sql.reset();
    const few = await repos.gradebook.termGradesForStudents(
      school.schoolId,
      world.termId,
      bigStudents.slice(0, 5),
    );
    const fewStatements = stack.sql.count;
    stack.sql.reset();
    const all = await repos.gradebook.termGradesForStudents(school.schoolId, world.termId, bigStudents);
    expect(stack.sql.count).toBe(fewStatements);
    expect(few.size).toBe(5);
    expect(all.size).toBe(40);
    expect([...all.values()].every((grades) => grades.length === 1 && grades[0]?.percentage !== null)).toBe(
      true,
    );
  });
});
