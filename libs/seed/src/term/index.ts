/*
 * The living term: everything a school has a few weeks into a term, planned in memory from the
 * school plan and `today` (see calendar.ts and context.ts for the dates).
 */
import type { SchoolPlan } from '../plan.js';
import type { IdFactory } from '../ids.js';
import { planAttendance, type AttendancePlan } from './attendance.js';
import { termContext, type TermContext } from './context.js';
import { planExams, type ExamPlan } from './exams.js';
import { planHomework, type HomeworkPlan } from './homework.js';
import { planQuizzes, type QuizPlan } from './quizzes.js';
import { planTimetable, type TimetablePlan } from './timetable.js';

export interface TermPlan {
  context: TermContext;
  timetable: TimetablePlan;
  attendance: AttendancePlan;
  homework: HomeworkPlan;
  quizzes: QuizPlan;
  exams: ExamPlan;
}

export function planTerm(
  school: SchoolPlan,
  options: { seed: number; code: string; id: IdFactory; today: Date },
): TermPlan {
  const context = termContext(school, options);
  const timetable = planTimetable(context);
  return {
    context,
    timetable,
    attendance: planAttendance(context, timetable),
    homework: planHomework(context),
    quizzes: planQuizzes(context),
    exams: planExams(context),
  };
}

export { schoolDateOf, academicYearStartOf, nextSchoolDay, isoDay } from './calendar.js';
export { HISTORY_SCHOOL_DAYS } from './context.js';
