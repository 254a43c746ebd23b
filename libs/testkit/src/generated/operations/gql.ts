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
    "\n  mutation DeadLetterSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n      }\n    }\n  }\n": typeof types.DeadLetterSubmitDocument,
    "\n  query FailedSubmissions($first: Int, $after: String) {\n    failedHomeworkSubmissions(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          homework {\n            id\n          }\n          student {\n            id\n          }\n          idempotencyId\n          attempts\n          reason\n          submittedAt\n          failedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.FailedSubmissionsDocument,
    "\n  mutation RetryFailedSubmission($input: RetryFailedHomeworkSubmissionInput!) {\n    retryFailedHomeworkSubmission(input: $input) {\n      retried\n      userErrors {\n        code\n        field\n      }\n    }\n  }\n": typeof types.RetryFailedSubmissionDocument,
    "\n  mutation FaultSuiteSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.FaultSuiteSubmitDocument,
    "\n  query FaultSuiteHomework($id: ID!) {\n    homework(id: $id) {\n      id\n    }\n  }\n": typeof types.FaultSuiteHomeworkDocument,
    "\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SectionRosterDocument,
    "\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.StudentsWithSectionsDocument,
    "\n  mutation AssignHomework($input: AssignHomeworkInput!) {\n    assignHomework(input: $input) {\n      homework {\n        id\n        title\n        dueAt\n        maxPoints\n        allowedFileTypes\n        maxFileBytes\n        status\n        isPastDue\n        teacher {\n          id\n        }\n        section {\n          id\n        }\n        subject {\n          id\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.AssignHomeworkDocument,
    "\n  query HomeworkById($id: ID!) {\n    homework(id: $id) {\n      id\n      title\n      section {\n        id\n      }\n    }\n  }\n": typeof types.HomeworkByIdDocument,
    "\n  query SectionHomework($id: ID!) {\n    section(id: $id) {\n      homework(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.SectionHomeworkDocument,
    "\n  mutation RequestUpload($input: RequestHomeworkUploadInput!) {\n    requestHomeworkUpload(input: $input) {\n      upload {\n        url\n        method\n        headers {\n          name\n          value\n        }\n        objectKey\n        expiresAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n": typeof types.RequestUploadDocument,
    "\n  mutation SubmitHomework($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n        idempotencyId\n        text\n        isLate\n        isGraded\n        points\n        submittedAt\n        student {\n          id\n        }\n        file {\n          key\n          name\n          byteSize\n          contentType\n          downloadUrl\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.SubmitHomeworkDocument,
    "\n  query TeacherSubmissions($id: ID!, $first: Int, $after: String) {\n    homework(id: $id) {\n      submissions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            idempotencyId\n            isLate\n            points\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TeacherSubmissionsDocument,
    "\n  query MySubmission($id: ID!) {\n    homework(id: $id) {\n      mySubmission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n    }\n  }\n": typeof types.MySubmissionDocument,
    "\n  query SubmissionOf($id: ID!, $studentId: ID!) {\n    homework(id: $id) {\n      submissionOf(studentId: $studentId) {\n        id\n        status\n        points\n        feedback\n        file {\n          name\n          downloadUrl\n        }\n      }\n    }\n  }\n": typeof types.SubmissionOfDocument,
    "\n  mutation GradeSubmission($input: GradeSubmissionInput!) {\n    gradeSubmission(input: $input) {\n      submission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n": typeof types.GradeSubmissionDocument,
    "\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n": typeof types.CurrentSchoolDocument,
    "\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n": typeof types.StudentPageDocument,
    "\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.VisibleStudentsDocument,
    "\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n": typeof types.StudentWithEnrolmentsDocument,
    "\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SectionRosterIdsDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n    }\n  }\n": typeof types.UserByIdDocument,
    "\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n": typeof types.GuardianChildrenDocument,
};
const documents: Documents = {
    "\n  mutation DeadLetterSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n      }\n    }\n  }\n": types.DeadLetterSubmitDocument,
    "\n  query FailedSubmissions($first: Int, $after: String) {\n    failedHomeworkSubmissions(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          homework {\n            id\n          }\n          student {\n            id\n          }\n          idempotencyId\n          attempts\n          reason\n          submittedAt\n          failedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.FailedSubmissionsDocument,
    "\n  mutation RetryFailedSubmission($input: RetryFailedHomeworkSubmissionInput!) {\n    retryFailedHomeworkSubmission(input: $input) {\n      retried\n      userErrors {\n        code\n        field\n      }\n    }\n  }\n": types.RetryFailedSubmissionDocument,
    "\n  mutation FaultSuiteSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.FaultSuiteSubmitDocument,
    "\n  query FaultSuiteHomework($id: ID!) {\n    homework(id: $id) {\n      id\n    }\n  }\n": types.FaultSuiteHomeworkDocument,
    "\n  query SectionRoster($id: ID!, $first: Int) {\n    section(id: $id) {\n      id\n      displayName\n      enrolments(first: $first) {\n        totalCount\n        edges {\n          node {\n            rollNumber\n            student {\n              id\n              fullName\n              guardians {\n                relationship\n                contactPriority\n                guardian {\n                  id\n                  fullName\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SectionRosterDocument,
    "\n  query StudentsWithSections($first: Int!) {\n    students(first: $first) {\n      edges {\n        node {\n          id\n          enrolments {\n            rollNumber\n            status\n            section {\n              displayName\n              grade {\n                level\n              }\n            }\n          }\n          currentSection {\n            id\n          }\n          guardians {\n            guardian {\n              fullName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.StudentsWithSectionsDocument,
    "\n  mutation AssignHomework($input: AssignHomeworkInput!) {\n    assignHomework(input: $input) {\n      homework {\n        id\n        title\n        dueAt\n        maxPoints\n        allowedFileTypes\n        maxFileBytes\n        status\n        isPastDue\n        teacher {\n          id\n        }\n        section {\n          id\n        }\n        subject {\n          id\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.AssignHomeworkDocument,
    "\n  query HomeworkById($id: ID!) {\n    homework(id: $id) {\n      id\n      title\n      section {\n        id\n      }\n    }\n  }\n": types.HomeworkByIdDocument,
    "\n  query SectionHomework($id: ID!) {\n    section(id: $id) {\n      homework(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.SectionHomeworkDocument,
    "\n  mutation RequestUpload($input: RequestHomeworkUploadInput!) {\n    requestHomeworkUpload(input: $input) {\n      upload {\n        url\n        method\n        headers {\n          name\n          value\n        }\n        objectKey\n        expiresAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n": types.RequestUploadDocument,
    "\n  mutation SubmitHomework($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n        idempotencyId\n        text\n        isLate\n        isGraded\n        points\n        submittedAt\n        student {\n          id\n        }\n        file {\n          key\n          name\n          byteSize\n          contentType\n          downloadUrl\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.SubmitHomeworkDocument,
    "\n  query TeacherSubmissions($id: ID!, $first: Int, $after: String) {\n    homework(id: $id) {\n      submissions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            idempotencyId\n            isLate\n            points\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.TeacherSubmissionsDocument,
    "\n  query MySubmission($id: ID!) {\n    homework(id: $id) {\n      mySubmission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n    }\n  }\n": types.MySubmissionDocument,
    "\n  query SubmissionOf($id: ID!, $studentId: ID!) {\n    homework(id: $id) {\n      submissionOf(studentId: $studentId) {\n        id\n        status\n        points\n        feedback\n        file {\n          name\n          downloadUrl\n        }\n      }\n    }\n  }\n": types.SubmissionOfDocument,
    "\n  mutation GradeSubmission($input: GradeSubmissionInput!) {\n    gradeSubmission(input: $input) {\n      submission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n": types.GradeSubmissionDocument,
    "\n  query CurrentSchool {\n    school {\n      id\n      code\n      name\n      timezone\n      currency\n    }\n  }\n": types.CurrentSchoolDocument,
    "\n  query StudentPage($first: Int, $after: String, $last: Int, $before: String, $search: String) {\n    students(first: $first, after: $after, last: $last, before: $before, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          familyName\n          givenName\n          admissionNumber\n        }\n      }\n    }\n  }\n": types.StudentPageDocument,
    "\n  query VisibleStudents($first: Int!, $after: String) {\n    students(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.VisibleStudentsDocument,
    "\n  query StudentWithEnrolments($id: ID!) {\n    student(id: $id) {\n      id\n      fullName\n      enrolments {\n        id\n      }\n    }\n  }\n": types.StudentWithEnrolmentsDocument,
    "\n  query SectionRosterIds($id: ID!) {\n    section(id: $id) {\n      id\n      enrolments(first: 100) {\n        edges {\n          node {\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SectionRosterIdsDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n    }\n  }\n": types.UserByIdDocument,
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
export function graphql(source: "\n  mutation DeadLetterSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeadLetterSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FailedSubmissions($first: Int, $after: String) {\n    failedHomeworkSubmissions(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          homework {\n            id\n          }\n          student {\n            id\n          }\n          idempotencyId\n          attempts\n          reason\n          submittedAt\n          failedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query FailedSubmissions($first: Int, $after: String) {\n    failedHomeworkSubmissions(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          homework {\n            id\n          }\n          student {\n            id\n          }\n          idempotencyId\n          attempts\n          reason\n          submittedAt\n          failedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailedSubmission($input: RetryFailedHomeworkSubmissionInput!) {\n    retryFailedHomeworkSubmission(input: $input) {\n      retried\n      userErrors {\n        code\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RetryFailedSubmission($input: RetryFailedHomeworkSubmissionInput!) {\n    retryFailedHomeworkSubmission(input: $input) {\n      retried\n      userErrors {\n        code\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FaultSuiteSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FaultSuiteSubmit($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultSuiteHomework($id: ID!) {\n    homework(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query FaultSuiteHomework($id: ID!) {\n    homework(id: $id) {\n      id\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation AssignHomework($input: AssignHomeworkInput!) {\n    assignHomework(input: $input) {\n      homework {\n        id\n        title\n        dueAt\n        maxPoints\n        allowedFileTypes\n        maxFileBytes\n        status\n        isPastDue\n        teacher {\n          id\n        }\n        section {\n          id\n        }\n        subject {\n          id\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AssignHomework($input: AssignHomeworkInput!) {\n    assignHomework(input: $input) {\n      homework {\n        id\n        title\n        dueAt\n        maxPoints\n        allowedFileTypes\n        maxFileBytes\n        status\n        isPastDue\n        teacher {\n          id\n        }\n        section {\n          id\n        }\n        subject {\n          id\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeworkById($id: ID!) {\n    homework(id: $id) {\n      id\n      title\n      section {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeworkById($id: ID!) {\n    homework(id: $id) {\n      id\n      title\n      section {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SectionHomework($id: ID!) {\n    section(id: $id) {\n      homework(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SectionHomework($id: ID!) {\n    section(id: $id) {\n      homework(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestUpload($input: RequestHomeworkUploadInput!) {\n    requestHomeworkUpload(input: $input) {\n      upload {\n        url\n        method\n        headers {\n          name\n          value\n        }\n        objectKey\n        expiresAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestUpload($input: RequestHomeworkUploadInput!) {\n    requestHomeworkUpload(input: $input) {\n      upload {\n        url\n        method\n        headers {\n          name\n          value\n        }\n        objectKey\n        expiresAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitHomework($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n        idempotencyId\n        text\n        isLate\n        isGraded\n        points\n        submittedAt\n        student {\n          id\n        }\n        file {\n          key\n          name\n          byteSize\n          contentType\n          downloadUrl\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitHomework($input: SubmitHomeworkInput!) {\n    submitHomework(input: $input) {\n      isDuplicate\n      submission {\n        id\n        status\n        idempotencyId\n        text\n        isLate\n        isGraded\n        points\n        submittedAt\n        student {\n          id\n        }\n        file {\n          key\n          name\n          byteSize\n          contentType\n          downloadUrl\n        }\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeacherSubmissions($id: ID!, $first: Int, $after: String) {\n    homework(id: $id) {\n      submissions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            idempotencyId\n            isLate\n            points\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TeacherSubmissions($id: ID!, $first: Int, $after: String) {\n    homework(id: $id) {\n      submissions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            idempotencyId\n            isLate\n            points\n            student {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySubmission($id: ID!) {\n    homework(id: $id) {\n      mySubmission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query MySubmission($id: ID!) {\n    homework(id: $id) {\n      mySubmission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SubmissionOf($id: ID!, $studentId: ID!) {\n    homework(id: $id) {\n      submissionOf(studentId: $studentId) {\n        id\n        status\n        points\n        feedback\n        file {\n          name\n          downloadUrl\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SubmissionOf($id: ID!, $studentId: ID!) {\n    homework(id: $id) {\n      submissionOf(studentId: $studentId) {\n        id\n        status\n        points\n        feedback\n        file {\n          name\n          downloadUrl\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GradeSubmission($input: GradeSubmissionInput!) {\n    gradeSubmission(input: $input) {\n      submission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation GradeSubmission($input: GradeSubmissionInput!) {\n    gradeSubmission(input: $input) {\n      submission {\n        id\n        status\n        isGraded\n        points\n        feedback\n        gradedAt\n      }\n      userErrors {\n        field\n        code\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GuardianChildren($id: ID!) {\n    guardian(id: $id) {\n      id\n      children {\n        student {\n          id\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;