import { expect } from 'vitest';
import { createTestSchool, type TestEndpoint, addPastAcademicYear } from '@schools24/testkit';

export type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;
type Db = TestEndpoint['resources']['db'];

/** A calendar date as the `Date` scalar prints it. */
export const day = (value: Date): string => value.toISOString().slice(0, 10);

/** Runs an operation for a tenant and returns its data, failing on any GraphQL error. */
export async function query<TData>(
  stack: TestEndpoint,
  document: string,
  variables: Record<string, unknown>,
  schoolId: string,
): Promise<TData> {
  const { body } = await stack.graphql<TData>(document, variables, { schoolId });
  expect(body.errors).toBeUndefined();
  if (!body.data) throw new Error('the response has no data');
  return body.data;
}

/** Runs an operation for a tenant and returns the codes of the errors it failed with. */
export async function errorCodes(
  stack: TestEndpoint,
  document: string,
  variables: Record<string, unknown>,
  schoolId?: string,
): Promise<unknown[]> {
  const { body } = await stack.graphql(document, variables, schoolId ? { schoolId } : {});
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

/** A mutation's payload as these tests read it: its userErrors and whatever else it returned. */
export interface MutationPayload {
  userErrors: { field: string[] | null; code: string; message: string }[];
  [field: string]: unknown;
}

/**
 * A test file's mutations run by name (`inputs`: each one's input type; `results`: what it selects
 * besides userErrors) and its queries, as the school's admin (the tenant header) or with a token;
 * top-level errors come back as codes. `current` names the stack and school once `beforeAll` made them.
 */
export function operationsOf(
  current: () => { stack: TestEndpoint; schoolId: string },
  inputs: Record<string, string>,
  results: Record<string, string>,
) {
  const as = (token: string | undefined) => (token ? { token } : { schoolId: current().schoolId });
  async function run(name: string, input: Record<string, unknown>, token?: string) {
    const { body } = await current().stack.graphql<Record<string, MutationPayload>>(
      `mutation ($input: ${inputs[name]}!) { ${name}(input: $input) { ${results[name]} userErrors { field code message } } }`,
      { input },
      as(token),
    );
    return { payload: body.data?.[name] ?? null, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
  }
  /** Runs a mutation that must succeed and returns its payload. */
  async function ok(name: string, input: Record<string, unknown>, token?: string): Promise<MutationPayload> {
    const { payload, codes } = await run(name, input, token);
    expect(codes, name).toEqual([]);
    expect(payload?.userErrors, name).toEqual([]);
    if (!payload) throw new Error(`${name} returned no payload`);
    return payload;
  }
  /** Runs a mutation that must be answered (not refused) and returns its userError codes. */
  async function errorsOf(name: string, input: Record<string, unknown>, token?: string) {
    const { payload, codes } = await run(name, input, token);
    expect(codes, name).toEqual([]);
    return (payload?.userErrors ?? []).map((error) => error.code);
  }
  async function read<T>(document: string, variables: Record<string, unknown>, token?: string) {
    const { body } = await current().stack.graphql<T>(document, variables, as(token));
    return { data: body.data, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
  }
  return { run, ok, errorsOf, read };
}

/** Grading periods added to a past year's term, named by whether their posting window is open now. */
export interface PostingWindowFixture {
  name: string;
  postingOpensAt: Date | null;
  postingClosesAt: Date | null;
  open: boolean;
}

export interface AcademicsFixture {
  school: TestSchool;
  /** The sample section, grown to 13 enrolments: 10 ACTIVE, 2 WITHDRAWN, 1 TRANSFERRED. */
  rosterSectionId: string;
  /** A student whose current-year enrolment is WITHDRAWN but who has an ACTIVE one in the past year. */
  withdrawnStudentId: string;
  /** A teacher who is class teacher of a current-year section, and that section. */
  classTeacherId: string;
  classSectionId: string;
  /** 2025-26, not current: one section (7-A, class teacher = `classTeacherId`), one assignment, terms. */
  pastYearId: string;
  pastSectionId: string;
  pastAssignmentId: string;
  /** The sample student's ACTIVE enrolment in the past year. */
  pastEnrolmentId: string;
  /** A TERM of the past year whose grading periods carry the posting windows below. */
  pastTermId: string;
  windows: PostingWindowFixture[];
}

const HOUR = 3_600_000;

/**
 * Seeds a school and shapes it for the academics tests, before any request reads it (so nothing is
 * cached stale): a second, past academic year, a section roster long enough to page through with
 * mixed statuses, and grading periods with posting windows around the current time.
 */
export async function createAcademicsFixture(db: Db, students = 40, teachers = 8): Promise<AcademicsFixture> {
  const school = await createTestSchool(db, { students, teachers });
  const { schoolId } = school;
  const rosterSectionId = school.sample.sectionId;

  const movers = await db.enrolment.findMany({
    where: { schoolId, sectionId: { not: rosterSectionId } },
    select: { id: true, studentId: true },
    orderBy: { id: 'asc' },
    take: 12,
  });
  const { _max } = await db.enrolment.aggregate({
    where: { sectionId: rosterSectionId },
    _max: { rollNumber: true },
  });
  const statuses = ['ACTIVE', 'WITHDRAWN', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'TRANSFERRED'] as const;
  for (const [index, mover] of movers.entries()) {
    const status = index === 9 ? 'WITHDRAWN' : (statuses[index] ?? 'ACTIVE');
    await db.enrolment.update({
      where: { id: mover.id },
      data: {
        sectionId: rosterSectionId,
        rollNumber: (_max.rollNumber ?? 0) + index + 1,
        status,
        endsOn: status === 'ACTIVE' ? null : new Date(Date.UTC(2026, 7, 31)),
      },
    });
  }
  const withdrawnStudentId = movers[1]?.studentId;
  if (!withdrawnStudentId) throw new Error('the school has too few students');

  const pastYear = await addPastAcademicYear(db, schoolId);
  const [grade7, math, classSection] = await Promise.all([
    db.grade.findFirstOrThrow({ where: { schoolId, level: 7 } }),
    db.subject.findFirstOrThrow({ where: { schoolId, code: 'MATH' } }),
    db.section.findFirstOrThrow({
      where: { schoolId, classTeacherId: { not: null } },
      orderBy: [{ grade: { level: 'desc' } }, { name: 'asc' }],
    }),
  ]);
  const classTeacherId = classSection.classTeacherId ?? '';
  const pastSection = await db.section.create({
    data: {
      schoolId,
      academicYearId: pastYear.id,
      gradeId: grade7.id,
      name: 'A',
      classTeacherId,
      room: 'OLD-1',
      capacity: 40,
    },
  });
  const pastAssignment = await db.teachingAssignment.create({
    data: { schoolId, teacherId: classTeacherId, sectionId: pastSection.id, subjectId: math.id },
  });
  const pastStart = new Date(Date.UTC(2025, 3, 1));
  const pastEnd = new Date(Date.UTC(2026, 2, 31));
  const pastEnrolment = await db.enrolment.create({
    data: {
      schoolId,
      studentId: school.sample.studentId,
      sectionId: pastSection.id,
      academicYearId: pastYear.id,
      rollNumber: 1,
      status: 'ACTIVE',
      startsOn: pastStart,
      endsOn: pastEnd,
    },
  });
  await db.enrolment.create({
    data: {
      schoolId,
      studentId: withdrawnStudentId,
      sectionId: pastSection.id,
      academicYearId: pastYear.id,
      rollNumber: 2,
      status: 'ACTIVE',
      startsOn: pastStart,
      endsOn: pastEnd,
    },
  });

  const pastTerm = await db.term.create({
    data: {
      schoolId,
      academicYearId: pastYear.id,
      kind: 'TERM',
      name: 'Past term',
      position: 1,
      startsOn: pastStart,
      endsOn: pastEnd,
    },
  });
  const now = Date.now();
  const at = (hours: number) => new Date(now + hours * HOUR);
  const windows: PostingWindowFixture[] = [
    { name: 'Window open', postingOpensAt: at(-24), postingClosesAt: at(24), open: true },
    { name: 'Window open, no end', postingOpensAt: at(-24), postingClosesAt: null, open: true },
    { name: 'Window not yet open', postingOpensAt: at(24), postingClosesAt: at(48), open: false },
    { name: 'Window closed', postingOpensAt: at(-48), postingClosesAt: at(-24), open: false },
    { name: 'No window', postingOpensAt: null, postingClosesAt: null, open: false },
    { name: 'Only a closing time', postingOpensAt: null, postingClosesAt: at(24), open: false },
  ];
  // Inserted in reverse, so `periods` must order by position rather than by insertion.
  for (const [index, window] of [...windows.entries()].reverse()) {
    await db.term.create({
      data: {
        schoolId,
        academicYearId: pastYear.id,
        parentTermId: pastTerm.id,
        kind: 'GRADING_PERIOD',
        name: window.name,
        position: index + 1,
        startsOn: pastStart,
        endsOn: pastEnd,
        postingOpensAt: window.postingOpensAt,
        postingClosesAt: window.postingClosesAt,
      },
    });
  }

  return {
    school,
    rosterSectionId,
    withdrawnStudentId,
    classTeacherId,
    classSectionId: classSection.id,
    pastYearId: pastYear.id,
    pastSectionId: pastSection.id,
    pastAssignmentId: pastAssignment.id,
    pastEnrolmentId: pastEnrolment.id,
    pastTermId: pastTerm.id,
    windows,
  };
}
