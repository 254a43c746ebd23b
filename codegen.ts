/**
 * graphql-codegen: resolver types for every subgraph, generated from its SDL (plus the shared
 * definitions in libs/graphql) with federation support and mappers to the repository records.
 * Output is checked in; `npm run codegen:check` fails when it is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const COMMON_SDL = 'libs/graphql/src/schema/common.graphql';

/** GraphQL type -> the repository record type a resolver receives as parent. */
const mappers: Record<string, Record<string, string>> = {
  identity: {
    School: '../repositories/school-repository.js#SchoolRecord',
    User: '../repositories/user-repository.js#UserRecord',
    Student: '../repositories/student-repository.js#StudentRecord',
    StudentNameTag: '../repositories/student-repository.js#StudentRecord',
    Teacher: '../repositories/teacher-repository.js#TeacherRecord',
    Staff: '../repositories/staff-repository.js#StaffRecord',
    Guardian: '../repositories/guardian-repository.js#GuardianRecord',
    GuardianLink: '../repositories/guardian-repository.js#GuardianLinkRecord',
    StudentConnection: '../repositories/student-repository.js#StudentPage',
    TeacherConnection: '../repositories/teacher-repository.js#TeacherPage',
    StaffConnection: '../repositories/staff-repository.js#StaffPage',
    AuditEvent: '../repositories/audit-repository.js#AuditEventRecord',
    AuditEventConnection: '../repositories/audit-repository.js#AuditEventPage',
  },
  academics: {
    AcademicYear: '../repositories/academic-year-repository.js#AcademicYearRecord',
    Term: '../repositories/academic-year-repository.js#TermRecord',
    Grade: '../repositories/grade-repository.js#GradeRecord',
    Section: '../repositories/section-repository.js#SectionRecord',
    Subject: '../repositories/subject-repository.js#SubjectRecord',
    TeachingAssignment: '../repositories/section-repository.js#TeachingAssignmentRecord',
    Enrolment: '../repositories/enrolment-repository.js#EnrolmentRecord',
    EnrolmentConnection: '../repositories/enrolment-repository.js#EnrolmentPage',
    Student: '../resolvers/entity-references.js#StudentReference',
    Teacher: '../resolvers/entity-references.js#TeacherReference',
    Homework: '../repositories/homework-repository.js#HomeworkRecord',
    HomeworkConnection: '../repositories/homework-repository.js#HomeworkPage',
    HomeworkSubmission: '../services/submission-view.js#SubmissionView',
    HomeworkSubmissionConnection: '../services/submission-view.js#SubmissionPage',
    SubmittedFile: '../services/submission-view.js#SubmittedFileModel',
    HomeworkSubmissionVersion: '../repositories/homework-repository.js#SubmissionVersionRecord',
    HomeworkUpload: '../services/submission-service.js#HomeworkUploadModel',
    HomeworkExcusal: '../repositories/homework-manage-repository.js#ExcusalRecord',
    HomeworkCompletion: '../services/homework-manage-service.js#HomeworkCompletionModel',
    FailedHomeworkSubmission: '../services/failed-submission-service.js#FailedSubmissionModel',
    FailedHomeworkSubmissionConnection: '../services/failed-submission-service.js#FailedSubmissionPage',
    BellPeriod: '../repositories/timetable-repository.js#BellPeriodRecord',
    Room: '../repositories/timetable-repository.js#RoomRecord',
    RoomConnection: '../services/timetable-service.js#RoomPage',
    TimetableEntry: '../repositories/timetable-repository.js#TimetableEntryRecord',
    Substitution: '../repositories/timetable-repository.js#SubstitutionRecord',
    Lesson: '../services/timetable-rules.js#LessonModel',
    TeacherDay: '../services/timetable-rules.js#TeacherDayModel',
    StudentDay: '../services/timetable-rules.js#StudentDayModel',
    SectionWeek: '../services/timetable-rules.js#SectionWeekModel',
    AttendanceCode: '../repositories/attendance-repository.js#AttendanceCodeRecord',
    AttendanceMark: '../services/attendance-service.js#AttendanceMarkView',
    AttendanceCorrection: '../repositories/attendance-repository.js#AttendanceCorrectionRecord',
    AttendanceSession: '../services/attendance-service.js#AttendanceSessionModel',
    AttendanceSummary: '../services/attendance-service.js#AttendanceSummaryModel',
    AttendanceCodeCount: '../services/attendance-service.js#AttendanceCodeCountModel',
    StudentAttendance: '../services/attendance-service.js#StudentAttendanceModel',
    SectionAttendance: '../services/attendance-service.js#SectionAttendanceModel',
    Question: '../repositories/question-bank-repository.js#QuestionRecord',
    QuestionConnection: '../repositories/question-bank-repository.js#QuestionPage',
    QuestionVersion: '../repositories/question-bank-repository.js#QuestionVersionModel',
    QuestionVersionConnection: '../repositories/question-bank-repository.js#QuestionVersionPage',
    Quiz: '../repositories/quiz-repository.js#QuizRecord',
    QuizConnection: '../repositories/quiz-repository.js#QuizPage',
    QuizItem: '../repositories/quiz-repository.js#QuizItemRecord',
    QuizAttempt: '../services/quiz-attempt-view.js#AttemptView',
    QuizAttemptConnection: '../services/quiz-attempt-view.js#AttemptPage',
    AttemptQuestion: '../services/quiz-attempt-view.js#AttemptQuestionModel',
    QuizResponse: '../services/question-content.js#AnswerResponse',
    QuizAnalytics: '../services/quiz-service.js#QuizAnalyticsModel',
    QuizItemStatistics: '../services/quiz-service.js#ItemStatisticsModel',
    QuizLeaderboard: '../services/quiz-leaderboard-service.js#QuizLeaderboardModel',
    Exam: '../repositories/exam-repository.js#ExamRecord',
    ExamConnection: '../repositories/exam-repository.js#ExamPage',
    ExamPaper: '../repositories/exam-repository.js#ExamPaperRecord',
    ExamPaperConnection: '../repositories/exam-repository.js#ExamPaperPage',
    ExamMark: '../repositories/exam-repository.js#ExamMarkRecord',
    ExamMarkConnection: '../repositories/exam-repository.js#ExamMarkPage',
    ExamMarkRowError: '../services/exam-rules.js#MarkRowError',
    HallTicket: '../services/exam-service.js#HallTicketModel',
    HallTicketConnection: '../services/exam-service.js#HallTicketPage',
    ExamResult: '../services/exam-service.js#ExamResultModel',
    ExamPaperResult: '../services/exam-service.js#ExamPaperResultModel',
    ExamAnalytics: '../services/exam-service.js#ExamAnalyticsModel',
    ExamStatistics: '../services/exam-service.js#ExamStatisticsModel',
    SectionExamStatistics: '../services/exam-service.js#SectionStatisticsModel',
    SubjectExamStatistics: '../services/exam-service.js#SubjectStatisticsModel',
    ReportCardBatch: '../repositories/report-card-repository.js#ReportCardBatchRecord',
    ReportCard: '../repositories/report-card-repository.js#ReportCardRecord',
    ReportCardConnection: '../repositories/report-card-repository.js#ReportCardPage',
    ReportCardRemark: '../repositories/report-card-repository.js#ReportCardRemarkRecord',
    GradingScale: '../repositories/gradebook-repository.js#GradingScaleRecord',
    GradingScaleConnection: '../repositories/gradebook-repository.js#GradingScalePage',
    GradebookCategory: '../services/gradebook-rules.js#CategoryModel',
    GradebookColumn: '../services/gradebook-rules.js#GradebookColumn',
    GradebookCell: '../services/gradebook-rules.js#GradebookCell',
    GradebookCategoryResult: '../services/gradebook-rules.js#CategoryResult',
    TermGrade: '../services/gradebook-rules.js#FinalGrade',
    TermGradeOverride: '../services/gradebook-rules.js#OverrideFact',
    GradebookRow: '../services/gradebook-service.js#GradebookRowModel',
    GradebookRowConnection: '../services/gradebook-service.js#GradebookRowPage',
    SectionGradebook: '../services/gradebook-service.js#SectionGradebookModel',
    StudentGradebook: '../services/gradebook-service.js#StudentGradebookModel',
    SubjectTermGrade: '../repositories/gradebook-repository.js#SubjectTermGrade',
    TermGradeOfTerm: '../services/gradebook-service.js#TermGradeOfTermModel',
    SubjectYearGrades: '../services/gradebook-service.js#SubjectYearGradesModel',
    TermGradeOverrideEvent: '../repositories/gradebook-repository.js#OverrideEventRecord',
    TermGradeOverrideEventConnection: '../repositories/gradebook-repository.js#OverrideEventPage',
  },
  finance: {
    FeeStructure: '../repositories/fee-structure-repository.js#FeeStructureRecord',
    FeeStructureConnection: '../repositories/fee-structure-repository.js#FeeStructurePage',
  },
  comms: {
    Announcement: '../repositories/announcement-repository.js#AnnouncementRecord',
    AnnouncementConnection: '../repositories/announcement-repository.js#AnnouncementPage',
  },
  insight: {
    School: '../resolvers/entity-references.js#SchoolReference',
    SchoolSummary: '../repositories/school-summary-repository.js#SchoolSummaryRecord',
  },
};

const contextTypes: Record<string, string> = {
  identity: 'IdentityContext',
  academics: 'AcademicsContext',
  finance: 'FinanceContext',
  comms: 'CommsContext',
  insight: 'InsightContext',
};

const resolverTargets: CodegenConfig['generates'] = Object.fromEntries(
  Object.keys(contextTypes).map((name) => [
    `subgraphs/${name}/src/generated/resolvers-types.ts`,
    {
      schema: [COMMON_SDL, `subgraphs/${name}/src/schema/*.graphql`],
      plugins: [
        { add: { content: '/* Generated by graphql-codegen from the SDL: do not edit. */' } },
        'typescript',
        'typescript-resolvers',
      ],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: `../context.js#${contextTypes[name]}`,
        mappers: mappers[name],
        mapperTypeSuffix: 'Model',
        scalars: {
          DateTime: 'Date',
          Date: 'Date',
          Email: 'string',
          MinorUnits: { input: 'bigint', output: 'bigint | number' },
        },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        resolverTypeWrapperSignature: 'Promise<T> | T',
      },
    },
  ]),
);

/** Typed operations for tests (and a model for client apps): `graphql(...)` documents against the public API schema. */
const operationTargets: CodegenConfig['generates'] = {
  'libs/testkit/src/generated/operations/': {
    schema: 'schema/api.graphql',
    documents: ['gateway/test/**/*.ts', 'bench/src/**/*.ts'],
    preset: 'client',
    presetConfig: { fragmentMasking: false },
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      emitLegacyCommonJSImports: false,
      scalars: { DateTime: 'string', Date: 'string', Email: 'string', MinorUnits: 'string' },
    },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  generates: { ...resolverTargets, ...operationTargets },
};

export default config;
