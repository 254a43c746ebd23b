// Report cards (issue 5, point 7) against the real PostgreSQL, Redis (BullMQ) and the in-process S3
// server (which verifies SigV4): remarks with their rules, a section batch end to end through the
// queue (progress, objects, presigned downloads read back with pdf-parse), a student that fails
// permanently while the others complete, a worker that dies mid-job, and who may do and see what —
// the wrong role, another section's teacher, a parent of another child, another school.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestSchool,
  startS3Server,
  startSubgraphStack,
  tokenForUser,
  type S3TestServer,
  type TestEndpoint,
} from '@schools24/testkit';
import { createObjectStore } from '@schools24/storage';
import { createAcademicsSubgraph } from '../src/index.js';
import { createAcademicsRepositories } from '../src/repositories/index.js';
import {
  startReportCardWorker,
  type RunningReportCardWorker,
} from '../src/services/report-cards/report-card-worker.js';
import { JOB_PREFIX } from '../src/services/report-cards/report-card-queue.js';
import type { TermGradesSource } from '../src/services/report-cards/term-grades-source.js';
import type { TestSchool } from './fixtures.js';
import { tinyPng } from './png.js';

interface UserErrorShape {
  field: string[] | null;
  code: string;
  message: string;
}

interface CardShape {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  byteSize: number | null;
  student: { id: string };
  downloadUrl: { url: string; expiresAt: string } | null;
}

interface BatchShape {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  student: { id: string } | null;
  cards: { totalCount: number; edges: { node: CardShape }[] };
}

const BATCH_FIELDS = `id status total done failed student { id }
  cards(first: 100) { totalCount edges { node { id status attempts error byteSize student { id } downloadUrl { url expiresAt } } } }`;

const GENERATE = `mutation ($input: GenerateReportCardsInput!) {
  generateReportCards(input: $input) { batch { id status total done failed } userErrors { field code message } } }`;

const SET_REMARK = `mutation ($input: SetReportCardRemarkInput!) {
  setReportCardRemark(input: $input) { remark { id text subject { id } author { id } student { id } } userErrors { field code message } } }`;

const REPORT_CARD = `query ($termId: ID!, $studentId: ID!) {
  reportCard(termId: $termId, studentId: $studentId) { id status downloadUrl { url expiresAt } } }`;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** A source that fails for chosen students and hangs for others, around the real gradebook. */
class ControlledTermGrades implements TermGradesSource {
  readonly failing = new Set<string>();
  readonly hanging = new Set<string>();
  calls = 0;
  constructor(private readonly real: TermGradesSource) {}
  async termGradesForStudents(schoolId: string, termId: string, studentIds: readonly string[]) {
    this.calls += 1;
    if (studentIds.some((id) => this.failing.has(id))) throw new Error('gradebook exploded');
    if (studentIds.some((id) => this.hanging.has(id))) await new Promise(() => undefined);
    return this.real.termGradesForStudents(schoolId, termId, studentIds);
  }
  gradingScaleLegend(schoolId: string, termId: string) {
    return this.real.gradingScaleLegend(schoolId, termId);
  }
}

describe('academics report cards', () => {
  let s3: S3TestServer;
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let worker: RunningReportCardWorker;
  let grades: ControlledTermGrades;
  let schoolId: string;
  let sectionId: string;
  let termId: string;
  let closedPeriodId: string;
  let mathId: string;
  let scienceId: string;
  /** ACTIVE students of the section, the sample student (who has a login) first. */
  let students: string[];
  let sampleStudentId: string;
  let tokens: Record<
    | 'classTeacher'
    | 'subjectTeacher'
    | 'outsider'
    | 'student'
    | 'classmate'
    | 'parent'
    | 'otherParent'
    | 'accountant'
    | 'otherAdmin',
    string
  >;
  let classTeacherUserId: string;

  const config = { REPORT_CARD_QUEUE: `report-cards-test-${randomUUID()}`, REPORT_CARD_ATTEMPTS: 2 };

  beforeAll(async () => {
    s3 = await startS3Server();
    stack = await startSubgraphStack(createAcademicsSubgraph, { ...s3.config, ...config });
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 40, teachers: 8 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
    const db = stack.resources.db;
    schoolId = school.schoolId;
    sectionId = school.sample.sectionId;
    sampleStudentId = school.sample.studentId;
    const term = await db.term.findFirstOrThrow({
      where: { schoolId, academicYearId: school.academicYearId, kind: 'TERM', name: 'Term 2' },
    });
    termId = term.id;
    // The grading period holding the term's last day: closing it freezes the remarks.
    closedPeriodId = (
      await db.term.findFirstOrThrow({
        where: { schoolId, parentTermId: termId, kind: 'GRADING_PERIOD', endsOn: term.endsOn },
      })
    ).id;
    const subjects = await db.subject.findMany({ where: { schoolId }, orderBy: { code: 'asc' }, take: 2 });
    [mathId, scienceId] = subjects.map((subject) => subject.id) as [string, string];

    // The cast: the sample teacher is the section's class teacher; another teacher teaches it one
    // subject (science); an outsider has nothing to do with it.
    const teachers = await db.teacher.findMany({
      where: { schoolId, userId: { not: null } },
      select: { id: true, userId: true },
      orderBy: { id: 'asc' },
    });
    const classTeacher = teachers.find((teacher) => teacher.id === school.sample.teacherId);
    const [subjectTeacher, outsider] = teachers.filter((teacher) => teacher.id !== school.sample.teacherId);
    if (!classTeacher?.userId || !subjectTeacher?.userId || !outsider?.userId)
      throw new Error('too few teachers');
    classTeacherUserId = classTeacher.userId;
    await db.section.updateMany({
      where: { schoolId, classTeacherId: { in: [subjectTeacher.id, outsider.id] } },
      data: { classTeacherId: null },
    });
    await db.section.update({ where: { id: sectionId }, data: { classTeacherId: classTeacher.id } });
    await db.teachingAssignment.deleteMany({
      where: { schoolId, teacherId: { in: [subjectTeacher.id, outsider.id] }, sectionId },
    });
    await db.teachingAssignment.create({
      data: { schoolId, teacherId: subjectTeacher.id, sectionId, subjectId: scienceId },
    });

    // Grow the section to five students with ones moved from other sections (before any request
    // reads them, so nothing is cached stale); none of them a child of the sample student's parents.
    const siblings = await db.studentGuardian.findMany({
      where: { schoolId, guardian: { students: { some: { studentId: sampleStudentId } } } },
      select: { studentId: true },
    });
    const movers = await db.enrolment.findMany({
      where: {
        schoolId,
        status: 'ACTIVE',
        academicYearId: school.academicYearId,
        sectionId: { not: sectionId },
        studentId: { notIn: siblings.map((row) => row.studentId) },
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 4,
    });
    for (const [index, mover] of movers.entries())
      await db.enrolment.update({ where: { id: mover.id }, data: { sectionId, rollNumber: 900 + index } });
    const enrolments = await db.enrolment.findMany({
      where: { schoolId, sectionId, status: 'ACTIVE' },
      select: { studentId: true, student: { select: { userId: true } } },
      orderBy: { rollNumber: 'asc' },
    });
    students = [
      sampleStudentId,
      ...enrolments.map((row) => row.studentId).filter((id) => id !== sampleStudentId),
    ];
    // A classmate who can sign in (young students often have no login: give one).
    const classmateId = students[1] ?? '';
    let classmateUserId = enrolments.find((row) => row.studentId === classmateId)?.student.userId ?? null;
    if (!classmateUserId) {
      const user = await db.user.create({
        data: {
          schoolId,
          email: `classmate-${randomUUID()}@example.test`,
          displayName: 'Classmate',
          status: 'ACTIVE',
        },
      });
      await db.roleAssignment.create({ data: { schoolId, userId: user.id, role: 'STUDENT' } });
      await db.student.update({ where: { id: classmateId }, data: { userId: user.id } });
      classmateUserId = user.id;
    }
    const parent = await db.guardian.findFirstOrThrow({
      where: { schoolId, userId: { not: null }, students: { some: { studentId: sampleStudentId } } },
      select: { userId: true },
    });
    const otherParent = await db.guardian.findFirstOrThrow({
      where: { schoolId, userId: { not: null }, students: { none: { studentId: sampleStudentId } } },
      select: { userId: true },
    });
    const login = (entries: TestSchool['logins'], role: string) => {
      const found = entries.find((entry) => entry.role === role);
      if (!found) throw new Error(`no ${role} login`);
      return found.userId;
    };
    const accountant = school.logins.find((entry) => entry.role === 'ACCOUNTANT');
    const token = (userId: string) => tokenForUser(stack.resources, schoolId, userId);
    tokens = {
      classTeacher: await token(classTeacher.userId),
      subjectTeacher: await token(subjectTeacher.userId),
      outsider: await token(outsider.userId),
      student: await token(login(school.logins, 'STUDENT')),
      classmate: await token(classmateUserId),
      parent: await token(parent.userId ?? ''),
      otherParent: await token(otherParent.userId ?? ''),
      accountant: accountant ? await token(accountant.userId) : '',
      otherAdmin: await tokenForUser(stack.resources, other.schoolId, login(other.logins, 'SCHOOL_ADMIN')),
    };

    // Published exam marks in the term: the sample student 93/100 in maths, 34/50 in science.
    const exam = await db.exam.create({
      data: {
        schoolId,
        academicYearId: school.academicYearId,
        termId,
        name: 'Term 2 test',
        kind: 'MIDTERM',
        createdByUserId: classTeacher.userId,
        publishedAt: new Date(),
        publishedByUserId: classTeacher.userId,
      },
    });
    const paper = (subjectId: string, maxMarks: number, hour: number) =>
      db.examPaper.create({
        data: {
          schoolId,
          examId: exam.id,
          sectionId,
          subjectId,
          startsAt: new Date(Date.UTC(2026, 9, 12, hour)),
          endsAt: new Date(Date.UTC(2026, 9, 12, hour + 1)),
          room: 'R-1',
          invigilatorTeacherIds: [classTeacher.id],
          maxMarks,
          passMarks: Math.floor(maxMarks / 3),
          marksLockedAt: new Date(),
        },
      });
    const [math, science] = [await paper(mathId, 100, 4), await paper(scienceId, 50, 6)];
    await db.examMark.createMany({
      data: students.flatMap((studentId, index) =>
        [
          { paperId: math.id, marks: index === 0 ? 93 : 60 + index },
          { paperId: science.id, marks: index === 0 ? 34 : 40 },
        ].map(({ paperId, marks }) => ({
          schoolId,
          paperId,
          studentId,
          isAbsent: false,
          enteredMarks: marks,
          enteredByUserId: classTeacher.userId ?? '',
          enteredAt: new Date(),
        })),
      ),
    });
    // Daily attendance in the term: 5 present, 1 late (counts as present), 2 absent → 75 %.
    await db.attendanceCode.createMany({
      data: [
        { schoolId, code: 'P', name: 'Present', countsAsPresent: true, position: 0 },
        { schoolId, code: 'A', name: 'Absent', countsAsPresent: false, position: 1 },
        { schoolId, code: 'L', name: 'Late', countsAsPresent: true, position: 2 },
      ],
      skipDuplicates: true,
    });
    const codes = new Map(
      (await db.attendanceCode.findMany({ where: { schoolId } })).map((code) => [code.code, code.id]),
    );
    await db.attendanceMark.createMany({
      data: ['P', 'P', 'A', 'P', 'L', 'P', 'A', 'P'].map((code, index) => ({
        id: randomUUID(),
        schoolId,
        sectionId,
        studentId: sampleStudentId,
        date: new Date(Date.UTC(2026, 8, 1 + index)),
        periodNumber: 0,
        codeId: codes.get(code) ?? '',
        idempotencyId: `fixture-${index}`,
        markedByUserId: classTeacher.userId ?? '',
        markedAt: new Date(),
      })),
    });

    grades = new ControlledTermGrades(createAcademicsRepositories(stack.app.db).gradebook);
    // Stalled jobs are looked for every half second (default 30 s): the crash test waits for it.
    worker = startReportCardWorker(stack.app, { termGrades: grades, concurrency: 2, stalledIntervalMs: 500 });
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([school?.remove(), other?.remove()]);
    // The test's queue goes with it (jobs are kept a while after they finish).
    const leftovers = new Queue(config.REPORT_CARD_QUEUE, {
      connection: stack.app.bufferRedis,
      prefix: JOB_PREFIX,
    });
    await leftovers.obliterate({ force: true });
    await leftovers.close();
    await stack?.stop();
    await s3?.stop();
  });

  async function as<T>(token: string | null, document: string, variables: Record<string, unknown>) {
    const { body } = await stack.graphql<T>(document, variables, token ? { token } : { schoolId });
    return { data: body.data ?? null, codes: (body.errors ?? []).map((error) => error.extensions?.code) };
  }

  async function generate(input: Record<string, unknown>, token: string | null = tokens.classTeacher) {
    const result = await as<{
      generateReportCards: {
        batch: { id: string; status: string; total: number } | null;
        userErrors: UserErrorShape[];
      };
    }>(token, GENERATE, { input });
    return { payload: result.data?.generateReportCards ?? null, codes: result.codes };
  }

  async function batch(id: string, token: string | null = tokens.classTeacher) {
    const result = await as<{ reportCardBatch: BatchShape | null }>(
      token,
      `query ($id: ID!) { reportCardBatch(id: $id) { ${BATCH_FIELDS} } }`,
      { id },
    );
    return { batch: result.data?.reportCardBatch ?? null, codes: result.codes };
  }

  /** Polls the batch until every card finished (or the time is up). */
  async function finished(id: string, timeoutMs = 45_000): Promise<BatchShape> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { batch: current } = await batch(id);
      if (current && current.done + current.failed === current.total && current.status !== 'RUNNING')
        return current;
      if (Date.now() > deadline) throw new Error(`batch ${id} did not finish: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function setRemark(input: Record<string, unknown>, token: string | null) {
    const result = await as<{
      setReportCardRemark: { remark: { id: string; text: string } | null; userErrors: UserErrorShape[] };
    }>(token, SET_REMARK, { input });
    return { payload: result.data?.setReportCardRemark ?? null, codes: result.codes };
  }

  const remarksInDb = () =>
    stack.resources.db.reportCardRemark.findMany({
      where: { schoolId },
      select: { studentId: true, subjectId: true, text: true, authorUserId: true },
      orderBy: [{ studentId: 'asc' }, { subjectId: 'asc' }],
    });

  describe('remarks', () => {
    it('lets the class teacher write the general remark and a subject teacher their subject’s', async () => {
      const general = await setRemark(
        { termId, studentId: sampleStudentId, text: '  Asks sharp questions; helps classmates.  ' },
        tokens.classTeacher,
      );
      expect(general.codes).toEqual([]);
      expect(general.payload?.userErrors).toEqual([]);
      expect(general.payload?.remark?.text).toBe('Asks sharp questions; helps classmates.');
      const subject = await setRemark(
        { termId, studentId: sampleStudentId, subjectId: scienceId, text: 'Revise the chapter on light.' },
        tokens.subjectTeacher,
      );
      expect(subject.payload?.userErrors).toEqual([]);
      // Writing again replaces: still one general remark.
      const again = await setRemark(
        { termId, studentId: sampleStudentId, text: 'Asks sharp questions and helps her classmates.' },
        tokens.classTeacher,
      );
      expect(again.payload?.remark?.id).toBe(general.payload?.remark?.id);
      expect(await remarksInDb()).toEqual(
        expect.arrayContaining([
          {
            studentId: sampleStudentId,
            subjectId: null,
            text: 'Asks sharp questions and helps her classmates.',
            authorUserId: classTeacherUserId,
          },
          expect.objectContaining({
            studentId: sampleStudentId,
            subjectId: scienceId,
            text: 'Revise the chapter on light.',
          }),
        ]),
      );
      expect(await remarksInDb()).toHaveLength(2);
      const listed = await as<{ reportCardRemarks: { subject: { id: string } | null; text: string }[] }>(
        tokens.subjectTeacher,
        `query ($termId: ID!, $studentId: ID!) { reportCardRemarks(termId: $termId, studentId: $studentId) { subject { id } text } }`,
        { termId, studentId: sampleStudentId },
      );
      expect(listed.data?.reportCardRemarks.map((remark) => remark.subject?.id ?? null)).toEqual([
        null,
        scienceId,
      ]);
    });

    it('refuses the wrong people, and validation errors change nothing', async () => {
      const before = await remarksInDb();
      const input = { termId, studentId: sampleStudentId, text: 'Not yours to say.' };
      // A subject teacher may not write the general remark, nor another subject's.
      expect((await setRemark(input, tokens.subjectTeacher)).codes).toEqual(['FORBIDDEN']);
      expect((await setRemark({ ...input, subjectId: mathId }, tokens.subjectTeacher)).codes).toEqual([
        'FORBIDDEN',
      ]);
      // Another section's teacher, students, parents and accountants.
      expect((await setRemark(input, tokens.outsider)).codes).toEqual(['FORBIDDEN']);
      expect((await setRemark({ ...input, subjectId: scienceId }, tokens.outsider)).codes).toEqual([
        'FORBIDDEN',
      ]);
      for (const token of [tokens.student, tokens.parent, tokens.accountant])
        expect((await setRemark(input, token)).codes).toEqual(['FORBIDDEN']);
      // Another school's admin finds none of these records.
      const foreign = await setRemark(input, tokens.otherAdmin);
      expect(foreign.payload?.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
      // Validation: too long, unknown subject, a student outside the school.
      const long = await setRemark({ ...input, text: 'x'.repeat(2001) }, tokens.classTeacher);
      expect(long.payload?.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'text'] }),
      ]);
      const noSubject = await setRemark({ ...input, subjectId: randomUUID() }, tokens.classTeacher);
      expect(noSubject.payload?.userErrors.map((error) => [error.code, error.field])).toEqual([
        ['NOT_FOUND', ['input', 'subjectId']],
      ]);
      const noStudent = await setRemark({ ...input, studentId: other.sample.studentId }, null);
      expect(noStudent.payload?.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
      expect(await remarksInDb()).toEqual(before);
    });

    it('refuses remarks while the grading period holding the term’s last day is closed (PERIOD_CLOSED)', async () => {
      const before = await remarksInDb();
      await stack.resources.db.term.update({ where: { id: closedPeriodId }, data: { closedAt: new Date() } });
      try {
        const refused = await setRemark(
          { termId, studentId: sampleStudentId, text: 'Too late.' },
          tokens.classTeacher,
        );
        expect(refused.payload?.userErrors.map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
        const removal = await setRemark(
          { termId, studentId: sampleStudentId, subjectId: scienceId, text: '' },
          tokens.subjectTeacher,
        );
        expect(removal.payload?.userErrors.map((error) => error.code)).toEqual(['PERIOD_CLOSED']);
        expect(await remarksInDb()).toEqual(before);
      } finally {
        await stack.resources.db.term.update({ where: { id: closedPeriodId }, data: { closedAt: null } });
      }
    });
  });

  describe('generation', () => {
    let sectionBatchId: string;

    it('generates a whole section through the queue: progress reaches the total, every PDF is stored and downloads', async () => {
      const { payload, codes } = await generate({ termId, sectionId });
      expect(codes).toEqual([]);
      expect(payload?.userErrors).toEqual([]);
      expect(payload?.batch).toMatchObject({ status: 'QUEUED', total: students.length });
      sectionBatchId = payload?.batch?.id ?? '';
      const done = await finished(sectionBatchId);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        total: students.length,
        done: students.length,
        failed: 0,
      });
      expect(done.cards.totalCount).toBe(students.length);
      // Cards in roll-number order, each stored under its school/term/student key.
      expect(done.cards.edges.map(({ node }) => node.student.id)).toEqual(students);
      for (const { node } of done.cards.edges) {
        expect(node).toMatchObject({ status: 'COMPLETED', attempts: 1, error: null });
        const stored = s3.object(`schools/${schoolId}/report-cards/${termId}/${node.student.id}.pdf`);
        expect(stored?.contentType).toBe('application/pdf');
        expect(node.byteSize).toBe(stored?.body.length);
      }
      // The presigned URL downloads exactly the stored bytes, which are the sample student's card.
      const card = done.cards.edges[0]?.node;
      expect(card?.downloadUrl?.url).toContain('X-Amz-Signature=');
      expect(new Date(card?.downloadUrl?.expiresAt ?? 0).getTime()).toBeGreaterThan(Date.now());
      const response = await fetch(card?.downloadUrl?.url ?? '');
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(
        Buffer.from(bytes).equals(
          s3.object(`schools/${schoolId}/report-cards/${termId}/${sampleStudentId}.pdf`)?.body ??
            Buffer.alloc(0),
        ),
      ).toBe(true);
      const text = await pdfText(bytes);
      const student = await stack.resources.db.student.findUniqueOrThrow({ where: { id: sampleStudentId } });
      const [math, science] = await stack.resources.db.subject.findMany({
        where: { id: { in: [mathId, scienceId] } },
        orderBy: { code: 'asc' },
      });
      expect(text).toContain(`${student.givenName} ${student.familyName}`);
      expect(text).toContain(school.name);
      expect(text).toMatch(new RegExp(`${math?.name ?? 'math'} 93 % A\\+ 10`));
      expect(text).toMatch(new RegExp(`${science?.name ?? 'science'} 68 % B 7`));
      expect(text).toContain('Attendance: 75 % — present 6, absent 2, late 1 of 8 sessions');
      expect(text).toContain('Asks sharp questions and helps her classmates.');
      expect(text).toContain('Revise the chapter on light.');
      expect(text).toContain('A+: 90–100 %, 10 pts');
      // A tampered URL is refused by the store (it verifies the signature).
      expect((await fetch(`${card?.downloadUrl?.url ?? ''}0`)).status).toBe(403);
    });

    it('generates one student’s card with the school’s logo from storage, overwriting the same object', async () => {
      const key = `schools/${schoolId}/report-cards/${termId}/${sampleStudentId}.pdf`;
      const earlier = s3.object(key)?.body;
      expect(earlier?.toString('latin1')).not.toContain('/Subtype /Image');
      const logoKey = `schools/${schoolId}/branding/logo.png`;
      const store = createObjectStore(stack.app.config);
      await store?.put(logoKey, tinyPng(), 'image/png');
      store?.destroy();
      await stack.resources.db.school.update({
        where: { id: schoolId },
        data: { settings: { logoObjectKey: logoKey } },
      });
      const { payload } = await generate({ termId, studentId: sampleStudentId });
      expect(payload?.batch).toMatchObject({ total: 1 });
      const done = await finished(payload?.batch?.id ?? '');
      expect(done).toMatchObject({
        status: 'COMPLETED',
        done: 1,
        failed: 0,
        student: { id: sampleStudentId },
      });
      expect(s3.keys().filter((stored) => stored === key)).toHaveLength(1);
      // The same key now holds the new card, with the logo embedded.
      expect(s3.object(key)?.body.toString('latin1')).toContain('/Subtype /Image');
      expect(await pdfText(s3.object(key)?.body ?? Buffer.alloc(0))).toContain(school.name);
    });

    it('records a permanently failing student as FAILED after every attempt while the others complete', async () => {
      const failing = students[2] ?? '';
      grades.failing.add(failing);
      try {
        const { payload } = await generate({ termId, sectionId }, null);
        const done = await finished(payload?.batch?.id ?? '');
        expect(done).toMatchObject({ status: 'COMPLETED', done: students.length - 1, failed: 1 });
        const failed = done.cards.edges.map(({ node }) => node).filter((node) => node.status === 'FAILED');
        expect(failed).toEqual([
          expect.objectContaining({
            student: { id: failing },
            attempts: 2,
            downloadUrl: null,
            error: 'The report card could not be generated (the error is in the worker log).',
          }),
        ]);
        const failedOnly = await as<{ reportCardBatch: { cards: { totalCount: number } } }>(
          null,
          `query ($id: ID!) { reportCardBatch(id: $id) { cards(status: FAILED) { totalCount } } }`,
          { id: done.id },
        );
        expect(failedOnly.data?.reportCardBatch.cards.totalCount).toBe(1);
      } finally {
        grades.failing.delete(failing);
      }
    });

    it('runs a job again when its worker dies mid-job: the card completes once, on the same key', async () => {
      const studentId = students[1] ?? '';
      await worker.stop();
      const hanging = new ControlledTermGrades(createAcademicsRepositories(stack.app.db).gradebook);
      hanging.hanging.add(studentId);
      const doomed = startReportCardWorker(stack.app, {
        termGrades: hanging,
        lockDurationMs: 1000,
        // Every worker of a queue shares its stalled-job check (one runs it per interval).
        stalledIntervalMs: 500,
      });
      const { payload } = await generate({ termId, studentId });
      const batchId = payload?.batch?.id ?? '';
      const deadline = Date.now() + 20_000;
      while (hanging.calls === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hanging.calls).toBe(1);
      // The worker dies: no graceful close, its lock is no longer renewed.
      await doomed.worker.close(true);
      await doomed.stop();
      worker = startReportCardWorker(stack.app, { termGrades: grades, stalledIntervalMs: 500 });
      const done = await finished(batchId);
      expect(done).toMatchObject({ status: 'COMPLETED', done: 1, failed: 0 });
      expect(done.cards.edges[0]?.node).toMatchObject({ status: 'COMPLETED', attempts: 2, error: null });
      expect(
        s3.object(`schools/${schoolId}/report-cards/${termId}/${studentId}.pdf`)?.body.length,
      ).toBeGreaterThan(1000);
    });

    it('refuses wrong input with user errors', async () => {
      const codesOf = async (input: Record<string, unknown>) =>
        (await generate(input, null)).payload?.userErrors.map((error) => error.code);
      expect(await codesOf({ termId: randomUUID(), sectionId })).toEqual(['NOT_FOUND']);
      expect(await codesOf({ termId })).toEqual(['INVALID_INPUT']);
      expect(await codesOf({ termId, sectionId, studentId: sampleStudentId })).toEqual(['INVALID_INPUT']);
      expect(await codesOf({ termId, sectionId: randomUUID() })).toEqual(['NOT_FOUND']);
      expect(await codesOf({ termId, studentId: randomUUID() })).toEqual(['NOT_FOUND']);
    });

    it('lets only admins and the section’s teachers generate and follow batches', async () => {
      const count = () => stack.resources.db.reportCardBatch.count({ where: { schoolId } });
      const before = await count();
      for (const token of [tokens.outsider])
        for (const input of [
          { termId, sectionId },
          { termId, studentId: sampleStudentId },
        ])
          expect((await generate(input, token)).codes).toEqual(['FORBIDDEN']);
      // Students, parents and accountants are refused by the schema's rules.
      for (const token of [tokens.student, tokens.parent, tokens.accountant])
        expect((await generate({ termId, sectionId }, token)).codes).toEqual(['FORBIDDEN']);
      // Another school: the term is not found there.
      const foreign = await generate({ termId, sectionId }, tokens.otherAdmin);
      expect(foreign.payload?.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
      expect(await count()).toBe(before);
      // The subject teacher teaches the section: allowed to follow it; the outsider is not.
      expect((await batch(sectionBatchId, tokens.subjectTeacher)).batch?.id).toBe(sectionBatchId);
      expect((await batch(sectionBatchId, tokens.outsider)).codes).toEqual(['FORBIDDEN']);
      expect((await batch(sectionBatchId, tokens.student)).codes).toEqual(['FORBIDDEN']);
      expect((await batch(sectionBatchId, tokens.otherAdmin)).batch).toBeNull();
    });

    it('shows a card’s download to the student, their parents, admins and the section’s teachers only', async () => {
      const card = (token: string | null, studentId = sampleStudentId) =>
        as<{ reportCard: { downloadUrl: { url: string } | null } | null }>(token, REPORT_CARD, {
          termId,
          studentId,
        });
      for (const token of [tokens.student, tokens.parent, tokens.classTeacher, tokens.subjectTeacher, null]) {
        const seen = await card(token);
        expect(seen.codes).toEqual([]);
        const response = await fetch(seen.data?.reportCard?.downloadUrl?.url ?? '');
        expect(response.status).toBe(200);
        expect(
          Buffer.from(await response.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }
      for (const token of [tokens.otherParent, tokens.outsider, tokens.classmate, tokens.accountant])
        expect((await card(token)).codes).toEqual(['FORBIDDEN']);
      // Another school's admin: that school has no such card.
      expect(await card(tokens.otherAdmin)).toEqual({ data: { reportCard: null }, codes: [] });
    });
  });
});
