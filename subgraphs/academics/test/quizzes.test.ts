// Quizzes and the question bank (issue 5, point 5) against the real PostgreSQL and Redis: the bank
// with versions, authoring, attempts through the write buffer (visible while BUFFERED, stored once
// by the flusher), auto-grading, essay grading, release policies, limits, analytics, and that every
// operation refuses the wrong role, the wrong section and the wrong school.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { tenantKey } from '@schools24/redis';
import type { Flusher } from '@schools24/write-buffer';
import { createAcademicsSubgraph, QUIZ_SUBMISSION_KIND } from '../src/index.js';
import type { TestSchool } from './fixtures.js';

// The buffer gets a Redis database of its own, so no other test file's flusher stores this file's
// submissions before it could look at them buffered.
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/7';

type Data = Record<string, unknown>;
interface Payload {
  userErrors: { field: string[] | null; code: string; message: string }[];
  [key: string]: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const QUESTION =
  'question { id latestVersion { id version type prompt tags difficulty choices { id text isCorrect } } }';
const ATTEMPT = `id number status isStored areResultsVisible score maxScore isFullyGraded submittedAt deadlineAt
  questions { quizItemId position points type prompt options { id text } matchLeft { id text }
    matchRight { id text } response { choiceIds boolean number text matches { leftId rightId } order }
    earnedPoints feedback correctAnswer { choiceIds boolean number text matches { leftId rightId } order } }`;

interface AttemptQuestion {
  quizItemId: string;
  type: string;
  prompt: string;
  options: { id: string; text: string }[];
  matchLeft: { id: string }[];
  matchRight: { id: string }[];
  earnedPoints: number | null;
  correctAnswer: unknown;
  response: unknown;
}
interface Attempt {
  id: string;
  status: string;
  isStored: boolean;
  areResultsVisible: boolean;
  score: number | null;
  maxScore: number;
  isFullyGraded: boolean | null;
  questions: AttemptQuestion[];
}

describe('quizzes and the question bank', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let flusher: Flusher | undefined;
  const tokens: Record<'teacher' | 'otherTeacher' | 'student' | 'classmate' | 'outsider' | 'parent', string> =
    {
      teacher: '',
      otherTeacher: '',
      student: '',
      classmate: '',
      outsider: '',
      parent: '',
    };
  let sectionId: string;
  let subjectId: string;
  let otherSchoolVersionId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph, { REDIS_BUFFER_URL: BUFFER_REDIS_URL });
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 90, teachers: 12 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 3 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
    const sections = await db.section.findMany({
      where: { schoolId, academicYearId: year.id },
      select: {
        id: true,
        classTeacher: { select: { userId: true } },
        teachingAssignments: { select: { teacher: { select: { userId: true } } } },
        enrolments: {
          where: { status: 'ACTIVE', student: { userId: { not: null } } },
          select: {
            student: {
              select: { userId: true, guardians: { select: { guardian: { select: { userId: true } } } } },
            },
          },
          orderBy: { studentId: 'asc' },
        },
      },
      orderBy: { id: 'asc' },
    });
    const parentOf = (e: (typeof sections)[number]['enrolments'][number]) =>
      e.student.guardians.find((g) => g.guardian.userId)?.guardian.userId ?? null;
    const teacherOf = (s: (typeof sections)[number]) =>
      [s.classTeacher, ...s.teachingAssignments.map((a) => a.teacher)].find((t) => t?.userId)?.userId ?? null;
    const section = sections.find(
      (s) => s.enrolments.length >= 2 && s.enrolments.some((e) => parentOf(e)) && teacherOf(s),
    );
    const outsiderSection = sections.find((s) => s !== section && s.enrolments.length > 0);
    if (!section || !outsiderSection) throw new Error('the seeded school lacks the sections this test needs');
    sectionId = section.id;
    subjectId = (await db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } })).id;
    const otherTeacher = await db.teacher.findFirstOrThrow({
      where: {
        schoolId,
        userId: { not: null },
        NOT: [
          { classSections: { some: { id: sectionId } } },
          { teachingAssignments: { some: { sectionId } } },
        ],
      },
      select: { userId: true },
    });
    const first = section.enrolments.find((e) => parentOf(e));
    const second = section.enrolments.find((e) => e !== first);
    const parentUserId = first ? parentOf(first) : null;
    const token = (userId: string | null | undefined) => {
      if (!userId) throw new Error('a cast member has no login');
      return tokenForUser(stack.resources, schoolId, userId);
    };
    tokens.teacher = await token(teacherOf(section));
    tokens.otherTeacher = await token(otherTeacher.userId);
    tokens.student = await token(first?.student.userId);
    tokens.classmate = await token(second?.student.userId);
    tokens.outsider = await token(outsiderSection.enrolments[0]?.student.userId);
    tokens.parent = await token(parentUserId);

    // A question of the other school, for authoring attacks.
    const made = await mutate(
      'createQuestion',
      { draft: { type: 'TRUE_FALSE', prompt: 'Elsewhere?', trueFalseAnswer: true } },
      QUESTION,
      { schoolId: other.schoolId },
    );
    otherSchoolVersionId = (made.question as { latestVersion: { id: string } }).latestVersion.id;
  });

  afterAll(async () => {
    await flusher?.stop();
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  async function run(
    document: string,
    variables: Record<string, unknown>,
    as: { token?: string; schoolId?: string } = {},
  ) {
    const { body } = await stack.graphql<Data>(document, variables, {
      schoolId: as.schoolId ?? school.schoolId,
      ...(as.token ? { token: as.token } : {}),
    });
    return body;
  }

  async function mutate(
    name: string,
    input: Record<string, unknown>,
    selection: string,
    as: { token?: string; schoolId?: string } = {},
  ): Promise<Payload> {
    const body = await run(
      `mutation ($input: ${name.charAt(0).toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
      { input },
      as,
    );
    expect(body.errors, name).toBeUndefined();
    return body.data?.[name] as Payload;
  }

  async function errorCodesOf(document: string, variables: Record<string, unknown>, token: string) {
    const body = await run(document, variables, { token });
    return (body.errors ?? []).map((error) => error.extensions?.code);
  }

  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);

  async function attemptAs(token: string, id: string): Promise<Attempt> {
    const body = await run(`query ($id: ID!) { quizAttempt(id: $id) { ${ATTEMPT} } }`, { id }, { token });
    expect(body.errors).toBeUndefined();
    return body.data?.quizAttempt as Attempt;
  }

  /** Creates the eight question types as the teacher; returns their latest version ids by type. */
  async function createBank(): Promise<Record<string, string>> {
    const drafts = [
      {
        type: 'SINGLE_CHOICE',
        prompt: '2 + 2?',
        choices: [
          { text: '3', isCorrect: false },
          { text: '4', isCorrect: true },
          { text: '5', isCorrect: false },
        ],
      },
      {
        type: 'MULTIPLE_CHOICE',
        prompt: 'Primes?',
        choices: [
          { text: '2', isCorrect: true },
          { text: '3', isCorrect: true },
          { text: '4', isCorrect: false },
        ],
      },
      { type: 'TRUE_FALSE', prompt: 'The earth is flat.', trueFalseAnswer: false },
      { type: 'NUMERIC', prompt: 'π to two places?', numericAnswer: 3.14, numericTolerance: 0.005 },
      { type: 'SHORT_ANSWER', prompt: 'Capital of India?', acceptedAnswers: ['New Delhi'] },
      {
        type: 'MATCHING',
        prompt: 'Match the capitals.',
        matchingPairs: [
          { left: 'France', right: 'Paris' },
          { left: 'Japan', right: 'Tokyo' },
        ],
      },
      { type: 'ORDERING', prompt: 'Smallest first.', orderedItems: ['1', '5', '9'] },
      { type: 'ESSAY', prompt: 'Why do we learn fractions?', essayMaxWords: 300 },
    ];
    const ids: Record<string, string> = {};
    for (const draft of drafts) {
      const made = await mutate(
        'createQuestion',
        { subjectId, draft: { ...draft, tags: ['Term 1'] } },
        QUESTION,
        {
          token: tokens.teacher,
        },
      );
      expect(made.userErrors, draft.type).toEqual([]);
      ids[draft.type] = (made.question as { latestVersion: { id: string } }).latestVersion.id;
    }
    return ids;
  }

  async function createQuiz(
    versionIds: Record<string, string>,
    extra: Record<string, unknown> = {},
    token = tokens.teacher,
  ): Promise<Payload> {
    const points: Record<string, number> = { MULTIPLE_CHOICE: 2, MATCHING: 2, ORDERING: 3, ESSAY: 5 };
    return mutate(
      'createQuiz',
      {
        sectionId,
        subjectId,
        title: 'Check-in',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        items: Object.entries(versionIds).map(([type, questionVersionId]) => ({
          questionVersionId,
          points: points[type] ?? 1,
        })),
        ...extra,
      },
      'quiz { id maxScore itemCount resultsRelease areResultsReleased isOpen }',
      { token },
    );
  }

  it('keeps a versioned bank: edits add versions, a stale edit is refused, bad content is reported', async () => {
    const made = await mutate(
      'createQuestion',
      {
        subjectId,
        draft: {
          type: 'SINGLE_CHOICE',
          prompt: 'Colour of the sky?',
          tags: [' Sky ', 'sky'],
          choices: [
            { text: 'Blue', isCorrect: true },
            { text: 'Green', isCorrect: false },
          ],
        },
      },
      QUESTION,
      { token: tokens.teacher },
    );
    expect(made.userErrors).toEqual([]);
    const question = made.question as {
      id: string;
      latestVersion: { id: string; version: number; tags: string[]; choices: unknown[] };
    };
    expect(question.latestVersion).toMatchObject({
      version: 1,
      tags: ['sky'],
      choices: [
        { id: 'c1', text: 'Blue', isCorrect: true },
        { id: 'c2', text: 'Green', isCorrect: false },
      ],
    });
    const revised = await mutate(
      'reviseQuestion',
      {
        questionId: question.id,
        baseVersion: 1,
        draft: { type: 'TRUE_FALSE', prompt: 'The sky is blue.', tags: ['Sky'], trueFalseAnswer: true },
      },
      `question { latestVersion { id version type prompt } versions(first: 5) { totalCount edges { node { id version prompt } } } }`,
      { token: tokens.teacher },
    );
    expect(revised.userErrors).toEqual([]);
    const after = revised.question as {
      latestVersion: { id: string; version: number; type: string };
      versions: { totalCount: number; edges: { node: { id: string; version: number; prompt: string } }[] };
    };
    expect(after.latestVersion).toMatchObject({ version: 2, type: 'TRUE_FALSE' });
    expect(after.versions.totalCount).toBe(2);
    expect(after.versions.edges.map((e) => e.node)).toEqual([
      { id: after.latestVersion.id, version: 2, prompt: 'The sky is blue.' },
      { id: question.latestVersion.id, version: 1, prompt: 'Colour of the sky?' },
    ]);
    // Another editor who saw version 1 loses; the question stays at version 2.
    const stale = await mutate(
      'reviseQuestion',
      {
        questionId: question.id,
        baseVersion: 1,
        draft: { type: 'TRUE_FALSE', prompt: 'No.', trueFalseAnswer: false },
      },
      'question { id }',
      { token: tokens.otherTeacher },
    );
    expect(codes(stale)).toEqual(['VERSION_CONFLICT']);
    // Read back through the (warmed) cache: the latest version is the new one.
    const read = await run(
      `query ($id: ID!) { question(id: $id) { latestVersion { version } } }`,
      { id: question.id },
      { token: tokens.teacher },
    );
    expect(read.data?.question).toEqual({ latestVersion: { version: 2 } });
    // Filters: by tag and type (of the latest version).
    const listed = await run(
      `query ($subjectId: ID) { sky: questions(tag: "SKY", subjectId: $subjectId) { totalCount } tf: questions(type: TRUE_FALSE, tag: "sky") { totalCount } sc: questions(type: SINGLE_CHOICE, tag: "sky") { totalCount } }`,
      { subjectId },
      { token: tokens.teacher },
    );
    expect(listed.data).toEqual({ sky: { totalCount: 1 }, tf: { totalCount: 1 }, sc: { totalCount: 0 } });

    const bad = await mutate(
      'createQuestion',
      {
        draft: {
          type: 'SINGLE_CHOICE',
          prompt: ' ',
          choices: [
            { text: 'a', isCorrect: true },
            { text: 'b', isCorrect: true },
          ],
          trueFalseAnswer: true,
        },
      },
      'question { id }',
      { token: tokens.teacher },
    );
    expect(codes(bad)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
    expect(bad.userErrors.map((e) => e.field?.at(-1))).toEqual(['prompt', 'trueFalseAnswer', 'choices']);
  });

  it('keeps the bank from students, guardians and other schools', async () => {
    const made = await mutate(
      'createQuestion',
      { draft: { type: 'ESSAY', prompt: 'Secret key?' } },
      QUESTION,
      { token: tokens.teacher },
    );
    const id = (made.question as { id: string }).id;
    for (const token of [tokens.student, tokens.parent]) {
      expect(await errorCodesOf(`query ($id: ID!) { question(id: $id) { id } }`, { id }, token)).toEqual([
        'FORBIDDEN',
      ]);
      expect(
        await errorCodesOf(
          `mutation { createQuestion(input: { draft: { type: ESSAY, prompt: "x" } }) { question { id } userErrors { code } } }`,
          {},
          token,
        ),
      ).toEqual(['FORBIDDEN']);
    }
    // The other school's admin: not found, and the question is unchanged.
    const foreign = await run(
      `query ($id: ID!) { question(id: $id) { id } }`,
      { id },
      { schoolId: other.schoolId },
    );
    expect(foreign.data?.question).toBeNull();
    const attack = await mutate(
      'reviseQuestion',
      { questionId: id, baseVersion: 1, draft: { type: 'ESSAY', prompt: 'Mine' } },
      'question { id }',
      { schoolId: other.schoolId },
    );
    expect(codes(attack)).toEqual(['NOT_FOUND']);
    const stored = await stack.resources.db.question.findUniqueOrThrow({
      where: { id },
      select: { latestVersion: true },
    });
    expect(stored.latestVersion).toBe(1);
  });

  it('lets only the section’s teachers author a quiz, from this school’s versions', async () => {
    const versions = await createBank();
    const quiz = await createQuiz(versions);
    expect(quiz.userErrors).toEqual([]);
    expect(quiz.quiz).toMatchObject({
      maxScore: 16,
      itemCount: 8,
      resultsRelease: 'IMMEDIATELY',
      isOpen: true,
    });
    expect(
      await errorCodesOf(
        `mutation ($input: CreateQuizInput!) { createQuiz(input: $input) { quiz { id } userErrors { code } } }`,
        {
          input: {
            sectionId,
            subjectId,
            title: 'x',
            opensAt: new Date().toISOString(),
            closesAt: new Date(Date.now() + 60_000).toISOString(),
            items: [],
          },
        },
        tokens.otherTeacher,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await createQuiz({ TRUE_FALSE: otherSchoolVersionId }))).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await createQuiz(versions, { closesAt: new Date(Date.now() - 1000).toISOString(), maxAttempts: 11 }),
      ),
    ).toEqual(['INVALID_DATE_RANGE', 'INVALID_INPUT']);
    // Students see the quiz but not its items (the answer keys).
    const id = (quiz.quiz as { id: string }).id;
    expect(
      (await run(`query ($id: ID!) { quiz(id: $id) { title } }`, { id }, { token: tokens.student })).data
        ?.quiz,
    ).toEqual({ title: 'Check-in' });
    expect(
      await errorCodesOf(`query ($id: ID!) { quiz(id: $id) { items { id } } }`, { id }, tokens.student),
    ).toEqual(['FORBIDDEN']);
    expect(
      await errorCodesOf(`query ($id: ID!) { quiz(id: $id) { title } }`, { id }, tokens.outsider),
    ).toEqual(['FORBIDDEN']);
    const listed = await run(
      `query ($id: ID!) { section(id: $id) { quizzes(first: 5) { totalCount edges { node { id } } } } }`,
      { id: sectionId },
      { token: tokens.student },
    );
    expect(listed.data?.section).toMatchObject({ quizzes: { totalCount: 1, edges: [{ node: { id } }] } });
  });

  it('runs attempts through the write buffer: auto-graded, hidden until released, essays graded by hand', async () => {
    const versions = await createBank();
    const made = await createQuiz(versions, { resultsRelease: 'MANUAL', maxAttempts: 1 });
    const quizId = (made.quiz as { id: string }).id;

    // Only enrolled students start; a reload resumes the same attempt in the same order.
    expect(
      await errorCodesOf(
        `mutation { startQuizAttempt(input: { quizId: "${quizId}" }) { attempt { id } userErrors { code } } }`,
        {},
        tokens.outsider,
      ),
    ).toEqual(['FORBIDDEN']);
    const started = await mutate('startQuizAttempt', { quizId }, `isResumed attempt { ${ATTEMPT} }`, {
      token: tokens.student,
    });
    expect(started.userErrors).toEqual([]);
    expect(started.isResumed).toBe(false);
    const attempt = started.attempt as Attempt & { id: string };
    expect(attempt).toMatchObject({
      status: 'IN_PROGRESS',
      areResultsVisible: false,
      score: null,
      maxScore: 16,
    });
    expect(attempt.questions.every((q) => q.correctAnswer === null && q.earnedPoints === null)).toBe(true);
    const again = await mutate('startQuizAttempt', { quizId }, `isResumed attempt { ${ATTEMPT} }`, {
      token: tokens.student,
    });
    expect(again.isResumed).toBe(true);
    expect(again.attempt).toEqual(attempt);

    const byType = new Map(attempt.questions.map((q) => [q.type, q]));
    const q = (type: string) => {
      const found = byType.get(type);
      if (!found) throw new Error(`no ${type} question`);
      return found;
    };
    const optionId = (type: string, text: string) => q(type).options.find((o) => o.text === text)?.id;
    const answers = [
      {
        quizItemId: q('SINGLE_CHOICE').quizItemId,
        response: { choiceIds: [optionId('SINGLE_CHOICE', '4')] },
      },
      // 2 right, 1 wrong of 2 correct: (2 − 1) / 2 of 2 points.
      {
        quizItemId: q('MULTIPLE_CHOICE').quizItemId,
        response: { choiceIds: q('MULTIPLE_CHOICE').options.map((o) => o.id) },
      },
      { quizItemId: q('TRUE_FALSE').quizItemId, response: { boolean: true } },
      { quizItemId: q('NUMERIC').quizItemId, response: { number: 3.141 } },
      { quizItemId: q('SHORT_ANSWER').quizItemId, response: { text: '  new delhi ' } },
      {
        quizItemId: q('MATCHING').quizItemId,
        response: { matches: q('MATCHING').matchLeft.map((left) => ({ leftId: left.id, rightId: left.id })) },
      },
      { quizItemId: q('ORDERING').quizItemId, response: { order: ['o2', 'o1', 'o3'] } },
      { quizItemId: q('ESSAY').quizItemId, response: { text: 'Because pizza.' } },
    ];
    const idempotencyId = randomUUID();
    const submitted = await mutate(
      'submitQuizAttempt',
      { quizAttemptId: attempt.id, idempotencyId, answers },
      `isDuplicate attempt { ${ATTEMPT} }`,
      {
        token: tokens.student,
      },
    );
    expect(submitted.userErrors).toEqual([]);
    expect(submitted.attempt).toMatchObject({
      status: 'SUBMITTED',
      isStored: false,
      score: null,
      areResultsVisible: false,
    });
    expect(
      (submitted.attempt as Attempt).questions.find((x) => x.type === 'SHORT_ANSWER')?.response,
    ).toMatchObject({ text: '  new delhi ' });

    // The teacher sees it while buffered, with its auto-graded score: 1 + 1 + 0 + 1 + 1 + 2 + 2 (ordering:
    // 2 of 3 pairs of 3 points) = 8, the essay awaiting a grade.
    const teacherView = await attemptAs(tokens.teacher, attempt.id);
    expect(teacherView).toMatchObject({
      isStored: false,
      score: 8,
      isFullyGraded: false,
      areResultsVisible: true,
    });
    const listed = await run(
      `query ($id: ID!) { quiz(id: $id) { attempts(first: 10) { totalCount edges { node { id isStored } } } } }`,
      { id: quizId },
      { token: tokens.teacher },
    );
    expect(listed.data?.quiz).toEqual({
      attempts: { totalCount: 1, edges: [{ node: { id: attempt.id, isStored: false } }] },
    });

    // Retries: the same id is the same submission; another id is refused; another student is refused.
    const retry = await mutate(
      'submitQuizAttempt',
      { quizAttemptId: attempt.id, idempotencyId, answers: [] },
      'isDuplicate attempt { id }',
      { token: tokens.student },
    );
    expect(retry).toMatchObject({ isDuplicate: true, attempt: { id: attempt.id }, userErrors: [] });
    const second = await mutate(
      'submitQuizAttempt',
      { quizAttemptId: attempt.id, idempotencyId: randomUUID(), answers: [] },
      'attempt { id }',
      { token: tokens.student },
    );
    expect(codes(second)).toEqual(['ALREADY_SUBMITTED']);
    expect(
      await errorCodesOf(
        `mutation { submitQuizAttempt(input: { quizAttemptId: "${attempt.id}", idempotencyId: "x1", answers: [] }) { attempt { id } userErrors { code } } }`,
        {},
        tokens.classmate,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      await errorCodesOf(
        `query ($id: ID!) { quizAttempt(id: $id) { id } }`,
        { id: attempt.id },
        tokens.classmate,
      ),
    ).toEqual(['FORBIDDEN']);

    // The essay cannot be graded before it is stored.
    const essay = {
      quizAttemptId: attempt.id,
      quizItemId: q('ESSAY').quizItemId,
      points: 4.5,
      feedback: 'Tasty, but why?',
    };
    expect(
      codes(await mutate('gradeQuizAnswer', essay, 'attempt { id }', { token: tokens.teacher })),
    ).toEqual(['NOT_YET_STORED']);

    flusher = stack.app.writeBuffer.createFlusher({
      consumer: `quizzes-${process.pid}`,
      kinds: [QUIZ_SUBMISSION_KIND],
    });
    flusher.start();
    let stored = teacherView;
    for (let tries = 0; tries < 200 && !stored.isStored; tries += 1) {
      await sleep(50);
      stored = await attemptAs(tokens.teacher, attempt.id);
    }
    expect(stored).toMatchObject({ isStored: true, score: 8 });
    expect(await stack.resources.db.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(8);

    // Essay grading: the wrong teacher, a non-essay, too many points; then the section's teacher.
    expect(
      await errorCodesOf(
        `mutation ($input: GradeQuizAnswerInput!) { gradeQuizAnswer(input: $input) { attempt { id } userErrors { code } } }`,
        { input: essay },
        tokens.otherTeacher,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await mutate('gradeQuizAnswer', { ...essay, quizItemId: q('NUMERIC').quizItemId }, 'attempt { id }', {
          token: tokens.teacher,
        }),
      ),
    ).toEqual(['WRONG_KIND']);
    expect(
      codes(
        await mutate('gradeQuizAnswer', { ...essay, points: 6 }, 'attempt { id }', { token: tokens.teacher }),
      ),
    ).toEqual(['INVALID_POINTS']);
    const graded = await mutate('gradeQuizAnswer', essay, 'attempt { score isFullyGraded }', {
      token: tokens.teacher,
    });
    expect(graded).toMatchObject({ userErrors: [], attempt: { score: 12.5, isFullyGraded: true } });

    // MANUAL release: nothing for the student or their guardian until the teacher releases.
    for (const token of [tokens.student, tokens.parent]) {
      expect(await attemptAs(token, attempt.id)).toMatchObject({ score: null, areResultsVisible: false });
    }
    expect(
      await errorCodesOf(
        `mutation { releaseQuizResults(input: { quizId: "${quizId}" }) { quiz { id } userErrors { code } } }`,
        {},
        tokens.student,
      ),
    ).toEqual(['FORBIDDEN']);
    const released = await mutate('releaseQuizResults', { quizId }, 'quiz { areResultsReleased }', {
      token: tokens.teacher,
    });
    expect(released).toMatchObject({ userErrors: [], quiz: { areResultsReleased: true } });
    const seen = await attemptAs(tokens.student, attempt.id);
    expect(seen).toMatchObject({ score: 12.5, isFullyGraded: true, areResultsVisible: true });
    const essayResult = seen.questions.find((x) => x.type === 'ESSAY');
    expect(essayResult).toMatchObject({ earnedPoints: 4.5, correctAnswer: null });
    expect(seen.questions.find((x) => x.type === 'TRUE_FALSE')).toMatchObject({
      earnedPoints: 0,
      correctAnswer: { boolean: false },
    });

    // One attempt allowed: no second one.
    expect(
      codes(await mutate('startQuizAttempt', { quizId }, 'attempt { id }', { token: tokens.student })),
    ).toEqual(['ATTEMPT_LIMIT_REACHED']);

    // Analytics over the one graded attempt.
    const analytics = await run(
      `query ($id: ID!) { quiz(id: $id) { analytics { attemptCount ungradedAttemptCount maxScore meanScore medianScore distribution { fromPercent count } items { quizItem { points questionVersion { type } } pValue discrimination } } } }`,
      { id: quizId },
      { token: tokens.teacher },
    );
    const stats = (
      analytics.data?.quiz as {
        analytics: {
          items: {
            quizItem: { questionVersion: { type: string } };
            pValue: number;
            discrimination: number | null;
          }[];
        } & Data;
      }
    ).analytics;
    expect(stats).toMatchObject({
      attemptCount: 1,
      ungradedAttemptCount: 0,
      maxScore: 16,
      meanScore: 12.5,
      medianScore: 12.5,
    });
    const pValues = Object.fromEntries(
      stats.items.map((item) => [item.quizItem.questionVersion.type, item.pValue]),
    );
    expect(pValues).toEqual({
      SINGLE_CHOICE: 1,
      MULTIPLE_CHOICE: 0.5,
      TRUE_FALSE: 0,
      NUMERIC: 1,
      SHORT_ANSWER: 1,
      MATCHING: 1,
      ORDERING: 0.6667,
      ESSAY: 0.9,
    });
    expect(stats.items.every((item) => item.discrimination === null)).toBe(true);
    expect(
      await errorCodesOf(
        `query ($id: ID!) { quiz(id: $id) { analytics { attemptCount } } }`,
        { id: quizId },
        tokens.student,
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('keeps past attempts on the version they used when a question is edited', async () => {
    const made = await mutate(
      'createQuestion',
      { draft: { type: 'TRUE_FALSE', prompt: 'Version one', trueFalseAnswer: true } },
      QUESTION,
      { token: tokens.teacher },
    );
    const question = made.question as { id: string; latestVersion: { id: string } };
    const quiz = await createQuiz({ TRUE_FALSE: question.latestVersion.id });
    const quizId = (quiz.quiz as { id: string }).id;
    const started = await mutate('startQuizAttempt', { quizId }, 'attempt { id questions { quizItemId } }', {
      token: tokens.classmate,
    });
    const attempt = started.attempt as { id: string; questions: { quizItemId: string }[] };
    await mutate(
      'reviseQuestion',
      {
        questionId: question.id,
        baseVersion: 1,
        draft: { type: 'TRUE_FALSE', prompt: 'Version two', trueFalseAnswer: false },
      },
      'question { id }',
      { token: tokens.teacher },
    );
    const submitted = await mutate(
      'submitQuizAttempt',
      {
        quizAttemptId: attempt.id,
        idempotencyId: randomUUID(),
        answers: [{ quizItemId: attempt.questions[0]?.quizItemId, response: { boolean: true } }],
      },
      `attempt { ${ATTEMPT} }`,
      { token: tokens.classmate },
    );
    // IMMEDIATELY: the student sees the result at once, graded against version one.
    expect(submitted.attempt).toMatchObject({
      score: 1,
      areResultsVisible: true,
      questions: [{ prompt: 'Version one', correctAnswer: { boolean: true } }],
    });
  });

  it('keeps a live leaderboard per quiz: best attempt, rebuilt when Redis lost it, hidden until release', async () => {
    const made = await mutate(
      'createQuestion',
      { draft: { type: 'NUMERIC', prompt: '6 × 7?', numericAnswer: 42 } },
      QUESTION,
      {
        token: tokens.teacher,
      },
    );
    const versionId = (made.question as { latestVersion: { id: string } }).latestVersion.id;
    const quiz = await createQuiz({ NUMERIC: versionId }, { maxAttempts: 2, resultsRelease: 'MANUAL' });
    const quizId = (quiz.quiz as { id: string }).id;
    const events: number[] = [];
    const stop = await stack.app.events.subscribe('quizLeaderboardChanged', school.schoolId, (event) => {
      if (event.payload.quizId === quizId) events.push(event.payload.version);
    });
    const take = async (token: string, answer: number) => {
      const started = await mutate(
        'startQuizAttempt',
        { quizId },
        'attempt { id questions { quizItemId } }',
        { token },
      );
      const attempt = started.attempt as { id: string; questions: { quizItemId: string }[] };
      const submitted = await mutate(
        'submitQuizAttempt',
        {
          quizAttemptId: attempt.id,
          idempotencyId: randomUUID(),
          answers: [{ quizItemId: attempt.questions[0]?.quizItemId, response: { number: answer } }],
        },
        'attempt { id }',
        { token },
      );
      expect(submitted.userErrors).toEqual([]);
    };
    const board = `query ($quizId: ID!) { quizLeaderboard(quizId: $quizId) { version totalCount entries { rank score nameTag { id } } } }`;
    await take(tokens.student, 41);
    await take(tokens.classmate, 42);
    // The student's second attempt is better; the board keeps the best one.
    await take(tokens.student, 42);
    const first = (await run(board, { quizId }, { token: tokens.teacher })).data?.quizLeaderboard as {
      version: string;
      totalCount: number;
      entries: { rank: number; score: number; nameTag: { id: string } }[];
    };
    expect(first.totalCount).toBe(2);
    expect(first.entries.map((entry) => [entry.rank, entry.score])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // Lost from Redis: rebuilt from PostgreSQL and the buffer, with a higher version.
    const setKey = tenantKey(school.schoolId, 'leaderboard', `quiz:${quizId}`);
    expect(await stack.app.redis.zcard(setKey)).toBe(3); // two students and the "built" marker
    await stack.app.redis.del(setKey);
    const rebuilt = (await run(board, { quizId }, { token: tokens.teacher })).data
      ?.quizLeaderboard as typeof first;
    expect(rebuilt.entries).toEqual(first.entries);
    expect(await stack.app.redis.zcard(setKey)).toBe(3);
    expect(BigInt(rebuilt.version)).toBeGreaterThanOrEqual(BigInt(first.version));
    // Students only once results are released; guardians never.
    expect(await errorCodesOf(board, { quizId }, tokens.student)).toEqual(['FORBIDDEN']);
    expect(await errorCodesOf(board, { quizId }, tokens.parent)).toEqual(['FORBIDDEN']);
    await mutate('releaseQuizResults', { quizId }, 'quiz { id }', { token: tokens.teacher });
    expect((await run(board, { quizId }, { token: tokens.student })).data?.quizLeaderboard).toMatchObject({
      totalCount: 2,
    });
    expect(await errorCodesOf(board, { quizId }, tokens.outsider)).toEqual(['FORBIDDEN']);
    expect((await run(board, { quizId }, { schoolId: other.schoolId })).data?.quizLeaderboard).toBeNull();
    for (let tries = 0; tries < 100 && events.length < 3; tries += 1) await sleep(20);
    expect(events.length).toBe(3);
    expect([...events].sort((a, b) => a - b)).toEqual(events);
    stop();
  });

  it('refuses answers after the deadline and starts outside the window', async () => {
    const made = await mutate(
      'createQuestion',
      { draft: { type: 'TRUE_FALSE', prompt: 'Quick?', trueFalseAnswer: true } },
      QUESTION,
      { token: tokens.teacher },
    );
    const versionId = (made.question as { latestVersion: { id: string } }).latestVersion.id;
    const timed = await createQuiz({ TRUE_FALSE: versionId }, { timeLimitSeconds: 60, maxAttempts: 2 });
    const quizId = (timed.quiz as { id: string }).id;
    const started = await mutate('startQuizAttempt', { quizId }, 'attempt { id deadlineAt }', {
      token: tokens.student,
    });
    const attempt = started.attempt as { id: string; deadlineAt: string };
    expect(new Date(attempt.deadlineAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    // The clock moves on: the deadline (plus its grace) is behind us.
    await stack.resources.db.quizAttempt.update({
      where: { id: attempt.id },
      data: { deadlineAt: new Date(Date.now() - 31_000) },
    });
    const late = await mutate(
      'submitQuizAttempt',
      { quizAttemptId: attempt.id, idempotencyId: randomUUID(), answers: [] },
      'attempt { id }',
      { token: tokens.student },
    );
    expect(codes(late)).toEqual(['TIME_LIMIT_EXCEEDED']);
    expect((await attemptAs(tokens.student, attempt.id)).status).toBe('EXPIRED');
    // The expired attempt counts: a second one starts (the limit is 2), a third does not.
    const next = await mutate('startQuizAttempt', { quizId }, 'isResumed attempt { number }', {
      token: tokens.student,
    });
    expect(next).toMatchObject({ isResumed: false, attempt: { number: 2 } });

    const later = await createQuiz(
      { TRUE_FALSE: versionId },
      {
        opensAt: new Date(Date.now() + 3_600_000).toISOString(),
        closesAt: new Date(Date.now() + 7_200_000).toISOString(),
      },
    );
    const laterId = (later.quiz as { id: string }).id;
    expect(
      codes(
        await mutate('startQuizAttempt', { quizId: laterId }, 'attempt { id }', { token: tokens.student }),
      ),
    ).toEqual(['QUIZ_NOT_OPEN']);
    // Another school's student cannot even find it.
    const foreign = await run(
      `query ($id: ID!) { quiz(id: $id) { id } }`,
      { id: laterId },
      { schoolId: other.schoolId },
    );
    expect(foreign.data?.quiz).toBeNull();
  });
});
