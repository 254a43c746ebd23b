/*
 * The operations the benchmark sends, and checks that a response carries the data they ask for
 * (a 200 with `data` and no `errors` is not enough: a null section would be fast and wrong).
 */

export type SingleSubgraph = 'academics' | 'identity';

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
  /** Returns a description of what is wrong with `data`, or undefined when it is as expected. */
  check: (data: unknown) => string | undefined;
}

/** The roster page size of the federated query. */
export const ROSTER_SIZE = 20;

const GUARDIAN_FIELDS = 'guardians { relationship contactPriority guardian { fullName phone } }';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a path of object keys; undefined when any step is missing or not an object. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function checkStudentIdentity(student: unknown, where: string): string | undefined {
  if (typeof at(student, 'fullName') !== 'string') return `${where}: no fullName`;
  const guardians = at(student, 'guardians');
  if (!Array.isArray(guardians)) return `${where}: no guardians list`;
  if (guardians.some((link) => typeof at(link, 'guardian', 'fullName') !== 'string')) {
    return `${where}: a guardian without fullName`;
  }
  return undefined;
}

/**
 * One subgraph's work only. academics: one section by id (4 scalar fields and the grade, two
 * cached loader reads); identity: the first page of 20 students (one SQL page query).
 */
export function singleSubgraphOperation(subgraph: SingleSubgraph, sectionId: string): Operation {
  if (subgraph === 'academics') {
    return {
      query: 'query BenchSection($id: ID!) { section(id: $id) { id displayName room grade { level } } }',
      variables: { id: sectionId },
      check: (data) => {
        if (at(data, 'section', 'id') !== sectionId) return 'section is missing or has another id';
        if (typeof at(data, 'section', 'grade', 'level') !== 'number') return 'section.grade.level missing';
        return undefined;
      },
    };
  }
  return {
    query: 'query BenchStudents { students(first: 20) { edges { node { id fullName } } } }',
    variables: {},
    check: (data) => {
      const edges = at(data, 'students', 'edges');
      if (!Array.isArray(edges) || edges.length !== 20) return 'expected 20 student edges';
      if (edges.some((edge) => typeof at(edge, 'node', 'fullName') !== 'string'))
        return 'a student without fullName';
      return undefined;
    },
  };
}

function checkRoster(data: unknown, withIdentity: boolean): string | undefined {
  const edges = at(data, 'section', 'enrolments', 'edges');
  if (!Array.isArray(edges)) return 'section.enrolments.edges missing (is the section id right?)';
  if (edges.length !== ROSTER_SIZE) return `expected ${ROSTER_SIZE} enrolments, got ${edges.length}`;
  for (const [index, edge] of edges.entries()) {
    const student = at(edge, 'node', 'student');
    if (typeof at(student, 'id') !== 'string') return `enrolment ${index}: no student id`;
    if (withIdentity) {
      const problem = checkStudentIdentity(student, `enrolment ${index}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Academics (section, roster page) + identity (each student's name and guardians), via the gateway. */
export function rosterOperation(sectionId: string): Operation {
  return {
    query:
      'query BenchRoster($id: ID!) { section(id: $id) { id displayName enrolments(first: 20) { edges { node { ' +
      `rollNumber student { id fullName ${GUARDIAN_FIELDS} } } } } } }`,
    variables: { id: sectionId },
    check: (data) => checkRoster(data, true),
  };
}

/** The academics half of the roster, as a client asks the academics subgraph directly. */
export function rosterAcademicsOperation(sectionId: string): Operation {
  return {
    query:
      'query BenchRosterAcademics($id: ID!) { section(id: $id) { id displayName enrolments(first: 20) { ' +
      'edges { node { rollNumber student { id } } } } } }',
    variables: { id: sectionId },
    check: (data) => checkRoster(data, false),
  };
}

/**
 * The identity half: the `_entities` fetch the gateway's query plan sends to identity for the
 * roster's 20 students (same representations every time, as the roster is fixed).
 */
export function rosterIdentityOperation(studentIds: readonly string[]): Operation {
  return {
    query:
      'query BenchRosterIdentity($representations: [_Any!]!) { _entities(representations: $representations) { ' +
      `... on Student { fullName ${GUARDIAN_FIELDS} } } }`,
    variables: { representations: studentIds.map((id) => ({ __typename: 'Student', id })) },
    check: (data) => {
      const entities = at(data, '_entities');
      if (!Array.isArray(entities) || entities.length !== studentIds.length) {
        return `expected ${studentIds.length} entities`;
      }
      for (const [index, entity] of entities.entries()) {
        const problem = checkStudentIdentity(entity, `entity ${index}`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/** The roster's student ids from a (direct academics) roster response. */
export function rosterStudentIds(data: unknown): string[] {
  const edges = at(data, 'section', 'enrolments', 'edges');
  if (!Array.isArray(edges)) return [];
  return edges.map((edge) => at(edge, 'node', 'student', 'id')).filter((id) => typeof id === 'string');
}
