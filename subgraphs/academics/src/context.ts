import { LastKnown } from '@schools24/cache-loader';
import { isDependencyUnavailable } from '@schools24/errors';
import {
  createContextFactory,
  RecordAccess,
  type RequestContextBase,
  type Resources,
} from '@schools24/graphql';
import type { ObjectStore } from '@schools24/storage';
import { touchGradebooks, type GradebookChange } from './loaders/gradebook-cache.js';
import { createAcademicsLoaders } from './loaders/index.js';
import type { AcademicsRepositories } from './repositories/index.js';
import { AttendanceService } from './services/attendance-service.js';
import { CalendarService } from './services/calendar-service.js';
import { EnrolmentAdminService } from './services/enrolment-admin-service.js';
import { EnrolmentService } from './services/enrolment-service.js';
import { ExamAdminService } from './services/exam-admin-service.js';
import { ExamService } from './services/exam-service.js';
import { FailedSubmissionService } from './services/failed-submission-service.js';
import { GradebookService } from './services/gradebook-service.js';
import { HomeworkManageService } from './services/homework-manage-service.js';
import { HomeworkService } from './services/homework-service.js';
import { LeaderboardService } from './services/leaderboard-service.js';
import { LeaderboardStandings } from './services/leaderboard-standings.js';
import { QuestionBankService } from './services/question-bank-service.js';
import { QuizAttemptService } from './services/quiz-attempt-service.js';
import { QuizLeaderboardService } from './services/quiz-leaderboard-service.js';
import { QuizService } from './services/quiz-service.js';
import type { ReportCardQueue } from './services/report-cards/report-card-queue.js';
import { ReportCardService } from './services/report-cards/report-card-service.js';
import { RolloverService } from './services/rollover-service.js';
import { StructureAdminService } from './services/structure-admin-service.js';
import { StructureService } from './services/structure-service.js';
import { SubmissionService } from './services/submission-service.js';
import { TimetableService } from './services/timetable-service.js';
import type { AcademicsWriteKinds } from './write-kinds.js';

/** How long a last-known fact may answer for an unreachable database (see `LastKnown`). */
const LAST_KNOWN_SECONDS = 86_400;

export interface AcademicsContext extends RequestContextBase {
  calendar: CalendarService;
  structure: StructureService;
  enrolments: EnrolmentService;
  /** Structure management (school admins): calendar, grades, sections, subjects, assignments. */
  structureAdmin: StructureAdminService;
  /** Admissions, transfers, withdrawals, graduations (school admins). */
  enrolmentAdmin: EnrolmentAdminService;
  /** Year rollover (school admins). */
  rollover: RolloverService;
  homework: HomeworkService;
  /** Editing, cancelling and excusing; completion rates and homework due soon. */
  homeworkManage: HomeworkManageService;
  submissions: SubmissionService;
  leaderboards: LeaderboardService;
  /** The school's dead-lettered submissions (school admins). */
  failedSubmissions: FailedSubmissionService;
  /** Bell schedule, rooms, weekly timetables, substitutions and the day views. */
  timetable: TimetableService;
  /** Attendance codes, buffered markings, corrections and summaries. */
  attendance: AttendanceService;
  /** The school's question bank (teachers and admins). */
  questionBank: QuestionBankService;
  quizzes: QuizService;
  quizAttempts: QuizAttemptService;
  quizLeaderboards: QuizLeaderboardService;
  /** Exams: reading schedules, hall tickets, results and analytics. */
  exams: ExamService;
  /** Exams: scheduling, marks entry, moderation, locking and publication. */
  examAdmin: ExamAdminService;
  /** Report cards: generation batches, downloads and remarks. */
  reportCards: ReportCardService;
  /** Grading scales, weighted categories, overrides and the computed term and year grades. */
  gradebook: GradebookService;
}

/** What the homework services need beyond the database: the buffer's kinds and the file store. */
export interface AcademicsWriteResources {
  kinds: AcademicsWriteKinds;
  store: ObjectStore | null;
  /** Where report cards are queued for the workers. */
  reportCardQueue: ReportCardQueue;
}

export function createAcademicsContextFactory(
  resources: Resources,
  repos: AcademicsRepositories,
  writes: AcademicsWriteResources,
) {
  const standings = new LeaderboardStandings(resources.redis);
  return createContextFactory(resources, {
    buildLoaders: (scope) => createAcademicsLoaders(scope, repos),
    build: (base, tenant): AcademicsContext => {
      const calendar = new CalendarService(tenant, repos);
      const access = new RecordAccess(base.viewer, repos.ownership);
      const gradebookChanged = (change: GradebookChange) =>
        touchGradebooks(resources.redis, tenant.schoolId, change, base.logger);
      const homework = new HomeworkService(tenant, repos, access, base.viewer, gradebookChanged);
      const structure = new StructureService(tenant, repos, calendar);
      const admin = { tenant, repos, redis: resources.redis, viewer: base.viewer, logger: base.logger };
      const exams = new ExamService(tenant, repos, access, base.viewer);
      let lastKnown: LastKnown | undefined;
      const leaderboards = new LeaderboardService({
        tenant,
        repos,
        access,
        homework,
        standings,
        events: resources.events,
        logger: base.logger,
      });
      const quizzes = new QuizService(tenant, repos, access, homework, resources.redis);
      const quizLeaderboards = new QuizLeaderboardService({
        repos,
        homework,
        quizzes,
        kinds: writes.kinds,
        standings,
        events: resources.events,
        logger: base.logger,
      });
      return {
        ...base,
        calendar,
        structure,
        enrolments: new EnrolmentService(tenant, repos, calendar, access),
        structureAdmin: new StructureAdminService(admin),
        enrolmentAdmin: new EnrolmentAdminService(admin),
        rollover: new RolloverService(admin),
        homework,
        submissions: new SubmissionService({
          gradebookChanged,
          homework,
          repos,
          access,
          kinds: writes.kinds,
          events: resources.events,
          store: writes.store,
          logger: base.logger,
          leaderboards,
          structure,
          lastKnown: () =>
            (lastKnown ??= new LastKnown(
              { redis: resources.redis, schoolId: tenant.schoolId, logger: base.logger },
              LAST_KNOWN_SECONDS,
              isDependencyUnavailable,
            )),
        }),
        leaderboards,
        homeworkManage: new HomeworkManageService({
          tenant,
          repos,
          access,
          homework,
          leaderboards,
          kinds: writes.kinds,
          redis: resources.redis,
          viewer: base.viewer,
          logger: base.logger,
        }),
        failedSubmissions: new FailedSubmissionService(tenant.schoolId, resources.writeBuffer),
        timetable: new TimetableService({ ...admin, access, calendar, homework }),
        attendance: new AttendanceService({
          ...admin,
          access,
          calendar,
          kinds: writes.kinds,
          events: resources.events,
        }),
        questionBank: new QuestionBankService(tenant, repos, resources.redis, base.viewer),
        quizzes,
        quizAttempts: new QuizAttemptService({
          repos,
          access,
          homework,
          quizzes,
          kinds: writes.kinds,
          leaderboard: quizLeaderboards,
          gradebookChanged,
        }),
        quizLeaderboards,
        exams,
        examAdmin: new ExamAdminService({
          tenant,
          repos,
          access,
          exams,
          homework,
          redis: resources.redis,
          events: resources.events,
          logger: base.logger,
        }),
        reportCards: new ReportCardService({
          tenant,
          repos,
          access,
          homework,
          viewer: base.viewer,
          store: writes.store,
          queue: writes.reportCardQueue,
          logger: base.logger,
        }),
        gradebook: new GradebookService({
          tenant,
          repos,
          access,
          homework,
          redis: resources.redis,
          viewer: base.viewer,
          logger: base.logger,
        }),
      };
    },
  });
}
