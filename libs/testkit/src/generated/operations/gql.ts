/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SectionRosterDocument,
    "\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.StudentsWithSectionsDocument,
    "\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n": typeof types.CurrentSchoolDocument,
    "\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n": typeof types.StudentPageDocument,
    "\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.VisibleStudentsDocument,
    "\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n": typeof types.StudentWithEnrolmentsDocument,
    "\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SectionRosterIdsDocument,
    "\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n": typeof types.GuardianChildrenDocument,
};
const documents: Documents = {
    "\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SectionRosterDocument,
    "\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.StudentsWithSectionsDocument,
    "\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n": types.CurrentSchoolDocument,
    "\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n": types.StudentPageDocument,
    "\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.VisibleStudentsDocument,
    "\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n": types.StudentWithEnrolmentsDocument,
    "\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SectionRosterIdsDocument,
    "\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n": types.GuardianChildrenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n"): (typeof documents)["\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;