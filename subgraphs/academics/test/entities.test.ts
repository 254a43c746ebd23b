import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearTenantCache,
  createTestSchool,
  startSubgraphStack,
  type TestEndpoint,
} from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import {
  createAcademicsFixture,
  day,
  errorCodes,
  query,
  type AcademicsFixture,
  type TestSchool,
} from './fixtures.js';

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on AcademicYear {
        id
        name
        startsOn
        endsOn
        isCurrent
        terms {
          id
          name
        }
      }
      ... on Term {
        id
        kind
        name
        position
        startsOn
        endsOn
        academicYear {
          id
        }
        parentTerm {
          id
        }
        postingOpensAt
        postingClosesAt
      }
      ... on Grade {
        id
        name
        level
      }
      ... on Section {
        id
        name
        displayName
        room
        capacity
        grade {
          id
        }
        academicYear {
          id
        }
        classTeacher {
          id
        }
        teachingAssignments {
          id
          subject {
            id
          }
          teacher {
            id
          }
        }
      }
      ... on Subject {
        id
        code
        name
      }
      ... on Enrolment {
        id
        rollNumber
        status
        startsOn
        enrolmentEndsOn: endsOn
        student {
          id
        }
        section {
          id
        }
        academicYear {
          id
        }
      }
      ... on Student {
        id
        enrolments {
          id
        }
        currentEnrolment {
          id
        }
        currentSection {
          id
        }
      }
      ... on Teacher {
        id
        classSections {
          id
        }
        teachingAssignments {
          id
          section {
            id
          }
          subject {
            id
          }
        }
      }
    }
  }
`;

const TEACHER_IN_YEAR = /* GraphQL */ `
  query TeacherInYear($representations: [_Any!]!, $academicYearId: ID) {
    _entities(representations: $representations) {
      ... on Teacher {
        id
        classSections(academicYearId: $academicYearId) {
          id
        }
        teachingAssignments(academicYearId: $academicYearId) {
          id
        }
      }
    }
  }
`;

const STUDENT_SECTIONS = /* GraphQL */ `
  query StudentSections($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Student {
        id
        enrolments {
          id
          rollNumber
          status
          section {
            id
            displayName
          }
        }
        currentSection {
          id
          displayName
        }
      }
    }
  }
`;

type Entity = ({ __typename: string; id: string } & Record<string, unknown>) | null;

interface EntitiesData {
  _entities: Entity[];
}

const ids = (list: unknown): string[] => (list as { id: string }[]).map((item) => item.id);

describe('academics entities (_entities)', () => {
  let stack: TestEndpoint;
  let fixture: AcademicsFixture;
  let school: TestSchool;
  let other: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    [fixture, other] = await Promise.all([
      createAcademicsFixture(stack.resources.db),
      createTestSchool(stack.resources.db, { students: 6, teachers: 4 }),
    ]);
    school = fixture.school;
  });
  afterAll(async () => {
    await Promise.all([fixture?.school.remove(), other?.remove()]);
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const entities = async (representations: object[], schoolId = school.schoolId) =>
    (await query<EntitiesData>(stack, ENTITIES, { representations }, schoolId))._entities;

  it('resolves academic years, terms, grades, sections, subjects and enrolments as the database holds them', async () => {
    const { schoolId } = school;
    const term = await db().term.findFirstOrThrow({
      where: { schoolId, academicYearId: school.academicYearId, kind: 'TERM', position: 2 },
    });
    const period = await db().term.findFirstOrThrow({
      where: { parentTermId: term.id, position: 1 },
    });
    const section = await db().section.findUniqueOrThrow({
      where: { id: fixture.classSectionId },
      include: { grade: true },
    });
    const subject = await db().subject.findFirstOrThrow({ where: { schoolId, code: 'PHY' } });
    const enrolment = await db().enrolment.findFirstOrThrow({
      where: { schoolId, studentId: school.sample.studentId, academicYearId: school.academicYearId },
    });
    const year = await db().academicYear.findUniqueOrThrow({ where: { id: school.academicYearId } });
    const yearTerms = await db().term.findMany({
      where: { academicYearId: year.id, parentTermId: null },
      orderBy: { position: 'asc' },
    });
    const assignments = await db().teachingAssignment.findMany({
      where: { sectionId: section.id },
      orderBy: [{ subject: { name: 'asc' } }, { id: 'asc' }],
    });
    expect(assignments.length).toBeGreaterThan(1);

    const [yearEntity, termEntity, periodEntity, gradeEntity, sectionEntity, subjectEntity, enrolmentEntity] =
      await entities([
        { __typename: 'AcademicYear', id: year.id },
        { __typename: 'Term', id: term.id },
        { __typename: 'Term', id: period.id },
        { __typename: 'Grade', id: section.gradeId },
        { __typename: 'Section', id: section.id },
        { __typename: 'Subject', id: subject.id },
        { __typename: 'Enrolment', id: enrolment.id },
      ]);

    expect(yearEntity).toEqual({
      __typename: 'AcademicYear',
      id: year.id,
      name: '2026-27',
      startsOn: day(year.startsOn),
      endsOn: day(year.endsOn),
      isCurrent: true,
      // Only the year's terms: grading periods hang off them.
      terms: yearTerms.map((row) => ({ id: row.id, name: row.name })),
    });
    expect(yearTerms.map((row) => row.name)).toEqual(['Term 1', 'Term 2', 'Term 3']);
    expect(termEntity).toEqual({
      __typename: 'Term',
      id: term.id,
      kind: 'TERM',
      name: 'Term 2',
      position: 2,
      startsOn: day(term.startsOn),
      endsOn: day(term.endsOn),
      academicYear: { id: year.id },
      parentTerm: null,
      postingOpensAt: null,
      postingClosesAt: null,
    });
    expect(periodEntity).toEqual({
      __typename: 'Term',
      id: period.id,
      kind: 'GRADING_PERIOD',
      name: period.name,
      position: 1,
      startsOn: day(period.startsOn),
      endsOn: day(period.endsOn),
      academicYear: { id: year.id },
      parentTerm: { id: term.id },
      postingOpensAt: period.postingOpensAt?.toISOString(),
      postingClosesAt: period.postingClosesAt?.toISOString(),
    });
    expect(gradeEntity).toEqual({
      __typename: 'Grade',
      id: section.gradeId,
      name: section.grade.name,
      level: section.grade.level,
    });
    expect(sectionEntity).toEqual({
      __typename: 'Section',
      id: section.id,
      name: section.name,
      displayName: `${section.grade.level}-${section.name}`,
      room: section.room,
      capacity: section.capacity,
      grade: { id: section.gradeId },
      academicYear: { id: year.id },
      classTeacher: { id: fixture.classTeacherId },
      teachingAssignments: assignments.map((row) => ({
        id: row.id,
        subject: { id: row.subjectId },
        teacher: { id: row.teacherId },
      })),
    });
    expect(subjectEntity).toEqual({ __typename: 'Subject', id: subject.id, code: 'PHY', name: 'Physics' });
    expect(enrolmentEntity).toEqual({
      __typename: 'Enrolment',
      id: enrolment.id,
      rollNumber: enrolment.rollNumber,
      status: 'ACTIVE',
      startsOn: day(enrolment.startsOn),
      enrolmentEndsOn: null,
      student: { id: school.sample.studentId },
      section: { id: school.sample.sectionId },
      academicYear: { id: year.id },
    });
  });

  it("extends Student with every enrolment (newest first) and the current year's active one", async () => {
    const [student, withdrawn] = await entities([
      { __typename: 'Student', id: school.sample.studentId },
      { __typename: 'Student', id: fixture.withdrawnStudentId },
    ]);
    const current = await db().enrolment.findFirstOrThrow({
      where: { studentId: school.sample.studentId, academicYearId: school.academicYearId },
    });
    expect(student).toEqual({
      __typename: 'Student',
      id: school.sample.studentId,
      enrolments: [{ id: current.id }, { id: fixture.pastEnrolmentId }],
      currentEnrolment: { id: current.id },
      currentSection: { id: school.sample.sectionId },
    });

    // Withdrawn this year, ACTIVE only in a year that is no longer current: no current enrolment.
    const withdrawnRows = await db().enrolment.findMany({
      where: { studentId: fixture.withdrawnStudentId },
      orderBy: { startsOn: 'desc' },
    });
    expect(withdrawnRows.map((row) => row.status)).toEqual(['WITHDRAWN', 'ACTIVE']);
    expect(withdrawn).toEqual({
      __typename: 'Student',
      id: fixture.withdrawnStudentId,
      enrolments: withdrawnRows.map((row) => ({ id: row.id })),
      currentEnrolment: null,
      currentSection: null,
    });
  });

  it('extends Teacher with class sections and teaching assignments, defaulting to the current year', async () => {
    const teacherId = fixture.classTeacherId;
    const [teacher] = await entities([{ __typename: 'Teacher', id: teacherId }]);
    const classSections = await db().section.findMany({
      where: { classTeacherId: teacherId, academicYearId: school.academicYearId },
      orderBy: [{ grade: { level: 'asc' } }, { name: 'asc' }],
    });
    const assignments = await db().teachingAssignment.findMany({
      where: { teacherId, section: { academicYearId: school.academicYearId } },
      orderBy: [
        { section: { grade: { level: 'asc' } } },
        { section: { name: 'asc' } },
        { subject: { name: 'asc' } },
        { id: 'asc' },
      ],
    });
    expect(classSections.map((row) => row.id)).toEqual([fixture.classSectionId]);
    expect(assignments.length).toBeGreaterThan(1);
    expect(teacher).toEqual({
      __typename: 'Teacher',
      id: teacherId,
      classSections: [{ id: fixture.classSectionId }],
      teachingAssignments: assignments.map((row) => ({
        id: row.id,
        section: { id: row.sectionId },
        subject: { id: row.subjectId },
      })),
    });

    const past = await query<EntitiesData>(
      stack,
      TEACHER_IN_YEAR,
      { representations: [{ __typename: 'Teacher', id: teacherId }], academicYearId: fixture.pastYearId },
      school.schoolId,
    );
    expect(past._entities).toEqual([
      {
        id: teacherId,
        classSections: [{ id: fixture.pastSectionId }],
        teachingAssignments: [{ id: fixture.pastAssignmentId }],
      },
    ]);
  });

  it("resolves another school's records to null and its students and teachers to empty lists", async () => {
    const { schoolId } = other;
    const [year, term, grade, subject, enrolment] = await Promise.all([
      db().academicYear.findFirstOrThrow({ where: { schoolId } }),
      db().term.findFirstOrThrow({ where: { schoolId } }),
      db().grade.findFirstOrThrow({ where: { schoolId } }),
      db().subject.findFirstOrThrow({ where: { schoolId } }),
      db().enrolment.findFirstOrThrow({ where: { schoolId } }),
    ]);
    const result = await entities([
      { __typename: 'AcademicYear', id: year.id },
      { __typename: 'Term', id: term.id },
      { __typename: 'Grade', id: grade.id },
      { __typename: 'Section', id: other.sample.sectionId },
      { __typename: 'Subject', id: subject.id },
      { __typename: 'Enrolment', id: enrolment.id },
      { __typename: 'Section', id: 'not-a-uuid' },
      { __typename: 'Student', id: other.sample.studentId },
      { __typename: 'Teacher', id: other.sample.teacherId },
    ]);
    expect(result).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      {
        __typename: 'Student',
        id: other.sample.studentId,
        enrolments: [],
        currentEnrolment: null,
        currentSection: null,
      },
      { __typename: 'Teacher', id: other.sample.teacherId, classSections: [], teachingAssignments: [] },
    ]);

    // The other school sees its own records, and none of this school's.
    const [ownSection, foreignSection, foreignStudent] = await entities(
      [
        { __typename: 'Section', id: other.sample.sectionId },
        { __typename: 'Section', id: school.sample.sectionId },
        { __typename: 'Student', id: school.sample.studentId },
      ],
      other.schoolId,
    );
    expect(ownSection).toMatchObject({ __typename: 'Section', id: other.sample.sectionId });
    expect(foreignSection).toBeNull();
    expect(foreignStudent).toMatchObject({ enrolments: [], currentEnrolment: null, currentSection: null });
  });

  it('requires a school for entity lookups', async () => {
    expect(
      await errorCodes(stack, ENTITIES, {
        representations: [{ __typename: 'Section', id: school.sample.sectionId }],
      }),
    ).toEqual(['UNAUTHENTICATED']);
    expect(
      await errorCodes(stack, STUDENT_SECTIONS, {
        representations: [{ __typename: 'Student', id: school.sample.studentId }],
      }),
    ).toContain('UNAUTHENTICATED');
  });

  it("loads 40 students' enrolments and sections in as many SQL statements as 3, and none when warm", async () => {
    const students = await db().student.findMany({
      where: { schoolId: school.schoolId },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    expect(students).toHaveLength(40);
    const load = async (count: number) =>
      (
        await query<EntitiesData>(
          stack,
          STUDENT_SECTIONS,
          {
            representations: students.slice(0, count).map(({ id }) => ({ __typename: 'Student', id })),
          },
          school.schoolId,
        )
      )._entities;
    const coldCount = async (count: number) => {
      await clearTenantCache(stack.resources, school.schoolId);
      stack.sql.reset();
      const result = await load(count);
      expect(result).toHaveLength(count);
      return { statements: stack.sql.count, result };
    };

    const few = await coldCount(3);
    const many = await coldCount(40);
    expect(few.statements).toBeGreaterThan(0);
    expect(many.statements).toBe(few.statements);
    // enrolments by student, current year, sections, grades (for displayName)
    expect(many.statements).toBeLessThanOrEqual(4);

    // Every student is there with their enrolments; those enrolled now have a current section.
    const rows = await db().enrolment.findMany({ where: { schoolId: school.schoolId } });
    const withEnrolments = many.result.filter(
      (entity) => (entity?.enrolments as unknown[] | undefined)?.length,
    );
    expect(withEnrolments).toHaveLength(40);
    expect(many.result.flatMap((entity) => ids(entity?.enrolments)).sort()).toEqual(
      rows.map((row) => row.id).sort(),
    );
    const active = rows.filter(
      (row) => row.academicYearId === school.academicYearId && row.status === 'ACTIVE',
    );
    expect(many.result.filter((entity) => entity?.currentSection !== null)).toHaveLength(active.length);

    stack.sql.reset();
    const warm = await load(40);
    expect(stack.sql.count).toBe(0);
    expect(warm).toEqual(many.result);
  });
});
