// Exams (issue 5, point 6) against the real PostgreSQL and Redis: scheduling with clash detection
// (room, invigilator, section; racing admins), hall tickets, all-or-nothing bulk marks entry,
// moderation, locking, publication with its event, and analytics checked against a hand-computed
// data set; every operation tried with the wrong role and another school's ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@schools24/events';
import { createTestSchool, startSubgraphStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import { operationsOf, type TestSchool } from './fixtures.js';

const INPUTS: Record<string, string> = {
  createExam: 'CreateExamInput',
  scheduleExamPaper: 'ScheduleExamPaperInput',
  enterExamMarks: 'EnterExamMarksInput',
  moderateExamMark: 'ModerateExamMarkInput',
  lockExamPaperMarks: 'ExamPaperIdInput',
  unlockExamPaperMarks: 'ExamPaperIdInput',
  publishExamResults: 'ExamIdInput',
  unpublishExamResults: 'ExamIdInput',
};

const RESULT: Record<string, string> = {
  createExam: 'exam { id name kind isPublished }',
  scheduleExamPaper:
    'paper { id room startsAt endsAt maxMarks passMarks invigilators { id } moderator { id } }',
  enterExamMarks:
    'paper { id } marks { student { id } marks isAbsent enteredMarks } rowErrors { studentId field code message }',
  moderateExamMark:
    'mark { student { id } marks enteredMarks moderatedMarks moderationReason isModerated moderatedBy { id } moderatedAt }',
  lockExamPaperMarks: 'paper { id isMarksLocked }',
  unlockExamPaperMarks: 'paper { id isMarksLocked }',
  publishExamResults: 'exam { id isPublished publishedAt }',
  unpublishExamResults: 'exam { id isPublished publishedAt }',
};

const at = (day: string, time: string) => `${day}T${time}:00.000Z`;
const DAY = '2026-11-10';

describe('academics exams', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  /** The sample section (S) and another section of the same year (S2). */
  let sectionId: string;
  let section2Id: string;
  /** Four students of S and two of S2, ACTIVE-ly enrolled. */
  let s: string[];
  let s2: string[];
  let mathId: string;
  let scienceId: string;
  /** The sample teacher (teaches S) and three teachers who teach neither S nor S2. */
  let teacherId: string;
  let outsiders: string[];
  let tokens: Record<'teacher' | 'outsider' | 'student' | 'guardian' | 'otherAdmin', string>;
  let teacherUserId: string;
  let otherTeacherId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 40, teachers: 8 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
    const db = stack.resources.db;
    const { schoolId } = school;
    sectionId = school.sample.sectionId;
    teacherId = school.sample.teacherId;
    // Grow S and a second section with students moved from other sections (before any request
    // reads them, so nothing is cached stale): S needs four students, S2 two.
    section2Id = (
      await db.section.findFirstOrThrow({
        where: { schoolId, academicYearId: school.academicYearId, id: { not: sectionId } },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
    ).id;
    const children = new Set(
      (
        await db.studentGuardian.findMany({
          where: { schoolId, guardianId: school.sample.guardianId },
          select: { studentId: true },
        })
      ).map((link) => link.studentId),
    );
    const movers = await db.enrolment.findMany({
      where: {
        schoolId,
        status: 'ACTIVE',
        sectionId: { notIn: [sectionId, section2Id] },
        studentId: { notIn: [...children] },
      },
      select: { id: true, studentId: true },
      orderBy: { id: 'asc' },
      take: 5,
    });
    if (movers.length < 5) throw new Error('the seed gave too few students');
    for (const [index, mover] of movers.entries())
      await db.enrolment.update({
        where: { id: mover.id },
        data: { sectionId: index < 3 ? sectionId : section2Id, rollNumber: 900 + index },
      });
    // The sample student first: they have a login (and so does their guardian).
    s = [school.sample.studentId, ...movers.slice(0, 3).map((mover) => mover.studentId)];
    s2 = movers.slice(3).map((mover) => mover.studentId);
    const subjects = await db.subject.findMany({
      where: { schoolId },
      select: { id: true },
      orderBy: { code: 'asc' },
    });
    [mathId, scienceId] = subjects.map((subject) => subject.id) as [string, string];
    // Outsiders teach neither section: take three teachers and drop what ties them to S or S2.
    const teachers = await db.teacher.findMany({
      where: { schoolId, id: { not: teacherId } },
      select: { id: true, userId: true },
      orderBy: { id: 'asc' },
      take: 3,
    });
    outsiders = teachers.map((teacher) => teacher.id);
    await db.teachingAssignment.deleteMany({
      where: { schoolId, teacherId: { in: outsiders }, sectionId: { in: [sectionId, section2Id] } },
    });
    await db.section.updateMany({
      where: { schoolId, id: { in: [sectionId, section2Id] }, classTeacherId: { in: outsiders } },
      data: { classTeacherId: null },
    });
    // The sample teacher teaches S but not S2.
    await db.teachingAssignment.deleteMany({ where: { schoolId, teacherId, sectionId: section2Id } });
    await db.section.updateMany({
      where: { schoolId, id: section2Id, classTeacherId: teacherId },
      data: { classTeacherId: null },
    });
    const login = (role: string) => {
      const found = school.logins.find((entry) => entry.role === role);
      if (!found) throw new Error(`the seed made no ${role} login`);
      return found.userId;
    };
    teacherUserId = login('TEACHER');
    const otherAdmin = other.logins.find((entry) => entry.role === 'SCHOOL_ADMIN');
    if (!otherAdmin || !teachers[0]?.userId) throw new Error('missing users');
    tokens = {
      teacher: await tokenForUser(stack.resources, schoolId, teacherUserId),
      outsider: await tokenForUser(stack.resources, schoolId, teachers[0].userId),
      student: await tokenForUser(stack.resources, schoolId, login('STUDENT')),
      guardian: await tokenForUser(stack.resources, schoolId, login('GUARDIAN')),
      otherAdmin: await tokenForUser(stack.resources, other.schoolId, otherAdmin.userId),
    };
    otherTeacherId = (
      await db.teacher.findFirstOrThrow({ where: { schoolId: other.schoolId }, select: { id: true } })
    ).id;
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const { run, ok, errorsOf, read } = operationsOf(
    () => ({ stack, schoolId: school.schoolId }),
    INPUTS,
    RESULT,
  );
  const refusedWith = async (name: string, input: Record<string, unknown>, token: string) =>
    (await run(name, input, token)).codes;

  let examId: string;
  /** P1: S maths (max 50, pass 20); P2: S science (max 100, pass 40); P3: S2 maths (max 50, pass 20). */
  let p1: string;
  let p2: string;
  let p3: string;

  const paper = (overrides: Record<string, unknown>) => ({
    examId,
    sectionId,
    subjectId: mathId,
    startsAt: at(DAY, '09:00'),
    endsAt: at(DAY, '11:00'),
    room: 'b-12',
    invigilatorTeacherIds: [outsiders[0]],
    maxMarks: 50,
    passMarks: 20,
    ...overrides,
  });

  it('creates an exam and schedules papers, refusing room, section and invigilator clashes by name', async () => {
    const made = await ok('createExam', {
      academicYearId: school.academicYearId,
      name: 'Midterm 2026',
      kind: 'MIDTERM',
    });
    examId = (made.exam as { id: string }).id;
    expect(made.exam).toMatchObject({ name: 'Midterm 2026', kind: 'MIDTERM', isPublished: false });
    expect(
      await errorsOf('createExam', {
        academicYearId: school.academicYearId,
        name: ' Midterm 2026 ',
        kind: 'FINAL',
      }),
    ).toEqual(['NAME_TAKEN']);
    expect(
      await errorsOf('createExam', { academicYearId: other.academicYearId, name: 'Probe', kind: 'FINAL' }),
    ).toEqual(['NOT_FOUND']);

    const first = await ok('scheduleExamPaper', paper({ moderatorTeacherId: teacherId }));
    p1 = (first.paper as { id: string }).id;
    expect(first.paper).toMatchObject({
      room: 'B-12',
      startsAt: at(DAY, '09:00'),
      invigilators: [{ id: outsiders[0] }],
      moderator: { id: teacherId },
    });

    // The same room an hour later for another section.
    const room = await run(
      'scheduleExamPaper',
      paper({
        sectionId: section2Id,
        startsAt: at(DAY, '10:00'),
        endsAt: at(DAY, '12:00'),
        invigilatorTeacherIds: [outsiders[1]],
      }),
    );
    expect(room.payload?.userErrors).toEqual([
      {
        code: 'SCHEDULE_CLASH',
        field: ['input', 'room'],
        message: expect.stringMatching(
          /^Room B-12 is taken at that time by Midterm 2026: .+ 2026-11-10 09:00–11:00 UTC\.$/,
        ),
      },
    ]);
    // The same section in another subject and room, overlapping.
    const sectionClash = await run(
      'scheduleExamPaper',
      paper({
        subjectId: scienceId,
        startsAt: at(DAY, '10:30'),
        endsAt: at(DAY, '12:00'),
        room: 'C-1',
        invigilatorTeacherIds: [outsiders[1]],
      }),
    );
    expect(sectionClash.payload?.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['SCHEDULE_CLASH', ['input', 'sectionId']],
    ]);
    // The same invigilator elsewhere.
    const invigilator = await run(
      'scheduleExamPaper',
      paper({ sectionId: section2Id, startsAt: at(DAY, '10:00'), endsAt: at(DAY, '11:00'), room: 'C-2' }),
    );
    expect(invigilator.payload?.userErrors).toEqual([
      {
        code: 'SCHEDULE_CLASH',
        field: ['input', 'invigilatorTeacherIds'],
        message: expect.stringContaining(`Invigilator ${outsiders[0]} already invigilates Midterm 2026`),
      },
    ]);
    // Back to back is no clash: the room, the section and the invigilator are free at 11:00.
    const second = await ok(
      'scheduleExamPaper',
      paper({
        subjectId: scienceId,
        startsAt: at(DAY, '11:00'),
        endsAt: at(DAY, '13:00'),
        maxMarks: 100,
        passMarks: 40,
        moderatorTeacherId: teacherId,
      }),
    );
    p2 = (second.paper as { id: string }).id;
    const third = await ok(
      'scheduleExamPaper',
      paper({ sectionId: section2Id, room: 'C-3', invigilatorTeacherIds: [outsiders[1], outsiders[2]] }),
    );
    p3 = (third.paper as { id: string }).id;

    // Rules that need no other paper.
    expect(
      await errorsOf(
        'scheduleExamPaper',
        paper({
          sectionId: section2Id,
          subjectId: scienceId,
          room: 'D-1',
          invigilatorTeacherIds: [outsiders[2]],
          startsAt: at(DAY, '14:00'),
          endsAt: at(DAY, '13:00'),
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      await errorsOf(
        'scheduleExamPaper',
        paper({
          sectionId: section2Id,
          subjectId: scienceId,
          room: ' ',
          invigilatorTeacherIds: [],
          passMarks: 51,
          startsAt: at('2030-01-01', '09:00'),
          endsAt: at('2030-01-01', '10:00'),
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_MARKS']);
    expect(
      await errorsOf(
        'scheduleExamPaper',
        paper({
          room: 'Z-9',
          startsAt: at(DAY, '15:00'),
          endsAt: at(DAY, '16:00'),
          invigilatorTeacherIds: [otherTeacherId],
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      await errorsOf(
        'scheduleExamPaper',
        paper({
          room: 'Z-9',
          startsAt: at(DAY, '15:00'),
          endsAt: at(DAY, '16:00'),
          invigilatorTeacherIds: [outsiders[2]],
        }),
      ),
    ).toEqual(['ALREADY_EXISTS']);
  });

  it('lets only one of two racing admins book the same room at the same time', async () => {
    const race = await ok('createExam', {
      academicYearId: school.academicYearId,
      name: 'Race',
      kind: 'UNIT_TEST',
    });
    const raceId = (race.exam as { id: string }).id;
    const results = await Promise.all(
      [
        [sectionId, outsiders[1]],
        [section2Id, outsiders[2]],
      ].map(([section, invigilator]) =>
        run('scheduleExamPaper', {
          ...paper({ sectionId: section, invigilatorTeacherIds: [invigilator] }),
          examId: raceId,
          room: 'RACE-1',
          startsAt: at('2026-12-01', '09:00'),
          endsAt: at('2026-12-01', '10:00'),
        }),
      ),
    );
    const outcomes = results
      .map((result) => result.payload?.userErrors.map((e) => e.code).join() || 'OK')
      .sort();
    expect(outcomes).toEqual(['OK', 'SCHEDULE_CLASH']);
  });

  it('refuses every exam mutation to the wrong role and another school', async () => {
    const samples: Record<string, Record<string, unknown>> = {
      createExam: { academicYearId: school.academicYearId, name: 'Probe', kind: 'OTHER' },
      scheduleExamPaper: paper({ room: 'P-1', startsAt: at(DAY, '18:00'), endsAt: at(DAY, '19:00') }),
      enterExamMarks: { examPaperId: p1, rows: [{ studentId: s[0], marks: 1 }] },
      moderateExamMark: { examPaperId: p1, studentId: s[0], marks: 1, reason: 'probe' },
      lockExamPaperMarks: { examPaperId: p1 },
      unlockExamPaperMarks: { examPaperId: p1 },
      publishExamResults: { examId },
      unpublishExamResults: { examId },
    };
    // Teachers may enter marks only in their sections, moderate and lock only as the paper's moderator.
    for (const [name, input] of Object.entries(samples)) {
      for (const token of [tokens.student, tokens.guardian, tokens.outsider])
        expect(await refusedWith(name, input, token), name).toEqual(['FORBIDDEN']);
    }
    // Another school's admin: none of these records exist there.
    for (const [name, input] of Object.entries(samples)) {
      const { payload, codes } = await run(name, input, tokens.otherAdmin);
      expect(codes, name).toEqual([]);
      expect(
        payload?.userErrors.map((e) => e.code),
        name,
      ).toContain('NOT_FOUND');
    }
    // The section's own teacher still may not run the admin steps.
    for (const name of [
      'createExam',
      'scheduleExamPaper',
      'unlockExamPaperMarks',
      'publishExamResults',
      'unpublishExamResults',
    ])
      expect(await refusedWith(name, samples[name] as Record<string, unknown>, tokens.teacher), name).toEqual(
        ['FORBIDDEN'],
      );
  });

  it('shows hall tickets to the student, their guardian, their teachers and admins only', async () => {
    const ticket = /* GraphQL */ `
      query ($examId: ID!, $studentId: ID!) {
        examHallTicket(examId: $examId, studentId: $studentId) {
          exam {
            id
            name
          }
          student {
            id
          }
          enrolment {
            section {
              id
            }
            rollNumber
          }
          papers {
            subject {
              id
            }
            startsAt
            endsAt
            room
          }
        }
      }
    `;
    type Ticket = {
      examHallTicket: {
        papers: { subject: { id: string }; room: string; startsAt: string }[];
        student: { id: string };
      } | null;
    };
    for (const token of [undefined, tokens.student, tokens.guardian, tokens.teacher]) {
      const { data, codes } = await read<Ticket>(ticket, { examId, studentId: s[0] }, token);
      expect(codes).toEqual([]);
      expect(data?.examHallTicket?.student.id).toBe(s[0]);
      expect(data?.examHallTicket?.papers).toEqual([
        { subject: { id: mathId }, startsAt: at(DAY, '09:00'), endsAt: at(DAY, '11:00'), room: 'B-12' },
        { subject: { id: scienceId }, startsAt: at(DAY, '11:00'), endsAt: at(DAY, '13:00'), room: 'B-12' },
      ]);
    }
    // A classmate's ticket is not the student's (or the guardian's) to see; an outsider teacher's neither.
    for (const token of [tokens.student, tokens.guardian, tokens.outsider])
      expect((await read<Ticket>(ticket, { examId, studentId: s[1] }, token)).codes).toEqual(['FORBIDDEN']);
    expect(
      (await read<Ticket>(ticket, { examId, studentId: s[0] }, tokens.otherAdmin)).data?.examHallTicket,
    ).toBeNull();

    const section = /* GraphQL */ `
      query ($examId: ID!, $sectionId: ID!) {
        examHallTickets(examId: $examId, sectionId: $sectionId, first: 2) {
          totalCount
          pageInfo {
            hasNextPage
          }
          edges {
            node {
              student {
                id
              }
              papers {
                id
              }
            }
          }
        }
      }
    `;
    type Tickets = {
      examHallTickets: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean };
        edges: { node: { papers: unknown[] } }[];
      } | null;
    };
    const roster = await stack.resources.db.enrolment.count({ where: { sectionId, status: 'ACTIVE' } });
    for (const token of [undefined, tokens.teacher]) {
      const { data, codes } = await read<Tickets>(section, { examId, sectionId }, token);
      expect(codes).toEqual([]);
      expect(data?.examHallTickets?.totalCount).toBe(roster);
      expect(data?.examHallTickets?.edges.map((edge) => edge.node.papers.length)).toEqual([2, 2]);
    }
    for (const token of [tokens.student, tokens.guardian, tokens.outsider])
      expect((await read<Tickets>(section, { examId, sectionId }, token)).codes).toEqual(['FORBIDDEN']);
  });

  const marksQuery = /* GraphQL */ `
    query ($id: ID!) {
      exam(id: $id) {
        papers(first: 10) {
          edges {
            node {
              id
              marks(first: 100) {
                totalCount
                edges {
                  node {
                    student {
                      id
                    }
                    marks
                  }
                }
              }
            }
          }
        }
      }
    }
  `;
  type MarksData = { exam: { papers: { edges: { node: { id: string; marks: { totalCount: number } } }[] } } };
  const markCount = async (paperId: string) =>
    (await read<MarksData>(marksQuery, { id: examId })).data?.exam.papers.edges.find(
      (edge) => edge.node.id === paperId,
    )?.node.marks.totalCount;

  it('enters a section’s marks all or nothing, reporting each wrong row by student', async () => {
    const wrong = await run(
      'enterExamMarks',
      {
        examPaperId: p1,
        rows: [
          { studentId: s[0], marks: 51 },
          { studentId: s[1], marks: 20 },
          { studentId: s2[0], marks: 10 },
          { studentId: s[2], marks: 5, isAbsent: true },
          { studentId: s[1], marks: 19 },
        ],
      },
      tokens.teacher,
    );
    expect(wrong.codes).toEqual([]);
    expect(wrong.payload?.rowErrors).toEqual([
      {
        studentId: s[0],
        field: ['input', 'rows', '0', 'marks'],
        code: 'INVALID_MARKS',
        message: 'The marks must be a whole number from 0 to 50.',
      },
      {
        studentId: s[2],
        field: ['input', 'rows', '3', 'marks'],
        code: 'INVALID_MARKS',
        message: 'An absent student has no marks.',
      },
      {
        studentId: s[1],
        field: ['input', 'rows', '4', 'studentId'],
        code: 'INVALID_INPUT',
        message: 'The student appears twice in the rows.',
      },
      {
        studentId: s2[0],
        field: ['input', 'rows', '2', 'studentId'],
        code: 'NOT_ENROLLED',
        message: "The student is not ACTIVE-ly enrolled in the paper's section.",
      },
    ]);
    expect(wrong.payload?.marks).toEqual([]);
    expect(await markCount(p1)).toBe(0);

    // Entering again replaces the entered mark.
    await ok('enterExamMarks', { examPaperId: p1, rows: [{ studentId: s[0], marks: 44 }] }, tokens.teacher);
    const entered = await ok(
      'enterExamMarks',
      {
        examPaperId: p1,
        rows: [
          { studentId: s[0], marks: 45 },
          { studentId: s[1], marks: 20 },
          { studentId: s[2], marks: 10 },
          { studentId: s[3], isAbsent: true },
        ],
      },
      tokens.teacher,
    );
    expect(entered.marks).toEqual([
      { student: { id: s[0] }, marks: 45, isAbsent: false, enteredMarks: 45 },
      { student: { id: s[1] }, marks: 20, isAbsent: false, enteredMarks: 20 },
      { student: { id: s[2] }, marks: 10, isAbsent: false, enteredMarks: 10 },
      { student: { id: s[3] }, marks: null, isAbsent: true, enteredMarks: null },
    ]);
    await ok(
      'enterExamMarks',
      { examPaperId: p2, rows: [100, 55, 39, 70].map((marks, index) => ({ studentId: s[index], marks })) },
      tokens.teacher,
    );
    // An admin enters S2's (the sample teacher does not teach it).
    expect(
      await refusedWith(
        'enterExamMarks',
        { examPaperId: p3, rows: [{ studentId: s2[0], marks: 1 }] },
        tokens.teacher,
      ),
    ).toEqual(['FORBIDDEN']);
    await ok('enterExamMarks', {
      examPaperId: p3,
      rows: [
        { studentId: s2[0], marks: 25 },
        { studentId: s2[1], isAbsent: true },
      ],
    });
    expect(await markCount(p1)).toBe(4);
    // Marks are not the student's or guardian's to list.
    for (const token of [tokens.student, tokens.guardian, tokens.outsider])
      expect((await read<MarksData>(marksQuery, { id: examId }, token)).codes).toContain('FORBIDDEN');
  });

  const resultQuery = /* GraphQL */ `
    query ($examId: ID!, $studentId: ID!) {
      examResult(examId: $examId, studentId: $studentId) {
        student {
          id
        }
        totalMarks
        totalMaxMarks
        papers {
          paper {
            id
          }
          marks
          isAbsent
          isPass
        }
      }
    }
  `;
  type ResultData = {
    examResult: {
      totalMarks: number;
      totalMaxMarks: number;
      papers: { marks: number | null; isPass: boolean }[];
    } | null;
  };

  it('moderates with a reason keeping the entered mark, locks, and hides results until publication', async () => {
    // Only admins and the paper's moderator; P3 has no moderator teacher.
    expect(
      await refusedWith(
        'moderateExamMark',
        { examPaperId: p3, studentId: s2[0], marks: 26, reason: 'x' },
        tokens.teacher,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      await errorsOf(
        'moderateExamMark',
        { examPaperId: p2, studentId: s[2], marks: 40, reason: ' ' },
        tokens.teacher,
      ),
    ).toEqual(['INVALID_INPUT']);
    expect(
      await errorsOf(
        'moderateExamMark',
        { examPaperId: p2, studentId: s[2], marks: 101, reason: 'x' },
        tokens.teacher,
      ),
    ).toEqual(['INVALID_MARKS']);
    expect(
      await errorsOf(
        'moderateExamMark',
        { examPaperId: p1, studentId: s[3], marks: 10, reason: 'x' },
        tokens.teacher,
      ),
    ).toEqual(['INVALID_MARKS']);
    expect(
      await errorsOf(
        'moderateExamMark',
        { examPaperId: p1, studentId: s2[0], marks: 10, reason: 'x' },
        tokens.teacher,
      ),
    ).toEqual(['NOT_FOUND']);
    const moderated = await ok(
      'moderateExamMark',
      { examPaperId: p2, studentId: s[2], marks: 40, reason: 'Recounted page 3' },
      tokens.teacher,
    );
    expect(moderated.mark).toMatchObject({
      student: { id: s[2] },
      marks: 40,
      enteredMarks: 39,
      moderatedMarks: 40,
      moderationReason: 'Recounted page 3',
      isModerated: true,
      moderatedBy: { id: teacherUserId },
    });
    // The entry no longer overwrites a moderated mark.
    const again = await run(
      'enterExamMarks',
      { examPaperId: p2, rows: [{ studentId: s[2], marks: 30 }] },
      tokens.teacher,
    );
    expect(again.payload?.rowErrors).toEqual([
      expect.objectContaining({ studentId: s[2], code: 'MARK_MODERATED' }),
    ]);

    // Unpublished: the student and guardian see nothing; the admin and the teacher see the marks.
    for (const token of [tokens.student, tokens.guardian])
      expect(
        (await read<ResultData>(resultQuery, { examId, studentId: s[0] }, token)).data?.examResult,
      ).toBeNull();
    for (const token of [undefined, tokens.teacher])
      expect(
        (await read<ResultData>(resultQuery, { examId, studentId: s[0] }, token)).data?.examResult,
      ).toMatchObject({ totalMarks: 145, totalMaxMarks: 150 });
    expect((await read<ResultData>(resultQuery, { examId, studentId: s[1] }, tokens.student)).codes).toEqual([
      'FORBIDDEN',
    ]);

    expect(await errorsOf('publishExamResults', { examId })).toEqual(['MARKS_NOT_LOCKED']);
    for (const id of [p1, p2])
      expect((await ok('lockExamPaperMarks', { examPaperId: id }, tokens.teacher)).paper).toEqual({
        id,
        isMarksLocked: true,
      });
    expect(await refusedWith('lockExamPaperMarks', { examPaperId: p3 }, tokens.teacher)).toEqual([
      'FORBIDDEN',
    ]);
    await ok('lockExamPaperMarks', { examPaperId: p3 });
    expect(
      await errorsOf(
        'enterExamMarks',
        { examPaperId: p1, rows: [{ studentId: s[0], marks: 1 }] },
        tokens.teacher,
      ),
    ).toEqual(['MARKS_LOCKED']);
    expect(
      await errorsOf(
        'moderateExamMark',
        { examPaperId: p1, studentId: s[0], marks: 1, reason: 'x' },
        tokens.teacher,
      ),
    ).toEqual(['MARKS_LOCKED']);

    const events: EventEnvelope<'examResultsPublished'>[] = [];
    const stop = await stack.app.events.subscribe(
      'examResultsPublished',
      school.schoolId,
      (event) => void events.push(event),
    );
    try {
      const published = await ok('publishExamResults', { examId });
      expect(published.exam).toMatchObject({
        id: examId,
        isPublished: true,
        publishedAt: expect.any(String),
      });
      await expect.poll(() => events.length).toBe(1);
      expect(events[0]).toMatchObject({
        name: 'examResultsPublished',
        schoolId: school.schoolId,
        payload: { examId },
      });
    } finally {
      stop();
    }
    for (const token of [tokens.student, tokens.guardian]) {
      const { data } = await read<ResultData>(resultQuery, { examId, studentId: s[0] }, token);
      expect(data?.examResult).toEqual({
        student: { id: s[0] },
        totalMarks: 145,
        totalMaxMarks: 150,
        papers: [
          { paper: { id: p1 }, marks: 45, isAbsent: false, isPass: true },
          { paper: { id: p2 }, marks: 100, isAbsent: false, isPass: true },
        ],
      });
    }
    // Published marks are read-only: not even an admin unlocks them without unpublishing first.
    expect(await errorsOf('unlockExamPaperMarks', { examPaperId: p1 })).toEqual(['RESULTS_PUBLISHED']);
    expect(
      await errorsOf('enterExamMarks', { examPaperId: p1, rows: [{ studentId: s[0], marks: 1 }] }),
    ).toEqual(['RESULTS_PUBLISHED']);
    expect(
      await errorsOf(
        'scheduleExamPaper',
        paper({
          room: 'Q-1',
          subjectId: scienceId,
          sectionId: section2Id,
          startsAt: at(DAY, '20:00'),
          endsAt: at(DAY, '21:00'),
          invigilatorTeacherIds: [outsiders[2]],
        }),
      ),
    ).toEqual(['RESULTS_PUBLISHED']);

    // Unpublishing hides them again (the cached exam is dropped), and unlocking is allowed again.
    await ok('unpublishExamResults', { examId });
    expect(
      (await read<ResultData>(resultQuery, { examId, studentId: s[0] }, tokens.student)).data?.examResult,
    ).toBeNull();
    expect((await ok('unlockExamPaperMarks', { examPaperId: p3 })).paper).toEqual({
      id: p3,
      isMarksLocked: false,
    });
    await ok('lockExamPaperMarks', { examPaperId: p3 });
    await ok('publishExamResults', { examId });
  });

  it('computes analytics by section and subject in SQL, matching a hand-computed data set', async () => {
    const analytics = /* GraphQL */ `
      query ($examId: ID!) {
        examAnalytics(examId: $examId) {
          overall {
            ...stats
          }
          bySection {
            section {
              id
            }
            statistics {
              ...stats
            }
          }
          bySubject {
            subject {
              id
            }
            statistics {
              ...stats
            }
          }
        }
      }
      fragment stats on ExamStatistics {
        candidates
        absentees
        meanPercent
        medianPercent
        passRate
        distribution {
          fromPercent
          toPercent
          count
        }
      }
    `;
    const bands = (counts: number[]) =>
      counts.map((count, band) => ({ fromPercent: band * 10, toPercent: band * 10 + 10, count }));
    // Percentages: P1 (of 50) 90, 40, 20, absent; P2 (of 100) 100, 55, 40 (39 moderated to 40), 70;
    // P3 (of 50) 50, absent. Pass: P1 ≥ 20, P2 ≥ 40, P3 ≥ 20.
    const expected = {
      overall: {
        candidates: 8,
        absentees: 2,
        meanPercent: 58.13,
        medianPercent: 52.5,
        passRate: 0.875,
        distribution: bands([0, 0, 1, 0, 2, 2, 0, 1, 0, 2]),
      },
      section: {
        candidates: 7,
        absentees: 1,
        meanPercent: 59.29,
        medianPercent: 55,
        passRate: 0.8571,
        distribution: bands([0, 0, 1, 0, 2, 1, 0, 1, 0, 2]),
      },
      section2: {
        candidates: 1,
        absentees: 1,
        meanPercent: 50,
        medianPercent: 50,
        passRate: 1,
        distribution: bands([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
      },
      math: {
        candidates: 4,
        absentees: 2,
        meanPercent: 50,
        medianPercent: 45,
        passRate: 0.75,
        distribution: bands([0, 0, 1, 0, 1, 1, 0, 0, 0, 1]),
      },
      science: {
        candidates: 4,
        absentees: 0,
        meanPercent: 66.25,
        medianPercent: 62.5,
        passRate: 1,
        distribution: bands([0, 0, 0, 0, 1, 1, 0, 1, 0, 1]),
      },
    };
    type Stats = typeof expected.overall;
    type Analytics = {
      examAnalytics: {
        overall: Stats;
        bySection: { section: { id: string }; statistics: Stats }[];
        bySubject: { subject: { id: string }; statistics: Stats }[];
      } | null;
    };
    stack.sql.reset();
    const { data, codes } = await read<Analytics>(analytics, { examId });
    const statements = stack.sql.count;
    expect(codes).toEqual([]);
    const result = data?.examAnalytics;
    expect(result?.overall).toEqual(expected.overall);
    expect(
      Object.fromEntries(result?.bySection.map((row) => [row.section.id, row.statistics]) ?? []),
    ).toEqual({
      [sectionId]: expected.section,
      [section2Id]: expected.section2,
    });
    expect(
      Object.fromEntries(result?.bySubject.map((row) => [row.subject.id, row.statistics]) ?? []),
    ).toEqual({
      [mathId]: expected.math,
      [scienceId]: expected.science,
    });

    // Constant cost: more marks and papers, the same number of statements (caches warm either way).
    const db = stack.resources.db;
    const extra = await db.examPaper.create({
      data: {
        schoolId: school.schoolId,
        examId,
        sectionId: section2Id,
        subjectId: scienceId,
        startsAt: new Date(at(DAY, '22:00')),
        endsAt: new Date(at(DAY, '23:00')),
        room: 'X-1',
        invigilatorTeacherIds: [],
        maxMarks: 10,
        passMarks: 5,
        marks: {
          create: s2.map((studentId) => ({
            schoolId: school.schoolId,
            studentId,
            isAbsent: false,
            enteredMarks: 10,
            enteredByUserId: teacherUserId,
            enteredAt: new Date(),
          })),
        },
      },
    });
    await read<Analytics>(analytics, { examId });
    stack.sql.reset();
    const grown = await read<Analytics>(analytics, { examId });
    expect(grown.data?.examAnalytics?.overall.candidates).toBe(10);
    expect(stack.sql.count).toBeLessThanOrEqual(statements);
    await db.examPaper.delete({ where: { id: extra.id } });

    // The sample teacher teaches S (a section sitting the exam); the outsider teaches none.
    expect((await read<Analytics>(analytics, { examId }, tokens.teacher)).codes).toEqual([]);
    for (const token of [tokens.outsider, tokens.student, tokens.guardian])
      expect((await read<Analytics>(analytics, { examId }, token)).codes).toEqual(['FORBIDDEN']);
    expect((await read<Analytics>(analytics, { examId }, tokens.otherAdmin)).data?.examAnalytics).toBeNull();
  });

  it('checks publication again inside the scheduling transaction, not only in the cached exam', async () => {
    const made = await ok('createExam', {
      academicYearId: school.academicYearId,
      name: 'Stale cache',
      kind: 'OTHER',
    });
    const staleId = (made.exam as { id: string }).id;
    // Warm the cached exam, then publish behind the cache's back (as a concurrent publication would).
    expect(
      (
        await read<{ exam: { id: string } }>('query ($id: ID!) { exam(id: $id) { id isPublished } }', {
          id: staleId,
        })
      ).data?.exam,
    ).toEqual({ id: staleId, isPublished: false });
    await stack.resources.db.exam.update({ where: { id: staleId }, data: { publishedAt: new Date() } });
    expect(
      await errorsOf('scheduleExamPaper', {
        ...paper({ room: 'S-1', invigilatorTeacherIds: [outsiders[2]] }),
        examId: staleId,
        startsAt: at('2026-12-20', '09:00'),
        endsAt: at('2026-12-20', '10:00'),
      }),
    ).toEqual(['RESULTS_PUBLISHED']);
    expect(await stack.resources.db.examPaper.count({ where: { examId: staleId } })).toBe(0);
  });

  it('lists exams of the year and answers another school’s admin with nothing', async () => {
    const list = /* GraphQL */ `
      query ($id: ID!) {
        exams(first: 10) {
          totalCount
          edges {
            node {
              id
              name
              isPublished
            }
          }
        }
        exam(id: $id) {
          id
          papers(first: 10) {
            totalCount
          }
        }
      }
    `;
    type List = {
      exams: { totalCount: number; edges: { node: { id: string; isPublished: boolean } }[] };
      exam: { papers: { totalCount: number } } | null;
    };
    const mine = await read<List>(list, { id: examId }, tokens.student);
    expect(mine.codes).toEqual([]);
    expect(mine.data?.exams.edges.map((edge) => edge.node.id)).toContain(examId);
    expect(mine.data?.exam?.papers.totalCount).toBe(3);
    const theirs = await read<List>(list, { id: examId }, tokens.otherAdmin);
    expect(theirs.codes).toEqual([]);
    expect(theirs.data).toEqual({ exams: { totalCount: 0, edges: [] }, exam: null });
  });
});
