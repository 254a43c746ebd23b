import { readOwnershipFacts, tenantDatabase, type Database } from '@schools24/db';
import type { OwnershipLookup } from '@schools24/graphql';
import { AcademicYearRepository } from './academic-year-repository.js';
import { AttendanceRepository } from './attendance-repository.js';
import { EnrolmentAdminRepository } from './enrolment-admin-repository.js';
import { EnrolmentRepository } from './enrolment-repository.js';
import { ExamRepository } from './exam-repository.js';
import { GradeRepository } from './grade-repository.js';
import { GradebookRepository } from './gradebook-repository.js';
import { HomeworkManageRepository } from './homework-manage-repository.js';
import { HomeworkRepository } from './homework-repository.js';
import { LeaderboardRepository } from './leaderboard-repository.js';
import { QuestionBankRepository } from './question-bank-repository.js';
import { QuizRepository } from './quiz-repository.js';
import { ReportCardRepository } from './report-card-repository.js';
import { RolloverRepository } from './rollover-repository.js';
import { SectionRepository } from './section-repository.js';
import { StructureAdminRepository } from './structure-admin-repository.js';
import { SubjectRepository } from './subject-repository.js';
import { TimetableRepository } from './timetable-repository.js';

export type AcademicsRepositories = ReturnType<typeof createAcademicsRepositories>;

export function createAcademicsRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    academicYears: new AcademicYearRepository(db),
    grades: new GradeRepository(db),
    sections: new SectionRepository(db),
    subjects: new SubjectRepository(db),
    enrolments: new EnrolmentRepository(db),
    structureAdmin: new StructureAdminRepository(db),
    enrolmentAdmin: new EnrolmentAdminRepository(db),
    rollover: new RolloverRepository(db),
    homework: new HomeworkRepository(db),
    homeworkManage: new HomeworkManageRepository(db),
    leaderboards: new LeaderboardRepository(db),
    timetable: new TimetableRepository(db),
    attendance: new AttendanceRepository(db),
    questionBank: new QuestionBankRepository(db),
    quizzes: new QuizRepository(db),
    exams: new ExamRepository(db),
    reportCards: new ReportCardRepository(db),
    gradebook: new GradebookRepository(db),
    ownership: ((viewer, question) =>
      readOwnershipFacts(db, viewer.schoolId, viewer.userId, question)) satisfies OwnershipLookup,
  };
}

/** The homework repository alone, for the write buffer's sink (which runs outside any request). */
export function createHomeworkRepository(database: Database): HomeworkRepository {
  return new HomeworkRepository(tenantDatabase(database));
}

/** The attendance repository alone, for the write buffer's sink. */
export function createAttendanceRepository(database: Database): AttendanceRepository {
  return new AttendanceRepository(tenantDatabase(database));
}

/** The gradebook repository alone, for the write buffer's sinks (to invalidate gradebooks). */
export function createGradebookRepository(database: Database): GradebookRepository {
  return new GradebookRepository(tenantDatabase(database));
}

/** The quiz repository alone, for the write buffer's sink. */
export function createQuizRepository(database: Database): QuizRepository {
  return new QuizRepository(tenantDatabase(database));
}
