// School structure management (issue 5, point 1) against the real PostgreSQL and Redis: the calendar
// and its date rules, grading periods that close and lock grading, grades, sections, subjects and
// teaching assignments, and that every mutation is for school admins only. Each write is read back
// through the cached loaders after they were warmed, so a missed invalidation fails here.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchool, startSubgraphStack, tokenForUser, type TestEndpoint } from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import { query, type TestSchool } from './fixtures.js';
import { STRUCTURE_MUTATIONS, mutate, type Payload } from './structure-operations.js';

describe('academics structure management', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 12, teachers: 6 }),
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

  it('creates academic years, refuses clashing names and bad dates, and keeps exactly one current year', async () => {
    const made = await run(
      'createAcademicYear',
      { name: '2027-28', startsOn: '2027-04-01', endsOn: '2028-03-31' },
      'academicYear { id name isCurrent startsOn endsOn }',
    );
    expect(made.userErrors).toEqual([]);
    expect(made.academicYear).toMatchObject({ name: '2027-28', isCurrent: false, startsOn: '2027-04-01' });
    const newYearId = (made.academicYear as { id: string }).id;

    expect(
      codes(
        await run('createAcademicYear', { name: ' 2027-28 ', startsOn: '2027-04-01', endsOn: '2028-03-31' }),
      ),
    ).toEqual(['NAME_TAKEN']);
    expect(
      codes(
        await run('createAcademicYear', { name: '2030-31', startsOn: '2030-04-01', endsOn: '2030-03-31' }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(await run('createAcademicYear', { name: '', startsOn: '2031-04-01', endsOn: '2034-03-31' })),
    ).toEqual(['INVALID_INPUT', 'INVALID_DATE_RANGE']);

    const current = /* GraphQL */ `
      query {
        currentAcademicYear {
          id
        }
        academicYears {
          id
          isCurrent
        }
      }
    `;
    type Current = {
      currentAcademicYear: { id: string } | null;
      academicYears: { id: string; isCurrent: boolean }[];
    };
    expect((await query<Current>(stack, current, {}, school.schoolId)).currentAcademicYear?.id).toBe(
      school.academicYearId,
    );

    const set = await run('setCurrentAcademicYear', { id: newYearId }, 'academicYear { id isCurrent }');
    expect(set).toMatchObject({ academicYear: { id: newYearId, isCurrent: true }, userErrors: [] });
    const after = await query<Current>(stack, current, {}, school.schoolId);
    expect(after.currentAcademicYear?.id).toBe(newYearId);
    expect(after.academicYears.filter((year) => year.isCurrent).map((year) => year.id)).toEqual([newYearId]);

    // Creating a year as current moves the flag again, in the same step.
    const third = await run(
      'createAcademicYear',
      { name: '2028-29', startsOn: '2028-04-01', endsOn: '2029-03-31', isCurrent: true },
      'academicYear { id }',
    );
    const thirdId = (third.academicYear as { id: string }).id;
    expect(
      await db().academicYear.findMany({
        where: { schoolId: school.schoolId, isCurrent: true },
        select: { id: true },
      }),
    ).toEqual([{ id: thirdId }]);

    // The database holds the rule too: a second current year cannot be written even bypassing the API.
    await expect(
      db().academicYear.update({ where: { id: newYearId }, data: { isCurrent: true } }),
    ).rejects.toThrow(/Unique constraint/);

    await run('setCurrentAcademicYear', { id: school.academicYearId });
    expect((await query<Current>(stack, current, {}, school.schoolId)).currentAcademicYear?.id).toBe(
      school.academicYearId,
    );
    await db().academicYear.deleteMany({ where: { id: { in: [newYearId, thirdId] } } });
  });

  it('keeps terms inside their year and apart, grading periods inside their term, and names unique in the year', async () => {
    const year = await run(
      'createAcademicYear',
      { name: 'Calendar test', startsOn: '2040-01-01', endsOn: '2040-12-31' },
      'academicYear { id }',
    );
    const yearId = (year.academicYear as { id: string }).id;
    const term1 = await run(
      'createTerm',
      { academicYearId: yearId, name: 'Term 1', startsOn: '2040-01-01', endsOn: '2040-06-30' },
      'term { id kind position academicYear { id } }',
    );
    expect(term1).toMatchObject({
      term: { kind: 'TERM', position: 1, academicYear: { id: yearId } },
      userErrors: [],
    });
    const term1Id = (term1.term as { id: string }).id;
    const yearTerms = /* GraphQL */ `
      query ($id: ID!) {
        academicYear(id: $id) {
          name
          terms {
            name
            position
            periods {
              name
            }
          }
        }
      }
    `;
    type YearTerms = {
      academicYear: {
        name: string;
        terms: { name: string; position: number; periods: { name: string }[] }[];
      };
    };
    // Warm the cached year and its terms, so the reads after each write prove the invalidation.
    expect(
      (await query<YearTerms>(stack, yearTerms, { id: yearId }, school.schoolId)).academicYear.terms,
    ).toHaveLength(1);

    expect(
      codes(
        await run('createTerm', {
          academicYearId: yearId,
          name: 'Early',
          startsOn: '2039-12-01',
          endsOn: '2040-01-31',
        }),
      ),
      // Both problems at once: before the year, and over Term 1.
    ).toEqual(['INVALID_DATE_RANGE', 'OVERLAPPING_DATES']);
    expect(
      codes(
        await run('createTerm', {
          academicYearId: yearId,
          name: 'Overlap',
          startsOn: '2040-06-30',
          endsOn: '2040-09-30',
        }),
      ),
    ).toEqual(['OVERLAPPING_DATES']);
    expect(
      codes(
        await run('createTerm', {
          academicYearId: yearId,
          name: 'Backwards',
          startsOn: '2040-09-30',
          endsOn: '2040-07-01',
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(
        await run('createTerm', {
          academicYearId: yearId,
          name: 'Term 1',
          startsOn: '2040-07-01',
          endsOn: '2040-12-31',
        }),
      ),
    ).toEqual(['NAME_TAKEN']);
    const term2 = await run(
      'createTerm',
      { academicYearId: yearId, name: 'Term 2', startsOn: '2040-07-01', endsOn: '2040-12-31' },
      'term { id position }',
    );
    expect(term2).toMatchObject({ term: { position: 2 }, userErrors: [] });

    const period = await run(
      'createGradingPeriod',
      {
        termId: term1Id,
        name: 'Unit test 1',
        startsOn: '2040-01-01',
        endsOn: '2040-03-31',
        postingOpensAt: '2040-03-25T00:00:00Z',
        postingClosesAt: '2040-04-10T00:00:00Z',
      },
      'term { id kind parentTerm { id } isClosed closedAt }',
    );
    expect(period).toMatchObject({
      term: { kind: 'GRADING_PERIOD', parentTerm: { id: term1Id }, isClosed: false, closedAt: null },
      userErrors: [],
    });
    const periodId = (period.term as { id: string }).id;
    expect(
      codes(
        await run('createGradingPeriod', {
          termId: term1Id,
          name: 'Outside',
          startsOn: '2040-06-01',
          endsOn: '2040-07-15',
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(
        await run('createGradingPeriod', {
          termId: term1Id,
          name: 'Overlap',
          startsOn: '2040-03-31',
          endsOn: '2040-05-31',
        }),
      ),
    ).toEqual(['OVERLAPPING_DATES']);
    expect(
      codes(
        await run('createGradingPeriod', {
          termId: term1Id,
          name: 'Window backwards',
          startsOn: '2040-04-01',
          endsOn: '2040-05-31',
          postingOpensAt: '2040-05-30T00:00:00Z',
          postingClosesAt: '2040-05-01T00:00:00Z',
        }),
      ),
    ).toEqual(['INVALID_DATE_RANGE']);
    expect(
      codes(
        await run('createGradingPeriod', {
          termId: periodId,
          name: 'Nested',
          startsOn: '2040-01-01',
          endsOn: '2040-01-31',
        }),
      ),
    ).toEqual(['WRONG_KIND']);

    // A term cannot shrink away from its grading periods, nor a year from its terms.
    expect(codes(await run('updateTerm', { id: term1Id, startsOn: '2040-02-01' }))).toEqual([
      'INVALID_DATE_RANGE',
    ]);
    expect(codes(await run('updateAcademicYear', { id: yearId, endsOn: '2040-11-30' }))).toEqual([
      'INVALID_DATE_RANGE',
    ]);
    expect(codes(await run('updateTerm', { id: term1Id, endsOn: '2040-07-15' }))).toEqual([
      'OVERLAPPING_DATES',
    ]);
    const renamed = await run('updateAcademicYear', {
      id: yearId,
      name: 'Calendar test (renamed)',
      endsOn: '2041-01-31',
    });
    expect(renamed.userErrors).toEqual([]);
    const updated = await run(
      'updateTerm',
      { id: term1Id, name: 'First term', endsOn: '2040-06-29' },
      'term { name endsOn }',
    );
    expect(updated).toMatchObject({ term: { name: 'First term', endsOn: '2040-06-29' }, userErrors: [] });

    const read = (await query<YearTerms>(stack, yearTerms, { id: yearId }, school.schoolId)).academicYear;
    expect(read.name).toBe('Calendar test (renamed)');
    expect(read.terms).toEqual([
      { name: 'First term', position: 1, periods: [{ name: 'Unit test 1' }] },
      { name: 'Term 2', position: 2, periods: [] },
    ]);
  });

  it('closes a grading period (locking it and grading in it) and reopens it', async () => {
    const { schoolId } = school;
    const period = await db().term.findFirstOrThrow({
      where: { schoolId, academicYearId: school.academicYearId, kind: 'GRADING_PERIOD' },
      orderBy: { startsOn: 'asc' },
    });
    // Homework due inside the period with one stored submission (as the flusher would have stored it).
    const enrolment = await db().enrolment.findFirstOrThrow({ where: { schoolId, status: 'ACTIVE' } });
    const subject = await db().subject.findFirstOrThrow({ where: { schoolId } });
    const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    const student = await db().student.findUniqueOrThrow({ where: { id: enrolment.studentId } });
    const homework = await db().homework.create({
      data: {
        schoolId,
        sectionId: enrolment.sectionId,
        subjectId: subject.id,
        assignedByUserId: admin?.userId ?? '',
        title: 'In the period',
        instructions: '',
        dueAt: new Date(period.startsOn.getTime() + 12 * 3_600_000),
        maxPoints: 10,
        allowedFileTypes: [],
        maxFileBytes: 1000,
      },
    });
    const submission = await db().homeworkSubmission.create({
      data: {
        id: randomUUID(),
        schoolId,
        homeworkId: homework.id,
        studentId: student.id,
        idempotencyId: randomUUID(),
        submittedByUserId: admin?.userId ?? '',
        text: 'answer',
        submittedAt: homework.dueAt,
        isLate: false,
      },
    });
    const grade = (points: number) =>
      run('gradeSubmission', { submissionId: submission.id, points }, 'submission { points }');
    const termRead = /* GraphQL */ `
      query ($id: ID!) {
        term(id: $id) {
          isClosed
          closedAt
          isPostingOpen
        }
      }
    `;
    type TermRead = { term: { isClosed: boolean; closedAt: string | null; isPostingOpen: boolean } };
    expect((await query<TermRead>(stack, termRead, { id: period.id }, schoolId)).term.isClosed).toBe(false);

    const closed = await run(
      'closeGradingPeriod',
      { id: period.id },
      'term { isClosed closedAt isPostingOpen }',
    );
    expect(closed).toMatchObject({ term: { isClosed: true, isPostingOpen: false }, userErrors: [] });
    expect((await query<TermRead>(stack, termRead, { id: period.id }, schoolId)).term).toMatchObject({
      isClosed: true,
      isPostingOpen: false,
    });
    const stored = await db().term.findUniqueOrThrow({ where: { id: period.id } });
    expect(stored.closedAt).not.toBeNull();
    expect(stored.closedByUserId).toBe(admin?.userId);

    expect(codes(await grade(7))).toEqual(['PERIOD_CLOSED']);
    expect(
      (await db().homeworkSubmission.findUniqueOrThrow({ where: { id: submission.id } })).points,
    ).toBeNull();
    expect(codes(await run('closeGradingPeriod', { id: period.id }))).toEqual(['PERIOD_CLOSED']);
    expect(codes(await run('updateTerm', { id: period.id, name: 'Renamed while closed' }))).toEqual([
      'PERIOD_CLOSED',
    ]);
    const term = await db().term.findFirstOrThrow({
      where: { schoolId, academicYearId: school.academicYearId, kind: 'TERM' },
    });
    expect(codes(await run('closeGradingPeriod', { id: term.id }))).toEqual(['WRONG_KIND']);

    // New homework cannot be set due inside a closed grading period either (it could never be graded).
    const later = await db().term.findFirstOrThrow({
      where: {
        schoolId,
        academicYearId: school.academicYearId,
        kind: 'GRADING_PERIOD',
        endsOn: { gt: new Date(Date.now() + 2 * 86_400_000) },
      },
      orderBy: { startsOn: 'asc' },
    });
    const dueAt = new Date(Math.max(Date.now() + 86_400_000, later.startsOn.getTime() + 12 * 3_600_000));
    const assign = () =>
      run(
        'assignHomework',
        {
          sectionId: enrolment.sectionId,
          subjectId: subject.id,
          title: 'Due later',
          instructions: '',
          dueAt,
          maxPoints: 5,
        },
        'homework { id }',
      );
    await run('closeGradingPeriod', { id: later.id });
    expect(codes(await assign())).toEqual(['PERIOD_CLOSED']);
    await run('reopenGradingPeriod', { id: later.id });
    expect((await assign()).userErrors).toEqual([]);

    const reopened = await run('reopenGradingPeriod', { id: period.id }, 'term { isClosed closedAt }');
    expect(reopened).toMatchObject({ term: { isClosed: false, closedAt: null }, userErrors: [] });
    expect(codes(await run('reopenGradingPeriod', { id: period.id }))).toEqual(['PERIOD_OPEN']);
    expect(await grade(7)).toMatchObject({ submission: { points: 7 }, userErrors: [] });
  });

  it('manages grades, sections, subjects and teaching assignments with unique names and real teachers', async () => {
    const { schoolId } = school;
    const grade = await run('createGrade', { name: 'Nursery', level: -1 }, 'grade { id name level }');
    expect(grade).toMatchObject({ grade: { name: 'Nursery', level: -1 }, userErrors: [] });
    const gradeId = (grade.grade as { id: string }).id;
    expect(codes(await run('createGrade', { name: 'Class 1', level: 15 }))).toEqual(['NAME_TAKEN']);
    expect(codes(await run('createGrade', { name: 'Another', level: 1 }))).toEqual(['NAME_TAKEN']);
    expect(codes(await run('createGrade', { name: 'Too high', level: 99 }))).toEqual(['INVALID_INPUT']);
    expect(await run('updateGrade', { id: gradeId, name: 'Pre-KG' }, 'grade { name level }')).toMatchObject({
      grade: { name: 'Pre-KG', level: -1 },
    });

    const [teacher, otherTeacher] = await Promise.all([
      db().teacher.findFirstOrThrow({ where: { schoolId } }),
      db().teacher.findFirstOrThrow({ where: { schoolId: other.schoolId } }),
    ]);
    const yearSections = /* GraphQL */ `
      query ($id: ID!) {
        academicYear(id: $id) {
          sections(gradeId: "${gradeId}") {
            id
            displayName
            classTeacher {
              id
            }
          }
        }
      }
    `;
    type YearSections = { academicYear: { sections: { id: string; displayName: string }[] } };
    expect(
      (await query<YearSections>(stack, yearSections, { id: school.academicYearId }, schoolId)).academicYear
        .sections,
    ).toEqual([]);
    expect(
      codes(
        await run('createSection', {
          academicYearId: school.academicYearId,
          gradeId,
          name: 'A',
          classTeacherId: otherTeacher.id,
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    const section = await run(
      'createSection',
      {
        academicYearId: school.academicYearId,
        gradeId,
        name: 'A',
        classTeacherId: teacher.id,
        room: ' R1 ',
        capacity: 30,
      },
      'section { id displayName room capacity classTeacher { id } }',
    );
    expect(section).toMatchObject({
      section: { displayName: 'Pre-KG-A', room: 'R1', capacity: 30, classTeacher: { id: teacher.id } },
      userErrors: [],
    });
    const sectionId = (section.section as { id: string }).id;
    expect(
      codes(await run('createSection', { academicYearId: school.academicYearId, gradeId, name: 'A' })),
    ).toEqual(['NAME_TAKEN']);
    expect(
      (await query<YearSections>(stack, yearSections, { id: school.academicYearId }, schoolId)).academicYear
        .sections,
    ).toEqual([{ id: sectionId, displayName: 'Pre-KG-A', classTeacher: { id: teacher.id } }]);
    const cleared = await run(
      'updateSection',
      { id: sectionId, classTeacherId: null, room: null },
      'section { room classTeacher { id } }',
    );
    expect(cleared).toMatchObject({ section: { room: null, classTeacher: null }, userErrors: [] });

    // A section's capacity cannot drop below its ACTIVE students: admit two, then try 1 and 2.
    for (const index of [1, 2]) {
      const pupil = await db().student.create({
        data: {
          schoolId,
          admissionNumber: `CAP${index}-${randomUUID().slice(0, 8)}`,
          givenName: 'Cap',
          familyName: 'Acity',
          dateOfBirth: new Date(Date.UTC(2022, 0, 1)),
          admittedOn: new Date(Date.UTC(2026, 3, 1)),
        },
      });
      const admitted = await run('admitStudent', {
        studentId: pupil.id,
        sectionId,
        admittedOn: '2026-04-01',
      });
      expect(admitted.userErrors).toEqual([]);
    }
    expect(codes(await run('updateSection', { id: sectionId, capacity: 1 }))).toEqual(['SECTION_FULL']);
    expect(await run('updateSection', { id: sectionId, capacity: 2 }, 'section { capacity }')).toMatchObject({
      section: { capacity: 2 },
      userErrors: [],
    });

    const subject = await run('createSubject', { code: ' art-2 ', name: 'Art' }, 'subject { id code name }');
    expect(subject).toMatchObject({ subject: { code: 'ART-2', name: 'Art' }, userErrors: [] });
    const subjectId = (subject.subject as { id: string }).id;
    expect(codes(await run('createSubject', { code: 'ART-2', name: 'Art again' }))).toEqual(['NAME_TAKEN']);
    expect(codes(await run('createSubject', { code: 'a b', name: 'Spaces' }))).toEqual(['INVALID_INPUT']);
    expect(
      await run('updateSubject', { id: subjectId, name: 'Visual art' }, 'subject { name }'),
    ).toMatchObject({
      subject: { name: 'Visual art' },
    });

    const taught = /* GraphQL */ `
      query ($sectionId: ID!, $teacherId: ID!) {
        section(id: $sectionId) {
          teachingAssignments {
            id
            subject {
              id
            }
          }
        }
        _entities(representations: [{ __typename: "Teacher", id: $teacherId }]) {
          ... on Teacher {
            teachingAssignments {
              id
            }
          }
        }
      }
    `;
    type Taught = {
      section: { teachingAssignments: { id: string; subject: { id: string } }[] };
      _entities: { teachingAssignments: { id: string }[] }[];
    };
    const before = await query<Taught>(stack, taught, { sectionId, teacherId: teacher.id }, schoolId);
    expect(before.section.teachingAssignments).toEqual([]);
    expect(
      codes(await run('createTeachingAssignment', { teacherId: otherTeacher.id, sectionId, subjectId })),
    ).toEqual(['NOT_FOUND']);
    const assignment = await run(
      'createTeachingAssignment',
      { teacherId: teacher.id, sectionId, subjectId },
      'teachingAssignment { id teacher { id } section { id } subject { id } }',
    );
    expect(assignment).toMatchObject({
      teachingAssignment: {
        teacher: { id: teacher.id },
        section: { id: sectionId },
        subject: { id: subjectId },
      },
      userErrors: [],
    });
    const assignmentId = (assignment.teachingAssignment as { id: string }).id;
    expect(
      codes(await run('createTeachingAssignment', { teacherId: teacher.id, sectionId, subjectId })),
    ).toEqual(['ALREADY_EXISTS']);
    const withIt = await query<Taught>(stack, taught, { sectionId, teacherId: teacher.id }, schoolId);
    expect(withIt.section.teachingAssignments).toEqual([{ id: assignmentId, subject: { id: subjectId } }]);
    expect(withIt._entities[0]?.teachingAssignments.map((row) => row.id)).toContain(assignmentId);

    expect(await run('deleteTeachingAssignment', { id: assignmentId }, 'deletedId')).toMatchObject({
      deletedId: assignmentId,
      userErrors: [],
    });
    expect(codes(await run('deleteTeachingAssignment', { id: assignmentId }, 'deletedId'))).toEqual([
      'NOT_FOUND',
    ]);
    const withoutIt = await query<Taught>(stack, taught, { sectionId, teacherId: teacher.id }, schoolId);
    expect(withoutIt.section.teachingAssignments).toEqual([]);
    expect(withoutIt._entities[0]?.teachingAssignments.map((row) => row.id)).not.toContain(assignmentId);
  });

  it('numbers terms and grading periods in calendar order, whatever order they are made or moved in', async () => {
    const year = await run(
      'createAcademicYear',
      { name: 'Calendar order test', startsOn: '2042-01-01', endsOn: '2042-12-31' },
      'academicYear { id }',
    );
    const academicYearId = (year.academicYear as { id: string }).id;
    const make = async (name: string, startsOn: string, endsOn: string) =>
      (
        (await run('createTerm', { academicYearId, name, startsOn, endsOn }, 'term { id }')).term as {
          id: string;
        }
      ).id;
    // Made last, first in the calendar.
    const autumn = await make('Autumn', '2042-09-01', '2042-12-20');
    const spring = await make('Spring', '2042-01-10', '2042-04-30');
    const terms = /* GraphQL */ `
      query ($id: ID!) {
        academicYear(id: $id) {
          terms {
            id
            position
          }
        }
      }
    `;
    type Terms = { academicYear: { terms: { id: string; position: number }[] } };
    const listed = async () =>
      (await query<Terms>(stack, terms, { id: academicYearId }, school.schoolId)).academicYear.terms;
    expect(await listed()).toEqual([
      { id: spring, position: 1 },
      { id: autumn, position: 2 },
    ]);
    // Moving autumn before spring reorders them.
    await run('updateTerm', { id: autumn, startsOn: '2042-01-01', endsOn: '2042-01-09' });
    expect(await listed()).toEqual([
      { id: autumn, position: 1 },
      { id: spring, position: 2 },
    ]);
  });

  it('deletes only what nothing depends on, and never a closed grading period', async () => {
    const { schoolId } = school;
    const deleted = (name: string, id: string) => run(name, { id }, 'deletedId');

    // A term with two grading periods, one of them closed.
    const year = await run(
      'createAcademicYear',
      { name: 'Deletion test', startsOn: '2041-01-01', endsOn: '2041-12-31' },
      'academicYear { id }',
    );
    const yearId = (year.academicYear as { id: string }).id;
    const term = await run(
      'createTerm',
      { academicYearId: yearId, name: 'Only term', startsOn: '2041-01-01', endsOn: '2041-12-31' },
      'term { id }',
    );
    const termId = (term.term as { id: string }).id;
    const periods = await Promise.all(
      [
        ['P1', '2041-01-01', '2041-06-30'],
        ['P2', '2041-07-01', '2041-12-31'],
      ].map(async ([name, startsOn, endsOn]) => {
        const made = await run('createGradingPeriod', { termId, name, startsOn, endsOn }, 'term { id }');
        return (made.term as { id: string }).id;
      }),
    );
    const [p1, p2] = periods as [string, string];
    const yearTerms = /* GraphQL */ `
      query ($id: ID!) {
        academicYear(id: $id) {
          terms {
            id
            periods {
              id
            }
          }
        }
      }
    `;
    type YearTerms = { academicYear: { terms: { id: string; periods: { id: string }[] }[] } };
    const termsOf = async () =>
      (await query<YearTerms>(stack, yearTerms, { id: yearId }, schoolId)).academicYear.terms;
    expect(await termsOf()).toEqual([{ id: termId, periods: [{ id: p1 }, { id: p2 }] }]);
    await run('closeGradingPeriod', { id: p1 });
    expect(codes(await deleted('deleteTerm', p1))).toEqual(['PERIOD_CLOSED']);
    expect(codes(await deleted('deleteTerm', termId))).toEqual(['PERIOD_CLOSED']);
    expect(await deleted('deleteTerm', p2)).toEqual({ deletedId: p2, userErrors: [] });
    expect(await termsOf()).toEqual([{ id: termId, periods: [{ id: p1 }] }]);
    await run('reopenGradingPeriod', { id: p1 });
    expect(await deleted('deleteTerm', termId)).toEqual({ deletedId: termId, userErrors: [] });
    expect(await termsOf()).toEqual([]);
    expect(await db().term.count({ where: { id: { in: [termId, p1, p2] } } })).toBe(0);
    expect(codes(await deleted('deleteTerm', termId))).toEqual(['NOT_FOUND']);

    // Sections: not while they hold enrolments or homework; their teaching assignments go with them.
    const enrolled = await db().enrolment.findFirstOrThrow({ where: { schoolId, status: 'ACTIVE' } });
    expect(codes(await deleted('deleteSection', enrolled.sectionId))).toEqual(['IN_USE']);
    const grade = await run('createGrade', { name: 'Deletable', level: 18 }, 'grade { id }');
    const gradeId = (grade.grade as { id: string }).id;
    const section = await run(
      'createSection',
      { academicYearId: school.academicYearId, gradeId, name: 'X' },
      'section { id }',
    );
    const sectionId = (section.section as { id: string }).id;
    const subject = await run('createSubject', { code: 'DEL', name: 'Deletable' }, 'subject { id }');
    const subjectId = (subject.subject as { id: string }).id;
    const teacher = await db().teacher.findFirstOrThrow({ where: { schoolId } });
    await run('createTeachingAssignment', { teacherId: teacher.id, sectionId, subjectId });
    const teacherAssignments = /* GraphQL */ `
      query ($id: ID!) {
        _entities(representations: [{ __typename: "Teacher", id: $id }]) {
          ... on Teacher {
            teachingAssignments {
              section {
                id
              }
            }
          }
        }
      }
    `;
    type TeacherAssignments = { _entities: { teachingAssignments: { section: { id: string } }[] }[] };
    const teaches = async () =>
      (
        await query<TeacherAssignments>(stack, teacherAssignments, { id: teacher.id }, schoolId)
      )._entities[0]?.teachingAssignments.map((row) => row.section.id) ?? [];
    expect(await teaches()).toContain(sectionId);

    // Grades and subjects: not while something refers to them (a section, an assignment, a fee).
    expect(codes(await deleted('deleteGrade', gradeId))).toEqual(['IN_USE']);
    expect(codes(await deleted('deleteSubject', subjectId))).toEqual(['IN_USE']);
    expect(await deleted('deleteSection', sectionId)).toEqual({ deletedId: sectionId, userErrors: [] });
    expect(await teaches()).not.toContain(sectionId);
    expect(await db().teachingAssignment.count({ where: { sectionId } })).toBe(0);
    expect(await deleted('deleteSubject', subjectId)).toEqual({ deletedId: subjectId, userErrors: [] });
    // A fee structure (finance's record) naming the grade keeps it (the foreign key restricts).
    const fee = await db().feeStructure.create({
      data: {
        schoolId,
        academicYearId: school.academicYearId,
        gradeId,
        name: 'Deletion probe',
        amountMinor: 100n,
        currency: 'INR',
        dueOn: new Date(Date.UTC(2026, 5, 1)),
      },
    });
    expect(codes(await deleted('deleteGrade', gradeId))).toEqual(['IN_USE']);
    await db().feeStructure.delete({ where: { id: fee.id } });
    expect(await deleted('deleteGrade', gradeId)).toEqual({ deletedId: gradeId, userErrors: [] });
    expect(await db().grade.count({ where: { id: gradeId } })).toBe(0);
    await db().academicYear.delete({ where: { id: yearId } });
  });

  it('refuses every structure mutation to teachers, students, guardians and accountants', async () => {
    // Every mutation of the structure SDL is in the list (a new one fails here until it is added).
    const sdl = await readFile(new URL('../src/schema/structure-admin.graphql', import.meta.url), 'utf8');
    const block = sdl.slice(sdl.indexOf('extend type Mutation {'), sdl.indexOf('\n}\n'));
    const declared = [...block.matchAll(/^ {2}(\w+)\(/gm)].map((match) => match[1]);
    expect(declared.length).toBeGreaterThan(20);
    expect(Object.keys(STRUCTURE_MUTATIONS).sort()).toEqual(declared.sort());

    const nonAdmins = school.logins.filter((login) => login.role !== 'SCHOOL_ADMIN');
    expect(nonAdmins.map((login) => login.role).sort()).toEqual(
      expect.arrayContaining(['GUARDIAN', 'STUDENT', 'TEACHER']),
    );
    const before = await db().academicYear.count({ where: { schoolId: school.schoolId } });
    for (const login of nonAdmins) {
      const token = await tokenForUser(stack.resources, school.schoolId, login.userId);
      for (const [name, spec] of Object.entries(STRUCTURE_MUTATIONS)) {
        const { body } = await stack.graphql(spec.document, { input: spec.sample(school) }, { token });
        const context = `${login.role} ${name}`;
        expect(
          body.errors?.map((error) => error.extensions?.code),
          context,
        ).toEqual(['FORBIDDEN']);
        expect(body.data, context).toBeNull();
      }
    }
    expect(await db().academicYear.count({ where: { schoolId: school.schoolId } })).toBe(before);
  });
});
