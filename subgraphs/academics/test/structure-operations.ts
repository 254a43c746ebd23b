import { expect } from 'vitest';
import type { RequestOptions, TestEndpoint } from '@schools24/testkit';
import type { TestSchool } from './fixtures.js';

export interface Payload {
  userErrors: { field: string[] | null; code: string; message: string }[];
  [field: string]: unknown;
}

/** Each mutation's input type, and the payload field that carries what it changed. */
const SHAPES: Record<string, { input: string; result: string }> = {
  createAcademicYear: { input: 'CreateAcademicYearInput', result: 'academicYear { id }' },
  updateAcademicYear: { input: 'UpdateAcademicYearInput', result: 'academicYear { id }' },
  setCurrentAcademicYear: { input: 'AcademicYearIdInput', result: 'academicYear { id }' },
  createTerm: { input: 'CreateTermInput', result: 'term { id }' },
  createGradingPeriod: { input: 'CreateGradingPeriodInput', result: 'term { id }' },
  updateTerm: { input: 'UpdateTermInput', result: 'term { id }' },
  closeGradingPeriod: { input: 'TermIdInput', result: 'term { id }' },
  reopenGradingPeriod: { input: 'TermIdInput', result: 'term { id }' },
  createGrade: { input: 'CreateGradeInput', result: 'grade { id }' },
  updateGrade: { input: 'UpdateGradeInput', result: 'grade { id }' },
  createSection: { input: 'CreateSectionInput', result: 'section { id }' },
  updateSection: { input: 'UpdateSectionInput', result: 'section { id }' },
  createSubject: { input: 'CreateSubjectInput', result: 'subject { id }' },
  updateSubject: { input: 'UpdateSubjectInput', result: 'subject { id }' },
  createTeachingAssignment: { input: 'CreateTeachingAssignmentInput', result: 'teachingAssignment { id }' },
  deleteTeachingAssignment: { input: 'TeachingAssignmentIdInput', result: 'deletedId' },
  deleteTerm: { input: 'TermIdInput', result: 'deletedId' },
  deleteGrade: { input: 'GradeIdInput', result: 'deletedId' },
  deleteSection: { input: 'SectionIdInput', result: 'deletedId' },
  deleteSubject: { input: 'SubjectIdInput', result: 'deletedId' },
  admitStudent: { input: 'AdmitStudentInput', result: 'enrolment { id }' },
  transferStudent: { input: 'TransferStudentInput', result: 'enrolment { id }' },
  withdrawStudent: { input: 'EndEnrolmentInput', result: 'enrolment { id }' },
  graduateStudent: { input: 'EndEnrolmentInput', result: 'enrolment { id }' },
  rolloverAcademicYear: { input: 'RolloverAcademicYearInput', result: 'report { isApplied }' },
  gradeSubmission: { input: 'GradeSubmissionInput', result: 'submission { id }' },
  assignHomework: { input: 'AssignHomeworkInput', result: 'homework { id }' },
};

export function mutationDocument(name: string, selection = ''): string {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`no shape for ${name}`);
  return `mutation ($input: ${shape.input}!) { ${name}(input: $input) { ${selection || shape.result} userErrors { field code message } } }`;
}

/** Runs a mutation and returns its payload, failing on any top-level error. */
export async function mutate(
  stack: TestEndpoint,
  name: string,
  input: Record<string, unknown>,
  selection: string,
  options: RequestOptions,
): Promise<Payload> {
  const { body } = await stack.graphql<Record<string, Payload>>(
    mutationDocument(name, selection),
    { input },
    options,
  );
  expect(body.errors, name).toBeUndefined();
  const payload = body.data?.[name];
  if (!payload) throw new Error(`${name} returned no payload`);
  return payload;
}

/**
 * Every structure mutation with a well-formed input naming the school's own records: what another
 * role must be refused outright (the SDL admits school admins only).
 */
export const STRUCTURE_MUTATIONS: Record<
  string,
  { document: string; sample: (school: TestSchool) => Record<string, unknown> }
> = Object.fromEntries(
  Object.entries({
    createAcademicYear: () => ({ name: 'Probe', startsOn: '2050-01-01', endsOn: '2050-12-31' }),
    updateAcademicYear: (school: TestSchool) => ({ id: school.academicYearId, name: 'Probe' }),
    setCurrentAcademicYear: (school: TestSchool) => ({ id: school.academicYearId }),
    createTerm: (school: TestSchool) => ({
      academicYearId: school.academicYearId,
      name: 'Probe',
      startsOn: '2026-04-01',
      endsOn: '2026-04-02',
    }),
    createGradingPeriod: (school: TestSchool) => ({
      termId: school.academicYearId,
      name: 'Probe',
      startsOn: '2026-04-01',
      endsOn: '2026-04-02',
    }),
    updateTerm: (school: TestSchool) => ({ id: school.academicYearId, name: 'Probe' }),
    closeGradingPeriod: (school: TestSchool) => ({ id: school.academicYearId }),
    reopenGradingPeriod: (school: TestSchool) => ({ id: school.academicYearId }),
    createGrade: () => ({ name: 'Probe', level: 19 }),
    updateGrade: (school: TestSchool) => ({ id: school.sample.sectionId, name: 'Probe' }),
    createSection: (school: TestSchool) => ({
      academicYearId: school.academicYearId,
      gradeId: school.sample.sectionId,
      name: 'Probe',
    }),
    updateSection: (school: TestSchool) => ({ id: school.sample.sectionId, name: 'Probe' }),
    createSubject: () => ({ code: 'PROBE', name: 'Probe' }),
    updateSubject: (school: TestSchool) => ({ id: school.sample.sectionId, name: 'Probe' }),
    createTeachingAssignment: (school: TestSchool) => ({
      teacherId: school.sample.teacherId,
      sectionId: school.sample.sectionId,
      subjectId: school.sample.sectionId,
    }),
    deleteTeachingAssignment: (school: TestSchool) => ({ id: school.sample.sectionId }),
    deleteTerm: (school: TestSchool) => ({ id: school.academicYearId }),
    deleteGrade: (school: TestSchool) => ({ id: school.sample.sectionId }),
    deleteSection: (school: TestSchool) => ({ id: school.sample.sectionId }),
    deleteSubject: (school: TestSchool) => ({ id: school.sample.sectionId }),
    admitStudent: (school: TestSchool) => ({
      studentId: school.sample.studentId,
      sectionId: school.sample.sectionId,
      admittedOn: '2026-04-01',
    }),
    transferStudent: (school: TestSchool) => ({
      enrolmentId: school.sample.sectionId,
      toSectionId: school.sample.sectionId,
      transferredOn: '2026-05-01',
    }),
    withdrawStudent: (school: TestSchool) => ({ enrolmentId: school.sample.sectionId, endsOn: '2026-05-01' }),
    graduateStudent: (school: TestSchool) => ({ enrolmentId: school.sample.sectionId, endsOn: '2026-05-01' }),
    rolloverAcademicYear: (school: TestSchool) => ({
      fromAcademicYearId: school.academicYearId,
      toAcademicYearId: school.academicYearId,
      dryRun: true,
    }),
  }).map(([name, sample]) => [name, { document: mutationDocument(name), sample }]),
);
