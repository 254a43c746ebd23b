/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Input of `assignHomework`. */
export type AssignHomeworkInput = {
  /** Whether students may resubmit until the due time while ungraded (default false). */
  allowResubmission?: boolean | null | undefined;
  /** MIME types a file may have (at most 20, e.g. `application/pdf`); empty or omitted: text answers only. */
  allowedFileTypes?: Array<string> | null | undefined;
  /** When it is due (in the future). */
  dueAt: string;
  /** What to do (up to 10,000 characters). */
  instructions: string;
  /** How late submissions are treated; omitted: flagged only, always accepted. */
  latePolicy?: HomeworkLatePolicyInput | null | undefined;
  /** Largest file in bytes (1 byte to 50 MB; default 10 MB). */
  maxFileBytes?: number | null | undefined;
  /** Most points a submission can be given (1–1,000); with a rubric, omit it (or give the rubric's total). */
  maxPoints?: number | null | undefined;
  /** Grade by this rubric instead of points alone (the maximum points become its total). */
  rubric?: HomeworkRubricInput | null | undefined;
  /** The section it is for. */
  sectionId: string | number;
  /** The subject it belongs to. */
  subjectId: string | number;
  /** Short title (1–200 characters). */
  title: string;
};

/** Input of `cancelHomework`. */
export type CancelHomeworkInput = {
  /** The homework to cancel. */
  id: string | number;
};

/** Where an enrolment stands. */
export type EnrolmentStatus =
  /** The student currently attends the section. */
  | 'ACTIVE'
  /** The student completed the final grade. */
  | 'GRADUATED'
  /** The student completed the year in this section and moved up to the next grade (year rollover). */
  | 'PROMOTED'
  /** The student moved to another section or school. */
  | 'TRANSFERRED'
  /** The student left the school. */
  | 'WITHDRAWN';

/** A feedback file to attach: one uploaded with `requestFeedbackUpload`. */
export type FeedbackFileInput = {
  /** The file's name as the student will see it (1–255 characters). */
  fileName: string;
  /** The `objectKey` the upload was made to. */
  objectKey: string;
};

/** Input of `gradeSubmission`. */
export type GradeSubmissionInput = {
  /** Feedback for the student (up to 5,000 characters). */
  feedback?: string | null | undefined;
  /**
   * Files attached to the feedback (at most 5), each uploaded first with `requestFeedbackUpload`. Given,
   * they replace the files of an earlier grade (an empty list removes them); omitted, those are kept.
   */
  feedbackFiles?: Array<FeedbackFileInput> | null | undefined;
  /**
   * Points from 0 to the homework's `maxPoints`, before any late penalty (applied by the late policy).
   * Required unless the homework has a rubric; with one, omit it (or give the choices' sum).
   */
  points?: number | null | undefined;
  /** With a rubric: one level of every criterion (the raw points are their sum). */
  rubricChoices?: Array<RubricChoiceInput> | null | undefined;
  /** The submission to grade. */
  submissionId: string | number;
};

/** How a guardian is related to a student. */
export type GuardianRelationship =
  /** Father. */
  | 'FATHER'
  /** Grandparent. */
  | 'GRANDPARENT'
  /** Court-appointed or other legal guardian. */
  | 'LEGAL_GUARDIAN'
  /** Mother. */
  | 'MOTHER'
  /** Any other relationship. */
  | 'OTHER'
  /** Adult sibling. */
  | 'SIBLING';

/**
 * Why an academics operation did nothing (homework, and the school structure: calendar, grades,
 * sections, subjects, teaching assignments, enrolments, rollover; exams).
 */
export type HomeworkErrorCode =
  /** The student already has an ACTIVE enrolment in that academic year. */
  | 'ALREADY_ENROLLED'
  /** That record already exists (e.g. the same teacher, section and subject). */
  | 'ALREADY_EXISTS'
  /** Submissions are already graded, so this can no longer change (e.g. a homework's due time). */
  | 'ALREADY_GRADED'
  /** The session was marked already (by another marking): correct marks with `correctAttendance`. */
  | 'ALREADY_MARKED'
  /** The student already submitted this homework with another idempotency id. */
  | 'ALREADY_SUBMITTED'
  /** The student has used every attempt the quiz allows. */
  | 'ATTEMPT_LIMIT_REACHED'
  /** The category belongs to another section's or subject's gradebook than the assessment. */
  | 'CATEGORY_NOT_IN_GRADEBOOK'
  /** The school's default grading scale cannot be deleted or un-defaulted: make another scale the default first. */
  | 'DEFAULT_SCALE_REQUIRED'
  /** A submission needs a text answer, a file, or both. */
  | 'EMPTY_SUBMISSION'
  /** The enrolment is not ACTIVE, so it cannot be transferred, withdrawn or graduated. */
  | 'ENROLMENT_NOT_ACTIVE'
  /** No file was uploaded under this key (or it does not match what was requested). */
  | 'FILE_NOT_UPLOADED'
  /** The file is larger than the homework allows (or empty). */
  | 'FILE_TOO_LARGE'
  /** The file's type is not one the homework takes (or it takes text answers only). */
  | 'FILE_TYPE_NOT_ALLOWED'
  /** The homework was cancelled: it takes no submissions. */
  | 'HOMEWORK_CANCELLED'
  /** Dates are out of order, or outside the year, term or enrolment they must fall in. */
  | 'INVALID_DATE_RANGE'
  /** The due time is not in the future. */
  | 'INVALID_DUE_AT'
  /** The grading scale's bands do not cover 0–100 exactly once (the lowest must start at 0, no two at the same percentage) or a label repeats. */
  | 'INVALID_GRADING_SCALE'
  /** A value is malformed, empty or too long. */
  | 'INVALID_INPUT'
  /** The marks are not whole numbers from 0 to the paper's maximum (or absent with marks). */
  | 'INVALID_MARKS'
  /** The points are not a whole number from 0 to the homework's maximum. */
  | 'INVALID_POINTS'
  /** The rubric choices do not pick exactly one level of every criterion (or the homework has no rubric). */
  | 'INVALID_RUBRIC_CHOICES'
  /** The gradebook's category weights are not whole percentages adding up to 100. */
  | 'INVALID_WEIGHTS'
  /** Other records still refer to this one (e.g. a section's enrolments or homework): it cannot be deleted. */
  | 'IN_USE'
  /** The label is not one of the subject's grading scale's labels. */
  | 'LABEL_NOT_IN_SCALE'
  /** The homework's late policy no longer accepts submissions (its cutoff has passed). */
  | 'LATE_CUTOFF_PASSED'
  /** The paper's marks are locked: unlock them first (admins). */
  | 'MARKS_LOCKED'
  /** Not every paper's marks are locked yet (publishing needs them all). */
  | 'MARKS_NOT_LOCKED'
  /** The mark was moderated: only a moderator may change it now. */
  | 'MARK_MODERATED'
  /** The maximum points would fall below points already given. */
  | 'MAX_POINTS_BELOW_GRADE'
  /** Another record of this school (or of the same year, grade or term) already has this name, code or level. */
  | 'NAME_TAKEN'
  /** The student is not ACTIVE-ly enrolled in the paper's section. */
  | 'NOT_ENROLLED'
  /** Only students of the school's highest grade can graduate. */
  | 'NOT_FINAL_GRADE'
  /** The named record does not exist in this school. */
  | 'NOT_FOUND'
  /** The submission is still being saved (BUFFERED): retry in a moment. */
  | 'NOT_YET_STORED'
  /** There is nobody to generate report cards for (the section has no ACTIVE students). */
  | 'NO_ACTIVE_STUDENTS'
  /** The dates overlap another term of the year (or another grading period of the term). */
  | 'OVERLAPPING_DATES'
  /** The grading period is closed: its marks are locked until an admin reopens it. */
  | 'PERIOD_CLOSED'
  /** The grading period is not closed. */
  | 'PERIOD_OPEN'
  /** The quiz's window is not open now (not yet open, or closed). */
  | 'QUIZ_NOT_OPEN'
  /** The submission can no longer be replaced: its due time has passed or it is graded. */
  | 'RESUBMISSION_CLOSED'
  /** The exam's results are published: unpublish them first (admins). */
  | 'RESULTS_PUBLISHED'
  /** The rollover has problems (see its report); solve them and run it again. */
  | 'ROLLOVER_BLOCKED'
  /** The roll number is taken in that section. */
  | 'ROLL_NUMBER_TAKEN'
  /** The room, an invigilator or the section already has an exam paper at an overlapping time (the message names it). */
  | 'SCHEDULE_CLASH'
  /** The section is at its capacity (or the capacity is below its ACTIVE enrolments). */
  | 'SECTION_FULL'
  /** The student is excused from this homework: their submission cannot be graded. */
  | 'STUDENT_EXCUSED'
  /** The submission could not be saved and was set aside for the school's admins; ask them. */
  | 'SUBMISSION_FAILED'
  /** A section, teacher or room would be in two lessons at once (the message names the clash). */
  | 'TIMETABLE_CLASH'
  /** The attempt's deadline (time limit or window close) has passed: answers are no longer accepted. */
  | 'TIME_LIMIT_EXCEEDED'
  /** Someone else edited the question since the version the editor saw: reload it and edit again. */
  | 'VERSION_CONFLICT'
  /** The section belongs to another academic year than the one the operation needs. */
  | 'WRONG_ACADEMIC_YEAR'
  /** The record is not the kind the operation needs (e.g. a term where a grading period is expected). */
  | 'WRONG_KIND';

/** A late policy (see `HomeworkLatePolicy`). */
export type HomeworkLatePolicyInput = {
  /** Refuse submissions this many days after the due time (1–365); null: always accept. */
  cutoffDays?: number | null | undefined;
  /** The most the penalty takes off, in percent (0–100; default 100). */
  maxPenaltyPercent?: number | null | undefined;
  /** Percent taken off per started day late (0–100). */
  penaltyPercentPerDay: number;
};

/** A rubric (see `HomeworkRubric`): 1–20 criteria of 1–10 levels; the best levels add up to 1–1,000 points. */
export type HomeworkRubricInput = {
  /** The criteria, in order. */
  criteria: Array<RubricCriterionInput>;
};

/** Where a homework stands. */
export type HomeworkStatus =
  /** Set and open for submissions (late ones are flagged). */
  | 'ASSIGNED'
  /** Withdrawn by the school: no more submissions. */
  | 'CANCELLED';

/** Whether a submission is already in the database. */
export type HomeworkSubmissionStatus =
  /** Accepted into the write buffer; it will be stored within moments and cannot be graded yet. */
  | 'BUFFERED'
  /** Stored in the database. */
  | 'STORED';

/** Which leaderboard: a section's standings in one subject over one term. */
export type LeaderboardScopeInput = {
  /** The section. */
  sectionId: string | number;
  /** The subject. */
  subjectId: string | number;
  /** The term or grading period whose homework counts (by due date). */
  termId: string | number;
};

/** Input of `requestFeedbackUpload`. */
export type RequestFeedbackUploadInput = {
  /** The file's exact size in bytes: at most 20 MiB. */
  byteSize: number;
  /** The file's MIME type: PDF, PNG, JPEG, WebP, MP3, M4A/MP4 audio, WebM audio, plain text or DOCX. */
  contentType: string;
  /** The file's name (1–255 characters); kept with the grade, not in the object key. */
  fileName: string;
  /** The submission the feedback is for (stored, not still buffered). */
  submissionId: string | number;
};

/** Input of `requestHomeworkUpload`. */
export type RequestHomeworkUploadInput = {
  /** The file's exact size in bytes: at most the homework's `maxFileBytes`. */
  byteSize: number;
  /** The file's MIME type: one of the homework's `allowedFileTypes`. */
  contentType: string;
  /** The file's name (1–255 characters); kept with the submission, not in the object key. */
  fileName: string;
  /** The homework the file answers. */
  homeworkId: string | number;
};

/** Input of `retryFailedHomeworkSubmission`. */
export type RetryFailedHomeworkSubmissionInput = {
  /** The failed submission's id. */
  id: string | number;
};

/** The level chosen for one criterion. */
export type RubricChoiceInput = {
  /** The criterion's id. */
  criterionId: string | number;
  /** The chosen level's id. */
  levelId: string | number;
};

/** A rubric criterion. */
export type RubricCriterionInput = {
  /** More about it (up to 2,000 characters). */
  description?: string | null | undefined;
  /** The levels, in order. */
  levels: Array<RubricLevelInput>;
  /** What is judged (1–200 characters). */
  title: string;
};

/** A rubric level. */
export type RubricLevelInput = {
  /** Points it is worth (0–1,000). */
  points: number;
  /** Its name (1–200 characters). */
  title: string;
};

/** Input of `setHomeworkExcused`. */
export type SetHomeworkExcusedInput = {
  /** The homework. */
  homeworkId: string | number;
  /** True to excuse the student, false to withdraw the excusal. */
  isExcused: boolean;
  /** Why (up to 500 characters); kept with the excusal. */
  reason?: string | null | undefined;
  /** A student ACTIVE-ly enrolled in the homework's section. */
  studentId: string | number;
};

/** Input of `submitHomework`. */
export type SubmitHomeworkInput = {
  /** The `objectKey` of a file uploaded with `requestHomeworkUpload`. */
  fileKey?: string | null | undefined;
  /** The file's name as shown to the teacher (default `submission`). */
  fileName?: string | null | undefined;
  /** The homework answered. */
  homeworkId: string | number;
  /**
   * The client's id for this submission (1–128 letters, digits, `.`, `_`, `-`; a UUID is best): retrying
   * with the same id returns the same submission instead of submitting twice.
   */
  idempotencyId: string;
  /** The text answer (up to 20,000 characters). */
  text?: string | null | undefined;
};

/** Input of `updateHomework`: the homework and the fields to change (omitted or null: unchanged). */
export type UpdateHomeworkInput = {
  /** Whether students may resubmit (until the due time, while ungraded). */
  allowResubmission?: boolean | null | undefined;
  /** MIME types a file may have (at most 20); an empty list: text answers only. Applies to new uploads. */
  allowedFileTypes?: Array<string> | null | undefined;
  /** When it is due (in the future); refused once a submission is graded. */
  dueAt?: string | null | undefined;
  /** The homework to edit. */
  id: string | number;
  /** What to do (up to 10,000 characters). */
  instructions?: string | null | undefined;
  /** The late policy; applies to grades given from now on. */
  latePolicy?: HomeworkLatePolicyInput | null | undefined;
  /** Largest file in bytes (1 byte to 50 MB). Applies to new uploads. */
  maxFileBytes?: number | null | undefined;
  /** Most points (1–1,000), not below any grade already given. */
  maxPoints?: number | null | undefined;
  /** A new rubric replacing the old (or turning a points homework into a rubric one); refused once graded. */
  rubric?: HomeworkRubricInput | null | undefined;
  /** Short title (1–200 characters). */
  title?: string | null | undefined;
};

export type DeadLetterSubmitMutationVariables = Exact<{
  input: SubmitHomeworkInput;
}>;


export type DeadLetterSubmitMutation = { submitHomework: { submission: { id: string, status: HomeworkSubmissionStatus } | null, userErrors: Array<{ code: HomeworkErrorCode }> } };

export type FailedSubmissionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FailedSubmissionsQuery = { failedHomeworkSubmissions: { edges: Array<{ cursor: string, node: { id: string, idempotencyId: string, attempts: number, reason: string, submittedAt: string, failedAt: string, homework: { id: string } | null, student: { id: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RetryFailedSubmissionMutationVariables = Exact<{
  input: RetryFailedHomeworkSubmissionInput;
}>;


export type RetryFailedSubmissionMutation = { retryFailedHomeworkSubmission: { retried: boolean, userErrors: Array<{ code: HomeworkErrorCode, field: Array<string> | null }> } };

export type FaultSuiteSubmitMutationVariables = Exact<{
  input: SubmitHomeworkInput;
}>;


export type FaultSuiteSubmitMutation = { submitHomework: { isDuplicate: boolean, submission: { id: string, status: HomeworkSubmissionStatus } | null, userErrors: Array<{ code: HomeworkErrorCode, message: string }> } };

export type FaultSuiteHomeworkQueryVariables = Exact<{
  id: string | number;
}>;


export type FaultSuiteHomeworkQuery = { homework: { id: string } | null };

export type SectionRosterQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type SectionRosterQuery = { section: { id: string, displayName: string, enrolments: { totalCount: number, edges: Array<{ node: { rollNumber: number, student: { id: string, fullName: string, guardians: Array<{ relationship: GuardianRelationship, contactPriority: number, guardian: { id: string, fullName: string } }> } } }> } } | null };

export type StudentsWithSectionsQueryVariables = Exact<{
  first: number;
}>;


export type StudentsWithSectionsQuery = { students: { edges: Array<{ node: { id: string, enrolments: Array<{ rollNumber: number, status: EnrolmentStatus, section: { displayName: string, grade: { level: number } } }>, currentSection: { id: string } | null, guardians: Array<{ guardian: { fullName: string } }> } }> } };

export type CompleteAssignMutationVariables = Exact<{
  input: AssignHomeworkInput;
}>;


export type CompleteAssignMutation = { assignHomework: { homework: { id: string, latePolicy: { penaltyPercentPerDay: number, maxPenaltyPercent: number, cutoffDays: number | null } } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type CompleteUpdateMutationVariables = Exact<{
  input: UpdateHomeworkInput;
}>;


export type CompleteUpdateMutation = { updateHomework: { homework: { id: string, title: string, instructions: string, dueAt: string, maxPoints: number, allowedFileTypes: Array<string>, maxFileBytes: number, latePolicy: { penaltyPercentPerDay: number, maxPenaltyPercent: number, cutoffDays: number | null } } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type CompleteCancelMutationVariables = Exact<{
  input: CancelHomeworkInput;
}>;


export type CompleteCancelMutation = { cancelHomework: { homework: { id: string, status: HomeworkStatus, cancelledAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type CompleteExcuseMutationVariables = Exact<{
  input: SetHomeworkExcusedInput;
}>;


export type CompleteExcuseMutation = { setHomeworkExcused: { isExcused: boolean, excusal: { reason: string | null, excusedAt: string, student: { id: string }, homework: { id: string } } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type CompleteHomeworkQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteHomeworkQuery = { homework: { id: string, title: string, instructions: string, dueAt: string, maxPoints: number, status: HomeworkStatus, cancelledAt: string | null, latePolicy: { penaltyPercentPerDay: number, maxPenaltyPercent: number, cutoffDays: number | null } } | null };

export type CompleteExcusalsQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteExcusalsQuery = { homework: { excusals: Array<{ reason: string | null, student: { id: string } }> } | null };

export type CompleteExcusalOfQueryVariables = Exact<{
  id: string | number;
  studentId: string | number;
}>;


export type CompleteExcusalOfQuery = { homework: { excusalOf: { reason: string | null } | null } | null };

export type CompleteSubmitMutationVariables = Exact<{
  input: SubmitHomeworkInput;
}>;


export type CompleteSubmitMutation = { submitHomework: { isDuplicate: boolean, submission: { id: string, status: HomeworkSubmissionStatus, isLate: boolean, daysLate: number, version: number, text: string | null } | null, userErrors: Array<{ code: HomeworkErrorCode }> } };

export type CompleteGradeMutationVariables = Exact<{
  input: GradeSubmissionInput;
}>;


export type CompleteGradeMutation = { gradeSubmission: { submission: { id: string, points: number | null, rawPoints: number | null, latePenaltyPercent: number | null, daysLate: number, isLate: boolean, rubricChoices: Array<{ criterionId: string, levelId: string, points: number }> | null } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type CompleteMySubmissionQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteMySubmissionQuery = { homework: { mySubmission: { id: string, status: HomeworkSubmissionStatus, points: number | null, rawPoints: number | null, latePenaltyPercent: number | null, daysLate: number } | null } | null };

export type CompleteVersionsQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteVersionsQuery = { homework: { allowResubmission: boolean, mySubmission: { id: string, status: HomeworkSubmissionStatus, version: number, text: string | null, versions: Array<{ version: number, text: string | null }> } | null } | null };

export type CompleteTeacherRowsQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteTeacherRowsQuery = { homework: { submissions: { totalCount: number, edges: Array<{ node: { id: string, version: number, student: { id: string } } }> } } | null };

export type CompleteRubricQueryVariables = Exact<{
  id: string | number;
}>;


export type CompleteRubricQuery = { homework: { maxPoints: number, rubric: { criteria: Array<{ id: string, title: string, levels: Array<{ id: string, title: string, points: number }> }> } | null, mySubmission: { points: number | null, rawPoints: number | null, rubricChoices: Array<{ criterionId: string, levelId: string, points: number }> | null } | null } | null };

export type CompleteDueSoonQueryVariables = Exact<{
  studentId: string | number;
  withinDays?: number | null | undefined;
}>;


export type CompleteDueSoonQuery = { student: { homeworkDueSoon: Array<{ id: string, dueAt: string }> } | null };

export type CompleteRatesQueryVariables = Exact<{
  sectionId?: string | number | null | undefined;
  first?: number | null | undefined;
  status?: HomeworkStatus | null | undefined;
}>;


export type CompleteRatesQuery = { homeworkCompletionRates: Array<{ expected: number, submitted: number, late: number, graded: number, excused: number, completionRate: number, homework: { id: string } }> };

export type CompleteLeaderboardQueryVariables = Exact<{
  scope: LeaderboardScopeInput;
}>;


export type CompleteLeaderboardQuery = { leaderboard: { entries: Array<{ score: number, student: { id: string } }> } | null };

export type CompleteParentSubmissionQueryVariables = Exact<{
  id: string | number;
  studentId: string | number;
}>;


export type CompleteParentSubmissionQuery = { homework: { submissionOf: { points: number | null, rawPoints: number | null, latePenaltyPercent: number | null } | null } | null };

export type AssignHomeworkMutationVariables = Exact<{
  input: AssignHomeworkInput;
}>;


export type AssignHomeworkMutation = { assignHomework: { homework: { id: string, title: string, dueAt: string, maxPoints: number, allowedFileTypes: Array<string>, maxFileBytes: number, status: HomeworkStatus, isPastDue: boolean, teacher: { id: string } | null, section: { id: string }, subject: { id: string } } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode, message: string }> } };

export type HomeworkByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type HomeworkByIdQuery = { homework: { id: string, title: string, section: { id: string } } | null };

export type SectionHomeworkQueryVariables = Exact<{
  id: string | number;
}>;


export type SectionHomeworkQuery = { section: { homework: { totalCount: number, edges: Array<{ node: { id: string } }> } } | null };

export type RequestUploadMutationVariables = Exact<{
  input: RequestHomeworkUploadInput;
}>;


export type RequestUploadMutation = { requestHomeworkUpload: { upload: { url: string, method: string, objectKey: string, expiresAt: string, headers: Array<{ name: string, value: string }> } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type SubmitHomeworkMutationVariables = Exact<{
  input: SubmitHomeworkInput;
}>;


export type SubmitHomeworkMutation = { submitHomework: { isDuplicate: boolean, submission: { id: string, status: HomeworkSubmissionStatus, idempotencyId: string, text: string | null, isLate: boolean, isGraded: boolean, points: number | null, submittedAt: string, student: { id: string }, file: { key: string, name: string, byteSize: number, contentType: string, downloadUrl: string | null } | null } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode, message: string }> } };

export type TeacherSubmissionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TeacherSubmissionsQuery = { homework: { submissions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, status: HomeworkSubmissionStatus, idempotencyId: string, isLate: boolean, points: number | null, student: { id: string } } }> } } | null };

export type MySubmissionQueryVariables = Exact<{
  id: string | number;
}>;


export type MySubmissionQuery = { homework: { mySubmission: { id: string, status: HomeworkSubmissionStatus, isGraded: boolean, points: number | null, feedback: string | null, gradedAt: string | null } | null } | null };

export type SubmissionOfQueryVariables = Exact<{
  id: string | number;
  studentId: string | number;
}>;


export type SubmissionOfQuery = { homework: { submissionOf: { id: string, status: HomeworkSubmissionStatus, points: number | null, feedback: string | null, file: { name: string, downloadUrl: string | null } | null } | null } | null };

export type GradeSubmissionMutationVariables = Exact<{
  input: GradeSubmissionInput;
}>;


export type GradeSubmissionMutation = { gradeSubmission: { submission: { id: string, status: HomeworkSubmissionStatus, isGraded: boolean, points: number | null, feedback: string | null, gradedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type RequestFeedbackUploadMutationVariables = Exact<{
  input: RequestFeedbackUploadInput;
}>;


export type RequestFeedbackUploadMutation = { requestFeedbackUpload: { upload: { url: string, method: string, objectKey: string, headers: Array<{ name: string, value: string }> } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type GradeWithFeedbackFilesMutationVariables = Exact<{
  input: GradeSubmissionInput;
}>;


export type GradeWithFeedbackFilesMutation = { gradeSubmission: { submission: { points: number | null, feedbackFiles: Array<{ key: string, name: string, byteSize: number, contentType: string }> } | null, userErrors: Array<{ field: Array<string> | null, code: HomeworkErrorCode }> } };

export type FeedbackFilesOfQueryVariables = Exact<{
  id: string | number;
  studentId: string | number;
}>;


export type FeedbackFilesOfQuery = { homework: { submissionOf: { feedbackFiles: Array<{ name: string, contentType: string, downloadUrl: string | null }> } | null } | null };

export type CurrentSchoolQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentSchoolQuery = { school: { id: string, code: string, name: string, timezone: string, currency: string } | null };

export type StudentPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type StudentPageQuery = { students: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, familyName: string, givenName: string, admissionNumber: string } }> } };

export type VisibleStudentsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type VisibleStudentsQuery = { students: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string } }> } };

export type StudentWithEnrolmentsQueryVariables = Exact<{
  id: string | number;
}>;


export type StudentWithEnrolmentsQuery = { student: { id: string, fullName: string, enrolments: Array<{ id: string }> } | null };

export type SectionRosterIdsQueryVariables = Exact<{
  id: string | number;
}>;


export type SectionRosterIdsQuery = { section: { id: string, enrolments: { edges: Array<{ node: { student: { id: string } } }> } } | null };

export type UserByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type UserByIdQuery = { user: { id: string, displayName: string } | null };

export type GuardianChildrenQueryVariables = Exact<{
  id: string | number;
}>;


export type GuardianChildrenQuery = { guardian: { id: string, children: Array<{ student: { id: string } }> } | null };


export const DeadLetterSubmitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeadLetterSubmit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeadLetterSubmitMutation, DeadLetterSubmitMutationVariables>;
export const FailedSubmissionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FailedSubmissions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failedHomeworkSubmissions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyId"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"failedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<FailedSubmissionsQuery, FailedSubmissionsQueryVariables>;
export const RetryFailedSubmissionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryFailedSubmission"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetryFailedHomeworkSubmissionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryFailedHomeworkSubmission"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retried"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<RetryFailedSubmissionMutation, RetryFailedSubmissionMutationVariables>;
export const FaultSuiteSubmitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FaultSuiteSubmit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isDuplicate"}},{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<FaultSuiteSubmitMutation, FaultSuiteSubmitMutationVariables>;
export const FaultSuiteHomeworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FaultSuiteHomework"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<FaultSuiteHomeworkQuery, FaultSuiteHomeworkQueryVariables>;
export const SectionRosterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SectionRoster"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"section"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollNumber"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"guardians"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"}},{"kind":"Field","name":{"kind":"Name","value":"contactPriority"}},{"kind":"Field","name":{"kind":"Name","value":"guardian"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SectionRosterQuery, SectionRosterQueryVariables>;
export const StudentsWithSectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StudentsWithSections"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"students"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"grade"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentSection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guardians"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guardian"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StudentsWithSectionsQuery, StudentsWithSectionsQueryVariables>;
export const CompleteAssignDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteAssign"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"latePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"penaltyPercentPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"maxPenaltyPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cutoffDays"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteAssignMutation, CompleteAssignMutationVariables>;
export const CompleteUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"maxPoints"}},{"kind":"Field","name":{"kind":"Name","value":"allowedFileTypes"}},{"kind":"Field","name":{"kind":"Name","value":"maxFileBytes"}},{"kind":"Field","name":{"kind":"Name","value":"latePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"penaltyPercentPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"maxPenaltyPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cutoffDays"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteUpdateMutation, CompleteUpdateMutationVariables>;
export const CompleteCancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteCancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteCancelMutation, CompleteCancelMutationVariables>;
export const CompleteExcuseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteExcuse"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetHomeworkExcusedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setHomeworkExcused"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isExcused"}},{"kind":"Field","name":{"kind":"Name","value":"excusal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"excusedAt"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteExcuseMutation, CompleteExcuseMutationVariables>;
export const CompleteHomeworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteHomework"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"maxPoints"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"latePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"penaltyPercentPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"maxPenaltyPercent"}},{"kind":"Field","name":{"kind":"Name","value":"cutoffDays"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteHomeworkQuery, CompleteHomeworkQueryVariables>;
export const CompleteExcusalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteExcusals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"excusals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompleteExcusalsQuery, CompleteExcusalsQueryVariables>;
export const CompleteExcusalOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteExcusalOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"excusalOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"studentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteExcusalOfQuery, CompleteExcusalOfQueryVariables>;
export const CompleteSubmitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteSubmit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isDuplicate"}},{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"daysLate"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteSubmitMutation, CompleteSubmitMutationVariables>;
export const CompleteGradeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteGrade"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GradeSubmissionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gradeSubmission"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"rawPoints"}},{"kind":"Field","name":{"kind":"Name","value":"latePenaltyPercent"}},{"kind":"Field","name":{"kind":"Name","value":"daysLate"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"rubricChoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"criterionId"}},{"kind":"Field","name":{"kind":"Name","value":"levelId"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteGradeMutation, CompleteGradeMutationVariables>;
export const CompleteMySubmissionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteMySubmission"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mySubmission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"rawPoints"}},{"kind":"Field","name":{"kind":"Name","value":"latePenaltyPercent"}},{"kind":"Field","name":{"kind":"Name","value":"daysLate"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteMySubmissionQuery, CompleteMySubmissionQueryVariables>;
export const CompleteVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowResubmission"}},{"kind":"Field","name":{"kind":"Name","value":"mySubmission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompleteVersionsQuery, CompleteVersionsQueryVariables>;
export const CompleteTeacherRowsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteTeacherRows"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompleteTeacherRowsQuery, CompleteTeacherRowsQueryVariables>;
export const CompleteRubricDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteRubric"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxPoints"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"levels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"mySubmission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"rawPoints"}},{"kind":"Field","name":{"kind":"Name","value":"rubricChoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"criterionId"}},{"kind":"Field","name":{"kind":"Name","value":"levelId"}},{"kind":"Field","name":{"kind":"Name","value":"points"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompleteRubricQuery, CompleteRubricQueryVariables>;
export const CompleteDueSoonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteDueSoon"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"student"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homeworkDueSoon"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"withinDays"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteDueSoonQuery, CompleteDueSoonQueryVariables>;
export const CompleteRatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteRates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"HomeworkStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homeworkCompletionRates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"graded"}},{"kind":"Field","name":{"kind":"Name","value":"excused"}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"}}]}}]}}]} as unknown as DocumentNode<CompleteRatesQuery, CompleteRatesQueryVariables>;
export const CompleteLeaderboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteLeaderboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scope"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LeaderboardScopeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leaderboard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"scope"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scope"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompleteLeaderboardQuery, CompleteLeaderboardQueryVariables>;
export const CompleteParentSubmissionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompleteParentSubmission"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissionOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"studentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"rawPoints"}},{"kind":"Field","name":{"kind":"Name","value":"latePenaltyPercent"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteParentSubmissionQuery, CompleteParentSubmissionQueryVariables>;
export const AssignHomeworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignHomework"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"maxPoints"}},{"kind":"Field","name":{"kind":"Name","value":"allowedFileTypes"}},{"kind":"Field","name":{"kind":"Name","value":"maxFileBytes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isPastDue"}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AssignHomeworkMutation, AssignHomeworkMutationVariables>;
export const HomeworkByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HomeworkById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<HomeworkByIdQuery, HomeworkByIdQueryVariables>;
export const SectionHomeworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SectionHomework"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"section"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SectionHomeworkQuery, SectionHomeworkQueryVariables>;
export const RequestUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestHomeworkUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestHomeworkUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upload"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"objectKey"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RequestUploadMutation, RequestUploadMutationVariables>;
export const SubmitHomeworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitHomework"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitHomeworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitHomework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isDuplicate"}},{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyId"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"isGraded"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"file"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitHomeworkMutation, SubmitHomeworkMutationVariables>;
export const TeacherSubmissionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeacherSubmissions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyId"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TeacherSubmissionsQuery, TeacherSubmissionsQueryVariables>;
export const MySubmissionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MySubmission"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mySubmission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isGraded"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"}},{"kind":"Field","name":{"kind":"Name","value":"gradedAt"}}]}}]}}]}}]} as unknown as DocumentNode<MySubmissionQuery, MySubmissionQueryVariables>;
export const SubmissionOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SubmissionOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissionOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"studentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"}},{"kind":"Field","name":{"kind":"Name","value":"file"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubmissionOfQuery, SubmissionOfQueryVariables>;
export const GradeSubmissionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GradeSubmission"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GradeSubmissionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gradeSubmission"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isGraded"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"}},{"kind":"Field","name":{"kind":"Name","value":"gradedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<GradeSubmissionMutation, GradeSubmissionMutationVariables>;
export const RequestFeedbackUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestFeedbackUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestFeedbackUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestFeedbackUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upload"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"objectKey"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RequestFeedbackUploadMutation, RequestFeedbackUploadMutationVariables>;
export const GradeWithFeedbackFilesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GradeWithFeedbackFiles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GradeSubmissionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gradeSubmission"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"feedbackFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<GradeWithFeedbackFilesMutation, GradeWithFeedbackFilesMutationVariables>;
export const FeedbackFilesOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FeedbackFilesOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"homework"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissionOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"studentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"studentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feedbackFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FeedbackFilesOfQuery, FeedbackFilesOfQueryVariables>;
export const CurrentSchoolDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CurrentSchool"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]} as unknown as DocumentNode<CurrentSchoolQuery, CurrentSchoolQueryVariables>;
export const StudentPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StudentPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"students"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"admissionNumber"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StudentPageQuery, StudentPageQueryVariables>;
export const VisibleStudentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VisibleStudents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"students"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<VisibleStudentsQuery, VisibleStudentsQueryVariables>;
export const StudentWithEnrolmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StudentWithEnrolments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"student"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<StudentWithEnrolmentsQuery, StudentWithEnrolmentsQueryVariables>;
export const SectionRosterIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SectionRosterIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"section"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SectionRosterIdsQuery, SectionRosterIdsQueryVariables>;
export const UserByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]} as unknown as DocumentNode<UserByIdQuery, UserByIdQueryVariables>;
export const GuardianChildrenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GuardianChildren"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guardian"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"student"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GuardianChildrenQuery, GuardianChildrenQueryVariables>;