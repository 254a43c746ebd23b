// Enrolments through their dated lifecycle (admission, transfer, withdrawal, graduation) and the year
// rollover with its dry run (issue 5, point 1), against the real PostgreSQL and Redis. Students'
// enrolment lists are read through the warmed cache before and after each change.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import { day, query, type TestSchool } from './fixtures.js';
import { mutate, type Payload } from './structure-operations.js';

type Db = TestEndpoint['resources']['db'];

const STUDENT_ENROLMENTS = /* GraphQL */ `
  query ($id: ID!) {
    _entities(representations: [{ __typename: "Student", id: $id }]) {
      ... on Student {
        enrolments {
          id
          status
          startsOn
          endsOn
          rollNumber
          section {
            id
          }
        }
        currentSection {
          id
        }
      }
    }
  }
`;

interface EnrolmentView {
  id: string;
  status: string;
  startsOn: string;
  endsOn: string | null;
  rollNumber: number;
  section: { id: string };
}

async function newStudent(db: Db, schoolId: string): Promise<string> {
  const student = await db.student.create({
    data: {
      schoolId,
      admissionNumber: `N${randomBytes(4).toString('hex')}`,
      givenName: 'New',
      familyName: 'Pupil',
      dateOfBirth: new Date(Date.UTC(2015, 0, 1)),
      admittedOn: new Date(Date.UTC(2026, 5, 1)),
    },
    select: { id: true },
  });
  return student.id;
}

async function sectionOf(db: Db, schoolId: string, academicYearId: string, level: number, name: string) {
  return db.section.findFirstOrThrow({ where: { schoolId, academicYearId, name, grade: { level } } });
}

describe('enrolment lifecycle', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 20, teachers: 6 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 3 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const run = (name: string, input: Record<string, unknown>, selection = '') =>
    mutate(stack, name, input, selection, { schoolId: school.schoolId });
  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);
  const enrolmentsOf = async (studentId: string) => {
    const data = await query<{
      _entities: { enrolments: EnrolmentView[]; currentSection: { id: string } | null }[];
    }>(stack, STUDENT_ENROLMENTS, { id: studentId }, school.schoolId);
    const entity = data._entities[0];
    if (!entity) throw new Error('no student entity');
    return entity;
  };
  const ENROLMENT = 'enrolment { id status startsOn endsOn rollNumber section { id } academicYear { id } }';

  it('admits, transfers within the year and withdraws, each dated and checked', async () => {
    const { schoolId, academicYearId } = school;
    const [fiveA, fiveB] = await Promise.all([
      sectionOf(db(), schoolId, academicYearId, 5, 'A'),
      sectionOf(db(), schoolId, academicYearId, 5, 'B'),
    ]);
    const studentId = await newStudent(db(), schoolId);
    const [otherStudent] = await db().student.findMany({ where: { schoolId: other.schoolId }, take: 1 });
    expect(await enrolmentsOf(studentId)).toEqual({ enrolments: [], currentSection: null });

    expect(
      codes(await run('admitStudent', { studentId, sectionId: fiveA.id, admittedOn: '2027-04-01' })),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(
        await run('admitStudent', {
          studentId: otherStudent?.id,
          sectionId: fiveA.id,
          admittedOn: '2026-06-01',
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    const highest = await db().enrolment.aggregate({
      where: { sectionId: fiveA.id },
      _max: { rollNumber: true },
    });
    const admitted = await run(
      'admitStudent',
      { studentId, sectionId: fiveA.id, admittedOn: '2026-06-01' },
      ENROLMENT,
    );
    expect(admitted).toMatchObject({
      enrolment: {
        status: 'ACTIVE',
        startsOn: '2026-06-01',
        endsOn: null,
        rollNumber: (highest._max.rollNumber ?? 0) + 1,
        section: { id: fiveA.id },
        academicYear: { id: academicYearId },
      },
      userErrors: [],
    });
    const first = admitted.enrolment as EnrolmentView;
    expect(await enrolmentsOf(studentId)).toMatchObject({
      enrolments: [{ id: first.id }],
      currentSection: { id: fiveA.id },
    });
    expect(
      codes(await run('admitStudent', { studentId, sectionId: fiveB.id, admittedOn: '2026-06-02' })),
    ).toEqual(['ALREADY_ENROLLED']);

    const second = await newStudent(db(), schoolId);
    expect(
      codes(
        await run('admitStudent', {
          studentId: second,
          sectionId: fiveA.id,
          admittedOn: '2026-06-01',
          rollNumber: first.rollNumber,
        }),
      ),
    ).toEqual(['ROLL_NUMBER_TAKEN']);
    // 5-B is full: its capacity is what it holds (set directly: the API keeps capacities at least 1).
    const fiveBActive = await db().enrolment.count({ where: { sectionId: fiveB.id, status: 'ACTIVE' } });
    await db().section.update({ where: { id: fiveB.id }, data: { capacity: fiveBActive } });
    expect(
      codes(await run('admitStudent', { studentId: second, sectionId: fiveB.id, admittedOn: '2026-06-01' })),
    ).toEqual(['SECTION_FULL']);

    // Transfers stay within the year, start after the enrolment did, and respect the target's capacity.
    const pastYear = await db().academicYear.create({
      data: {
        schoolId,
        name: '2025-26',
        startsOn: new Date(Date.UTC(2025, 3, 1)),
        endsOn: new Date(Date.UTC(2026, 2, 31)),
      },
    });
    const pastSection = await db().section.create({
      data: { schoolId, academicYearId: pastYear.id, gradeId: fiveA.gradeId, name: 'Old' },
    });
    expect(
      codes(
        await run('transferStudent', {
          enrolmentId: first.id,
          toSectionId: pastSection.id,
          transferredOn: '2026-09-01',
        }),
      ),
    ).toEqual(['WRONG_ACADEMIC_YEAR']);
    expect(
      codes(
        await run('transferStudent', {
          enrolmentId: first.id,
          toSectionId: fiveB.id,
          transferredOn: '2026-06-01',
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(
        await run('transferStudent', {
          enrolmentId: first.id,
          toSectionId: fiveB.id,
          transferredOn: '2026-09-01',
        }),
      ),
    ).toEqual(['SECTION_FULL']);
    await run('updateSection', { id: fiveB.id, capacity: null });
    const moved = await run(
      'transferStudent',
      { enrolmentId: first.id, toSectionId: fiveB.id, transferredOn: '2026-09-01' },
      ENROLMENT,
    );
    expect(moved).toMatchObject({
      enrolment: { status: 'ACTIVE', startsOn: '2026-09-01', endsOn: null, section: { id: fiveB.id } },
      userErrors: [],
    });
    const next = moved.enrolment as EnrolmentView;
    const afterMove = await enrolmentsOf(studentId);
    expect(afterMove.currentSection).toEqual({ id: fiveB.id });
    expect(
      afterMove.enrolments.map(({ id, status, startsOn, endsOn }) => ({ id, status, startsOn, endsOn })),
    ).toEqual([
      { id: next.id, status: 'ACTIVE', startsOn: '2026-09-01', endsOn: null },
      { id: first.id, status: 'TRANSFERRED', startsOn: '2026-06-01', endsOn: '2026-08-31' },
    ]);
    expect(
      codes(
        await run('transferStudent', {
          enrolmentId: first.id,
          toSectionId: fiveA.id,
          transferredOn: '2026-10-01',
        }),
      ),
    ).toEqual(['ENROLMENT_NOT_ACTIVE']);

    expect(codes(await run('withdrawStudent', { enrolmentId: next.id, endsOn: '2026-08-31' }))).toEqual([
      'INVALID_DATE_RANGE',
    ]);
    expect(codes(await run('withdrawStudent', { enrolmentId: next.id, endsOn: '2027-04-01' }))).toEqual([
      'INVALID_DATE_RANGE',
    ]);
    expect(codes(await run('graduateStudent', { enrolmentId: next.id, endsOn: '2027-03-31' }))).toEqual([
      'NOT_FINAL_GRADE',
    ]);
    const withdrawn = await run('withdrawStudent', { enrolmentId: next.id, endsOn: '2026-12-15' }, ENROLMENT);
    expect(withdrawn).toMatchObject({
      enrolment: { status: 'WITHDRAWN', endsOn: '2026-12-15' },
      userErrors: [],
    });
    expect(codes(await run('withdrawStudent', { enrolmentId: next.id, endsOn: '2026-12-16' }))).toEqual([
      'ENROLMENT_NOT_ACTIVE',
    ]);
    expect((await enrolmentsOf(studentId)).currentSection).toBeNull();
    // Withdrawn, the student may be admitted again in the same year.
    expect(
      (await run('admitStudent', { studentId, sectionId: fiveA.id, admittedOn: '2027-01-04' })).userErrors,
    ).toEqual([]);
  });

  it('graduates only from the highest grade', async () => {
    const { schoolId, academicYearId } = school;
    const enrolment = await db().enrolment.findFirstOrThrow({
      where: { schoolId, academicYearId, status: 'ACTIVE', section: { grade: { level: 12 } } },
    });
    const graduated = await run(
      'graduateStudent',
      { enrolmentId: enrolment.id, endsOn: '2027-03-31' },
      ENROLMENT,
    );
    expect(graduated).toMatchObject({
      enrolment: { status: 'GRADUATED', endsOn: '2027-03-31' },
      userErrors: [],
    });
  });

  it('lets exactly one of two racing admissions of a student in one year through', async () => {
    const { schoolId, academicYearId } = school;
    const [a, b] = await Promise.all([
      sectionOf(db(), schoolId, academicYearId, 3, 'A'),
      sectionOf(db(), schoolId, academicYearId, 4, 'C'),
    ]);
    for (let round = 0; round < 3; round += 1) {
      const studentId = await newStudent(db(), schoolId);
      const results = await Promise.all(
        [a, b].map((section) =>
          run('admitStudent', { studentId, sectionId: section.id, admittedOn: '2026-07-01' }),
        ),
      );
      expect(results.map(codes).sort()).toEqual([[], ['ALREADY_ENROLLED']]);
      expect(await db().enrolment.count({ where: { studentId, status: 'ACTIVE' } })).toBe(1);
    }
  });
});

describe('year rollover', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let newYearId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    school = await createTestSchool(stack.resources.db, { students: 60, teachers: 8 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const run = (name: string, input: Record<string, unknown>, selection = '') =>
    mutate(stack, name, input, selection, { schoolId: school.schoolId });
  const REPORT = `report {
    isDryRun isApplied promotedCount graduatedCount
    fromAcademicYear { id } toAcademicYear { id }
    problems { code message fromSection { id } student { id } }
    sections { fromSection { id } toSection { id } students { student { id } fromEnrolment { id } outcome rollNumber problem } }
  }`;
  interface Report {
    isDryRun: boolean;
    isApplied: boolean;
    promotedCount: number;
    graduatedCount: number;
    problems: { code: string; fromSection: { id: string }; student: { id: string } | null }[];
    sections: {
      fromSection: { id: string };
      toSection: { id: string } | null;
      students: {
        student: { id: string };
        outcome: string;
        rollNumber: number | null;
        problem: string | null;
      }[];
    }[];
  }
  const rollover = async (
    dryRun: boolean,
    sectionTargets?: { fromSectionId: string; toSectionId: string }[],
  ) => {
    const payload = await run(
      'rolloverAcademicYear',
      { fromAcademicYearId: school.academicYearId, toAcademicYearId: newYearId, dryRun, sectionTargets },
      REPORT,
    );
    return { report: payload.report as Report | null, codes: payload.userErrors.map((error) => error.code) };
  };
  const snapshot = () =>
    db().enrolment.findMany({
      where: { schoolId: school.schoolId },
      select: { id: true, status: true, endsOn: true, sectionId: true },
      orderBy: { id: 'asc' },
    });

  it('reports every student first, refuses while there are problems, and then moves everyone in one step', async () => {
    const { schoolId, academicYearId } = school;
    const created = await run(
      'createAcademicYear',
      { name: '2027-28', startsOn: '2027-04-01', endsOn: '2028-03-31' },
      'academicYear { id }',
    );
    newYearId = (created.academicYear as { id: string }).id;
    const grades = await db().grade.findMany({ where: { schoolId }, orderBy: { level: 'asc' } });
    // The new year's sections, except 6-B: the old 5-B has nowhere to go.
    await db().section.createMany({
      data: grades.flatMap((grade) =>
        ['A', 'B', 'C']
          .filter((name) => !(grade.level === 6 && name === 'B'))
          .map((name) => ({ schoolId, academicYearId: newYearId, gradeId: grade.id, name })),
      ),
    });
    const active = await db().enrolment.findMany({
      where: { schoolId, academicYearId, status: 'ACTIVE' },
      select: {
        id: true,
        studentId: true,
        sectionId: true,
        rollNumber: true,
        section: { select: { name: true, grade: { select: { level: true } } } },
      },
    });
    const fiveB = active.filter((row) => row.section.grade.level === 5 && row.section.name === 'B');
    const twelve = active.filter((row) => row.section.grade.level === 12);
    expect(fiveB.length).toBeGreaterThan(0);
    expect(twelve.length).toBeGreaterThan(0);
    // One student was admitted to the new year early: a problem too.
    const early = active.find((row) => row.section.grade.level === 2);
    if (!early) throw new Error('no grade 2 student');
    const earlySection = await sectionOf(db(), schoolId, newYearId, 3, 'C');
    const earlyAdmission = await run(
      'admitStudent',
      { studentId: early.studentId, sectionId: earlySection.id, admittedOn: '2027-04-01' },
      'enrolment { id }',
    );
    expect(earlyAdmission.userErrors).toEqual([]);
    // Warm a student's cached enrolments, to see them change after the real run.
    const watched = active.find((row) => row.section.grade.level === 7) ?? active[0];
    if (!watched) throw new Error('no student');
    const enrolmentsOf = async (studentId: string) =>
      (
        await query<{ _entities: { enrolments: EnrolmentView[] }[] }>(
          stack,
          STUDENT_ENROLMENTS,
          { id: studentId },
          schoolId,
        )
      )._entities[0]?.enrolments ?? [];
    expect((await enrolmentsOf(watched.studentId)).map((row) => row.status)).toEqual(['ACTIVE']);

    const before = await snapshot();
    const dry = await rollover(true);
    expect(dry.codes).toEqual([]);
    const report = dry.report;
    if (!report) throw new Error('no report');
    expect(report).toMatchObject({ isDryRun: true, isApplied: false, graduatedCount: twelve.length });
    expect(report.problems.map((problem) => problem.code).sort()).toEqual([
      'ALREADY_ENROLLED',
      'MISSING_TARGET_SECTION',
    ]);
    expect(report.problems.find((problem) => problem.code === 'MISSING_TARGET_SECTION')?.fromSection.id).toBe(
      fiveB[0]?.sectionId,
    );
    expect(report.problems.find((problem) => problem.code === 'ALREADY_ENROLLED')?.student?.id).toBe(
      early.studentId,
    );
    expect(report.promotedCount).toBe(active.length - twelve.length - fiveB.length - 1);
    // Every ACTIVE student appears exactly once, with what would happen to them.
    const planned = report.sections.flatMap((section) => section.students);
    expect(planned.map((row) => row.student.id).sort()).toEqual(active.map((row) => row.studentId).sort());
    const fiveBPlan = report.sections.find((section) => section.fromSection.id === fiveB[0]?.sectionId);
    expect(fiveBPlan?.toSection).toBeNull();
    expect(
      fiveBPlan?.students.every(
        (row) => row.outcome === 'BLOCKED' && row.problem === 'MISSING_TARGET_SECTION',
      ),
    ).toBe(true);
    expect(planned.filter((row) => row.outcome === 'GRADUATE')).toHaveLength(twelve.length);
    expect(await snapshot()).toEqual(before);

    const refused = await rollover(false);
    expect(refused.codes).toEqual(['ROLLOVER_BLOCKED']);
    expect(refused.report).toMatchObject({ isDryRun: false, isApplied: false });
    expect(await snapshot()).toEqual(before);

    // A section target sends 5-B elsewhere (6-A); targets must name an old and a new section, upwards.
    const fiveBId = fiveB[0]?.sectionId ?? '';
    const sixA = await sectionOf(db(), schoolId, newYearId, 6, 'A');
    const fourA = await sectionOf(db(), schoolId, newYearId, 4, 'A');
    const retargeted = await rollover(true, [{ fromSectionId: fiveBId, toSectionId: sixA.id }]);
    expect(retargeted.report?.problems.map((problem) => problem.code)).toEqual(['ALREADY_ENROLLED']);
    const fiveBNow = retargeted.report?.sections.find((section) => section.fromSection.id === fiveBId);
    expect(fiveBNow?.toSection).toEqual({ id: sixA.id });
    expect(fiveBNow?.students.every((row) => row.outcome === 'PROMOTE')).toBe(true);
    const badTargets = await run(
      'rolloverAcademicYear',
      {
        fromAcademicYearId: academicYearId,
        toAcademicYearId: newYearId,
        dryRun: true,
        sectionTargets: [
          { fromSectionId: sixA.id, toSectionId: sixA.id },
          { fromSectionId: fiveBId, toSectionId: fourA.id },
        ],
      },
      'report { isApplied }',
    );
    expect(badTargets).toMatchObject({ report: null });
    expect(badTargets.userErrors.map(({ code, field }) => ({ code, field }))).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'sectionTargets', '0', 'fromSectionId'] },
      { code: 'INVALID_INPUT', field: ['input', 'sectionTargets', '1', 'toSectionId'] },
    ]);
    expect(await snapshot()).toEqual(before);

    // Solve both problems; then a full target section shows up as a problem of its own.
    await db().section.create({
      data: {
        schoolId,
        academicYearId: newYearId,
        gradeId: grades.find((grade) => grade.level === 6)?.id ?? '',
        name: 'B',
      },
    });
    const earlyId = (earlyAdmission.enrolment as { id: string }).id;
    expect((await run('withdrawStudent', { enrolmentId: earlyId, endsOn: '2027-04-01' })).userErrors).toEqual(
      [],
    );
    const target = await sectionOf(
      db(),
      schoolId,
      newYearId,
      watched.section.grade.level + 1,
      watched.section.name,
    );
    await db().section.update({ where: { id: target.id }, data: { capacity: 0 } });
    const full = await rollover(true);
    expect(full.report?.problems.map((problem) => problem.code)).toEqual(['SECTION_FULL']);
    await db().section.update({ where: { id: target.id }, data: { capacity: null } });
    const clean = await rollover(true);
    expect(clean.report?.problems).toEqual([]);
    expect(clean.report?.promotedCount).toBe(active.length - twelve.length);

    // Nothing half-done: a failure on the last statement (a constraint refusing rows for one new
    // section) rolls back every change the rollover had made before it.
    const probe = `rollover_probe_${randomUUID().replace(/-/g, '')}`;
    const lastTarget = await sectionOf(db(), schoolId, newYearId, 12, 'C');
    await db().$executeRawUnsafe(
      `ALTER TABLE "Enrolment" ADD CONSTRAINT ${probe} CHECK ("sectionId" <> '${lastTarget.id}'::uuid) NOT VALID`,
    );
    try {
      const { body } = await stack.graphql(
        `mutation ($input: RolloverAcademicYearInput!) { rolloverAcademicYear(input: $input) { report { isApplied } userErrors { code } } }`,
        { input: { fromAcademicYearId: academicYearId, toAcademicYearId: newYearId, dryRun: false } },
        { schoolId },
      );
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE "Enrolment" DROP CONSTRAINT ${probe}`);
    }
    const untouched = await db().enrolment.count({ where: { schoolId, academicYearId, status: 'ACTIVE' } });
    expect(untouched).toBe(active.length);
    expect(
      await db().enrolment.count({ where: { schoolId, academicYearId: newYearId, status: 'ACTIVE' } }),
    ).toBe(0);

    const applied = await rollover(false);
    expect(applied.codes).toEqual([]);
    expect(applied.report).toMatchObject({
      isDryRun: false,
      isApplied: true,
      promotedCount: active.length - twelve.length,
      graduatedCount: twelve.length,
      problems: [],
    });

    const old = await db().enrolment.findMany({ where: { id: { in: active.map((row) => row.id) } } });
    const year = await db().academicYear.findUniqueOrThrow({ where: { id: academicYearId } });
    expect(old.every((row) => row.endsOn?.getTime() === year.endsOn.getTime())).toBe(true);
    const statusOf = new Map(old.map((row) => [row.id, row.status]));
    for (const row of active)
      expect(statusOf.get(row.id), row.id).toBe(row.section.grade.level === 12 ? 'GRADUATED' : 'PROMOTED');
    const fresh = await db().enrolment.findMany({
      where: { schoolId, academicYearId: newYearId, status: 'ACTIVE' },
      select: {
        studentId: true,
        rollNumber: true,
        startsOn: true,
        sectionId: true,
        section: { select: { name: true, grade: { select: { level: true } } } },
      },
    });
    expect(fresh).toHaveLength(active.length - twelve.length);
    const from = new Map(active.map((row) => [row.studentId, row]));
    for (const row of fresh) {
      const was = from.get(row.studentId);
      expect(row.section.grade.level).toBe((was?.section.grade.level ?? 0) + 1);
      expect(row.section.name).toBe(was?.section.name);
      expect(day(row.startsOn)).toBe('2027-04-01');
    }
    // Roll numbers in each new section are distinct, continuing after any given before (the early one).
    const bySection = new Map<string, number[]>();
    for (const row of fresh)
      bySection.set(row.sectionId, [...(bySection.get(row.sectionId) ?? []), row.rollNumber]);
    for (const numbers of bySection.values()) expect(new Set(numbers).size).toBe(numbers.length);

    const watchedNow = await enrolmentsOf(watched.studentId);
    expect(watchedNow.map((row) => row.status)).toEqual(['ACTIVE', 'PROMOTED']);
    expect(watchedNow[0]?.section.id).toBe(target.id);

    // Nothing is left to move: running again changes nothing.
    const again = await rollover(false);
    expect(again.report).toMatchObject({
      isApplied: true,
      promotedCount: 0,
      graduatedCount: 0,
      sections: [],
    });
  });
});
