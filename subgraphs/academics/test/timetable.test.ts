// The timetable (issue 5, point 2) against the real PostgreSQL and Redis: bell schedules, rooms,
// weekly entries with clash detection, substitutions, and the day and week views, with who may do
// and see what. Reads go through warmed caches after each write, so a missed invalidation fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearTenantCache,
  createTestSchool,
  startSubgraphStack,
  tokenForUser,
  type TestEndpoint,
} from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import type { TestSchool } from './fixtures.js';

interface UserError {
  field: string[] | null;
  code: string;
  message: string;
}
type Payload = Record<string, unknown> & { userErrors: UserError[] };

/** Mondays and a Tuesday of the seeded 2026-27 year (its first term runs April to September). */
const MONDAY = '2026-06-01';
const NEXT_MONDAY = '2026-06-08';
const TUESDAY = '2026-06-02';

const DAY_SELECTION = `date lessons { kind period { number startsAt endsAt } teacher { id }
  substitution { id date reason } entry { id weekday periodNumber section { id displayName } subject { id code } room { id name } term { id } } }`;

describe('academics timetable', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let teachers: string[];
  let sections: { id: string; gradeId: string }[];
  let subjects: string[];
  let terms: { id: string }[];

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 24, teachers: 8 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 3 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    const teacherRows = await db.teacher.findMany({
      where: { schoolId },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    // The sample teacher (who has a login) first.
    teachers = [
      school.sample.teacherId,
      ...teacherRows.map((row) => row.id).filter((id) => id !== school.sample.teacherId),
    ];
    const sectionRows = await db.section.findMany({
      where: { schoolId, academicYearId: school.academicYearId, id: { not: school.sample.sectionId } },
      select: { id: true, gradeId: true },
      orderBy: { id: 'asc' },
    });
    const sample = await db.section.findUniqueOrThrow({
      where: { id: school.sample.sectionId },
      select: { id: true, gradeId: true },
    });
    sections = [sample, ...sectionRows];
    subjects = (
      await db.subject.findMany({ where: { schoolId }, select: { id: true }, orderBy: { code: 'asc' } })
    ).map((row) => row.id);
    terms = await db.term.findMany({
      where: { schoolId, academicYearId: school.academicYearId, kind: 'TERM' },
      select: { id: true },
      orderBy: { startsOn: 'asc' },
    });
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const token = (role: string, of: TestSchool = school) => {
    const login = of.logins.find((candidate) => candidate.role === role);
    if (!login) throw new Error(`no ${role} login`);
    return tokenForUser(stack.resources, of.schoolId, login.userId);
  };

  async function mutate(
    name: string,
    inputType: string,
    input: Record<string, unknown>,
    result: string,
  ): Promise<Payload> {
    const { body } = await stack.graphql<Record<string, Payload>>(
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${result} userErrors { field code message } } }`,
      { input },
      { schoolId: school.schoolId },
    );
    expect(body.errors, name).toBeUndefined();
    return body.data?.[name] as Payload;
  }

  const setBells = (
    weekday: number,
    periods: { number: number; startsAt: string; endsAt: string; name?: string }[],
  ) =>
    mutate(
      'setBellSchedule',
      'SetBellScheduleInput',
      { weekday, periods },
      'periods { id weekday number startsAt endsAt }',
    );
  const addEntry = (input: Record<string, unknown>) =>
    mutate('createTimetableEntry', 'CreateTimetableEntryInput', input, 'entry { id weekday periodNumber }');
  const substitute = (input: Record<string, unknown>) =>
    mutate(
      'createSubstitution',
      'CreateSubstitutionInput',
      input,
      'substitution { id date substitute { id } }',
    );
  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);

  async function read<T>(
    document: string,
    variables: Record<string, unknown>,
    options: { token?: string } = {},
  ) {
    const { body } = await stack.graphql<T>(document, variables, { schoolId: school.schoolId, ...options });
    return body;
  }

  let lab: string;
  const entryIds: Record<string, string> = {};

  it('sets the bell schedule per day, with a weekday of its own, and refuses bad periods', async () => {
    const week = await setBells(0, [
      { number: 1, startsAt: '08:00', endsAt: '08:45' },
      { number: 2, startsAt: '08:50', endsAt: '09:35' },
      { number: 3, startsAt: '09:40', endsAt: '10:25', name: 'After assembly' },
    ]);
    expect(week.userErrors).toEqual([]);
    expect(week.periods).toHaveLength(3);
    // Warm the cache, then change: the read must show the change.
    const schedule = `{ bellSchedule { weekday number startsAt endsAt name } }`;
    expect((await read<{ bellSchedule: unknown[] }>(schedule, {})).data?.bellSchedule).toHaveLength(3);
    const saturday = await setBells(6, [{ number: 1, startsAt: '09:00', endsAt: '10:00' }]);
    expect(saturday.userErrors).toEqual([]);
    const after = (await read<{ bellSchedule: { weekday: number; startsAt: string }[] }>(schedule, {})).data
      ?.bellSchedule;
    expect(after?.map((period) => [period.weekday, period.startsAt])).toEqual([
      [0, '08:00'],
      [0, '08:50'],
      [0, '09:40'],
      [6, '09:00'],
    ]);

    expect(codes(await setBells(1, [{ number: 1, startsAt: '8:00', endsAt: '09:00' }]))).toEqual([
      'INVALID_INPUT',
    ]);
    expect(codes(await setBells(1, [{ number: 1, startsAt: '09:00', endsAt: '08:00' }]))).toEqual([
      'INVALID_INPUT',
    ]);
    const overlapping = await setBells(1, [
      { number: 1, startsAt: '08:00', endsAt: '09:00' },
      { number: 2, startsAt: '08:30', endsAt: '09:30' },
    ]);
    expect(overlapping.userErrors[0]).toMatchObject({
      code: 'OVERLAPPING_DATES',
      message: 'Periods 1 and 2 overlap.',
    });
    expect(codes(await setBells(8, [{ number: 1, startsAt: '08:00', endsAt: '09:00' }]))).toEqual([
      'INVALID_INPUT',
    ]);
    expect(codes(await setBells(0, []))).toEqual(['INVALID_INPUT']);
  });

  it('adds rooms with unique names, as a connection', async () => {
    const made = await mutate(
      'createRoom',
      'CreateRoomInput',
      { name: 'Lab 1', capacity: 30 },
      'room { id name capacity }',
    );
    expect(made.userErrors).toEqual([]);
    lab = (made.room as { id: string }).id;
    await mutate('createRoom', 'CreateRoomInput', { name: 'Hall' }, 'room { id }');
    expect(codes(await mutate('createRoom', 'CreateRoomInput', { name: ' Lab 1 ' }, 'room { id }'))).toEqual([
      'NAME_TAKEN',
    ]);
    const page = await read<{
      rooms: { totalCount: number; edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(`{ rooms(first: 1) { totalCount edges { node { name } } pageInfo { hasNextPage } } }`, {});
    expect(page.data?.rooms).toMatchObject({
      totalCount: 2,
      edges: [{ node: { name: 'Hall' } }],
      pageInfo: { hasNextPage: true },
    });
  });

  it('adds lessons and refuses a section, teacher or room booked twice, naming the clash', async () => {
    const [s1, s2, s3] = sections;
    const [t1, t2, t3] = teachers;
    const [math, science] = subjects;
    const base = { weekday: 1, periodNumber: 1 };
    const first = await addEntry({ ...base, sectionId: s1?.id, subjectId: math, teacherId: t1, roomId: lab });
    expect(first.userErrors).toEqual([]);
    entryIds.mondayFirst = (first.entry as { id: string }).id;

    const sectionClash = await addEntry({ ...base, sectionId: s1?.id, subjectId: science, teacherId: t2 });
    expect(sectionClash.userErrors).toHaveLength(1);
    expect(sectionClash.userErrors[0]).toMatchObject({
      code: 'TIMETABLE_CLASH',
      field: ['input', 'sectionId'],
    });
    expect(sectionClash.userErrors[0]?.message).toMatch(
      /^The section already has \S+ .+ on Monday, period 1\.$/,
    );

    const teacherClash = await addEntry({ ...base, sectionId: s2?.id, subjectId: science, teacherId: t1 });
    expect(teacherClash.userErrors.map((error) => [error.code, error.field])).toEqual([
      ['TIMETABLE_CLASH', ['input', 'teacherId']],
    ]);
    expect(teacherClash.userErrors[0]?.message).toMatch(
      /^The teacher already teaches .+ on Monday, period 1\.$/,
    );

    const roomClash = await addEntry({
      ...base,
      sectionId: s2?.id,
      subjectId: science,
      teacherId: t2,
      roomId: lab,
    });
    expect(roomClash.userErrors[0]).toMatchObject({ code: 'TIMETABLE_CLASH', field: ['input', 'roomId'] });
    expect(roomClash.userErrors[0]?.message).toMatch(
      /^The room Lab 1 is already booked for .+ on Monday, period 1\.$/,
    );

    // Another period, another weekday, or another teacher and room: no clash.
    for (const [key, input] of Object.entries({
      mondaySecond: { weekday: 1, periodNumber: 2, sectionId: s1?.id, subjectId: science, teacherId: t1 },
      mondayOther: { ...base, sectionId: s2?.id, subjectId: science, teacherId: t2 },
      mondayThird: { weekday: 1, periodNumber: 3, sectionId: s2?.id, subjectId: math, teacherId: t3 },
      tuesday: {
        weekday: 2,
        periodNumber: 1,
        sectionId: s1?.id,
        subjectId: math,
        teacherId: t1,
        roomId: lab,
      },
    })) {
      const made = await addEntry(input);
      expect(made.userErrors, key).toEqual([]);
      entryIds[key] = (made.entry as { id: string }).id;
    }

    // Term-scoped lessons: two terms never meet; a term's lesson meets a whole-year one.
    const [term1, term2] = terms;
    if (!term1 || !term2) throw new Error('the seed made fewer than two terms');
    const inTerm1 = await addEntry({
      weekday: 3,
      periodNumber: 1,
      termId: term1.id,
      sectionId: s3?.id,
      subjectId: math,
      teacherId: t3,
    });
    expect(inTerm1.userErrors).toEqual([]);
    const inTerm2 = await addEntry({
      weekday: 3,
      periodNumber: 1,
      termId: term2.id,
      sectionId: s3?.id,
      subjectId: science,
      teacherId: t3,
    });
    expect(inTerm2.userErrors).toEqual([]);
    const wholeYear = await addEntry({
      weekday: 3,
      periodNumber: 1,
      sectionId: s3?.id,
      subjectId: math,
      teacherId: t2,
    });
    expect(codes(wholeYear)).toEqual(['TIMETABLE_CLASH', 'TIMETABLE_CLASH']);

    // The period must exist that weekday: Saturday has only period 1.
    expect(
      codes(
        await addEntry({ weekday: 6, periodNumber: 2, sectionId: s1?.id, subjectId: math, teacherId: t1 }),
      ),
    ).toEqual(['NOT_FOUND']);
    const otherTeacher = await stack.resources.db.teacher.findFirstOrThrow({
      where: { schoolId: other.schoolId },
    });
    expect(
      codes(
        await addEntry({
          weekday: 4,
          periodNumber: 1,
          sectionId: s1?.id,
          subjectId: math,
          teacherId: otherTeacher.id,
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    const gradingPeriod = await stack.resources.db.term.findFirstOrThrow({
      where: { schoolId: school.schoolId, kind: 'GRADING_PERIOD' },
    });
    expect(
      codes(
        await addEntry({
          weekday: 4,
          periodNumber: 1,
          termId: gradingPeriod.id,
          sectionId: s1?.id,
          subjectId: math,
          teacherId: t1,
        }),
      ),
    ).toEqual(['WRONG_KIND']);
  });

  it('refuses two racing lessons for the same teacher and period: exactly one is stored', async () => {
    const [, , , s4, s5] = sections;
    const [, , , t4] = teachers;
    const results = await Promise.all(
      [s4, s5].map((section) =>
        addEntry({
          weekday: 5,
          periodNumber: 2,
          sectionId: section?.id,
          subjectId: subjects[0],
          teacherId: t4,
        }),
      ),
    );
    expect(results.map(codes).sort()).toEqual([[], ['TIMETABLE_CLASH']]);
    expect(
      await stack.resources.db.timetableEntry.count({
        where: { schoolId: school.schoolId, teacherId: t4, weekday: 5, periodNumber: 2 },
      }),
    ).toBe(1);
  });

  it('keeps periods that lessons use and rooms that lessons use', async () => {
    const removed = await setBells(0, [
      { number: 1, startsAt: '08:00', endsAt: '08:45' },
      { number: 2, startsAt: '08:50', endsAt: '09:35' },
    ]);
    expect(removed.userErrors[0]).toMatchObject({ code: 'IN_USE' });
    expect(removed.userErrors[0]?.message).toContain('period 3');
    const { body } = await stack.graphql<{ deleteRoom: Payload }>(
      `mutation ($id: ID!) { deleteRoom(input: { id: $id }) { deletedId userErrors { code } } }`,
      { id: lab },
      { schoolId: school.schoolId },
    );
    expect(codes(body.data?.deleteRoom as Payload)).toEqual(['IN_USE']);
  });

  it('keeps sections and subjects that lessons use', async () => {
    // A section and a subject only a lesson refers to (no enrolments, homework or assignments).
    const db = stack.resources.db;
    const grade = await db.grade.findFirstOrThrow({ where: { schoolId: school.schoolId } });
    const section = await db.section.create({
      data: {
        schoolId: school.schoolId,
        academicYearId: school.academicYearId,
        gradeId: grade.id,
        name: 'Lessons only',
      },
    });
    const subject = await db.subject.create({
      data: { schoolId: school.schoolId, code: 'TTONLY', name: 'Timetable only' },
    });
    const made = await addEntry({
      weekday: 4,
      periodNumber: 3,
      sectionId: section.id,
      subjectId: subject.id,
      teacherId: teachers[7],
    });
    expect(made.userErrors).toEqual([]);
    for (const [name, inputType, id] of [
      ['deleteSection', 'SectionIdInput', section.id],
      ['deleteSubject', 'SubjectIdInput', subject.id],
    ] as const)
      expect(codes(await mutate(name, inputType, { id }, 'deletedId')), name).toEqual(['IN_USE']);
  });

  it('substitutes a lesson on a date only by a free teacher', async () => {
    const [, t2, t3, , t5] = teachers;
    const entryId = entryIds.mondayFirst;
    // Tuesday is not the lesson's weekday; the lesson's own teacher is no substitute.
    expect(codes(await substitute({ entryId, date: TUESDAY, substituteTeacherId: t5 }))).toEqual([
      'INVALID_INPUT',
    ]);
    expect(codes(await substitute({ entryId, date: MONDAY, substituteTeacherId: teachers[0] }))).toEqual([
      'INVALID_INPUT',
    ]);
    expect(codes(await substitute({ entryId, date: '2031-06-02', substituteTeacherId: t5 }))).toEqual([
      'INVALID_DATE_RANGE',
    ]);
    // t2 teaches another section in Monday period 1.
    const busy = await substitute({ entryId, date: MONDAY, substituteTeacherId: t2 });
    expect(busy.userErrors[0]).toMatchObject({
      code: 'TIMETABLE_CLASH',
      field: ['input', 'substituteTeacherId'],
    });
    expect(busy.userErrors[0]?.message).toMatch(
      /^The substitute is not free: they teach .+ in period 1 on 2026-06-01\.$/,
    );

    const made = await substitute({ entryId, date: MONDAY, substituteTeacherId: t5, reason: 'Sick leave' });
    expect(made.userErrors).toEqual([]);
    expect(made.substitution).toMatchObject({ date: MONDAY, substitute: { id: t5 } });
    expect(codes(await substitute({ entryId, date: MONDAY, substituteTeacherId: t3 }))).toEqual([
      'ALREADY_EXISTS',
    ]);
    // t5 now covers period 1 on that Monday: not free for another lesson in that period.
    expect(
      codes(await substitute({ entryId: entryIds.mondayOther, date: MONDAY, substituteTeacherId: t5 })),
    ).toEqual(['TIMETABLE_CLASH']);
    // Once t2's own lesson is covered, t2 is free that day (but not the next Monday).
    expect(
      (await substitute({ entryId: entryIds.mondayOther, date: MONDAY, substituteTeacherId: t3 })).userErrors,
    ).toEqual([]);
    expect(codes(await substitute({ entryId, date: NEXT_MONDAY, substituteTeacherId: t2 }))).toEqual([
      'TIMETABLE_CLASH',
    ]);
  });

  const TEACHER_DAY = `query ($teacherId: ID, $date: Date) { teacherDay(teacherId: $teacherId, date: $date) { teacher { id } ${DAY_SELECTION} } }`;
  const STUDENT_DAY = `query ($studentId: ID, $date: Date) { studentDay(studentId: $studentId, date: $date) { student { id } section { id } ${DAY_SELECTION} } }`;
  type Lesson = {
    kind: string;
    teacher: { id: string };
    period: { number: number; startsAt: string } | null;
    entry: { id: string };
  };
  type TeacherDay = { teacherDay: { teacher: { id: string }; lessons: Lesson[] } | null };
  type StudentDay = { studentDay: { section: { id: string } | null; lessons: Lesson[] } | null };

  it("shows a teacher's day with substitutions applied, to the teacher and admins only", async () => {
    const [t1, t2, t3, , t5] = teachers;
    const asTeacher = await token('TEACHER');
    // The signed-in teacher's own day (t1): period 1 covered by t5, period 2 their own.
    const own = await read<TeacherDay>(TEACHER_DAY, { date: MONDAY }, { token: asTeacher });
    expect(own.errors).toBeUndefined();
    expect(own.data?.teacherDay?.teacher.id).toBe(t1);
    expect(
      own.data?.teacherDay?.lessons.map((lesson) => [lesson.period?.number, lesson.kind, lesson.teacher.id]),
    ).toEqual([
      [1, 'COVERED', t5],
      [2, 'REGULAR', t1],
    ]);
    // The next Monday has no substitutions.
    const next = await read<TeacherDay>(TEACHER_DAY, { date: NEXT_MONDAY }, { token: asTeacher });
    expect(next.data?.teacherDay?.lessons.map((lesson) => lesson.kind)).toEqual(['REGULAR', 'REGULAR']);
    // The substitute's day (as an admin sees it): the lesson they cover.
    const covering = await read<TeacherDay>(TEACHER_DAY, { teacherId: t5, date: MONDAY });
    expect(
      covering.data?.teacherDay?.lessons.map((lesson) => [
        lesson.kind,
        lesson.entry.id,
        lesson.period?.startsAt,
      ]),
    ).toEqual([['COVERING', entryIds.mondayFirst, '08:00']]);
    const t3Day = await read<TeacherDay>(TEACHER_DAY, { teacherId: t3, date: MONDAY });
    expect(t3Day.data?.teacherDay?.lessons.map((lesson) => [lesson.period?.number, lesson.kind])).toEqual([
      [1, 'COVERING'],
      [3, 'REGULAR'],
    ]);
    // Another teacher's day: FORBIDDEN to a teacher, students and guardians.
    for (const role of ['TEACHER', 'STUDENT', 'GUARDIAN']) {
      const refused = await read<TeacherDay>(
        TEACHER_DAY,
        { teacherId: t2, date: MONDAY },
        { token: await token(role) },
      );
      expect(
        refused.errors?.map((error) => error.extensions?.code),
        role,
      ).toEqual(['FORBIDDEN']);
    }
    // Another school's teacher: nothing.
    const otherTeacher = await stack.resources.db.teacher.findFirstOrThrow({
      where: { schoolId: other.schoolId },
    });
    expect(
      (await read<TeacherDay>(TEACHER_DAY, { teacherId: otherTeacher.id, date: MONDAY })).data?.teacherDay,
    ).toBeNull();
  });

  it("shows a student's day from the section they are enrolled in on that date, by ownership", async () => {
    const [t1, , , , t5] = teachers;
    const asStudent = await token('STUDENT');
    const own = await read<StudentDay>(STUDENT_DAY, { date: MONDAY }, { token: asStudent });
    expect(own.errors).toBeUndefined();
    expect(own.data?.studentDay?.section?.id).toBe(school.sample.sectionId);
    expect(
      own.data?.studentDay?.lessons.map((lesson) => [lesson.period?.number, lesson.kind, lesson.teacher.id]),
    ).toEqual([
      [1, 'COVERED', t5],
      [2, 'REGULAR', t1],
    ]);
    // Their guardian sees it; another school's guardian does not; the class teacher does.
    const asGuardian = await token('GUARDIAN');
    const byGuardian = await read<StudentDay>(
      STUDENT_DAY,
      { studentId: school.sample.studentId, date: TUESDAY },
      { token: asGuardian },
    );
    expect(byGuardian.data?.studentDay?.lessons.map((lesson) => lesson.period?.number)).toEqual([1]);
    const byTeacher = await read<StudentDay>(
      STUDENT_DAY,
      { studentId: school.sample.studentId, date: MONDAY },
      { token: await token('TEACHER') },
    );
    expect(byTeacher.errors).toBeUndefined();
    const classmate = await stack.resources.db.enrolment.findFirstOrThrow({
      where: { schoolId: school.schoolId, sectionId: { not: school.sample.sectionId }, status: 'ACTIVE' },
    });
    const refused = await read<StudentDay>(
      STUDENT_DAY,
      { studentId: classmate.studentId, date: MONDAY },
      { token: asStudent },
    );
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    // A date outside the current academic year: no section, no lessons.
    const before = await read<StudentDay>(STUDENT_DAY, { date: '2026-03-30' }, { token: asStudent });
    expect(before.data?.studentDay).toMatchObject({ section: null, lessons: [] });
  });

  it("follows a transfer: the day before it shows the old section's lessons, the day of it the new one's", async () => {
    const [, s2] = sections;
    const mover = await stack.resources.db.enrolment.findFirstOrThrow({
      where: {
        schoolId: school.schoolId,
        sectionId: { notIn: [school.sample.sectionId, s2?.id ?? ''] },
        status: 'ACTIVE',
      },
    });
    const { body } = await stack.graphql<{ transferStudent: Payload }>(
      `mutation ($input: TransferStudentInput!) { transferStudent(input: $input) { enrolment { id } userErrors { code } } }`,
      { input: { enrolmentId: mover.id, toSectionId: s2?.id, transferredOn: NEXT_MONDAY } },
      { schoolId: school.schoolId },
    );
    expect(body.data?.transferStudent.userErrors).toEqual([]);
    const dayOf = async (date: string) =>
      (await read<StudentDay>(STUDENT_DAY, { studentId: mover.studentId, date })).data?.studentDay?.section
        ?.id;
    expect(await dayOf(MONDAY)).toBe(mover.sectionId);
    expect(await dayOf(NEXT_MONDAY)).toBe(s2?.id);
  });

  it("shows a section's week to those who may see the section", async () => {
    const WEEK = `query ($sectionId: ID!, $termId: ID) { sectionWeek(sectionId: $sectionId, termId: $termId) { section { id } term { id } entries { weekday periodNumber } } }`;
    type Week = { sectionWeek: { entries: { weekday: number; periodNumber: number }[] } | null };
    const week = await read<Week>(WEEK, { sectionId: school.sample.sectionId });
    expect(week.data?.sectionWeek?.entries).toEqual([
      { weekday: 1, periodNumber: 1 },
      { weekday: 1, periodNumber: 2 },
      { weekday: 2, periodNumber: 1 },
    ]);
    expect(
      (await read<Week>(WEEK, { sectionId: school.sample.sectionId }, { token: await token('STUDENT') }))
        .errors,
    ).toBeUndefined();
    const [, , s3] = sections;
    const [term1] = terms;
    const inTerm = await read<Week>(WEEK, { sectionId: s3?.id, termId: term1?.id });
    expect(inTerm.data?.sectionWeek?.entries).toHaveLength(1);
    const refused = await read<Week>(WEEK, { sectionId: s3?.id }, { token: await token('STUDENT') });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const otherSection = await stack.resources.db.section.findFirstOrThrow({
      where: { schoolId: other.schoolId },
    });
    expect((await read<Week>(WEEK, { sectionId: otherSection.id })).data?.sectionWeek).toBeNull();
  });

  it('costs the same number of SQL queries whatever the size of the day, and none when warm', async () => {
    const [, , , , , t6] = teachers;
    const asTeacher = await token('TEACHER');
    const asStudent = await token('STUDENT');
    const measure = async (document: string, variables: Record<string, unknown>, as: string) => {
      await clearTenantCache(stack.resources, school.schoolId);
      stack.sql.reset();
      const cold = await read<TeacherDay & StudentDay>(document, variables, { token: as });
      expect(cold.errors).toBeUndefined();
      const coldCount = stack.sql.count;
      stack.sql.reset();
      await read(document, variables, { token: as });
      return { cold: coldCount, warm: stack.sql.count };
    };
    // The small day already has every kind of lesson: a room, a term, a substitution.
    const second = await addEntry({
      weekday: 2,
      periodNumber: 2,
      termId: terms[0]?.id,
      sectionId: school.sample.sectionId,
      subjectId: subjects[1],
      teacherId: teachers[0],
    });
    expect(second.userErrors).toEqual([]);
    expect(
      (
        await substitute({
          entryId: (second.entry as { id: string }).id,
          date: TUESDAY,
          substituteTeacherId: t6,
        })
      ).userErrors,
    ).toEqual([]);
    const small = await measure(TEACHER_DAY, { date: TUESDAY }, asTeacher);
    const smallStudent = await measure(STUDENT_DAY, { date: TUESDAY }, asStudent);
    // Grow the sample teacher's and section's Tuesday to six lessons (rooms, terms, substitutions).
    await setBells(
      0,
      [1, 2, 3, 4, 5, 6].map((number) => ({
        number,
        startsAt: `${String(7 + number).padStart(2, '0')}:00`,
        endsAt: `${String(7 + number).padStart(2, '0')}:45`,
      })),
    );
    const hall = await mutate('createRoom', 'CreateRoomInput', { name: 'Room 6' }, 'room { id }');
    for (const periodNumber of [3, 4, 5, 6]) {
      const made = await addEntry({
        weekday: 2,
        periodNumber,
        termId: periodNumber % 2 === 0 ? terms[0]?.id : null,
        sectionId: school.sample.sectionId,
        subjectId: subjects[periodNumber % subjects.length],
        teacherId: teachers[0],
        roomId: periodNumber === 6 ? (hall.room as { id: string }).id : null,
      });
      expect(made.userErrors).toEqual([]);
      if (periodNumber >= 5)
        expect(
          (
            await substitute({
              entryId: (made.entry as { id: string }).id,
              date: TUESDAY,
              substituteTeacherId: t6,
            })
          ).userErrors,
        ).toEqual([]);
    }
    const large = await measure(TEACHER_DAY, { date: TUESDAY }, asTeacher);
    const largeStudent = await measure(STUDENT_DAY, { date: TUESDAY }, asStudent);
    const lessons = (await read<TeacherDay>(TEACHER_DAY, { date: TUESDAY }, { token: asTeacher })).data
      ?.teacherDay?.lessons;
    expect(lessons?.map((lesson) => lesson.kind)).toEqual([
      'REGULAR',
      'COVERED',
      'REGULAR',
      'REGULAR',
      'COVERED',
      'COVERED',
    ]);
    expect(large.cold).toBe(small.cold);
    expect(largeStudent.cold).toBe(smallStudent.cold);
    expect(large.cold).toBeLessThanOrEqual(12);
    expect(largeStudent.cold).toBeLessThanOrEqual(12);
    expect([small.warm, large.warm, smallStudent.warm, largeStudent.warm]).toEqual([0, 0, 0, 0]);
  });

  it('lets only school admins change the timetable', async () => {
    const mutations: [string, string, Record<string, unknown>][] = [
      ['setBellSchedule', 'SetBellScheduleInput', { weekday: 7, periods: [] }],
      ['createRoom', 'CreateRoomInput', { name: 'Nope' }],
      ['deleteRoom', 'RoomIdInput', { id: lab }],
      [
        'createTimetableEntry',
        'CreateTimetableEntryInput',
        {
          sectionId: sections[0]?.id,
          weekday: 4,
          periodNumber: 1,
          subjectId: subjects[0],
          teacherId: teachers[0],
        },
      ],
      ['deleteTimetableEntry', 'TimetableEntryIdInput', { id: entryIds.tuesday }],
      [
        'createSubstitution',
        'CreateSubstitutionInput',
        { entryId: entryIds.tuesday, date: TUESDAY, substituteTeacherId: teachers[6] },
      ],
      ['deleteSubstitution', 'SubstitutionIdInput', { id: entryIds.tuesday }],
    ];
    const before = await stack.resources.db.timetableEntry.count({ where: { schoolId: school.schoolId } });
    for (const role of ['TEACHER', 'STUDENT', 'GUARDIAN', 'ACCOUNTANT']) {
      const as = await token(role);
      for (const [name, inputType, input] of mutations) {
        const { body } = await stack.graphql(
          `mutation ($input: ${inputType}!) { ${name}(input: $input) { userErrors { code } } }`,
          { input },
          { token: as },
        );
        expect(
          body.errors?.map((error) => error.extensions?.code),
          `${role} ${name}`,
        ).toEqual(['FORBIDDEN']);
      }
    }
    expect(await stack.resources.db.timetableEntry.count({ where: { schoolId: school.schoolId } })).toBe(
      before,
    );
  });

  it("deletes lessons and substitutions, and the views forget them; another school's ids are not found", async () => {
    const otherEntry = await stack.resources.db.section.findFirstOrThrow({
      where: { schoolId: other.schoolId },
    });
    const del = (name: string, inputType: string, id: string | undefined) =>
      mutate(name, inputType, { id }, 'deletedId');
    expect(codes(await del('deleteTimetableEntry', 'TimetableEntryIdInput', otherEntry.id))).toEqual([
      'NOT_FOUND',
    ]);
    const asTeacher = await token('TEACHER');
    await read(TEACHER_DAY, { date: MONDAY }, { token: asTeacher });
    const substitution = await stack.resources.db.substitution.findFirstOrThrow({
      where: { entryId: entryIds.mondayFirst },
    });
    expect((await del('deleteSubstitution', 'SubstitutionIdInput', substitution.id)).deletedId).toBe(
      substitution.id,
    );
    const monday = await read<TeacherDay>(TEACHER_DAY, { date: MONDAY }, { token: asTeacher });
    expect(monday.data?.teacherDay?.lessons.map((lesson) => lesson.kind)).toEqual(['REGULAR', 'REGULAR']);
    expect(
      (await del('deleteTimetableEntry', 'TimetableEntryIdInput', entryIds.mondaySecond)).deletedId,
    ).toBe(entryIds.mondaySecond);
    const after = await read<TeacherDay>(TEACHER_DAY, { date: MONDAY }, { token: asTeacher });
    expect(after.data?.teacherDay?.lessons.map((lesson) => lesson.period?.number)).toEqual([1]);
  });
});
