// Attendance (issue 5, point 3) against the real PostgreSQL and Redis: codes per school (defaults on
// first use), a whole section marked in one buffered, idempotent mutation, per-period marking by the
// lesson's teacher or substitute, corrections with their history, summaries by ownership, and the
// `studentAbsent` event.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, EventPayload } from '@schools24/events';
import { createTestSchool, startSubgraphStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import type { TestSchool } from './fixtures.js';

// The buffer gets a Redis database of its own, so no other test file's flusher stores these
// markings before this file looks at them buffered.
const BUFFER_REDIS_URL = 'redis://127.0.0.1:6379/9';
const MONDAY = '2026-06-01';
const NEXT_MONDAY = '2026-06-08';

interface UserError {
  field: string[] | null;
  code: string;
  message: string;
}
type Payload = Record<string, unknown> & { userErrors: UserError[] };
interface Mark {
  id: string;
  status: string;
  student: { id: string };
  code: { code: string };
  corrections: {
    from: { code: string } | null;
    to: { code: string };
    reason: string;
    correctedByUserId: string;
  }[];
}
interface Session {
  marks: Mark[];
  unmarked: { id: string }[];
}

const SESSION = `session { marks { id status student { id } code { code } corrections { from { code } to { code } reason correctedByUserId } } unmarked { id } }`;

describe('academics attendance', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let roster: string[];
  let outsider: string;
  let lessonTeacher: { id: string; userId: string };
  let substitute: { id: string; userId: string };
  const events: (EventEnvelope<'studentAbsent'> & { payload: EventPayload<'studentAbsent'> })[] = [];
  let unsubscribe: () => void = () => undefined;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph, { REDIS_BUFFER_URL: BUFFER_REDIS_URL });
    school = await createTestSchool(stack.resources.db, { students: 40, teachers: 8 });
    const db = stack.resources.db;
    const { schoolId } = school;
    // Grow the sample section to five students (before any request caches it).
    const movers = await db.enrolment.findMany({
      where: { schoolId, sectionId: { not: school.sample.sectionId }, status: 'ACTIVE' },
      select: { id: true, studentId: true },
      orderBy: { id: 'asc' },
      take: 5,
    });
    for (const [index, mover] of movers.slice(0, 4).entries())
      await db.enrolment.update({
        where: { id: mover.id },
        data: { sectionId: school.sample.sectionId, rollNumber: 50 + index },
      });
    roster = [school.sample.studentId, ...movers.slice(0, 4).map((mover) => mover.studentId)];
    outsider = movers[4]?.studentId ?? '';
    const teachers = await db.teacher.findMany({
      where: { schoolId, id: { not: school.sample.teacherId }, userId: { not: null } },
      select: { id: true, userId: true },
      orderBy: { id: 'asc' },
    });
    // Teachers with no role in the sample section, for the per-period rules.
    const assigned = new Set(
      (
        await db.teachingAssignment.findMany({
          where: { sectionId: school.sample.sectionId },
          select: { teacherId: true },
        })
      ).map((row) => row.teacherId),
    );
    const free = teachers.filter((teacher) => !assigned.has(teacher.id));
    const [first, second] = free;
    if (!first?.userId || !second?.userId) throw new Error('the seed made too few teachers with logins');
    lessonTeacher = { id: first.id, userId: first.userId };
    substitute = { id: second.id, userId: second.userId };
    unsubscribe = await stack.app.events.subscribe(
      'studentAbsent',
      schoolId,
      (event) => void events.push(event),
    );
  });
  afterAll(async () => {
    unsubscribe();
    await school?.remove();
    await stack?.stop();
  });

  const loginToken = (role: string) => {
    const login = school.logins.find((candidate) => candidate.role === role);
    if (!login) throw new Error(`no ${role} login`);
    return tokenForUser(stack.resources, school.schoolId, login.userId);
  };
  const userToken = (userId: string) => tokenForUser(stack.resources, school.schoolId, userId);

  async function run(
    name: string,
    inputType: string,
    input: Record<string, unknown>,
    result: string,
    token?: string,
  ) {
    const { body } = await stack.graphql<Record<string, Payload>>(
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${result} userErrors { field code message } } }`,
      { input },
      { schoolId: school.schoolId, ...(token ? { token } : {}) },
    );
    return body;
  }
  async function mark(input: Record<string, unknown>, token?: string) {
    const body = await run('markAttendance', 'MarkAttendanceInput', input, `isDuplicate ${SESSION}`, token);
    return body;
  }
  const payloadOf = (body: { data?: Record<string, Payload> | null }, name: string) =>
    body.data?.[name] as Payload;
  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);
  const flushOnce = async () => {
    const flusher = stack.app.writeBuffer.createFlusher({ consumer: `attendance-test-${randomUUID()}` });
    flusher.start();
    const deadline = Date.now() + 10_000;
    while (
      (await stack.resources.db.attendanceMark.count({ where: { schoolId: school.schoolId } })) === 0 &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    // Let it drain the rest of the stream too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flusher.stop({ timeoutMs: 10_000 });
  };
  const daily = (codesByIndex: string[]) =>
    roster
      .slice(0, codesByIndex.length)
      .map((studentId, index) => ({ studentId, code: codesByIndex[index] }));

  it('gives a school the default codes on first use, and lets admins add their own', async () => {
    const { body } = await stack.graphql<{ attendanceCodes: { code: string; countsAsPresent: boolean }[] }>(
      `{ attendanceCodes { code name countsAsPresent } }`,
      {},
      { schoolId: school.schoolId, token: await loginToken('STUDENT') },
    );
    expect(body.data?.attendanceCodes.map((code) => [code.code, code.countsAsPresent])).toEqual([
      ['P', true],
      ['A', false],
      ['L', true],
      ['E', false],
      ['M', false],
    ]);
    const made = payloadOf(
      await run(
        'createAttendanceCode',
        'CreateAttendanceCodeInput',
        { code: 'od', name: 'On duty', countsAsPresent: true },
        'attendanceCode { code }',
      ),
      'createAttendanceCode',
    );
    expect(made).toMatchObject({ attendanceCode: { code: 'OD' }, userErrors: [] });
    const again = payloadOf(
      await run(
        'createAttendanceCode',
        'CreateAttendanceCodeInput',
        { code: 'OD', name: 'Again', countsAsPresent: true },
        'attendanceCode { code }',
      ),
      'createAttendanceCode',
    );
    expect(codes(again)).toEqual(['NAME_TAKEN']);
    const byTeacher = await run(
      'createAttendanceCode',
      'CreateAttendanceCodeInput',
      { code: 'X', name: 'Nope', countsAsPresent: true },
      'attendanceCode { code }',
      await loginToken('TEACHER'),
    );
    expect(byTeacher.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  const idempotencyId = randomUUID();

  it('lets the class teacher mark the whole section in one buffered, idempotent mutation', async () => {
    const teacher = await loginToken('TEACHER');
    const input = {
      sectionId: school.sample.sectionId,
      date: MONDAY,
      idempotencyId,
      marks: daily(['P', 'A', 'L', 'M']),
    };
    const bad = payloadOf(
      await mark(
        {
          ...input,
          marks: [...input.marks, { studentId: outsider, code: 'P' }, { studentId: roster[4], code: 'Z' }],
        },
        teacher,
      ),
      'markAttendance',
    );
    expect(codes(bad)).toEqual(['NOT_ENROLLED', 'INVALID_INPUT']);
    expect(bad.userErrors[0]?.field).toEqual(['input', 'marks', '4', 'studentId']);

    const first = await mark(input, teacher);
    expect(first.errors).toBeUndefined();
    const payload = payloadOf(first, 'markAttendance');
    expect(payload.userErrors).toEqual([]);
    expect(payload.isDuplicate).toBe(false);
    const session = payload.session as Session;
    expect(session.marks).toHaveLength(4);
    expect(new Set(session.marks.map((one) => one.status))).toEqual(new Set(['BUFFERED']));
    expect(session.unmarked.map((student) => student.id)).toEqual([roster[4]]);

    // A retry is the same marking; another marking of the session is refused.
    const retry = payloadOf(await mark(input, teacher), 'markAttendance');
    expect(retry).toMatchObject({ isDuplicate: true, userErrors: [] });
    expect((retry.session as Session).marks.map((one) => one.id).sort()).toEqual(
      session.marks.map((one) => one.id).sort(),
    );
    const second = payloadOf(
      await mark({ ...input, idempotencyId: randomUUID() }, teacher),
      'markAttendance',
    );
    expect(codes(second)).toEqual(['ALREADY_MARKED']);

    // studentAbsent for the absent and the medical mark: keys only.
    const deadline = Date.now() + 2000;
    while (events.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      events
        .map((event) => event.payload)
        .sort((a, b) => String(a.studentId).localeCompare(String(b.studentId))),
    ).toEqual(
      [roster[1], roster[3]].sort().map((studentId) => ({
        studentId,
        sectionId: school.sample.sectionId,
        date: MONDAY,
        periodNumber: null,
      })),
    );

    // Corrections wait for the marking to be stored.
    const early = payloadOf(
      await run(
        'correctAttendance',
        'CorrectAttendanceInput',
        {
          sectionId: school.sample.sectionId,
          studentId: roster[1],
          date: MONDAY,
          code: 'E',
          reason: 'Note from home',
        },
        'mark { id }',
        teacher,
      ),
      'correctAttendance',
    );
    expect(codes(early)).toEqual(['NOT_YET_STORED']);

    await flushOnce();
    expect(await stack.resources.db.attendanceMark.count({ where: { schoolId: school.schoolId } })).toBe(4);
    const stored = payloadOf(await mark(input, teacher), 'markAttendance');
    expect(stored.isDuplicate).toBe(true);
    expect(new Set((stored.session as Session).marks.map((one) => one.status))).toEqual(new Set(['STORED']));
    expect(
      codes(payloadOf(await mark({ ...input, idempotencyId: randomUUID() }, teacher), 'markAttendance')),
    ).toEqual(['ALREADY_MARKED']);
  });

  it('refuses marking by anyone who does not teach the section', async () => {
    const input = {
      sectionId: school.sample.sectionId,
      date: NEXT_MONDAY,
      idempotencyId: randomUUID(),
      marks: daily(['P']),
    };
    const byOther = await mark(input, await userToken(lessonTeacher.userId));
    expect(byOther.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    for (const role of ['STUDENT', 'GUARDIAN', 'ACCOUNTANT']) {
      const refused = await mark(input, await loginToken(role));
      expect(
        refused.errors?.map((error) => error.extensions?.code),
        role,
      ).toEqual(['FORBIDDEN']);
    }
    expect(
      await stack.resources.db.attendanceMark.count({
        where: { schoolId: school.schoolId, date: new Date(`${NEXT_MONDAY}T00:00:00Z`) },
      }),
    ).toBe(0);
  });

  it("lets a period be marked by that day's teacher of the lesson: its own, or its substitute", async () => {
    const admin = async (name: string, inputType: string, input: Record<string, unknown>, result: string) => {
      const payload = payloadOf(await run(name, inputType, input, result), name);
      expect(payload.userErrors, name).toEqual([]);
      return payload;
    };
    await admin(
      'setBellSchedule',
      'SetBellScheduleInput',
      {
        weekday: 0,
        periods: [
          { number: 1, startsAt: '08:00', endsAt: '08:45' },
          { number: 2, startsAt: '09:00', endsAt: '09:45' },
        ],
      },
      'periods { id }',
    );
    const subject = await stack.resources.db.subject.findFirstOrThrow({
      where: { schoolId: school.schoolId },
    });
    const entry = await admin(
      'createTimetableEntry',
      'CreateTimetableEntryInput',
      {
        sectionId: school.sample.sectionId,
        weekday: 1,
        periodNumber: 1,
        subjectId: subject.id,
        teacherId: lessonTeacher.id,
      },
      'entry { id }',
    );
    await admin(
      'createSubstitution',
      'CreateSubstitutionInput',
      { entryId: (entry.entry as { id: string }).id, date: NEXT_MONDAY, substituteTeacherId: substitute.id },
      'substitution { id }',
    );
    const period = (date: string) => ({
      sectionId: school.sample.sectionId,
      date,
      periodNumber: 1,
      idempotencyId: randomUUID(),
      marks: daily(['P', 'P', 'A']),
    });
    const own = await mark(period(MONDAY), await userToken(lessonTeacher.userId));
    expect(payloadOf(own, 'markAttendance').userErrors).toEqual([]);
    // Substituted the next Monday: the substitute marks, the lesson's own teacher may not.
    const refused = await mark(period(NEXT_MONDAY), await userToken(lessonTeacher.userId));
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const bySubstitute = await mark(period(NEXT_MONDAY), await userToken(substitute.userId));
    expect(payloadOf(bySubstitute, 'markAttendance').userErrors).toEqual([]);
    // No lesson in period 2: nothing to mark (the class teacher may mark periods, but not this one).
    const none = await mark({ ...period(MONDAY), periodNumber: 2 }, await loginToken('TEACHER'));
    expect(codes(payloadOf(none, 'markAttendance'))).toEqual(['NOT_FOUND']);
    // Per-period absences carry the period.
    const deadline = Date.now() + 2000;
    while (events.filter((event) => event.payload.periodNumber === 1).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      events
        .filter((event) => event.payload.periodNumber === 1)
        .map((event) => event.payload.date)
        .sort(),
    ).toEqual([MONDAY, NEXT_MONDAY]);
    await flushOnce();
  });

  it('corrects a stored mark, keeping who changed what, when and why', async () => {
    const teacher = await loginToken('TEACHER');
    const correct = (input: Record<string, unknown>, token = teacher) =>
      run(
        'correctAttendance',
        'CorrectAttendanceInput',
        { sectionId: school.sample.sectionId, date: MONDAY, ...input },
        'mark { id status code { code } corrections { from { code } to { code } reason correctedByUserId } }',
        token,
      );
    const changed = payloadOf(
      await correct({ studentId: roster[1], code: 'E', reason: 'Note from home' }),
      'correctAttendance',
    );
    expect(changed.userErrors).toEqual([]);
    const teacherLogin = school.logins.find((login) => login.role === 'TEACHER');
    expect(changed.mark).toMatchObject({
      status: 'STORED',
      code: { code: 'E' },
      corrections: [
        {
          from: { code: 'A' },
          to: { code: 'E' },
          reason: 'Note from home',
          correctedByUserId: teacherLogin?.userId,
        },
      ],
    });
    // The student the marking left out gets a mark, recorded as a correction from nothing.
    const added = payloadOf(
      await correct({ studentId: roster[4], code: 'L', reason: 'Arrived after the roll call' }),
      'correctAttendance',
    );
    expect((added.mark as Mark).corrections).toEqual([
      {
        from: null,
        to: { code: 'L' },
        reason: 'Arrived after the roll call',
        correctedByUserId: teacherLogin?.userId,
      },
    ]);
    expect(
      codes(payloadOf(await correct({ studentId: outsider, code: 'P', reason: 'x' }), 'correctAttendance')),
    ).toEqual(['NOT_ENROLLED']);
    expect(
      codes(payloadOf(await correct({ studentId: roster[1], code: 'P', reason: '  ' }), 'correctAttendance')),
    ).toEqual(['INVALID_INPUT']);
    const byOther = await correct(
      { studentId: roster[1], code: 'P', reason: 'x' },
      await userToken(lessonTeacher.userId),
    );
    expect(byOther.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(
      await stack.resources.db.attendanceCorrection.count({ where: { schoolId: school.schoolId } }),
    ).toBe(2);
  });

  type Summary = {
    sessions: number;
    present: number;
    rate: number | null;
    byCode: { code: { code: string }; count: number }[];
  };
  const STUDENT_SUMMARY = `query ($studentId: ID!, $daily: Boolean) { studentAttendance(studentId: $studentId, from: "2026-06-01", to: "2026-06-30", daily: $daily) { student { id } summary { sessions present rate byCode { code { code } count } } } }`;

  it('summarises a student by ownership and a section for its teachers', async () => {
    const read = async (token: string, studentId: string, isDaily = true) =>
      (
        await stack.graphql<{ studentAttendance: { summary: Summary } | null }>(
          STUDENT_SUMMARY,
          { studentId, daily: isDaily },
          { schoolId: school.schoolId, token },
        )
      ).body;
    const asStudent = await loginToken('STUDENT');
    const own = await read(asStudent, school.sample.studentId);
    expect(own.data?.studentAttendance?.summary).toMatchObject({ sessions: 1, present: 1, rate: 1 });
    const perPeriod = await read(asStudent, school.sample.studentId, false);
    expect(perPeriod.data?.studentAttendance?.summary).toMatchObject({ sessions: 2, present: 2 });
    const classmate = await read(asStudent, roster[1] ?? '');
    expect(classmate.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const byGuardian = await read(await loginToken('GUARDIAN'), school.sample.studentId);
    expect(byGuardian.data?.studentAttendance?.summary.sessions).toBe(1);
    expect(
      (await read(await loginToken('GUARDIAN'), outsider)).errors?.map((error) => error.extensions?.code),
    ).toEqual(['FORBIDDEN']);
    // The excused student: not present after the correction.
    const excused = await read(await loginToken('TEACHER'), roster[1] ?? '');
    expect(excused.data?.studentAttendance?.summary).toMatchObject({
      sessions: 1,
      present: 0,
      rate: 0,
      byCode: [{ code: { code: 'E' }, count: 1 }],
    });

    const SECTION = `query ($sectionId: ID!) { sectionAttendance(sectionId: $sectionId, from: "2026-06-01", to: "2026-06-30") { summary { sessions present rate } students { student { id } summary { sessions present } } } }`;
    const section = await stack.graphql<{
      sectionAttendance: { summary: Summary; students: { student: { id: string }; summary: Summary }[] };
    }>(
      SECTION,
      { sectionId: school.sample.sectionId },
      { schoolId: school.schoolId, token: await loginToken('TEACHER') },
    );
    expect(section.body.errors).toBeUndefined();
    // Monday: P, E (corrected), L, M and the added L: 3 of 5 present.
    expect(section.body.data?.sectionAttendance.summary).toEqual({ sessions: 5, present: 3, rate: 0.6 });
    expect(section.body.data?.sectionAttendance.students).toHaveLength(5);
    const refused = await stack.graphql(
      SECTION,
      { sectionId: school.sample.sectionId },
      { schoolId: school.schoolId, token: await userToken(lessonTeacher.userId) },
    );
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('keeps the correction history append-only for the app role', async () => {
    const [row] = await stack.resources.db.attendanceCorrection.findMany({
      where: { schoolId: school.schoolId },
      take: 1,
    });
    if (!row) throw new Error('no correction to try');
    await expect(
      stack.app.db.$executeRawUnsafe(
        `UPDATE "AttendanceCorrection" SET "reason" = 'changed' WHERE "id" = '${row.id}'`,
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
