/*
 * What the term planners read: the planned school (people and structure) reshaped for them, the
 * run's `today` and the id factory. Everything here comes from the SchoolPlan, so the term is planned
 * in memory like the rest of the school, with no database reads.
 */
import type { SchoolPlan } from '../plan.js';
import { SUBJECTS } from '../curriculum.js';
import type { IdFactory } from '../ids.js';
import { schoolDaysBefore } from './calendar.js';

export interface SectionFacts {
  index: number;
  id: string;
  level: number;
  name: string;
  /** Display name, e.g. "8-A". */
  label: string;
  homeRoom: string;
  classTeacherId: string | null;
  /** Enrolled students in roll-number order. */
  students: StudentFacts[];
}

export interface StudentFacts {
  id: string;
  /** Null for young students without a login (they cannot submit homework or take quizzes). */
  userId: string | null;
}

export interface LessonLoad {
  sectionIndex: number;
  subjectId: string;
  subjectCode: string;
  teacherId: string;
  periodsPerWeek: number;
}

export interface TermContext {
  schoolId: string;
  academicYearId: string;
  yearStartsOn: Date;
  yearEndsOn: Date;
  terms: { id: string; startsOn: Date; endsOn: Date }[];
  /** School-local calendar date of the run. */
  today: Date;
  /** Past school days the term's history covers, oldest first (see HISTORY_SCHOOL_DAYS). */
  history: Date[];
  seed: number;
  code: string;
  id: IdFactory;
  sections: SectionFacts[];
  subjects: Map<string, { code: string; name: string }>;
  subjectIdByCode: Map<string, string>;
  lessons: LessonLoad[];
  teacherIds: string[];
  teacherUserId: Map<string, string>;
  adminUserId: string;
  sample: SchoolPlan['sample'];
}

/** Four school weeks of history before today (clipped at the start of the academic year). */
export const HISTORY_SCHOOL_DAYS = 20;

const required = (value: string | undefined | null, what: string): string => {
  if (!value) throw new Error(`The school plan has no ${what}`);
  return value;
};

export function termContext(
  plan: SchoolPlan,
  options: { seed: number; code: string; id: IdFactory; today: Date },
): TermContext {
  const levelByGrade = new Map(plan.grades.map((grade) => [required(grade.id, 'grade id'), grade.level]));
  const userByStudent = new Map(
    plan.students.map((student) => [required(student.id, 'student id'), student.userId ?? null]),
  );
  const sections: SectionFacts[] = plan.sections.map((section, index) => {
    const level = levelByGrade.get(section.gradeId) ?? 0;
    return {
      index,
      id: required(section.id, 'section id'),
      level,
      name: section.name,
      label: `${level}-${section.name}`,
      homeRoom: section.room ?? `R${index + 1}`,
      classTeacherId: section.classTeacherId ?? null,
      students: [],
    };
  });
  const sectionIndex = new Map(sections.map((section) => [section.id, section.index]));
  const enrolments = [...plan.enrolments].sort((a, b) => (a.rollNumber ?? 0) - (b.rollNumber ?? 0));
  for (const enrolment of enrolments) {
    const section = sections[sectionIndex.get(enrolment.sectionId) ?? -1];
    section?.students.push({
      id: enrolment.studentId,
      userId: userByStudent.get(enrolment.studentId) ?? null,
    });
  }
  const subjects = new Map(
    plan.subjects.map((subject) => [
      required(subject.id, 'subject id'),
      { code: subject.code, name: subject.name },
    ]),
  );
  const periodsByCode = new Map(SUBJECTS.map((subject) => [subject.code, subject.periodsPerWeek]));
  const lessons = plan.teachingAssignments.map((assignment) => {
    const code = subjects.get(assignment.subjectId)?.code ?? '';
    return {
      sectionIndex: sectionIndex.get(assignment.sectionId) ?? 0,
      subjectId: assignment.subjectId,
      subjectCode: code,
      teacherId: assignment.teacherId,
      periodsPerWeek: periodsByCode.get(code) ?? 1,
    };
  });
  const adminUserId = plan.roleAssignments.find((row) => row.role === 'SCHOOL_ADMIN')?.userId;
  const yearStartsOn = new Date(plan.academicYear.startsOn);
  return {
    schoolId: required(plan.school.id, 'school id'),
    academicYearId: required(plan.academicYear.id, 'academic year id'),
    yearStartsOn,
    yearEndsOn: new Date(plan.academicYear.endsOn),
    terms: plan.terms.map((term) => ({
      id: required(term.id, 'term id'),
      startsOn: new Date(term.startsOn),
      endsOn: new Date(term.endsOn),
    })),
    today: options.today,
    history: schoolDaysBefore(options.today, HISTORY_SCHOOL_DAYS, yearStartsOn),
    seed: options.seed,
    code: options.code,
    id: options.id,
    sections,
    subjects,
    subjectIdByCode: new Map([...subjects].map(([subjectId, subject]) => [subject.code, subjectId])),
    lessons,
    teacherIds: plan.teachers.map((teacher) => required(teacher.id, 'teacher id')),
    teacherUserId: new Map(
      plan.teachers.map((teacher) => [required(teacher.id, 'teacher id'), teacher.userId ?? '']),
    ),
    adminUserId: required(adminUserId, 'school admin'),
    sample: plan.sample,
  };
}

/** The term (kind TERM) holding the date, if any. */
export function termOn(context: TermContext, day: Date): string | null {
  return context.terms.find((term) => day >= term.startsOn && day <= term.endsOn)?.id ?? null;
}
