// Real PostgreSQL: the suite makes its own scratch database (migrated) and drops it afterwards.
import { createHash, randomBytes } from 'node:crypto';
import { config, withDatabaseName } from '@schools24/config';
import { applyMigrations, createDatabase, dropDatabase, ensureDatabase, type Database } from '@schools24/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  STUDENT_LOGIN_MIN_AGE,
  SchoolExistsError,
  SeedError,
  isDatabaseEmpty,
  seedSchool,
  subjectsForSection,
  type SeededSchool,
} from '../src/index.js';

const url = withDatabaseName(
  config().DATABASE_ADMIN_URL,
  `schools24_seed_test_${randomBytes(6).toString('hex')}`,
);
let db: Database;

beforeAll(async () => {
  await ensureDatabase(url);
  await applyMigrations(url);
  db = createDatabase({ url, poolSize: 4 });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

/** SHA-256 of every row of the school (timestamps set by the database left out), in id order. */
async function digest(schoolId: string): Promise<string> {
  const where = { schoolId };
  const byId = { orderBy: { id: 'asc' as const } };
  const rows = {
    school: await db.school.findMany({ where: { id: schoolId } }),
    users: await db.user.findMany({ where, ...byId }),
    roleAssignments: await db.roleAssignment.findMany({ where, ...byId }),
    staff: await db.staff.findMany({ where, ...byId }),
    teachers: await db.teacher.findMany({ where, ...byId }),
    academicYears: await db.academicYear.findMany({ where, ...byId }),
    terms: await db.term.findMany({ where, ...byId }),
    grades: await db.grade.findMany({ where, ...byId }),
    subjects: await db.subject.findMany({ where, ...byId }),
    sections: await db.section.findMany({ where, ...byId }),
    teachingAssignments: await db.teachingAssignment.findMany({ where, ...byId }),
    students: await db.student.findMany({ where, ...byId }),
    guardians: await db.guardian.findMany({ where, ...byId }),
    studentGuardians: await db.studentGuardian.findMany({ where, ...byId }),
    enrolments: await db.enrolment.findMany({ where, ...byId }),
    feeStructures: await db.feeStructure.findMany({ where, ...byId }),
    announcements: await db.announcement.findMany({ where, ...byId }),
    bellPeriods: await db.bellPeriod.findMany({ where, ...byId }),
    rooms: await db.room.findMany({ where, ...byId }),
    timetableEntries: await db.timetableEntry.findMany({ where, ...byId }),
    substitutions: await db.substitution.findMany({ where, ...byId }),
    attendanceCodes: await db.attendanceCode.findMany({ where, ...byId }),
    attendanceMarks: await db.attendanceMark.findMany({ where, ...byId }),
    homework: await db.homework.findMany({ where, ...byId }),
    homeworkSubmissions: await db.homeworkSubmission.findMany({ where, ...byId }),
    homeworkExcusals: await db.homeworkExcusal.findMany({ where, ...byId }),
    questions: await db.question.findMany({ where, ...byId }),
    questionVersions: await db.questionVersion.findMany({ where, ...byId }),
    quizzes: await db.quiz.findMany({ where, ...byId }),
    quizItems: await db.quizItem.findMany({ where, ...byId }),
    quizAttempts: await db.quizAttempt.findMany({ where, ...byId }),
    quizSubmissions: await db.quizSubmission.findMany({ where, ...byId }),
    quizAnswers: await db.quizAnswer.findMany({ where, ...byId }),
    exams: await db.exam.findMany({ where, ...byId }),
    examPapers: await db.examPaper.findMany({ where, ...byId }),
    examMarks: await db.examMark.findMany({ where, ...byId }),
  };
  const json = JSON.stringify(rows, (key, value: unknown) =>
    key === 'createdAt' || key === 'updatedAt'
      ? undefined
      : typeof value === 'bigint'
        ? value.toString()
        : value,
  );
  return createHash('sha256').update(json).digest('hex');
}

function ageOn(dateOfBirth: Date, on: Date): number {
  const age = on.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const birthdayPassed =
    on.getUTCMonth() > dateOfBirth.getUTCMonth() ||
    (on.getUTCMonth() === dateOfBirth.getUTCMonth() && on.getUTCDate() >= dateOfBirth.getUTCDate());
  return birthdayPassed ? age : age - 1;
}

describe('seedSchool', { timeout: 120_000 }, () => {
  const options = { code: 'SEEDTEST', students: 120 } as const;
  let seeded: SeededSchool;

  it('seeds an empty database with the requested numbers', async () => {
    expect(await isDatabaseEmpty(db)).toBe(true);
    const steps = new Set<string>();
    seeded = await seedSchool(db, { ...options, onProgress: (step) => steps.add(step) });
    expect(await isDatabaseEmpty(db)).toBe(false);
    expect(steps).toContain('students');

    const schoolId = seeded.schoolId;
    expect(seeded.code).toBe('SEEDTEST');
    expect(seeded.replaced).toBe(false);
    expect(seeded.counts).toMatchObject({
      students: 120,
      enrolments: 120,
      teachers: 40,
      sections: 36,
      grades: 12,
      terms: 3,
      gradingPeriods: 6,
    });
    const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } });
    expect(school).toMatchObject({
      code: 'SEEDTEST',
      timezone: 'Asia/Kolkata',
      currency: 'INR',
      locale: 'en-IN',
    });
    expect(await db.student.count({ where: { schoolId } })).toBe(120);
    expect(await db.teacher.count({ where: { schoolId } })).toBe(40);
    expect(await db.guardian.count({ where: { schoolId } })).toBe(seeded.counts.guardians);
    expect(await db.user.count({ where: { schoolId } })).toBe(seeded.counts.users);
    expect(await db.teachingAssignment.count({ where: { schoolId } })).toBe(
      seeded.counts.teachingAssignments,
    );
    expect(await db.section.count({ where: { schoolId } })).toBe(36);
    expect(await db.staff.count({ where: { schoolId } })).toBeGreaterThanOrEqual(2);
    expect(await db.feeStructure.count({ where: { schoolId } })).toBe(seeded.counts.feeStructures);
    expect(await db.announcement.count({ where: { schoolId } })).toBe(seeded.counts.announcements);

    const year = await db.academicYear.findUniqueOrThrow({ where: { id: seeded.academicYearId } });
    expect(year).toMatchObject({ name: '2026-27', isCurrent: true });
    const periods = await db.term.findMany({ where: { schoolId, kind: 'GRADING_PERIOD' } });
    expect(periods).toHaveLength(6);
    for (const period of periods) {
      expect(period.parentTermId).not.toBeNull();
      expect(period.postingOpensAt?.getTime()).toBeLessThan(period.postingClosesAt?.getTime() ?? 0);
    }
    const sections = await db.section.findMany({
      where: { schoolId },
      include: { _count: { select: { enrolments: true } } },
    });
    for (const section of sections) {
      expect([3, 4]).toContain(section._count.enrolments);
      expect(section.classTeacherId).not.toBeNull();
      expect(section.room).toBeTruthy();
    }
    const fees = await db.feeStructure.findMany({ where: { schoolId } });
    expect(fees.filter((fee) => fee.gradeId !== null)).toHaveLength(12);
    expect(fees.every((fee) => fee.currency === 'INR' && fee.amountMinor > 0n)).toBe(true);
  });

  it('gives every student one or two guardians with contact priorities 1 and 2', async () => {
    const links = await db.studentGuardian.findMany({ where: { schoolId: seeded.schoolId } });
    const byStudent = new Map<string, number[]>();
    for (const link of links)
      byStudent.set(link.studentId, [...(byStudent.get(link.studentId) ?? []), link.contactPriority]);
    expect(byStudent.size).toBe(120);
    for (const priorities of byStudent.values()) {
      expect([[1], [1, 2]]).toContainEqual(priorities.sort());
    }
    const primary = links.filter((link) => link.contactPriority === 1);
    expect(primary.every((link) => link.hasCustody && link.receivesSms)).toBe(true);
  });

  it('enrols every student exactly once, ACTIVE, with roll numbers 1..n in name order per section', async () => {
    const enrolments = await db.enrolment.findMany({
      where: { schoolId: seeded.schoolId },
      include: { student: true },
      orderBy: [{ sectionId: 'asc' }, { rollNumber: 'asc' }],
    });
    expect(enrolments).toHaveLength(120);
    expect(new Set(enrolments.map((enrolment) => enrolment.studentId)).size).toBe(120);
    expect(enrolments.every((enrolment) => enrolment.status === 'ACTIVE')).toBe(true);
    const bySection = new Map<string, typeof enrolments>();
    for (const enrolment of enrolments) {
      bySection.set(enrolment.sectionId, [...(bySection.get(enrolment.sectionId) ?? []), enrolment]);
    }
    for (const members of bySection.values()) {
      expect(members.map((enrolment) => enrolment.rollNumber)).toEqual(members.map((_, index) => index + 1));
      const names = members.map(({ student }) =>
        `${student.givenName}\u0000${student.familyName}`.toLowerCase(),
      );
      expect(names).toEqual([...names].sort());
    }
  });

  it('staffs every section x subject of the curriculum with exactly one teacher', async () => {
    const schoolId = seeded.schoolId;
    const sections = await db.section.findMany({ where: { schoolId }, include: { grade: true } });
    const assignments = await db.teachingAssignment.findMany({
      where: { schoolId },
      include: { subject: true },
    });
    const expected = sections.flatMap((section) =>
      subjectsForSection(section.grade.level, section.name).map((subject) => `${section.id}/${subject}`),
    );
    const actual = assignments.map((assignment) => `${assignment.sectionId}/${assignment.subject.code}`);
    expect(actual.sort()).toEqual(expected.sort());

    const subjectsByTeacher = new Map<string, Set<string>>();
    for (const assignment of assignments) {
      const set = subjectsByTeacher.get(assignment.teacherId) ?? new Set<string>();
      set.add(assignment.subject.code);
      subjectsByTeacher.set(assignment.teacherId, set);
    }
    expect(subjectsByTeacher.size).toBe(40);
    for (const subjects of subjectsByTeacher.values()) expect(subjects.size).toBeLessThanOrEqual(2);
  });

  it('creates users with unique lower-case emails, the right roles, and a working login per role', async () => {
    const schoolId = seeded.schoolId;
    const users = await db.user.findMany({ where: { schoolId }, include: { roleAssignments: true } });
    expect(users.every((user) => user.email === user.email.toLowerCase() && user.email.includes('@'))).toBe(
      true,
    );
    expect(new Set(users.map((user) => user.email)).size).toBe(users.length);
    const withRole = (role: string) =>
      users.filter((user) => user.roleAssignments.some((ra) => ra.role === role));
    expect(withRole('SCHOOL_ADMIN')).toHaveLength(1);
    expect(withRole('ACCOUNTANT')).toHaveLength(1);
    expect(withRole('TEACHER')).toHaveLength(40);

    const students = await db.student.findMany({ where: { schoolId } });
    const yearStart = new Date(Date.UTC(2026, 3, 1));
    for (const student of students) {
      expect(student.userId !== null).toBe(ageOn(student.dateOfBirth, yearStart) >= STUDENT_LOGIN_MIN_AGE);
    }
    expect(withRole('STUDENT')).toHaveLength(students.filter((student) => student.userId).length);
    const guardiansWithLogin = await db.guardian.count({ where: { schoolId, userId: { not: null } } });
    expect(withRole('GUARDIAN')).toHaveLength(guardiansWithLogin);

    expect(seeded.logins.map((login) => login.role).sort()).toEqual(
      ['ACCOUNTANT', 'GUARDIAN', 'SCHOOL_ADMIN', 'STUDENT', 'TEACHER'].sort(),
    );
    for (const login of seeded.logins) {
      expect(login.password).toBe(DEMO_PASSWORD);
      const user = users.find((candidate) => candidate.email === login.email);
      expect(user?.roleAssignments.map((ra) => ra.role)).toContain(login.role);
    }

    // The sample hangs together: the teacher teaches the section, the student is in it, the guardian is theirs.
    const { sample } = seeded;
    expect(
      await db.teachingAssignment.count({
        where: { sectionId: sample.sectionId, teacherId: sample.teacherId },
      }),
    ).toBeGreaterThan(0);
    expect(
      await db.enrolment.count({ where: { sectionId: sample.sectionId, studentId: sample.studentId } }),
    ).toBe(1);
    expect(
      await db.studentGuardian.count({
        where: { studentId: sample.studentId, guardianId: sample.guardianId },
      }),
    ).toBe(1);
  });

  it('refuses a second seed with the same code and leaves the school untouched', async () => {
    const before = await digest(seeded.schoolId);
    await expect(seedSchool(db, options)).rejects.toBeInstanceOf(SchoolExistsError);
    await expect(seedSchool(db, { ...options, code: 'seedtest' })).rejects.toThrow(/already exists.*replace/);
    expect(await digest(seeded.schoolId)).toBe(before);
  });

  it('is deterministic: the same options give identical rows and ids', async () => {
    const before = await digest(seeded.schoolId);
    const again = await seedSchool(db, { ...options, replace: true });
    expect(again.replaced).toBe(true);
    expect({ ...again, replaced: false }).toEqual(seeded);
    expect(await digest(again.schoolId)).toBe(before);
  });

  it('replace swaps the whole school for one seeded with other options', async () => {
    const before = await digest(seeded.schoolId);
    const other = await seedSchool(db, { ...options, students: 50, teachers: 20, seed: 7, replace: true });
    expect(other.replaced).toBe(true);
    // Ids derive from (seed, code), so another seed gives another school id.
    expect(other.schoolId).not.toBe(seeded.schoolId);
    expect(other.counts.students).toBe(50);
    expect(await db.school.findMany({ select: { id: true } })).toEqual([{ id: other.schoolId }]);
    expect(await digest(other.schoolId)).not.toBe(before);
    seeded = other;
    // Nothing of the old school is left behind.
    expect(await db.student.count()).toBe(50);
    expect(await db.teacher.count()).toBe(20);
    expect(await db.guardian.count()).toBe(other.counts.guardians);
    expect(await db.user.count()).toBe(other.counts.users);
    expect(await db.enrolment.count()).toBe(50);
    expect(await db.teachingAssignment.count()).toBe(other.counts.teachingAssignments);
  });

  it('keeps two schools apart', async () => {
    const second = await seedSchool(db, { code: 'SEEDTEST2', students: 40, teachers: 12 });
    expect(second.schoolId).not.toBe(seeded.schoolId);
    expect(await db.school.count()).toBe(2);
    expect(await db.student.count({ where: { schoolId: second.schoolId } })).toBe(40);
    expect(await db.student.count({ where: { schoolId: seeded.schoolId } })).toBe(50);
  });

  it('rejects a living term outside the academic year, or a today that is not a date', async () => {
    const today = new Date(Date.UTC(2027, 5, 1));
    await expect(seedSchool(db, { code: 'X', livingTerm: true, today, yearStart: 2026 })).rejects.toThrow(
      /academic year starting April 2026/,
    );
    await expect(
      seedSchool(db, { code: 'X', livingTerm: true, today: new Date(Date.UTC(2026, 10, 18, 9)) }),
    ).rejects.toBeInstanceOf(SeedError);
  });

  it('rejects invalid options before touching the database', async () => {
    await expect(seedSchool(db, { code: 'not a code' })).rejects.toBeInstanceOf(SeedError);
    await expect(seedSchool(db, { code: 'X', students: 0 })).rejects.toThrow(/students/);
    await expect(seedSchool(db, { code: 'X', teachers: 1.5 })).rejects.toThrow(/teachers/);
    expect(await db.school.count()).toBe(2);
  });
});

describe('seedSchool with a living term', { timeout: 120_000 }, () => {
  // A Wednesday in the second term; the history reaches back four school weeks.
  const today = new Date(Date.UTC(2026, 10, 18));
  const options = { code: 'LIVING', students: 200, livingTerm: true, today } as const;
  let seeded: SeededSchool;

  it('seeds a term around today: timetable, attendance, homework, quizzes and a published exam', async () => {
    seeded = await seedSchool(db, options);
    expect(seeded.today).toBe('2026-11-18');
    expect(seeded.academicYear).toBe('2026-27');
    expect(seeded.unplacedLessons).toBe(0);
    const schoolId = seeded.schoolId;
    const where = { schoolId };
    for (const [table, count] of Object.entries(seeded.tables)) {
      if (['school', 'academic year'].includes(table)) continue;
      expect(count, table).toBeGreaterThan(0);
    }
    // Every teaching assignment's periods are on the timetable; no slot is double-booked.
    const clashes = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "TimetableEntry" WHERE "schoolId" = ${schoolId}::uuid
         GROUP BY weekday, "periodNumber", "teacherId" HAVING count(*) > 1
        UNION ALL SELECT 1 FROM "TimetableEntry" WHERE "schoolId" = ${schoolId}::uuid
         GROUP BY weekday, "periodNumber", "sectionId" HAVING count(*) > 1
        UNION ALL SELECT 1 FROM "TimetableEntry" WHERE "schoolId" = ${schoolId}::uuid AND "roomId" IS NOT NULL
         GROUP BY weekday, "periodNumber", "roomId" HAVING count(*) > 1) AS clash`;
    expect(clashes[0]?.n).toBe(0n);

    // A daily register for every section on every school day of the history, none today or later.
    const days = await db.attendanceMark.groupBy({
      by: ['date'],
      where: { ...where, periodNumber: 0 },
      _count: { _all: true },
      orderBy: { date: 'asc' },
    });
    expect(days).toHaveLength(20);
    for (const row of days) {
      expect(row._count._all).toBe(200);
      expect([1, 2, 3, 4, 5]).toContain(((row.date.getUTCDay() + 6) % 7) + 1);
      expect(row.date.getTime()).toBeLessThan(today.getTime());
    }
    const codes = await db.attendanceCode.findMany({ where });
    const code = (letter: string) => codes.find((row) => row.code === letter)?.id ?? '';
    const daily = await db.attendanceMark.groupBy({
      by: ['codeId'],
      where: { ...where, periodNumber: 0 },
      _count: { _all: true },
    });
    const share = (letter: string) =>
      (daily.find((row) => row.codeId === code(letter))?._count._all ?? 0) / (200 * 20);
    expect(share('P')).toBeGreaterThan(0.85);
    expect(share('A')).toBeGreaterThan(0.005);
    expect(share('L')).toBeGreaterThan(0.005);
    expect(share('E') + share('M')).toBeGreaterThan(0.001);
    expect(await db.attendanceMark.count({ where: { ...where, periodNumber: { gt: 0 } } })).toBeGreaterThan(
      0,
    );

    // Homework: graded, submitted-not-graded, late, missing, excused and due soon all exist.
    const homework = await db.homework.findMany({ where, include: { submissions: true, excusals: true } });
    const submissions = homework.flatMap((row) => row.submissions);
    expect(submissions.some((row) => row.gradedAt !== null)).toBe(true);
    expect(submissions.some((row) => row.gradedAt === null && row.submittedAt < today)).toBe(true);
    expect(submissions.some((row) => row.isLate && (row.latePenaltyPercent ?? 0) > 0)).toBe(true);
    expect(homework.flatMap((row) => row.excusals)).toHaveLength(1);
    const dueSoon = homework.filter(
      (row) => row.dueAt > today && row.dueAt.getTime() < today.getTime() + 7 * 86_400_000,
    );
    expect(new Set(dueSoon.map((row) => row.sectionId)).size).toBe(36);
    for (const row of submissions) {
      expect(row.points ?? 0).toBeLessThanOrEqual(row.rawPoints ?? 0);
      const max = homework.find((candidate) => candidate.id === row.homeworkId)?.maxPoints ?? 0;
      expect(row.rawPoints ?? 0).toBeLessThanOrEqual(max);
    }

    // Quizzes: attempts within the limit; one quiz's essays await grading.
    const quizzes = await db.quiz.findMany({
      where,
      include: { attempts: { include: { submission: true, answers: true } } },
    });
    expect(quizzes).toHaveLength(4);
    for (const quiz of quizzes)
      for (const attempt of quiz.attempts) {
        expect(attempt.number).toBeLessThanOrEqual(quiz.maxAttempts);
        expect(attempt.submission?.submittedAt.getTime()).toBeLessThanOrEqual(attempt.deadlineAt.getTime());
      }
    const manual = quizzes.find((quiz) => quiz.resultsRelease === 'MANUAL');
    expect(manual?.attempts.some((attempt) => attempt.answers.some((answer) => answer.points === null))).toBe(
      true,
    );
    const types = await db.question.groupBy({ by: ['type'], where });
    expect(types).toHaveLength(8);

    // The exam: a paper per section and subject but PE, every enrolled student marked within the
    // maximum, every paper locked, the results published.
    const exam = await db.exam.findFirstOrThrow({ where, include: { papers: { include: { marks: true } } } });
    expect(exam.publishedAt?.getTime()).toBeLessThan(today.getTime());
    const assignments = await db.teachingAssignment.count({
      where: { ...where, subject: { code: { not: 'PE' } } },
    });
    expect(exam.papers).toHaveLength(assignments);
    for (const paper of exam.papers) {
      expect(paper.marksLockedAt).not.toBeNull();
      const enrolled = await db.enrolment.count({ where: { sectionId: paper.sectionId } });
      expect(paper.marks).toHaveLength(enrolled);
      for (const mark of paper.marks) {
        if (mark.isAbsent) expect(mark.enteredMarks).toBeNull();
        else expect(mark.enteredMarks).toBeGreaterThanOrEqual(0);
        expect(mark.enteredMarks ?? 0).toBeLessThanOrEqual(paper.maxMarks);
      }
    }
  });

  it('is deterministic for the same today: seeding again with replace gives identical rows', async () => {
    const before = await digest(seeded.schoolId);
    const again = await seedSchool(db, { ...options, replace: true });
    expect({ ...again, replaced: false }).toEqual(seeded);
    expect(await digest(again.schoolId)).toBe(before);
    // Without replace it is refused and nothing changes (the quick start seeds only an empty database).
    await expect(seedSchool(db, options)).rejects.toBeInstanceOf(SchoolExistsError);
    expect(await digest(again.schoolId)).toBe(before);
  });

  it('moves with today: another day gives the same school with another history', async () => {
    const before = await digest(seeded.schoolId);
    const later = await seedSchool(db, { ...options, today: new Date(Date.UTC(2026, 11, 2)), replace: true });
    expect(later.schoolId).toBe(seeded.schoolId);
    expect(later.today).toBe('2026-12-02');
    expect(await digest(later.schoolId)).not.toBe(before);
    const newest = await db.attendanceMark.findFirstOrThrow({
      where: { schoolId: later.schoolId },
      orderBy: { date: 'desc' },
    });
    expect(newest.date.toISOString().slice(0, 10)).toBe('2026-12-01');
  });
});
