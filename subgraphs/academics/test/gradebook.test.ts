// The gradebook (issue 5 point 7) against the real PostgreSQL and Redis: the grade computation on a
// hand-computed example (weights, re-normalisation, missing vs not-due vs excused vs pending, the late
// penalty, moderated marks, overrides), grading scales and their validation, override history,
// the closed-period lock, who may see and change what (wrong role, another school), and the cache
// following a grade change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import type { Flusher } from '@schools24/write-buffer';
import { createAcademicsSubgraph, HOMEWORK_SUBMISSION_KIND } from '../src/index.js';
import { createAcademicsRepositories } from '../src/repositories/index.js';
import { operationsOf, type MutationPayload, type TestSchool } from './fixtures.js';
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
  excuse,
  type GradebookWorld,
} from './gradebook-fixtures.js';

// The buffer gets a Redis database of its own, so no other test file's flusher stores this file's
// submissions (the sink's invalidation is what one test looks at).
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/14';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Cell {
  assessmentId: string;
  kind: string;
  status: string;
  points: number | null;
  counts: boolean;
}
interface Row {
  student: { id: string };
  cells: Cell[];
  categories: { category: { name: string }; percentage: number | null }[];
  computedPercentage: number | null;
  grade: {
    percentage: number | null;
    label: string | null;
    gradePoints: number | null;
    isOverridden: boolean;
  };
  override: { label: string | null; percentage: number | null; reason: string; setBy: { id: string } } | null;
}
interface Gradebook {
  categories: { id: string | null; name: string; weightPercent: number; kind: string | null }[];
  columns: { kind: string; assessmentId: string; maxPoints: number; category: { name: string } | null }[];
  rows: { totalCount: number; edges: { node: Row }[] };
}
const ROW = `student { id } cells { assessmentId kind status points counts }
  categories { category { name } percentage } computedPercentage
  grade { percentage label gradePoints isOverridden } override { label percentage reason setBy { id } }`;
const GRADEBOOK = `query ($sectionId: ID!, $subjectId: ID!, $termId: ID!) {
  sectionGradebook(sectionId: $sectionId, subjectId: $subjectId, termId: $termId) {
    categories { id name weightPercent kind }
    columns { kind assessmentId maxPoints category { name } }
    rows(first: 100) { totalCount edges { node { ${ROW} } } }
  }
}`;
const STUDENT_GRADEBOOK = `query ($studentId: ID!, $subjectId: ID!, $termId: ID!) {
  studentGradebook(studentId: $studentId, subjectId: $subjectId, termId: $termId) {
    student { id } columns { assessmentId } row { ${ROW} }
  }
}`;

const INPUTS: Record<string, string> = {
  createGradingScale: 'CreateGradingScaleInput',
  updateGradingScale: 'UpdateGradingScaleInput',
  deleteGradingScale: 'GradingScaleIdInput',
  setSubjectGradingScale: 'SetSubjectGradingScaleInput',
  setGradebookCategories: 'SetGradebookCategoriesInput',
  setAssessmentCategory: 'SetAssessmentCategoryInput',
  overrideTermGrade: 'OverrideTermGradeInput',
  removeTermGradeOverride: 'RemoveTermGradeOverrideInput',
};
const RESULT: Record<string, string> = {
  createGradingScale: 'gradingScale { id name isDefault bands { minPercent label gradePoints } }',
  updateGradingScale: 'gradingScale { id name isDefault bands { minPercent label gradePoints } }',
  deleteGradingScale: 'gradingScale { id }',
  setSubjectGradingScale: 'subject { id } gradingScale { id name }',
  setGradebookCategories: 'gradebook { categories { id name weightPercent kind } }',
  setAssessmentCategory: 'isPlaced',
  overrideTermGrade: 'override { label percentage reason setBy { id } }',
  removeTermGradeOverride: 'isRemoved',
};

describe('academics gradebook', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let world: GradebookWorld;
  let sectionId: string;
  let a: string;
  let b: string;
  let c: string;
  let h1: string;
  let h2: string;
  let h3: string;
  let quiz: { quizId: string; itemId: string };
  let paper: string;
  let tokens: Record<'teacher' | 'outsider' | 'student' | 'guardian' | 'otherAdmin', string>;
  let teacherUserId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph, { REDIS_BUFFER_URL: BUFFER_REDIS_URL });
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 40, teachers: 8 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    const teacher = await db.teacher.findUniqueOrThrow({
      where: { id: school.sample.teacherId },
      select: { id: true, userId: true },
    });
    teacherUserId = teacher.userId ?? '';
    const outsider = await db.teacher.findFirstOrThrow({
      where: { schoolId, id: { not: teacher.id }, userId: { not: null } },
      select: { userId: true },
    });
    const subject = await db.subject.findFirstOrThrow({
      where: { schoolId },
      select: { id: true },
      orderBy: { code: 'asc' },
    });
    world = await createGradebookWorld(db, school, { teacherId: teacher.id, subjectId: subject.id });
    const others = await db.student.findMany({
      where: { schoolId, id: { not: school.sample.studentId } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 2,
    });
    [a, b, c] = [school.sample.studentId, ...others.map((row) => row.id)] as [string, string, string];
    sectionId = await addSection(db, world, 'GB-A', [a, b, c]);

    // H1 (10 points, due 2 days ago): A 8 on time, B 10 less a 20 % late penalty = 8, C nothing.
    h1 = await addHomework(db, world, sectionId, { title: 'H1', dueAt: daysFromNow(-2), maxPoints: 10 });
    await addSubmissions(db, world, h1, [
      { studentId: a, points: 8 },
      { studentId: b, points: 8, rawPoints: 10, latePenaltyPercent: 20, isLate: true },
    ]);
    // H2 (20, due 1 day ago): A excused, B 10, C handed in but not graded yet.
    h2 = await addHomework(db, world, sectionId, { title: 'H2', dueAt: daysFromNow(-1), maxPoints: 20 });
    await excuse(db, world, h2, a);
    await addSubmissions(db, world, h2, [
      { studentId: b, points: 10 },
      { studentId: c, points: null },
    ]);
    // H3 (10, due in 5 days): A graded early 5; B and C not due.
    h3 = await addHomework(db, world, sectionId, { title: 'H3', dueAt: daysFromNow(5), maxPoints: 10 });
    await addSubmissions(db, world, h3, [{ studentId: a, points: 5 }]);
    // Q (10, closed yesterday, released at once): A's best of 6 and 9; B an essay still ungraded; C none.
    quiz = await addQuiz(db, world, sectionId, { title: 'Q', closesAt: daysFromNow(-1), points: 10 });
    await addAttempts(db, world, quiz, [
      { studentId: a, number: 1, points: 6 },
      { studentId: a, number: 2, points: 9 },
      { studentId: b, number: 1, points: null },
    ]);
    // E (50, published): A entered 40, moderated to 45; B absent; C 25.
    paper = await addPaper(db, world, sectionId, {
      name: 'E',
      startsAt: daysFromNow(-3),
      maxMarks: 50,
      published: true,
    });
    await addMarks(db, world, paper, [
      { studentId: a, entered: 40, moderated: 45 },
      { studentId: b, entered: null, absent: true },
      { studentId: c, entered: 25 },
    ]);

    const login = (role: string) => {
      const found = school.logins.find((entry) => entry.role === role);
      if (!found) throw new Error(`the seed made no ${role} login`);
      return found.userId;
    };
    const otherAdmin = other.logins.find((entry) => entry.role === 'SCHOOL_ADMIN');
    if (!otherAdmin || !outsider.userId) throw new Error('missing users');
    tokens = {
      teacher: await tokenForUser(stack.resources, schoolId, teacherUserId),
      outsider: await tokenForUser(stack.resources, schoolId, outsider.userId),
      student: await tokenForUser(stack.resources, schoolId, login('STUDENT')),
      guardian: await tokenForUser(stack.resources, schoolId, login('GUARDIAN')),
      otherAdmin: await tokenForUser(stack.resources, other.schoolId, otherAdmin.userId),
    };
  });
  let flusher: Flusher | undefined;
  afterAll(async () => {
    await flusher?.stop();
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const { run, ok, errorsOf, read } = operationsOf(
    () => ({ stack, schoolId: school.schoolId }),
    INPUTS,
    RESULT,
  );
  const scope = () => ({ sectionId, subjectId: world.subjectId, termId: world.termId });
  async function gradebook(token = tokens.teacher): Promise<Gradebook> {
    const { data, codes } = await read<{ sectionGradebook: Gradebook }>(GRADEBOOK, scope(), token);
    expect(codes).toEqual([]);
    if (!data?.sectionGradebook) throw new Error('no gradebook');
    return data.sectionGradebook;
  }
  const rowOf = (book: Gradebook, studentId: string) => {
    const row = book.rows.edges.find((edge) => edge.node.student.id === studentId)?.node;
    if (!row) throw new Error(`no row for ${studentId}`);
    return row;
  };
  const cell = (row: Row, id: string) => row.cells.find((entry) => entry.assessmentId === id);
  const CATEGORIES = [
    { name: 'Homework', weightPercent: 20, kind: 'HOMEWORK' },
    { name: 'Quizzes', weightPercent: 30, kind: 'QUIZ' },
    { name: 'Exams', weightPercent: 50, kind: 'EXAM' },
  ];

  it('without categories, weighs all work by its points', async () => {
    const book = await gradebook();
    expect(book.categories).toEqual([{ id: null, name: 'All work', weightPercent: 100, kind: null }]);
    expect(book.columns.map((column) => column.assessmentId)).toEqual([paper, h1, h2, quiz.quizId, h3]);
    // A: H1 8 + H3 5 + Q 9 + E 45 = 67 of 10 + 10 + 10 + 50 = 80 (H2 excused).
    expect(rowOf(book, a).computedPercentage).toBe(83.75);
  });

  it('computes the hand-computed example: weights, re-normalisation, missing vs not-due vs excused vs pending', async () => {
    await ok('setGradebookCategories', { ...scope(), categories: CATEGORIES }, tokens.teacher);
    const book = await gradebook();
    expect(book.categories.map(({ name, weightPercent, kind }) => ({ name, weightPercent, kind }))).toEqual(
      CATEGORIES,
    );
    expect(book.rows.totalCount).toBe(3);

    const rowA = rowOf(book, a);
    expect(cell(rowA, h1)).toMatchObject({ status: 'GRADED', points: 8, counts: true });
    expect(cell(rowA, h2)).toMatchObject({ status: 'EXCUSED', points: null, counts: false });
    expect(cell(rowA, h3)).toMatchObject({ status: 'GRADED', points: 5, counts: true });
    expect(cell(rowA, quiz.quizId)).toMatchObject({ status: 'GRADED', points: 9 });
    expect(cell(rowA, paper)).toMatchObject({ status: 'GRADED', points: 45 });
    // Homework 13/20 = 65 %, quizzes 90 %, exams 90 %: 0.2·65 + 0.3·90 + 0.5·90 = 85.
    expect(rowA.categories.map((entry) => entry.percentage)).toEqual([65, 90, 90]);
    expect(rowA.grade).toEqual({ percentage: 85, label: 'A', gradePoints: 9, isOverridden: false });

    const rowB = rowOf(book, b);
    expect(cell(rowB, h1)).toMatchObject({ status: 'LATE', points: 8, counts: true });
    expect(cell(rowB, h3)).toMatchObject({ status: 'NOT_DUE', counts: false });
    expect(cell(rowB, quiz.quizId)).toMatchObject({ status: 'PENDING', counts: false });
    expect(cell(rowB, paper)).toMatchObject({ status: 'MISSING', points: null, counts: true });
    // Homework 18/30 = 60 %, no quiz counted (re-normalised away), exams 0 %: (20·60 + 50·0) / 70.
    expect(rowB.categories.map((entry) => entry.percentage)).toEqual([60, null, 0]);
    expect(rowB.grade).toEqual({ percentage: 17.14, label: 'E', gradePoints: 0, isOverridden: false });

    const rowC = rowOf(book, c);
    expect(cell(rowC, h1)).toMatchObject({ status: 'MISSING', counts: true });
    expect(cell(rowC, h2)).toMatchObject({ status: 'PENDING', counts: false });
    expect(cell(rowC, quiz.quizId)).toMatchObject({ status: 'MISSING', counts: true });
    // Homework 0/10, quizzes 0/10, exams 25/50: 0.5·50 = 25.
    expect(rowC.categories.map((entry) => entry.percentage)).toEqual([0, 0, 50]);
    expect(rowC.grade).toEqual({ percentage: 25, label: 'E', gradePoints: 0, isOverridden: false });
  });

  it('places an assessment in another category of its gradebook', async () => {
    const book = await gradebook();
    const exams = book.categories.find((entry) => entry.name === 'Exams');
    await ok(
      'setAssessmentCategory',
      { kind: 'HOMEWORK', assessmentId: h3, categoryId: exams?.id },
      tokens.teacher,
    );
    const moved = await gradebook();
    expect(moved.columns.find((column) => column.assessmentId === h3)?.category?.name).toBe('Exams');
    // A: homework 8/10 = 80 %, exams (45 + 5)/60 = 83.33 %: 0.2·80 + 0.3·90 + 0.5·83.333 = 84.67.
    expect(rowOf(moved, a).grade.percentage).toBe(84.67);
    await ok(
      'setAssessmentCategory',
      { kind: 'HOMEWORK', assessmentId: h3, categoryId: null },
      tokens.teacher,
    );
    expect(rowOf(await gradebook(), a).grade.percentage).toBe(85);
  });

  it('refuses invalid weights, scales and overrides and changes nothing', async () => {
    expect(
      await errorsOf(
        'setGradebookCategories',
        { ...scope(), categories: [{ name: 'All', weightPercent: 90, kind: 'HOMEWORK' }] },
        tokens.teacher,
      ),
    ).toEqual(['INVALID_WEIGHTS']);
    expect(
      await errorsOf(
        'setGradebookCategories',
        {
          ...scope(),
          categories: [
            { name: 'One', weightPercent: 50, kind: 'QUIZ' },
            { name: 'one', weightPercent: 50, kind: 'QUIZ' },
          ],
        },
        tokens.teacher,
      ),
    ).toEqual(['NAME_TAKEN', 'INVALID_INPUT']);
    expect((await gradebook()).categories.map((entry) => entry.name)).toEqual([
      'Homework',
      'Quizzes',
      'Exams',
    ]);

    const scalesBefore = await stack.resources.db.gradingScale.findMany({
      where: { schoolId: school.schoolId },
    });
    // A gap (nothing from 0 to 40), an overlap (two bands at 40) and a repeated label.
    for (const bands of [
      [
        { minPercent: 40, label: 'P' },
        { minPercent: 70, label: 'D' },
      ],
      [
        { minPercent: 40, label: 'P' },
        { minPercent: 40, label: 'Q' },
        { minPercent: 0, label: 'F' },
      ],
      [
        { minPercent: 50, label: 'P' },
        { minPercent: 0, label: 'p' },
      ],
    ])
      expect(await errorsOf('createGradingScale', { name: 'Bad', bands })).toContain('INVALID_GRADING_SCALE');
    expect(await stack.resources.db.gradingScale.findMany({ where: { schoolId: school.schoolId } })).toEqual(
      scalesBefore,
    );

    const override = { studentId: c, subjectId: world.subjectId, termId: world.termId };
    expect(
      await errorsOf('overrideTermGrade', { ...override, label: 'D', reason: '  ' }, tokens.teacher),
    ).toEqual(['INVALID_INPUT']);
    expect(
      await errorsOf('overrideTermGrade', { ...override, label: 'Z', reason: 'x' }, tokens.teacher),
    ).toEqual(['LABEL_NOT_IN_SCALE']);
    expect(
      await errorsOf('overrideTermGrade', { ...override, percentage: 101, reason: 'x' }, tokens.teacher),
    ).toEqual(['INVALID_INPUT']);
    expect(await errorsOf('overrideTermGrade', { ...override, reason: 'x' }, tokens.teacher)).toEqual([
      'INVALID_INPUT',
    ]);
    expect(
      await errorsOf('removeTermGradeOverride', { ...override, reason: 'nothing to remove' }, tokens.teacher),
    ).toEqual(['NOT_FOUND']);
    expect(await stack.resources.db.termGradeOverride.count({ where: { schoolId: school.schoolId } })).toBe(
      0,
    );
    expect(
      await stack.resources.db.termGradeOverrideEvent.count({ where: { schoolId: school.schoolId } }),
    ).toBe(0);
  });

  it('overrides a term grade with a reason, audits every change, and removes it', async () => {
    const key = { studentId: c, subjectId: world.subjectId, termId: world.termId };
    const set = await ok(
      'overrideTermGrade',
      { ...key, label: 'd', reason: 'Project work not in the book' },
      tokens.teacher,
    );
    expect(set.override).toEqual({
      label: 'D',
      percentage: null,
      reason: 'Project work not in the book',
      setBy: { id: teacherUserId },
    });
    let rowC = rowOf(await gradebook(), c);
    expect(rowC.computedPercentage).toBe(25);
    expect(rowC.grade).toEqual({ percentage: 25, label: 'D', gradePoints: 5, isOverridden: true });
    await ok('overrideTermGrade', { ...key, percentage: 55.5, reason: 'Re-marked by the board' });
    rowC = rowOf(await gradebook(), c);
    expect(rowC.grade).toEqual({ percentage: 55.5, label: 'C', gradePoints: 6, isOverridden: true });
    await ok('removeTermGradeOverride', { ...key, reason: 'Board re-mark withdrawn' }, tokens.teacher);
    expect(rowOf(await gradebook(), c).grade).toEqual({
      percentage: 25,
      label: 'E',
      gradePoints: 0,
      isOverridden: false,
    });

    const { data } = await read<{
      termGradeOverrideHistory: { totalCount: number; edges: { node: Record<string, unknown> }[] };
    }>(
      `query ($studentId: ID!, $subjectId: ID!, $termId: ID!) {
        termGradeOverrideHistory(studentId: $studentId, subjectId: $subjectId, termId: $termId) {
          totalCount edges { node { action oldLabel oldPercentage newLabel newPercentage reason actor { id } at } }
        }
      }`,
      key,
      tokens.teacher,
    );
    const history = data?.termGradeOverrideHistory;
    expect(history?.totalCount).toBe(3);
    expect(history?.edges.map(({ node: { at: _at, actor: _actor, ...rest } }) => rest)).toEqual([
      {
        action: 'REMOVED',
        oldLabel: null,
        oldPercentage: 55.5,
        newLabel: null,
        newPercentage: null,
        reason: 'Board re-mark withdrawn',
      },
      {
        action: 'SET',
        oldLabel: 'D',
        oldPercentage: null,
        newLabel: null,
        newPercentage: 55.5,
        reason: 'Re-marked by the board',
      },
      {
        action: 'SET',
        oldLabel: null,
        oldPercentage: null,
        newLabel: 'D',
        newPercentage: null,
        reason: 'Project work not in the book',
      },
    ]);
    // The history is append-only for the app role.
    await expect(
      stack.app.db.$executeRawUnsafe(`UPDATE "TermGradeOverrideEvent" SET "reason" = 'x'`),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses overrides and category changes while the term’s grading period is closed', async () => {
    const db = stack.resources.db;
    await db.term.update({ where: { id: world.periodId }, data: { closedAt: new Date() } });
    try {
      const key = { studentId: c, subjectId: world.subjectId, termId: world.termId };
      expect(
        await errorsOf('overrideTermGrade', { ...key, label: 'A', reason: 'late work' }, tokens.teacher),
      ).toEqual(['PERIOD_CLOSED']);
      expect(await errorsOf('setGradebookCategories', { ...scope(), categories: [] })).toEqual([
        'PERIOD_CLOSED',
      ]);
      const exams = await db.gradebookCategory.findFirstOrThrow({
        where: { schoolId: school.schoolId, name: 'Exams' },
        select: { id: true },
      });
      expect(
        await errorsOf('setAssessmentCategory', { kind: 'HOMEWORK', assessmentId: h1, categoryId: exams.id }),
      ).toEqual(['PERIOD_CLOSED']);
      expect(await db.gradebookAssessmentCategory.count({ where: { schoolId: school.schoolId } })).toBe(0);
      expect(await db.termGradeOverride.count({ where: { schoolId: school.schoolId } })).toBe(0);
      expect(await db.gradebookCategory.count({ where: { schoolId: school.schoolId } })).toBe(3);
    } finally {
      await db.term.update({ where: { id: world.periodId }, data: { closedAt: null } });
    }
  });

  it('lets a student see their own row and their guardian too, never a classmate’s', async () => {
    const own = await read<{ studentGradebook: { row: Row } }>(
      STUDENT_GRADEBOOK,
      { studentId: a, subjectId: world.subjectId, termId: world.termId },
      tokens.student,
    );
    expect(own.codes).toEqual([]);
    expect(own.data?.studentGradebook.row.grade.percentage).toBe(85);
    const child = await read<{ studentGradebook: { row: Row } }>(
      STUDENT_GRADEBOOK,
      { studentId: a, subjectId: world.subjectId, termId: world.termId },
      tokens.guardian,
    );
    expect(child.data?.studentGradebook.row.student.id).toBe(a);
    for (const token of [tokens.student, tokens.guardian])
      expect(
        (
          await read(
            STUDENT_GRADEBOOK,
            { studentId: b, subjectId: world.subjectId, termId: world.termId },
            token,
          )
        ).codes,
      ).toEqual(['FORBIDDEN']);
    // Term and year grades for the student themself.
    const grades = await read<{
      studentTermGrades: { subject: { id: string }; grade: { percentage: number; label: string } }[];
      studentYearGrades: { subject: { id: string }; yearGrade: { percentage: number; label: string } }[];
    }>(
      `query ($studentId: ID!, $termId: ID!, $yearId: ID!) {
        studentTermGrades(studentId: $studentId, termId: $termId) { subject { id } grade { percentage label } }
        studentYearGrades(studentId: $studentId, academicYearId: $yearId) { subject { id } yearGrade { percentage label } }
      }`,
      { studentId: a, termId: world.termId, yearId: world.yearId },
      tokens.student,
    );
    expect(grades.codes).toEqual([]);
    expect(grades.data?.studentTermGrades).toEqual([
      { subject: { id: world.subjectId }, grade: { percentage: 85, label: 'A' } },
    ]);
    expect(grades.data?.studentYearGrades).toEqual([
      { subject: { id: world.subjectId }, yearGrade: { percentage: 85, label: 'A' } },
    ]);
  });

  it('refuses the wrong role and another school', async () => {
    expect((await read(GRADEBOOK, scope(), tokens.outsider)).codes).toEqual(['FORBIDDEN']);
    expect((await read(GRADEBOOK, scope(), tokens.student)).codes).toEqual(['FORBIDDEN']);
    expect((await read(GRADEBOOK, scope(), tokens.guardian)).codes).toEqual(['FORBIDDEN']);
    const key = { studentId: c, subjectId: world.subjectId, termId: world.termId };
    for (const [name, input] of [
      ['setGradebookCategories', { ...scope(), categories: [] }],
      ['overrideTermGrade', { ...key, label: 'A', reason: 'x' }],
      ['removeTermGradeOverride', { ...key, reason: 'x' }],
      ['setAssessmentCategory', { kind: 'HOMEWORK', assessmentId: h1, categoryId: null }],
    ] as const)
      expect((await run(name, input, tokens.outsider)).codes, name).toEqual(['FORBIDDEN']);
    for (const name of ['createGradingScale', 'setSubjectGradingScale'] as const)
      expect(
        (
          await run(
            name,
            name === 'createGradingScale'
              ? { name: 'T', bands: [{ minPercent: 0, label: 'P' }] }
              : { subjectId: world.subjectId },
            tokens.teacher,
          )
        ).codes,
      ).toEqual(['FORBIDDEN']);
    // Another school's admin names this school's records: nothing is found, nothing changes.
    expect(
      (await read<{ sectionGradebook: null }>(GRADEBOOK, scope(), tokens.otherAdmin)).data?.sectionGradebook,
    ).toBeNull();
    expect(
      await errorsOf('overrideTermGrade', { ...key, label: 'A', reason: 'x' }, tokens.otherAdmin),
    ).toEqual(['NOT_FOUND']);
    expect(
      await errorsOf('setGradebookCategories', { ...scope(), categories: [] }, tokens.otherAdmin),
    ).toEqual(['NOT_FOUND']);
    expect((await gradebook()).categories).toHaveLength(3);
  });

  it('follows a grade change, a new homework and a scale change through the cache', async () => {
    const before = rowOf(await gradebook(), c);
    expect(cell(before, h2)).toMatchObject({ status: 'PENDING' });
    const submission = await stack.resources.db.homeworkSubmission.findFirstOrThrow({
      where: { homeworkId: h2, studentId: c },
      select: { id: true },
    });
    const graded = await read<{ gradeSubmission: MutationPayload }>(
      `mutation ($id: ID!) { gradeSubmission(input: { submissionId: $id, points: 20 }) { userErrors { code } } }`,
      { id: submission.id },
    );
    expect(graded.codes).toEqual([]);
    expect(graded.data?.gradeSubmission.userErrors).toEqual([]);
    const after = rowOf(await gradebook(), c);
    expect(cell(after, h2)).toMatchObject({ status: 'GRADED', points: 20 });
    // Homework 20/30 = 66.67 %, quizzes 0 %, exams 50 %: 0.2·66.667 + 0.5·50 = 38.33.
    expect(after.grade).toMatchObject({ percentage: 38.33, label: 'E' });

    const assigned = await read<{ assignHomework: { homework: { id: string } } }>(
      `mutation ($input: AssignHomeworkInput!) { assignHomework(input: $input) { homework { id } userErrors { code } } }`,
      {
        input: {
          sectionId,
          subjectId: world.subjectId,
          title: 'H4',
          instructions: 'Read',
          dueAt: daysFromNow(10).toISOString(),
          maxPoints: 10,
        },
      },
    );
    const h4 = assigned.data?.assignHomework.homework.id ?? '';
    const withH4 = await gradebook();
    expect(withH4.columns.map((column) => column.assessmentId)).toContain(h4);
    expect(cell(rowOf(withH4, c), h4)).toMatchObject({ status: 'NOT_DUE', counts: false });

    const scales = await read<{ gradingScales: { edges: { node: { id: string; isDefault: boolean } }[] } }>(
      `{ gradingScales { edges { node { id isDefault } } } }`,
      {},
    );
    const defaultId = scales.data?.gradingScales.edges.find((edge) => edge.node.isDefault)?.node.id;
    await ok('updateGradingScale', {
      id: defaultId,
      bands: [
        { minPercent: 0, label: 'F', gradePoints: 0 },
        { minPercent: 35, label: 'P', gradePoints: 1 },
      ],
    });
    expect(rowOf(await gradebook(), c).grade).toMatchObject({
      percentage: 38.33,
      label: 'P',
      gradePoints: 1,
    });
  });

  it('shows a submission once the write buffer has stored it (the sink tells the cache)', async () => {
    const assigned = await read<{ assignHomework: { homework: { id: string } } }>(
      `mutation ($input: AssignHomeworkInput!) { assignHomework(input: $input) { homework { id } userErrors { code } } }`,
      {
        input: {
          sectionId,
          subjectId: world.subjectId,
          title: 'H5',
          instructions: 'Write',
          dueAt: daysFromNow(8).toISOString(),
          maxPoints: 10,
        },
      },
    );
    const h5 = assigned.data?.assignHomework.homework.id ?? '';
    expect(cell(rowOf(await gradebook(), a), h5)).toMatchObject({ status: 'NOT_DUE' });
    const submitted = await read<{ submitHomework: MutationPayload }>(
      `mutation ($input: SubmitHomeworkInput!) { submitHomework(input: $input) { userErrors { code } } }`,
      { input: { homeworkId: h5, idempotencyId: `gb-${h5}`, text: 'My answer' } },
      tokens.student,
    );
    expect(submitted.codes).toEqual([]);
    expect(submitted.data?.submitHomework.userErrors).toEqual([]);
    flusher = stack.app.writeBuffer.createFlusher({
      consumer: `gradebook-${process.pid}`,
      kinds: [HOMEWORK_SUBMISSION_KIND],
    });
    flusher.start();
    let status = '';
    for (let tries = 0; tries < 200 && status !== 'PENDING'; tries += 1) {
      await sleep(50);
      status = cell(rowOf(await gradebook(), a), h5)?.status ?? '';
    }
    expect(status).toBe('PENDING');
  });

  it('answers the report cards’ repository contract', async () => {
    const repos = createAcademicsRepositories(stack.app.db);
    const grades = await repos.gradebook.termGradesForStudents(school.schoolId, world.termId, [a, b, c]);
    const subject = await stack.resources.db.subject.findUniqueOrThrow({ where: { id: world.subjectId } });
    expect(grades.get(a)).toEqual([
      {
        subjectId: world.subjectId,
        subjectName: subject.name,
        percentage: 85,
        label: 'P',
        gradePoints: 1,
        overridden: false,
      },
    ]);
    expect(grades.get(b)?.[0]).toMatchObject({ percentage: 17.14, label: 'F' });
    expect(await repos.gradebook.gradingScaleLegend(school.schoolId, world.termId)).toEqual([
      { minPercent: 35, label: 'P', gradePoints: 1 },
      { minPercent: 0, label: 'F', gradePoints: 0 },
    ]);
    // Another school's term and students are simply not there.
    expect((await repos.gradebook.termGradesForStudents(other.schoolId, world.termId, [a])).get(a)).toEqual(
      [],
    );
  });

  // Last: the paper and quiz it adds would change the expectations of the tests above.
  it('locks exam marks and quiz grades of work inside a closed grading period, as homework grades', async () => {
    const db = stack.resources.db;
    // A paper and a quiz closing inside the period (it starts tomorrow).
    const inPeriod = await addPaper(db, world, sectionId, {
      name: 'In the period',
      startsAt: daysFromNow(2),
      maxMarks: 20,
      published: false,
    });
    const laterQuiz = await addQuiz(db, world, sectionId, {
      title: 'Later',
      closesAt: daysFromNow(2),
      points: 5,
    });
    await addAttempts(db, world, laterQuiz, [{ studentId: a, number: 1, points: null }]);
    const attempt = await db.quizAttempt.findFirstOrThrow({
      where: { quizId: laterQuiz.quizId, studentId: a },
      select: { id: true },
    });
    const enter = async () => {
      const { body } = await stack.graphql<{ enterExamMarks: MutationPayload }>(
        `mutation ($input: EnterExamMarksInput!) { enterExamMarks(input: $input) { userErrors { field code message } } }`,
        { input: { examPaperId: inPeriod, rows: [{ studentId: a, marks: 12 }] } },
        { schoolId: school.schoolId },
      );
      return body.data?.enterExamMarks.userErrors.map((error) => error.code);
    };
    const quizzes = createAcademicsRepositories(stack.app.db).quizzes;
    const gradeEssay = () =>
      quizzes.gradeAnswer(school.schoolId, attempt.id, laterQuiz.itemId, {
        points: 4,
        feedback: null,
        gradedByUserId: world.userId,
        gradedAt: new Date(),
      });
    await db.term.update({ where: { id: world.periodId }, data: { closedAt: new Date() } });
    try {
      expect(await enter()).toEqual(['PERIOD_CLOSED']);
      expect(await gradeEssay()).toEqual({ closedPeriod: 'Gradebook period' });
      expect(await db.examMark.count({ where: { paperId: inPeriod } })).toBe(0);
      expect(
        (await db.quizAnswer.findFirstOrThrow({ where: { attemptId: attempt.id }, select: { points: true } }))
          .points,
      ).toBeNull();
    } finally {
      await db.term.update({ where: { id: world.periodId }, data: { closedAt: null } });
    }
    // Reopened, both go through.
    expect(await enter()).toEqual([]);
    expect(await gradeEssay()).toEqual({ graded: true });
  });
});
