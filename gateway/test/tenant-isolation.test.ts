// Tenant isolation through the real stack (owned by the row-level-security work, issue 3 point 5):
// school A's admin aims every query, every entity lookup and every mutation at school B's ids, and
// 500 interleaved A/B requests run on a pool of 2 database connections. Documents are generated from
// schema/api.graphql and each subgraph's SDL, so a new field is attacked without anyone remembering to.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isInputObjectType,
  isObjectType,
  Kind,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '@schools24/config';
import { tenantKey } from '@schools24/redis';
import { DEMO_PASSWORD } from '@schools24/seed';
import {
  clearTenantCache,
  createTestSchool,
  leakedValues,
  postGraphQL,
  schoolAdminToken,
  tokenForUser,
  schoolFingerprint,
  schoolIdsByTable,
  startGatewayStack,
  type GraphQLResponse,
} from '@schools24/testkit';
import { createGatewayServer, SUBGRAPHS } from '../src/index.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;

/** A calendar date as the `Date` scalar takes it. */
const day = (value: Date): string => value.toISOString().slice(0, 10);
type Stack = Awaited<ReturnType<typeof startGatewayStack>>;

const API_SCHEMA = new URL('../../schema/api.graphql', import.meta.url);
/** Root field = 1; objects deeper than this are not expanded (connections: field, edges, node). */
const MAX_DEPTH = 3;
/** Error codes that are a correct answer to "show me another school's thing". */
const REFUSALS = new Set(['FORBIDDEN', 'NOT_FOUND']);

/** Which type an ID argument names: `id` the field's own type, `gradeId` a Grade, and so on. */
function typeOfIdArgument(field: GraphQLField<unknown, unknown>, arg: { name: string }): string {
  if (arg.name === 'id') return getNamedType(field.type).name;
  const match = /^([a-z]\w*)Id$/.exec(arg.name);
  if (!match?.[1]) throw new Error(`${field.name}(${arg.name}: ID): cannot tell which type this id names`);
  return match[1].charAt(0).toUpperCase() + match[1].slice(1);
}

/** An input object made only of ids (e.g. a leaderboard's scope): filled like ID arguments. */
function isIdsInput(arg: GraphQLArgument): boolean {
  const named = getNamedType(arg.type);
  return (
    isInputObjectType(named) &&
    Object.values(named.getFields()).every((input) => getNamedType(input.type).name === 'ID')
  );
}

/** True when the argument names records by id (directly or through an ids-only input object). */
function namesRecords(arg: GraphQLArgument): boolean {
  return getNamedType(arg.type).name === 'ID' || isIdsInput(arg);
}

type IdFor = (typeName: string, where: string) => string;

/** `(id: "…", gradeId: "…")` for every ID argument; null when a required non-ID argument has no value. */
function argumentsOf(field: GraphQLField<unknown, unknown>, idFor: IdFor): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    if (getNamedType(arg.type).name === 'ID') {
      parts.push(
        `${arg.name}: ${JSON.stringify(idFor(typeOfIdArgument(field, arg), `${field.name}(${arg.name})`))}`,
      );
    } else if (isIdsInput(arg)) {
      const inputs = Object.values((getNamedType(arg.type) as GraphQLInputObjectType).getFields());
      const filled = inputs.map(
        (input) =>
          `${input.name}: ${JSON.stringify(idFor(typeOfIdArgument(field, input), `${field.name}(${arg.name}.${input.name})`))}`,
      );
      parts.push(`${arg.name}: { ${filled.join(', ')} }`);
    } else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      return null;
    }
  }
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** Every field of the type that can be selected without guessing arguments, to MAX_DEPTH. */
function selectionOf(type: GraphQLNamedType, depth: number, idFor: IdFor): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) return '{ __typename }';
  const fields = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const args = argumentsOf(field, idFor);
    if (args === null) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) fields.push(`${field.name}${args}`);
    else if (depth < MAX_DEPTH) fields.push(`${field.name}${args} ${selectionOf(named, depth + 1, idFor)}`);
  }
  return `{ ${fields.join(' ')} }`;
}

/** Ids the document names: what a response may legitimately echo. */
function idsIn(document: string): string[] {
  return [...document.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)].map(
    (m) => m[0],
  );
}

function codesOf(response: GraphQLResponse<unknown>): string[] {
  return (response.body.errors ?? []).map((error) => String(error.extensions?.code ?? 'NO_CODE'));
}

/** True when the value holds no record: null, [], or a connection whose edges are empty. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && 'edges' in value) return isEmpty((value as { edges: unknown }).edges);
  return false;
}

/** A homework in the school's sample section with one stored (ungraded) submission. */
async function addHomework(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const enrolment = await db.enrolment.findFirstOrThrow({
    where: { schoolId, status: 'ACTIVE' },
    select: { sectionId: true, studentId: true },
  });
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('the seed made no admin');
  await db.homework.create({
    data: {
      schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      assignedByUserId: admin.userId,
      title: `Homework of ${school.code}`,
      instructions: 'Tenant isolation probe.',
      dueAt: new Date(Date.now() + 86_400_000),
      maxPoints: 10,
      allowedFileTypes: ['application/pdf'],
      maxFileBytes: 1024,
      submissions: {
        create: {
          id: randomUUID(),
          schoolId,
          studentId: enrolment.studentId,
          idempotencyId: randomUUID(),
          submittedByUserId: admin.userId,
          text: `Answer of ${school.code}`,
          submittedAt: new Date(),
          isLate: false,
        },
      },
    },
  });
}

/**
 * A bell period, a room, a lesson of the sample section and its substitution on a Monday; an
 * attendance code, a mark and its correction.
 */
async function addTimetable(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const [section, subject, substitute] = await Promise.all([
    db.section.findUniqueOrThrow({
      where: { id: school.sample.sectionId },
      select: { academicYearId: true },
    }),
    db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } }),
    db.teacher.findFirstOrThrow({
      where: { schoolId, id: { not: school.sample.teacherId } },
      select: { id: true },
    }),
  ]);
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  const enrolment = await db.enrolment.findFirstOrThrow({
    where: { schoolId, sectionId: school.sample.sectionId },
    select: { studentId: true },
  });
  const code = await db.attendanceCode.create({
    data: { schoolId, code: 'A', name: `Absent at ${school.code}`, countsAsPresent: false, position: 0 },
  });
  await db.attendanceMark.create({
    data: {
      id: randomUUID(),
      schoolId,
      sectionId: school.sample.sectionId,
      studentId: enrolment.studentId,
      date: new Date(Date.UTC(2026, 5, 1)),
      periodNumber: 0,
      codeId: code.id,
      idempotencyId: randomUUID(),
      markedByUserId: admin?.userId ?? school.sample.teacherId,
      markedAt: new Date(),
      corrections: {
        create: {
          schoolId,
          toCodeId: code.id,
          reason: 'Probe',
          correctedByUserId: admin?.userId ?? school.sample.teacherId,
        },
      },
    },
  });
  await db.bellPeriod.create({ data: { schoolId, weekday: 0, number: 1, startMinute: 480, endMinute: 525 } });
  const room = await db.room.create({ data: { schoolId, name: `Room of ${school.code}` } });
  await db.timetableEntry.create({
    data: {
      schoolId,
      academicYearId: section.academicYearId,
      sectionId: school.sample.sectionId,
      weekday: 1,
      periodNumber: 1,
      subjectId: subject.id,
      teacherId: school.sample.teacherId,
      roomId: room.id,
      substitutions: {
        create: {
          schoolId,
          date: new Date(Date.UTC(2026, 5, 1)),
          substituteTeacherId: substitute.id,
          createdByUserId: admin?.userId ?? school.sample.teacherId,
        },
      },
    },
  });
}

/** A bank question, a quiz of it in the sample section and one submitted, graded attempt. */
async function addQuiz(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const enrolment = await db.enrolment.findFirstOrThrow({
    where: { schoolId, status: 'ACTIVE' },
    select: { sectionId: true, studentId: true },
  });
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('the seed made no admin');
  const question = await db.question.create({
    data: {
      schoolId,
      subjectId: subject.id,
      createdByUserId: admin.userId,
      type: 'ESSAY',
      tags: [],
      versions: {
        create: {
          schoolId,
          version: 1,
          type: 'ESSAY',
          prompt: `Essay of ${school.code}`,
          content: { type: 'ESSAY', maxWords: null },
          tags: [],
          difficulty: 3,
          createdByUserId: admin.userId,
        },
      },
    },
    select: { versions: { select: { id: true } } },
  });
  const versionId = question.versions[0]?.id ?? '';
  const quiz = await db.quiz.create({
    data: {
      schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      createdByUserId: admin.userId,
      title: `Quiz of ${school.code}`,
      instructions: 'Tenant isolation probe.',
      opensAt: new Date(Date.now() - 3_600_000),
      closesAt: new Date(Date.now() + 86_400_000),
      maxAttempts: 3,
      shuffleQuestions: true,
      shuffleOptions: true,
      resultsRelease: 'MANUAL',
      items: { create: { schoolId, questionVersionId: versionId, position: 1, points: 5 } },
    },
    select: { id: true, items: { select: { id: true } } },
  });
  const itemId = quiz.items[0]?.id ?? '';
  const attempt = await db.quizAttempt.create({
    data: {
      schoolId,
      quizId: quiz.id,
      studentId: enrolment.studentId,
      number: 1,
      seed: randomBytes(16).toString('hex'),
      startedAt: new Date(),
      deadlineAt: new Date(Date.now() + 3_600_000),
    },
    select: { id: true },
  });
  await db.quizSubmission.create({
    data: {
      id: randomUUID(),
      schoolId,
      attemptId: attempt.id,
      idempotencyId: randomUUID(),
      submittedByUserId: admin.userId,
      submittedAt: new Date(),
    },
  });
  await db.quizAnswer.create({
    data: {
      id: randomUUID(),
      schoolId,
      attemptId: attempt.id,
      quizItemId: itemId,
      response: { text: `Answer of ${school.code}` },
    },
  });
}

/** An exam with one paper in the school's sample section and one entered mark, to aim at. */
async function addExam(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const [subject, enrolment, teacher] = await Promise.all([
    db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } }),
    db.enrolment.findFirstOrThrow({
      where: { schoolId, sectionId: school.sample.sectionId, status: 'ACTIVE' },
      select: { studentId: true },
    }),
    db.teacher.findFirstOrThrow({ where: { schoolId }, select: { id: true } }),
  ]);
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('the seed made no admin');
  await db.exam.create({
    data: {
      schoolId,
      academicYearId: school.academicYearId,
      name: `Exam of ${school.code}`,
      kind: 'MIDTERM',
      createdByUserId: admin.userId,
      papers: {
        create: {
          schoolId,
          sectionId: school.sample.sectionId,
          subjectId: subject.id,
          startsAt: new Date(Date.UTC(2026, 10, 10, 9)),
          endsAt: new Date(Date.UTC(2026, 10, 10, 11)),
          room: `R-${school.code}`,
          invigilatorTeacherIds: [teacher.id],
          maxMarks: 50,
          passMarks: 20,
          marks: {
            create: {
              schoolId,
              studentId: enrolment.studentId,
              isAbsent: false,
              enteredMarks: 33,
              enteredByUserId: admin.userId,
              enteredAt: new Date(),
            },
          },
        },
      },
    },
  });
}

/** A generated report card (batch, card, remark) for the sample student, to aim at. */
async function addReportCard(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const [term, enrolment] = await Promise.all([
    db.term.findFirstOrThrow({ where: { schoolId, kind: 'TERM' }, select: { id: true } }),
    db.enrolment.findFirstOrThrow({
      where: { schoolId, sectionId: school.sample.sectionId, status: 'ACTIVE' },
      select: { studentId: true },
    }),
  ]);
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('the seed made no admin');
  await db.reportCardBatch.create({
    data: {
      schoolId,
      termId: term.id,
      sectionId: school.sample.sectionId,
      requestedByUserId: admin.userId,
      status: 'COMPLETED',
      total: 1,
      done: 1,
      cards: {
        create: {
          schoolId,
          termId: term.id,
          sectionId: school.sample.sectionId,
          studentId: enrolment.studentId,
          position: 0,
          status: 'COMPLETED',
          byteSize: 1000,
          generatedAt: new Date(),
          objectKey: `schools/${schoolId}/report-cards/${term.id}/${enrolment.studentId}.pdf`,
        },
      },
    },
  });
  await db.reportCardRemark.create({
    data: {
      schoolId,
      termId: term.id,
      studentId: enrolment.studentId,
      text: `Remark of ${school.code}`,
      authorUserId: admin.userId,
    },
  });
}

/** A gradebook to aim at: a default scale, weighted categories in the sample section and an override. */
async function addGradebook(db: Stack['resources']['db'], school: TestSchool): Promise<void> {
  const { schoolId } = school;
  const [subject, term, enrolment] = await Promise.all([
    db.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } }),
    db.term.findFirstOrThrow({ where: { schoolId, kind: 'TERM' }, select: { id: true } }),
    db.enrolment.findFirstOrThrow({
      where: { schoolId, sectionId: school.sample.sectionId, status: 'ACTIVE' },
      select: { studentId: true },
    }),
  ]);
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('the seed made no admin');
  await db.gradingScale.create({
    data: {
      schoolId,
      name: `Scale of ${school.code}`,
      isDefault: true,
      bands: [
        { minPercent: 50, label: 'P', gradePoints: 1 },
        { minPercent: 0, label: 'F', gradePoints: 0 },
      ],
    },
  });
  await db.gradebookCategory.create({
    data: {
      schoolId,
      sectionId: school.sample.sectionId,
      subjectId: subject.id,
      termId: term.id,
      name: 'Everything',
      weightPercent: 100,
      kind: 'EXAM',
      position: 0,
    },
  });
  const key = { studentId: enrolment.studentId, subjectId: subject.id, termId: term.id };
  await db.termGradeOverride.create({
    data: {
      schoolId,
      ...key,
      label: 'P',
      reason: `Override of ${school.code}`,
      setByUserId: admin.userId,
      setAt: new Date(),
    },
  });
  await db.termGradeOverrideEvent.create({
    data: {
      schoolId,
      ...key,
      action: 'SET',
      newLabel: 'P',
      reason: `Override of ${school.code}`,
      actorUserId: admin.userId,
      at: new Date(),
    },
  });
}

describe('tenant isolation through the gateway', () => {
  let stack: Stack;
  let a: TestSchool;
  let b: TestSchool;
  /** Everything of B's that must never appear in A's responses (ids of every row, code, name, emails). */
  let bFingerprint: Set<string>;
  let aFingerprint: Set<string>;
  let aIds: Map<string, string[]>;
  let bIds: Map<string, string[]>;
  let api: GraphQLSchema;

  const idOf = (ids: Map<string, string[]>, school: string) => (typeName: string, where: string) => {
    const id = ids.get(typeName)?.[0];
    if (!id) {
      throw new Error(
        `${where}: no ${typeName} id of school ${school} to aim with. Give the test school a ${typeName} ` +
          'row (or map the type to its table in this test).',
      );
    }
    return id;
  };

  beforeAll(async () => {
    stack = await startGatewayStack({ createGatewayServer, subgraphs: SUBGRAPHS }, 'distributed', {
      DATABASE_POOL_SIZE: 2,
    });
    [a, b] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 8, teachers: 4 }),
      createTestSchool(stack.resources.db, { students: 8, teachers: 4 }),
    ]);
    // The seed sets no homework: give each school one with a stored submission to aim at.
    await Promise.all([a, b].map((school) => addHomework(stack.resources.db, school)));
    await Promise.all([a, b].map((school) => addTimetable(stack.resources.db, school)));
    // Nor quizzes: a question, a quiz and a submitted attempt each.
    await Promise.all([a, b].map((school) => addQuiz(stack.resources.db, school)));
    await Promise.all([a, b].map((school) => addExam(stack.resources.db, school)));
    await Promise.all([a, b].map((school) => addReportCard(stack.resources.db, school)));
    await Promise.all([a, b].map((school) => addGradebook(stack.resources.db, school)));
    const [aAll, bAll] = await Promise.all([
      schoolFingerprint(stack.resources.db, a.schoolId),
      schoolFingerprint(stack.resources.db, b.schoolId),
    ]);
    // Seeded with the same options, the two schools share a few values (the generated school
    // name): only what is B's alone gives B away.
    bFingerprint = new Set([...bAll].filter((value) => !aAll.has(value)));
    aFingerprint = new Set([...aAll].filter((value) => !bAll.has(value)));
    [aIds, bIds] = await Promise.all([
      schoolIdsByTable(stack.resources.db, a.schoolId),
      schoolIdsByTable(stack.resources.db, b.schoolId),
    ]);
    // Types that are views of another table's rows: aimed at with that table's ids.
    for (const ids of [aIds, bIds]) ids.set('StudentNameTag', ids.get('Student') ?? []);
    api = buildSchema(await readFile(API_SCHEMA, 'utf8'));
  });

  afterAll(async () => {
    await Promise.all([a?.remove(), b?.remove()]);
    await stack?.stop();
  });

  const asA = (document: string) =>
    stack.graphql<Record<string, unknown>>(document, {}, { schoolId: a.schoolId });

  it('runs on a pool of 2 database connections as the app role', () => {
    expect(stack.app.config.DATABASE_POOL_SIZE).toBe(2);
    expect(new URL(stack.app.config.DATABASE_URL).username).toBe('schools24_app');
  });

  it("answers every root query aimed at school B's ids with nothing (or FORBIDDEN), never B's data", async () => {
    const fields = Object.values((api.getQueryType() as GraphQLObjectType).getFields());
    expect(fields.length).toBeGreaterThan(20);
    const aimed: string[] = [];
    for (const field of fields) {
      const foreignArgs = argumentsOf(field, idOf(bIds, 'B'));
      if (foreignArgs === null)
        throw new Error(`Query.${field.name} has a required argument this test cannot fill`);
      const named = getNamedType(field.type);
      const document = `query { ${field.name}${foreignArgs} ${selectionOf(named, 2, idOf(bIds, 'B'))} }`;
      const response = await asA(document);
      const context = `Query.${field.name}: ${document}`;
      expect(response.status, context).toBe(200);
      expect(
        codesOf(response).filter((code) => !REFUSALS.has(code)),
        context,
      ).toEqual([]);
      expect(leakedValues(response.body, bFingerprint, idsIn(document)), context).toEqual([]);
      if (field.args.some(namesRecords)) {
        aimed.push(field.name);
        // Aimed at B, the field itself holds nothing: not B's record, not a stub of it.
        expect(isEmpty(response.body.data?.[field.name]), context).toBe(true);
      }
    }
    // Not vacuous: the by-id fields and the filtered lists were aimed.
    expect(aimed).toEqual(
      expect.arrayContaining(['student', 'section', 'user', 'sections', 'feeStructures', 'leaderboard']),
    );
  });

  it("answers A's own records with B's ids in every nested argument without B's data", async () => {
    const fields = Object.values((api.getQueryType() as GraphQLObjectType).getFields());
    let checked = 0;
    for (const field of fields) {
      // The root names A's own record (so there is something to descend into); every nested id is B's.
      const rootArgs = argumentsOf(field, idOf(aIds, 'A'));
      if (rootArgs === null) continue;
      const named = getNamedType(field.type);
      const document = `query { ${field.name}${rootArgs} ${selectionOf(named, 2, idOf(bIds, 'B'))} }`;
      const response = await asA(document);
      const context = `Query.${field.name}: ${document}`;
      expect(
        codesOf(response).filter((code) => !REFUSALS.has(code)),
        context,
      ).toEqual([]);
      expect(leakedValues(response.body, bFingerprint, idsIn(document)), context).toEqual([]);
      if (field.args.some((arg) => arg.name === 'id')) {
        // The positive control: the generated document does read A's record.
        expect(response.body.data?.[field.name], context).not.toBeNull();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("resolves no entity of school B in any subgraph (_entities with A's token)", async () => {
    const token = await schoolAdminToken(stack.resources, a.schoolId);
    let lookups = 0;
    for (const name of SUBGRAPH_NAMES) {
      const { typeDefs } = SUBGRAPHS[name];
      const url = stack.subgraphUrls[name];
      if (!url) throw new Error(`no URL for subgraph ${name}`);
      const schema = buildSubgraphSchema({ typeDefs });
      for (const definition of typeDefs.definitions) {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
          continue;
        const key = definition.directives?.find((directive) => directive.name.value === 'key');
        if (!key) continue;
        const resolvable = key.arguments?.find((arg) => arg.name.value === 'resolvable');
        if (resolvable?.value.kind === Kind.BOOLEAN && !resolvable.value.value) continue;
        const typeName = definition.name.value;
        const type = schema.getType(typeName);
        if (!type) throw new Error(`${name}: ${typeName} is not in its schema`);
        const bId = idOf(bIds, 'B')(typeName, `${name} entity ${typeName}`);
        const document = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typeName} ${selectionOf(type, 2, idOf(bIds, 'B'))} } }`;
        const response = await postGraphQL<{ _entities: unknown[] }>(
          url,
          document,
          { representations: [{ __typename: typeName, id: bId }] },
          { token },
        );
        const context = `${name} _entities ${typeName} ${bId}`;
        expect(
          codesOf(response).filter((code) => !REFUSALS.has(code)),
          context,
        ).toEqual([]);
        // A subgraph that only extends an entity may answer a bare reference ({ id }); nothing else of B's.
        expect(leakedValues(response.body, bFingerprint, [bId]), context).toEqual([]);
        const [entity] = response.body.data?._entities ?? [null];
        if (entity !== null && entity !== undefined) {
          for (const [field, value] of Object.entries(entity)) {
            if (field === '__typename' || field === 'id') continue;
            expect(isEmpty(value), `${context}: ${field}`).toBe(true);
          }
        }
        lookups += 1;
      }
    }
    expect(lookups).toBeGreaterThanOrEqual(12);
  });

  it("aims every mutation at school B and changes nothing of B's", async () => {
    const aAdmin = a.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    const bAdmin = b.logins.find((login) => login.role === 'SCHOOL_ADMIN');
    const aTeacher = a.logins.find((login) => login.role === 'TEACHER');
    if (!aAdmin || !bAdmin || !aTeacher) throw new Error('the seed made no admin or teacher');
    const login = (schoolCode: string, email: string) =>
      stack.graphql<{ login: { tokens: { accessToken: string; refreshToken: string } | null } }>(
        `mutation ($input: LoginInput!) { login(input: $input) { tokens { accessToken refreshToken } userErrors { code } } }`,
        { input: { schoolCode, email, password: DEMO_PASSWORD } },
      );
    const signIn = async (code: string, email: string) => {
      const tokens = (await login(code, email)).body.data?.login.tokens;
      if (!tokens) throw new Error(`sign-in of ${email} failed`);
      return tokens;
    };
    const aSession = await signIn(a.code, aTeacher.email);
    const bSession = await signIn(b.code, bAdmin.email);
    const [, aSecret] = aSession.refreshToken.split('.');
    const bPrefixed = `${b.schoolId}.${aSecret}`;
    const bOutbox = () => stack.resources.db.outboxMessage.count({ where: { schoolId: b.schoolId } });
    const outboxBefore = await bOutbox();

    // People administration: A's admin names B's records; each must be "not found" in A.
    const bUser = (role: string) => b.logins.find((login) => login.role === role)?.userId ?? '';
    const bLink = await stack.resources.db.studentGuardian.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { studentId: true, guardianId: true },
    });
    const bTeacher = await stack.resources.db.teacher.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { id: true },
    });
    const bStaff = await stack.resources.db.staff.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { id: true },
    });
    const bLinkCount = () => stack.resources.db.studentGuardian.count({ where: { schoolId: b.schoolId } });
    const bLinksBefore = await bLinkCount();
    // Homework: A's admin and A's student name B's homework, section and submission.
    const bHomework = await stack.resources.db.homework.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { id: true, sectionId: true, subjectId: true },
    });
    const bSubmission = await stack.resources.db.homeworkSubmission.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { id: true },
    });
    const bSubmissions = () =>
      stack.resources.db.homeworkSubmission.findMany({
        where: { schoolId: b.schoolId },
        select: { id: true, points: true, feedback: true },
      });
    const bSubmissionsBefore = await bSubmissions();
    const bHomeworkCount = () => stack.resources.db.homework.count({ where: { schoolId: b.schoolId } });
    const bHomeworkBefore = await bHomeworkCount();
    const bHomeworkState = () =>
      Promise.all([
        stack.resources.db.homework.findMany({
          where: { schoolId: b.schoolId },
          select: { id: true, title: true, status: true, maxPoints: true, dueAt: true, updatedAt: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.homeworkExcusal.count({ where: { schoolId: b.schoolId } }),
      ]);
    const bHomeworkStateBefore = await bHomeworkState();
    const [bQuestion, bQuiz, bAttempt] = await Promise.all([
      stack.resources.db.question.findFirstOrThrow({ where: { schoolId: b.schoolId }, select: { id: true } }),
      stack.resources.db.quiz.findFirstOrThrow({
        where: { schoolId: b.schoolId },
        select: {
          id: true,
          sectionId: true,
          subjectId: true,
          items: { select: { id: true, questionVersionId: true } },
        },
      }),
      stack.resources.db.quizAttempt.findFirstOrThrow({
        where: { schoolId: b.schoolId },
        select: { id: true },
      }),
    ]);
    const bQuizzes = async () => {
      const where = { schoolId: b.schoolId };
      return Promise.all([
        stack.resources.db.question.findMany({
          where,
          select: { id: true, latestVersion: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.quiz.findMany({
          where,
          select: { id: true, resultsReleasedAt: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.quizAttempt.count({ where }),
        stack.resources.db.quizAnswer.findMany({
          where,
          select: { id: true, points: true },
          orderBy: { id: 'asc' },
        }),
      ]);
    };
    const bQuizzesBefore = await bQuizzes();
    const aStudent = a.logins.find((login) => login.role === 'STUDENT');
    if (!aStudent) throw new Error('the seed made no student login');
    const asStudentOfA = async (document: string) =>
      stack.graphql<Record<string, unknown>>(
        document,
        {},
        { schoolId: a.schoolId, token: await tokenForUser(stack.resources, a.schoolId, aStudent.userId) },
      );
    const fresh = randomBytes(4).toString('hex');
    const asAdminOfA = (document: string) =>
      stack.graphql<Record<string, unknown>>(document, {}, { schoolId: a.schoolId });
    const importCsv = [
      'admissionNumber,givenName,familyName,dateOfBirth,gender,admittedOn,guardian1GivenName,guardian1FamilyName,guardian1Relationship,guardian1Email,guardian1Phone,guardian2GivenName,guardian2FamilyName,guardian2Relationship,guardian2Email,guardian2Phone',
      `X${fresh},Ira,Tenant,2015-01-02,FEMALE,2021-06-01,Gita,Tenant,MOTHER,g${fresh}@example.test,,,,,,`,
    ].join('\n');

    // School structure: A's admin names B's years, terms, grades, sections, subjects, assignments,
    // enrolments, students and teachers, alone or mixed with A's own records (a foreign key alone
    // would accept B's student or teacher in A's section: the services ask identity's facts, which
    // row-level security holds to A).
    const bYear = { id: b.academicYearId };
    const [bTerm, bPeriod, bGrade, bSection, bSubject, bAssignment, bEnrolment, aSubject, aEnrolment] =
      await Promise.all([
        stack.resources.db.term.findFirstOrThrow({ where: { schoolId: b.schoolId, kind: 'TERM' } }),
        stack.resources.db.term.findFirstOrThrow({ where: { schoolId: b.schoolId, kind: 'GRADING_PERIOD' } }),
        stack.resources.db.grade.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
        stack.resources.db.section.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
        stack.resources.db.subject.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
        stack.resources.db.teachingAssignment.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
        stack.resources.db.enrolment.findFirstOrThrow({ where: { schoolId: b.schoolId, status: 'ACTIVE' } }),
        stack.resources.db.subject.findFirstOrThrow({ where: { schoolId: a.schoolId } }),
        stack.resources.db.enrolment.findFirstOrThrow({ where: { schoolId: a.schoolId, status: 'ACTIVE' } }),
      ]);
    const bStructure = async () => {
      const where = { schoolId: b.schoolId };
      const stamp = { id: true, updatedAt: true } as const;
      return Promise.all([
        stack.resources.db.academicYear.findMany({
          where,
          select: { ...stamp, isCurrent: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.term.findMany({
          where,
          select: { ...stamp, closedAt: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.grade.findMany({ where, select: stamp, orderBy: { id: 'asc' } }),
        stack.resources.db.section.findMany({ where, select: stamp, orderBy: { id: 'asc' } }),
        stack.resources.db.subject.findMany({ where, select: stamp, orderBy: { id: 'asc' } }),
        stack.resources.db.teachingAssignment.findMany({
          where,
          select: { id: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.enrolment.findMany({
          where,
          select: { ...stamp, status: true },
          orderBy: { id: 'asc' },
        }),
      ]);
    };
    const bStructureBefore = await bStructure();
    // Timetable: A's admin names B's rooms, lessons and substitutions, or B's section with A's records.
    const [bRoom, bEntry, bSubstitution, aTeacherRecord] = await Promise.all([
      stack.resources.db.room.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
      stack.resources.db.timetableEntry.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
      stack.resources.db.substitution.findFirstOrThrow({ where: { schoolId: b.schoolId } }),
      stack.resources.db.teacher.findFirstOrThrow({ where: { schoolId: a.schoolId } }),
    ]);
    const bTimetable = () => {
      const where = { schoolId: b.schoolId };
      return Promise.all([
        stack.resources.db.bellPeriod.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.room.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.timetableEntry.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.substitution.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.attendanceCode.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.attendanceMark.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.attendanceCorrection.findMany({ where, orderBy: { id: 'asc' } }),
      ]);
    };
    const bTimetableBefore = await bTimetable();
    // Exams: A's admin names B's exam, paper and student; B's exam, papers and marks must not change.
    const bPaper = await stack.resources.db.examPaper.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { id: true, examId: true },
    });
    const bMark = await stack.resources.db.examMark.findFirstOrThrow({
      where: { schoolId: b.schoolId },
      select: { studentId: true },
    });
    const bExams = () =>
      Promise.all([
        stack.resources.db.exam.findMany({
          where: { schoolId: b.schoolId },
          select: { id: true, name: true, publishedAt: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.examPaper.findMany({
          where: { schoolId: b.schoolId },
          select: { id: true, marksLockedAt: true, startsAt: true },
          orderBy: { id: 'asc' },
        }),
        stack.resources.db.examMark.findMany({
          where: { schoolId: b.schoolId },
          select: { id: true, enteredMarks: true, moderatedMarks: true },
          orderBy: { id: 'asc' },
        }),
      ]);
    const bExamsBefore = await bExams();
    const bReportCards = () =>
      Promise.all([
        stack.resources.db.reportCardBatch.count({ where: { schoolId: b.schoolId } }),
        stack.resources.db.reportCard.count({ where: { schoolId: b.schoolId } }),
        stack.resources.db.reportCardRemark.count({ where: { schoolId: b.schoolId } }),
      ]);
    const bReportCardsBefore = await bReportCards();
    // Gradebook: A's admin names B's scale, section, subject, term, student, paper and category.
    const bGradebook = () => {
      const where = { schoolId: b.schoolId };
      return Promise.all([
        stack.resources.db.gradingScale.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.subjectGradingScale.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.gradebookCategory.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.gradebookAssessmentCategory.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.termGradeOverride.findMany({ where, orderBy: { id: 'asc' } }),
        stack.resources.db.termGradeOverrideEvent.findMany({ where, orderBy: { id: 'asc' } }),
      ]);
    };
    const bGradebookBefore = await bGradebook();
    const [bScale, bCategory, bOverride] = await Promise.all([
      stack.resources.db.gradingScale.findFirstOrThrow({
        where: { schoolId: b.schoolId },
        select: { id: true },
      }),
      stack.resources.db.gradebookCategory.findFirstOrThrow({
        where: { schoolId: b.schoolId },
        select: { id: true, sectionId: true, subjectId: true, termId: true },
      }),
      stack.resources.db.termGradeOverride.findFirstOrThrow({
        where: { schoolId: b.schoolId },
        select: { studentId: true, subjectId: true, termId: true },
      }),
    ]);
    const bOverrideKey = `studentId: "${bOverride.studentId}", subjectId: "${bOverride.subjectId}", termId: "${bOverride.termId}"`;
    /** The userError codes each gradebook attack must get: B's records are not found in A. */
    const gradebookRefusals: Record<string, string[]> = {
      createGradingScale: [],
      updateGradingScale: ['NOT_FOUND'],
      deleteGradingScale: ['NOT_FOUND'],
      setSubjectGradingScale: ['NOT_FOUND'],
      setGradebookCategories: ['NOT_FOUND'],
      setAssessmentCategory: ['NOT_FOUND'],
      overrideTermGrade: ['NOT_FOUND'],
      removeTermGradeOverride: ['NOT_FOUND'],
    };
    const aPaper = await stack.resources.db.examPaper.findFirstOrThrow({
      where: { schoolId: a.schoolId },
      select: { id: true },
    });
    /** The userError codes each exam attack must get: B's records are not found in A. */
    const examRefusals: Record<string, string[]> = {
      createExam: ['NOT_FOUND'],
      scheduleExamPaper: ['NOT_FOUND'],
      enterExamMarks: ['NOT_FOUND'],
      moderateExamMark: ['NOT_FOUND'],
      lockExamPaperMarks: ['NOT_FOUND'],
      unlockExamPaperMarks: ['NOT_FOUND'],
      publishExamResults: ['NOT_FOUND'],
      unpublishExamResults: ['NOT_FOUND'],
      // Report cards: B's term (and section or student) are not found in A.
      generateReportCards: ['NOT_FOUND'],
      setReportCardRemark: ['NOT_FOUND'],
    };
    const structureAttack = (name: string, input: string, result: string) => () =>
      asAdminOfA(`mutation { ${name}(input: { ${input} }) { ${result} userErrors { code } } }`);
    /** The userError codes each structure attack must get: B's records are not found in A. */
    const structureRefusals: Record<string, string[]> = {
      createAcademicYear: [],
      updateAcademicYear: ['NOT_FOUND'],
      setCurrentAcademicYear: ['NOT_FOUND'],
      createTerm: ['NOT_FOUND'],
      createGradingPeriod: ['NOT_FOUND'],
      updateTerm: ['NOT_FOUND'],
      closeGradingPeriod: ['NOT_FOUND'],
      reopenGradingPeriod: ['NOT_FOUND'],
      createGrade: [],
      updateGrade: ['NOT_FOUND'],
      createSection: ['NOT_FOUND', 'NOT_FOUND'],
      updateSection: ['NOT_FOUND'],
      createSubject: [],
      updateSubject: ['NOT_FOUND'],
      createTeachingAssignment: ['NOT_FOUND'],
      deleteTeachingAssignment: ['NOT_FOUND'],
      deleteTerm: ['NOT_FOUND'],
      deleteGrade: ['NOT_FOUND'],
      deleteSection: ['NOT_FOUND'],
      deleteSubject: ['NOT_FOUND'],
      admitStudent: ['NOT_FOUND'],
      transferStudent: ['NOT_FOUND'],
      withdrawStudent: ['NOT_FOUND'],
      graduateStudent: ['NOT_FOUND'],
      rolloverAcademicYear: ['NOT_FOUND', 'NOT_FOUND'],
      setBellSchedule: [],
      createRoom: [],
      deleteRoom: ['NOT_FOUND'],
      createTimetableEntry: ['NOT_FOUND'],
      deleteTimetableEntry: ['NOT_FOUND'],
      createSubstitution: ['NOT_FOUND'],
      deleteSubstitution: ['NOT_FOUND'],
      markAttendance: ['NOT_FOUND'],
      correctAttendance: ['NOT_FOUND'],
      createAttendanceCode: [],
      // Homework management: B's homework is not found in A.
      updateHomework: ['NOT_FOUND'],
      cancelHomework: ['NOT_FOUND'],
      setHomeworkExcused: ['NOT_FOUND'],
    };

    type Attack = () => Promise<GraphQLResponse<Record<string, unknown>>>;
    const attacks: Record<string, Attack> = {
      // A's admin's email and password, at B: no such account there.
      login: () =>
        stack.graphql(
          `mutation { login(input: { schoolCode: ${JSON.stringify(b.code)}, email: ${JSON.stringify(aAdmin.email)}, password: ${JSON.stringify(DEMO_PASSWORD)} }) { tokens { accessToken } userErrors { code } } }`,
        ),
      // A's refresh secret under B's prefix: looked up inside B, where it does not exist.
      refreshSession: () =>
        stack.graphql(
          `mutation { refreshSession(input: { refreshToken: ${JSON.stringify(bPrefixed)} }) { tokens { accessToken } userErrors { code } } }`,
        ),
      logout: () =>
        stack.graphql(
          `mutation { logout(input: { refreshToken: ${JSON.stringify(bPrefixed)} }) { success userErrors { code } } }`,
        ),
      // Acts on the signed-in user only; B's sessions must survive it (checked below).
      logoutEverywhere: async () =>
        stack.graphql(
          `mutation { logoutEverywhere { success userErrors { code } } }`,
          {},
          {
            token: (await signIn(a.code, aTeacher.email)).accessToken,
          },
        ),
      requestPasswordReset: () =>
        stack.graphql(
          `mutation { requestPasswordReset(input: { schoolCode: ${JSON.stringify(b.code)}, email: ${JSON.stringify(aAdmin.email)} }) { message userErrors { code } } }`,
        ),
      resetPassword: () =>
        stack.graphql(
          `mutation { resetPassword(input: { token: ${JSON.stringify(`${b.schoolId}.${randomBytes(16).toString('base64url')}`)}, newPassword: "a long new password 42" }) { success userErrors { code } } }`,
        ),
      // Creating can only ever create in the caller's own school.
      createUser: () =>
        asAdminOfA(
          `mutation { createUser(input: { email: "u${fresh}@example.test", displayName: "New", roles: [TEACHER], password: "a long new password 42" }) { user { id } userErrors { code } } }`,
        ),
      // The invitation is A's: B's outbox stays as it was (checked below).
      inviteUser: () =>
        asAdminOfA(
          `mutation { inviteUser(input: { email: "i${fresh}@example.test", displayName: "Invited", roles: [TEACHER] }) { user { id } userErrors { code } } }`,
        ),
      acceptInvitation: () =>
        stack.graphql(
          `mutation { acceptInvitation(input: { token: ${JSON.stringify(`${b.schoolId}.${randomBytes(16).toString('base64url')}`)}, password: "a long new password 42" }) { success userErrors { code } } }`,
        ),
      disableUser: () =>
        asAdminOfA(
          `mutation { disableUser(input: { userId: "${bAdmin.userId}" }) { user { id } userErrors { code } } }`,
        ),
      enableUser: () =>
        asAdminOfA(
          `mutation { enableUser(input: { userId: "${bAdmin.userId}" }) { user { id } userErrors { code } } }`,
        ),
      grantRole: () =>
        asAdminOfA(
          `mutation { grantRole(input: { userId: "${bUser('TEACHER')}", role: SCHOOL_ADMIN }) { user { id } userErrors { code } } }`,
        ),
      revokeRole: () =>
        asAdminOfA(
          `mutation { revokeRole(input: { userId: "${bAdmin.userId}", role: SCHOOL_ADMIN }) { user { id } userErrors { code } } }`,
        ),
      createStudent: () =>
        asAdminOfA(
          `mutation { createStudent(input: { admissionNumber: "S${fresh}", givenName: "New", familyName: "Student", dateOfBirth: "2015-03-04", admittedOn: "2021-06-01" }) { student { id } userErrors { code } } }`,
        ),
      updateStudent: () =>
        asAdminOfA(
          `mutation { updateStudent(input: { id: "${bLink.studentId}", givenName: "Changed" }) { student { id } userErrors { code } } }`,
        ),
      createTeacher: () =>
        asAdminOfA(
          `mutation { createTeacher(input: { employeeNumber: "E${fresh}", givenName: "New", familyName: "Teacher", joinedOn: "2020-01-06" }) { teacher { id } userErrors { code } } }`,
        ),
      updateTeacher: () =>
        asAdminOfA(
          `mutation { updateTeacher(input: { id: "${bTeacher.id}", givenName: "Changed" }) { teacher { id } userErrors { code } } }`,
        ),
      // Creating can only ever create in the caller's own school.
      createStaff: () =>
        asAdminOfA(
          `mutation { createStaff(input: { employeeNumber: "S${fresh}", givenName: "New", familyName: "Staff", jobTitle: "Clerk" }) { staff { id } userErrors { code } } }`,
        ),
      updateStaff: () =>
        asAdminOfA(
          `mutation { updateStaff(input: { id: "${bStaff.id}", givenName: "Changed" }) { staff { id } userErrors { code } } }`,
        ),
      updateGuardian: () =>
        asAdminOfA(
          `mutation { updateGuardian(input: { id: "${bLink.guardianId}", givenName: "Changed" }) { guardian { id } userErrors { code } } }`,
        ),
      createGuardian: () =>
        asAdminOfA(
          `mutation { createGuardian(input: { givenName: "New", familyName: "Guardian" }) { guardian { id } userErrors { code } } }`,
        ),
      linkGuardian: () =>
        asAdminOfA(
          `mutation { linkGuardian(input: { studentId: "${bLink.studentId}", guardianId: "${bLink.guardianId}", relationship: OTHER }) { link { relationship } userErrors { code } } }`,
        ),
      updateGuardianLink: () =>
        asAdminOfA(
          `mutation { updateGuardianLink(input: { studentId: "${bLink.studentId}", guardianId: "${bLink.guardianId}", mayPickUp: false }) { link { relationship } userErrors { code } } }`,
        ),
      unlinkGuardian: () =>
        asAdminOfA(
          `mutation { unlinkGuardian(input: { studentId: "${bLink.studentId}", guardianId: "${bLink.guardianId}" }) { success userErrors { code } } }`,
        ),
      // Writes A's rows only; B's links are counted below.
      importStudents: () =>
        asAdminOfA(
          `mutation { importStudents(input: { csv: ${JSON.stringify(importCsv)}, dryRun: false }) { studentsCreated guardiansCreated linksCreated rowErrors { line code } userErrors { code } } }`,
        ),
      assignHomework: () =>
        asAdminOfA(
          `mutation { assignHomework(input: { sectionId: "${bHomework.sectionId}", subjectId: "${bHomework.subjectId}", title: "Probe", instructions: "", dueAt: "${new Date(Date.now() + 86_400_000).toISOString()}", maxPoints: 10 }) { homework { id } userErrors { code } } }`,
        ),
      requestHomeworkUpload: () =>
        asStudentOfA(
          `mutation { requestHomeworkUpload(input: { homeworkId: "${bHomework.id}", fileName: "a.pdf", contentType: "application/pdf", byteSize: 10 }) { upload { url objectKey } userErrors { code } } }`,
        ),
      submitHomework: () =>
        asStudentOfA(
          `mutation { submitHomework(input: { homeworkId: "${bHomework.id}", idempotencyId: "${randomUUID()}", text: "probe" }) { submission { id } isDuplicate userErrors { code } } }`,
        ),
      gradeSubmission: () =>
        asAdminOfA(
          `mutation { gradeSubmission(input: { submissionId: "${bSubmission.id}", points: 1, feedback: "probe" }) { submission { id points } userErrors { code } } }`,
        ),
      requestFeedbackUpload: () =>
        asAdminOfA(
          `mutation { requestFeedbackUpload(input: { submissionId: "${bSubmission.id}", fileName: "a.pdf", contentType: "application/pdf", byteSize: 10 }) { upload { url objectKey } userErrors { code } } }`,
        ),
      // B's homework, and B's student on it.
      updateHomework: () =>
        asAdminOfA(
          `mutation { updateHomework(input: { id: "${bHomework.id}", title: "Changed", maxPoints: 999 }) { homework { id } userErrors { code } } }`,
        ),
      cancelHomework: () =>
        asAdminOfA(
          `mutation { cancelHomework(input: { id: "${bHomework.id}" }) { homework { id status } userErrors { code } } }`,
        ),
      setHomeworkExcused: () =>
        asAdminOfA(
          `mutation { setHomeworkExcused(input: { homeworkId: "${bHomework.id}", studentId: "${bLink.studentId}", isExcused: true }) { isExcused excusal { reason } userErrors { code } } }`,
        ),
      // A real dead letter of another school is refused in failed-submissions.test.ts; here, a
      // well-formed id A does not own.
      retryFailedHomeworkSubmission: () =>
        asAdminOfA(
          `mutation { retryFailedHomeworkSubmission(input: { id: "${Buffer.from('1-0').toString('base64url')}" }) { retried userErrors { code } } }`,
        ),
      // Quizzes and the bank: A's admin (or student) names B's subject, question, section, quiz,
      // attempt and item.
      createQuestion: () =>
        asAdminOfA(
          `mutation { createQuestion(input: { subjectId: "${bQuiz.subjectId}", draft: { type: ESSAY, prompt: "Probe" } }) { question { id } userErrors { code } } }`,
        ),
      reviseQuestion: () =>
        asAdminOfA(
          `mutation { reviseQuestion(input: { questionId: "${bQuestion.id}", baseVersion: 1, draft: { type: ESSAY, prompt: "Probe" } }) { question { id } userErrors { code } } }`,
        ),
      createQuiz: () =>
        asAdminOfA(
          `mutation { createQuiz(input: { sectionId: "${bQuiz.sectionId}", subjectId: "${bQuiz.subjectId}", title: "Probe", opensAt: "${new Date().toISOString()}", closesAt: "${new Date(Date.now() + 86_400_000).toISOString()}", items: [{ questionVersionId: "${bQuiz.items[0]?.questionVersionId ?? ''}", points: 1 }] }) { quiz { id } userErrors { code } } }`,
        ),
      releaseQuizResults: () =>
        asAdminOfA(
          `mutation { releaseQuizResults(input: { quizId: "${bQuiz.id}" }) { quiz { id } userErrors { code } } }`,
        ),
      startQuizAttempt: () =>
        asStudentOfA(
          `mutation { startQuizAttempt(input: { quizId: "${bQuiz.id}" }) { attempt { id } isResumed userErrors { code } } }`,
        ),
      submitQuizAttempt: () =>
        asStudentOfA(
          `mutation { submitQuizAttempt(input: { quizAttemptId: "${bAttempt.id}", idempotencyId: "${randomUUID()}", answers: [] }) { attempt { id } isDuplicate userErrors { code } } }`,
        ),
      gradeQuizAnswer: () =>
        asAdminOfA(
          `mutation { gradeQuizAnswer(input: { quizAttemptId: "${bAttempt.id}", quizItemId: "${bQuiz.items[0]?.id ?? ''}", points: 1 }) { attempt { id } userErrors { code } } }`,
        ),
      // Creations without ids happen in A (and must not touch B); the rest name B's records.
      createAcademicYear: structureAttack(
        'createAcademicYear',
        `name: "Probe ${fresh}", startsOn: "2040-01-01", endsOn: "2040-12-31"`,
        'academicYear { id }',
      ),
      updateAcademicYear: structureAttack(
        'updateAcademicYear',
        `id: "${bYear.id}", name: "Changed"`,
        'academicYear { id }',
      ),
      setCurrentAcademicYear: structureAttack(
        'setCurrentAcademicYear',
        `id: "${bYear.id}"`,
        'academicYear { id }',
      ),
      createTerm: structureAttack(
        'createTerm',
        `academicYearId: "${bYear.id}", name: "Probe", startsOn: "${day(bTerm.startsOn)}", endsOn: "${day(bTerm.startsOn)}"`,
        'term { id }',
      ),
      createGradingPeriod: structureAttack(
        'createGradingPeriod',
        `termId: "${bTerm.id}", name: "Probe", startsOn: "${day(bTerm.startsOn)}", endsOn: "${day(bTerm.startsOn)}"`,
        'term { id }',
      ),
      updateTerm: structureAttack('updateTerm', `id: "${bTerm.id}", name: "Changed"`, 'term { id }'),
      closeGradingPeriod: structureAttack(
        'closeGradingPeriod',
        `id: "${bPeriod.id}"`,
        'term { id isClosed }',
      ),
      reopenGradingPeriod: structureAttack(
        'reopenGradingPeriod',
        `id: "${bPeriod.id}"`,
        'term { id isClosed }',
      ),
      createGrade: structureAttack('createGrade', `name: "Probe ${fresh}", level: 19`, 'grade { id }'),
      updateGrade: structureAttack('updateGrade', `id: "${bGrade.id}", name: "Changed"`, 'grade { id }'),
      createSection: structureAttack(
        'createSection',
        `academicYearId: "${bYear.id}", gradeId: "${bGrade.id}", name: "Probe"`,
        'section { id }',
      ),
      updateSection: structureAttack(
        'updateSection',
        `id: "${bSection.id}", name: "Changed"`,
        'section { id }',
      ),
      createSubject: structureAttack('createSubject', `code: "P${fresh}", name: "Probe"`, 'subject { id }'),
      updateSubject: structureAttack(
        'updateSubject',
        `id: "${bSubject.id}", name: "Changed"`,
        'subject { id }',
      ),
      // A's own section and subject with B's teacher.
      createTeachingAssignment: structureAttack(
        'createTeachingAssignment',
        `teacherId: "${bTeacher.id}", sectionId: "${a.sample.sectionId}", subjectId: "${aSubject.id}"`,
        'teachingAssignment { id }',
      ),
      deleteTeachingAssignment: structureAttack(
        'deleteTeachingAssignment',
        `id: "${bAssignment.id}"`,
        'deletedId',
      ),
      deleteTerm: structureAttack('deleteTerm', `id: "${bTerm.id}"`, 'deletedId'),
      deleteGrade: structureAttack('deleteGrade', `id: "${bGrade.id}"`, 'deletedId'),
      deleteSection: structureAttack('deleteSection', `id: "${bSection.id}"`, 'deletedId'),
      deleteSubject: structureAttack('deleteSubject', `id: "${bSubject.id}"`, 'deletedId'),
      // B's student into A's own section.
      admitStudent: structureAttack(
        'admitStudent',
        `studentId: "${bEnrolment.studentId}", sectionId: "${a.sample.sectionId}", admittedOn: "${day(aEnrolment.startsOn)}"`,
        'enrolment { id }',
      ),
      // A's own enrolment into B's section.
      transferStudent: structureAttack(
        'transferStudent',
        `enrolmentId: "${aEnrolment.id}", toSectionId: "${bSection.id}", transferredOn: "${day(new Date(aEnrolment.startsOn.getTime() + 86_400_000))}"`,
        'enrolment { id }',
      ),
      withdrawStudent: structureAttack(
        'withdrawStudent',
        `enrolmentId: "${bEnrolment.id}", endsOn: "${day(bEnrolment.startsOn)}"`,
        'enrolment { id }',
      ),
      graduateStudent: structureAttack(
        'graduateStudent',
        `enrolmentId: "${bEnrolment.id}", endsOn: "${day(bEnrolment.startsOn)}"`,
        'enrolment { id }',
      ),
      rolloverAcademicYear: structureAttack(
        'rolloverAcademicYear',
        `fromAcademicYearId: "${bYear.id}", toAcademicYearId: "${bYear.id}", dryRun: false`,
        'report { isApplied }',
      ),
      // Creations without ids happen in A; the rest name B's rooms, lessons and substitutions.
      setBellSchedule: structureAttack(
        'setBellSchedule',
        `weekday: 7, periods: [{ number: 1, startsAt: "09:00", endsAt: "10:00" }]`,
        'periods { id }',
      ),
      createRoom: structureAttack('createRoom', `name: "Probe ${fresh}"`, 'room { id }'),
      deleteRoom: structureAttack('deleteRoom', `id: "${bRoom.id}"`, 'deletedId'),
      // B's section with A's own subject and teacher.
      createTimetableEntry: structureAttack(
        'createTimetableEntry',
        `sectionId: "${bSection.id}", weekday: 2, periodNumber: 1, subjectId: "${aSubject.id}", teacherId: "${aTeacherRecord.id}"`,
        'entry { id }',
      ),
      deleteTimetableEntry: structureAttack('deleteTimetableEntry', `id: "${bEntry.id}"`, 'deletedId'),
      // B's lesson with A's own teacher.
      createSubstitution: structureAttack(
        'createSubstitution',
        `entryId: "${bEntry.id}", date: "2026-06-08", substituteTeacherId: "${aTeacherRecord.id}"`,
        'substitution { id }',
      ),
      deleteSubstitution: structureAttack('deleteSubstitution', `id: "${bSubstitution.id}"`, 'deletedId'),
      // Attendance: B's section and student; a new code is A's own.
      markAttendance: structureAttack(
        'markAttendance',
        `sectionId: "${bSection.id}", date: "2026-06-01", idempotencyId: "${randomUUID()}", marks: [{ studentId: "${bEnrolment.studentId}", code: "A" }]`,
        'session { marks { id } } isDuplicate',
      ),
      correctAttendance: structureAttack(
        'correctAttendance',
        `sectionId: "${bEnrolment.sectionId}", studentId: "${bEnrolment.studentId}", date: "2026-06-01", code: "P", reason: "Probe"`,
        'mark { id }',
      ),
      createAttendanceCode: structureAttack(
        'createAttendanceCode',
        `code: "Q${fresh.slice(0, 4)}", name: "Probe", countsAsPresent: true`,
        'attendanceCode { id }',
      ),
      // Exams: B's year, exam and paper; A's own section with B's exam.
      createExam: structureAttack(
        'createExam',
        `academicYearId: "${bYear.id}", name: "Probe ${fresh}", kind: MIDTERM`,
        'exam { id }',
      ),
      scheduleExamPaper: structureAttack(
        'scheduleExamPaper',
        `examId: "${bPaper.examId}", sectionId: "${a.sample.sectionId}", subjectId: "${aSubject.id}", startsAt: "2026-11-11T09:00:00Z", endsAt: "2026-11-11T10:00:00Z", room: "P-1", invigilatorTeacherIds: ["${bTeacher.id}"], maxMarks: 10, passMarks: 5`,
        'paper { id }',
      ),
      enterExamMarks: structureAttack(
        'enterExamMarks',
        `examPaperId: "${bPaper.id}", rows: [{ studentId: "${bMark.studentId}", marks: 1 }]`,
        'paper { id } rowErrors { studentId code }',
      ),
      moderateExamMark: structureAttack(
        'moderateExamMark',
        `examPaperId: "${bPaper.id}", studentId: "${bMark.studentId}", marks: 1, reason: "probe"`,
        'mark { id }',
      ),
      lockExamPaperMarks: structureAttack(
        'lockExamPaperMarks',
        `examPaperId: "${bPaper.id}"`,
        'paper { id isMarksLocked }',
      ),
      unlockExamPaperMarks: structureAttack(
        'unlockExamPaperMarks',
        `examPaperId: "${bPaper.id}"`,
        'paper { id isMarksLocked }',
      ),
      publishExamResults: structureAttack(
        'publishExamResults',
        `examId: "${bPaper.examId}"`,
        'exam { id isPublished }',
      ),
      unpublishExamResults: structureAttack(
        'unpublishExamResults',
        `examId: "${bPaper.examId}"`,
        'exam { id isPublished }',
      ),
      // Report cards: B's term with B's section; B's term and student for a remark.
      generateReportCards: structureAttack(
        'generateReportCards',
        `termId: "${bTerm.id}", sectionId: "${bSection.id}"`,
        'batch { id }',
      ),
      setReportCardRemark: structureAttack(
        'setReportCardRemark',
        `termId: "${bTerm.id}", studentId: "${bEnrolment.studentId}", text: "Probe"`,
        'remark { id }',
      ),
      createGradingScale: structureAttack(
        'createGradingScale',
        `name: "Probe ${bScale.id}", bands: [{ minPercent: 0, label: "P" }]`,
        'gradingScale { id }',
      ),
      updateGradingScale: structureAttack(
        'updateGradingScale',
        `id: "${bScale.id}", name: "Taken over", isDefault: true`,
        'gradingScale { id name }',
      ),
      deleteGradingScale: structureAttack('deleteGradingScale', `id: "${bScale.id}"`, 'gradingScale { id }'),
      setSubjectGradingScale: structureAttack(
        'setSubjectGradingScale',
        `subjectId: "${bCategory.subjectId}", gradingScaleId: "${bScale.id}"`,
        'subject { id } gradingScale { id }',
      ),
      setGradebookCategories: structureAttack(
        'setGradebookCategories',
        `sectionId: "${bCategory.sectionId}", subjectId: "${bCategory.subjectId}", termId: "${bCategory.termId}", categories: []`,
        'gradebook { categories { id } }',
      ),
      setAssessmentCategory: structureAttack(
        'setAssessmentCategory',
        `kind: EXAM, assessmentId: "${bPaper.id}", categoryId: "${bCategory.id}"`,
        'isPlaced',
      ),
      overrideTermGrade: structureAttack(
        'overrideTermGrade',
        `${bOverrideKey}, label: "F", reason: "probe"`,
        'override { label reason }',
      ),
      removeTermGradeOverride: structureAttack(
        'removeTermGradeOverride',
        `${bOverrideKey}, reason: "probe"`,
        'isRemoved',
      ),
      // Last: it changes A's teacher's password (and ends A's sessions).
      changePassword: async () =>
        stack.graphql(
          `mutation { changePassword(input: { currentPassword: ${JSON.stringify(DEMO_PASSWORD)}, newPassword: "another long password 42" }) { tokens { accessToken } userErrors { code } } }`,
          {},
          { token: (await signIn(a.code, aTeacher.email)).accessToken },
        ),
    };
    const mutations = Object.keys((api.getMutationType() as GraphQLObjectType).getFields()).sort();
    for (const name of mutations) {
      expect(
        attacks[name],
        `Mutation.${name} has no cross-tenant attack in this test: add one`,
      ).toBeDefined();
    }
    const order = [...mutations.filter((name) => name !== 'changePassword'), 'changePassword'];
    for (const name of order) {
      const response = await (attacks[name] as Attack)();
      const context = `Mutation.${name}`;
      expect(response.status, context).toBe(200);
      expect(
        codesOf(response).filter((code) => !REFUSALS.has(code)),
        context,
      ).toEqual([]);
      expect(leakedValues(response.body, bFingerprint, [b.schoolId, b.code]), context).toEqual([]);
      const payload = response.body.data?.[name] as { tokens?: unknown; success?: boolean } | undefined;
      if (name === 'login' || name === 'refreshSession') expect(payload?.tokens, context).toBeNull();
      if (name === 'logout' || name === 'resetPassword') expect(payload?.success, context).toBe(false);
      const errors = (response.body.data?.[name] as { userErrors?: { code: string }[] } | undefined)
        ?.userErrors;
      if (
        [
          'disableUser',
          'enableUser',
          'grantRole',
          'revokeRole',
          'updateStudent',
          'updateTeacher',
          'updateStaff',
          'updateGuardian',
          'linkGuardian',
          'createQuestion',
          'reviseQuestion',
          'createQuiz',
          'releaseQuizResults',
          'startQuizAttempt',
          'submitQuizAttempt',
          'gradeQuizAnswer',
        ].includes(name)
      )
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(['NOT_FOUND']);
      if (name === 'updateGuardianLink' || name === 'unlinkGuardian')
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(['NOT_LINKED']);
      if (name === 'acceptInvitation')
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(['INVALID_INVITATION']);
      if (name in structureRefusals)
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(structureRefusals[name]);
      if (name in examRefusals)
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(examRefusals[name]);
      if (name in gradebookRefusals)
        expect(
          errors?.map((error) => error.code),
          context,
        ).toEqual(gradebookRefusals[name]);
      if (name === 'importStudents')
        expect(payload, context).toMatchObject({ studentsCreated: 1, linksCreated: 1 });
    }
    // B is untouched: its session still refreshes, its admin still signs in, no email was queued.
    const refreshed = await stack.graphql<{ refreshSession: { tokens: unknown } }>(
      `mutation ($t: String!) { refreshSession(input: { refreshToken: $t }) { tokens { accessToken } userErrors { code } } }`,
      { t: bSession.refreshToken },
    );
    expect(refreshed.body.data?.refreshSession.tokens).not.toBeNull();
    expect((await login(b.code, bAdmin.email)).body.data?.login.tokens).not.toBeNull();
    expect(await bOutbox()).toBe(outboxBefore);
    // B's people are as they were: its link survives, its student kept its name, nobody is disabled.
    expect(await bLinkCount()).toBe(bLinksBefore);
    const bStudent = await stack.resources.db.student.findUniqueOrThrow({
      where: { id: bLink.studentId },
      select: { givenName: true },
    });
    expect(bStudent.givenName).not.toBe('Changed');
    for (const changed of await Promise.all([
      stack.resources.db.teacher.findUniqueOrThrow({
        where: { id: bTeacher.id },
        select: { givenName: true },
      }),
      stack.resources.db.staff.findUniqueOrThrow({ where: { id: bStaff.id }, select: { givenName: true } }),
      stack.resources.db.guardian.findUniqueOrThrow({
        where: { id: bLink.guardianId },
        select: { givenName: true },
      }),
    ]))
      expect(changed.givenName).not.toBe('Changed');
    expect(
      await stack.resources.db.user.count({ where: { schoolId: b.schoolId, status: { not: 'ACTIVE' } } }),
    ).toBe(0);
    // B's homework is as it was: no new homework, no new or graded submission.
    expect(await bHomeworkCount()).toBe(bHomeworkBefore);
    expect(await bSubmissions()).toEqual(bSubmissionsBefore);
    // Not edited, cancelled or excused from either.
    expect(await bHomeworkState()).toEqual(bHomeworkStateBefore);
    // B's bank and quizzes are as they were: no new version, release, attempt or grade.
    expect(await bQuizzes()).toEqual(bQuizzesBefore);
    // B's structure is as it was: no year, term, grade, section, subject, assignment or enrolment changed.
    expect(await bStructure()).toEqual(bStructureBefore);
    // B's timetable is as it was.
    expect(await bTimetable()).toEqual(bTimetableBefore);
    // B's student in A's own paper is not enrolled there: nothing is written for them.
    const mixed = await asAdminOfA(
      `mutation { enterExamMarks(input: { examPaperId: "${aPaper.id}", rows: [{ studentId: "${bMark.studentId}", marks: 1 }] }) { marks { id } rowErrors { studentId code } userErrors { code } } }`,
    );
    expect(mixed.body.data?.enterExamMarks).toEqual({
      marks: [],
      rowErrors: [{ studentId: bMark.studentId, code: 'NOT_ENROLLED' }],
      userErrors: [],
    });
    // B's exams are as they were: no exam created, published or unpublished, no paper locked, no mark changed.
    expect(await bExams()).toEqual(bExamsBefore);
    expect(await bReportCards()).toEqual(bReportCardsBefore);
    expect(await bGradebook()).toEqual(bGradebookBefore);
  });

  it('keeps 500 interleaved A/B requests on a pool of 2 connections apart', async () => {
    const document = `query Mixed {
      school { id code name }
      me { id email }
      students(first: 20) { totalCount edges { node { id fullName currentSection { id displayName }
        guardians { guardian { id fullName } } enrolments { id section { id } } } } }
      teachers(first: 10) { edges { node { id fullName classSections { id } } } }
      sections { id displayName classTeacher { id } }
      announcements(first: 5) { edges { node { id title author { id } } } }
      feeStructures(first: 5) { edges { node { id name } } }
      schoolSummary { studentCount }
    }`;
    // Counted now: the mutation test above adds students to A (createStudent, importStudents).
    const studentsOf = (schoolId: string) => stack.resources.db.student.count({ where: { schoolId } });
    const schools = [
      { id: a.schoolId, own: aFingerprint, other: bFingerprint, students: await studentsOf(a.schoolId) },
      { id: b.schoolId, own: bFingerprint, other: aFingerprint, students: await studentsOf(b.schoolId) },
    ];
    const problems: string[] = [];
    const concurrency = 16;
    for (let start = 0; start < 500; start += concurrency) {
      // Now and then, empty both caches so the loaders go back to PostgreSQL.
      if (start % 96 === 0) await Promise.all(schools.map((s) => clearTenantCache(stack.resources, s.id)));
      const wave = Array.from({ length: Math.min(concurrency, 500 - start) }, async (_, offset) => {
        const i = start + offset;
        const school = schools[i % 2] as (typeof schools)[number];
        const response = await stack.graphql<{ school: { id: string }; students: { totalCount: number } }>(
          document,
          {},
          { schoolId: school.id },
        );
        const data = response.body.data;
        if (response.status !== 200 || response.body.errors)
          problems.push(`#${i}: ${JSON.stringify(response.body.errors)}`);
        else if (data?.school.id !== school.id) problems.push(`#${i}: school ${data?.school.id}`);
        else if (data.students.totalCount !== school.students)
          problems.push(`#${i}: ${data.students.totalCount} students`);
        const leaked = leakedValues(response.body, school.other);
        if (leaked.length > 0)
          problems.push(`#${i} (school ${school.id}) got the other school's ${leaked.join(', ')}`);
      });
      await Promise.all(wave);
    }
    expect(problems).toEqual([]);

    // Redis: every key naming a school's record lives under that school's prefix, and no value
    // cached under one school's prefix holds the other's data (cache poisoning across tenants).
    const keysOf = async (pattern: string) => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await stack.resources.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        found.push(...keys);
      } while (cursor !== '0');
      return found;
    };
    const everyKey = await keysOf('s24:*');
    for (const school of schools) {
      const prefix = tenantKey(school.id, '');
      const own = everyKey.filter((key) => key.startsWith(prefix));
      expect(own.length, `cached keys of ${school.id}`).toBeGreaterThan(0);
      // Keys elsewhere that name this school's records.
      const misplaced = everyKey.filter(
        (key) => !key.startsWith(prefix) && leakedValues(key, school.own).length > 0,
      );
      expect(misplaced).toEqual([]);
      const values = await stack.resources.redis.mgetBuffer(...own);
      // Cached values are V8-serialized; ids and names are one-byte strings, readable as latin1.
      const text = values.map((value) => value?.toString('latin1') ?? '');
      expect(leakedValues(text, school.other)).toEqual([]);
    }
  }, 240_000); // bounded: 500 requests; slow only when the 2 cores are shared with other work
});
