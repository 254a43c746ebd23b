/*
 * The seed as a list of steps, each a list of tables to insert in order (parents first). seedSchool
 * runs every step of the plan in one transaction. To seed something new (a gradebook, report cards),
 * plan its rows (from the school plan and the term plan) and append a step here.
 */
import { Prisma } from '@schools24/db';
import type { SchoolPlan } from './plan.js';
import type { TermPlan } from './term/index.js';

/** Rows for one table and how to write a chunk of them. */
export interface TableInsert {
  name: string;
  count: number;
  /** Writes the rows in chunks of at most `maxRows(columns)`, calling `done` after each. */
  insert(
    tx: Prisma.TransactionClient,
    maxRows: (columns: number) => number,
    done: (written: number) => void,
  ): Promise<void>;
}

export function table<T extends object>(
  name: string,
  rows: readonly T[],
  write: (tx: Prisma.TransactionClient, chunk: T[]) => Promise<unknown>,
): TableInsert {
  return {
    name,
    count: rows.length,
    async insert(tx, maxRows, done) {
      const size = Math.max(
        1,
        maxRows(Math.max(1, ...rows.slice(0, 1).map((row) => Object.keys(row).length))),
      );
      for (let start = 0; start < rows.length; start += size) {
        await write(tx, rows.slice(start, start + size));
        done(Math.min(rows.length, start + size));
      }
    },
  };
}

/** One column of a bulk insert: its name, its PostgreSQL type and the row's value. */
export interface BulkColumn<T> {
  name: string;
  type: 'uuid' | 'text' | 'int' | 'bool' | 'date' | 'timestamptz';
  value: (row: T) => string | number | boolean | Date | null;
}

/**
 * Rows written with one `INSERT … SELECT FROM unnest(arrays)` per chunk: one bind parameter per
 * column instead of one per value, and no per-row work in the client, which makes tens of
 * thousands of rows (attendance marks) take a fraction of a second instead of seconds. For
 * tables with `@updatedAt` (set by the Prisma client, with no database default) pass `updatedAt`.
 */
export function bulkTable<T>(
  name: string,
  sqlTable: string,
  rows: readonly T[],
  columns: readonly BulkColumn<T>[],
  options: { updatedAt?: boolean } = {},
): TableInsert {
  const chunk = 10_000;
  const names = columns.map((column) => Prisma.raw(`"${column.name}"`));
  const extraName = options.updatedAt ? [Prisma.raw('"updatedAt"')] : [];
  const select = options.updatedAt ? Prisma.sql`u.*, now()` : Prisma.sql`u.*`;
  return {
    name,
    count: rows.length,
    async insert(tx, _maxRows, done) {
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        const arrays = columns.map(
          (column) => Prisma.sql`${part.map((row) => column.value(row))}::${Prisma.raw(column.type)}[]`,
        );
        await tx.$executeRaw`
          INSERT INTO ${Prisma.raw(`"${sqlTable}"`)} (${Prisma.join([...names, ...extraName])})
          SELECT ${select} FROM unnest(${Prisma.join(arrays)}) AS u`;
        done(Math.min(rows.length, start + chunk));
      }
    },
  };
}

/** A Prisma date input (Date or ISO string) as a Date, or null. */
const dateValue = (value: Date | string | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

/** What the steps are planned from: the school, and the living term when one is seeded. */
export interface SeedPlan {
  school: SchoolPlan;
  /** The school's users with the demo password's hash. */
  users: Prisma.UserCreateManyInput[];
  term: TermPlan | null;
}

export interface SeedStep {
  name: string;
  tables(plan: SeedPlan): TableInsert[];
}

const people: SeedStep = {
  name: 'people and structure',
  tables: ({ school, users }) => [
    table('school', [school.school], (tx, data) => tx.school.createMany({ data })),
    table('users', users, (tx, data) => tx.user.createMany({ data })),
    table('role assignments', school.roleAssignments, (tx, data) => tx.roleAssignment.createMany({ data })),
    table('staff', school.staff, (tx, data) => tx.staff.createMany({ data })),
    table('teachers', school.teachers, (tx, data) => tx.teacher.createMany({ data })),
    table('academic year', [school.academicYear], (tx, data) => tx.academicYear.createMany({ data })),
    table('terms', school.terms, (tx, data) => tx.term.createMany({ data })),
    table('grading periods', school.gradingPeriods, (tx, data) => tx.term.createMany({ data })),
    table('grades', school.grades, (tx, data) => tx.grade.createMany({ data })),
    table('subjects', school.subjects, (tx, data) => tx.subject.createMany({ data })),
    table('sections', school.sections, (tx, data) => tx.section.createMany({ data })),
    table('teaching assignments', school.teachingAssignments, (tx, data) =>
      tx.teachingAssignment.createMany({ data }),
    ),
    table('students', school.students, (tx, data) => tx.student.createMany({ data })),
    table('guardians', school.guardians, (tx, data) => tx.guardian.createMany({ data })),
    table('student guardians', school.studentGuardians, (tx, data) =>
      tx.studentGuardian.createMany({ data }),
    ),
    table('enrolments', school.enrolments, (tx, data) => tx.enrolment.createMany({ data })),
    table('fee structures', school.feeStructures, (tx, data) => tx.feeStructure.createMany({ data })),
    table('announcements', school.announcements, (tx, data) => tx.announcement.createMany({ data })),
  ],
};

const timetable: SeedStep = {
  name: 'timetable',
  tables: ({ term }) =>
    term
      ? [
          table('bell periods', term.timetable.bellPeriods, (tx, data) => tx.bellPeriod.createMany({ data })),
          table('rooms', term.timetable.rooms, (tx, data) => tx.room.createMany({ data })),
          table('timetable entries', term.timetable.entries, (tx, data) =>
            tx.timetableEntry.createMany({ data }),
          ),
          table('substitutions', term.timetable.substitutions, (tx, data) =>
            tx.substitution.createMany({ data }),
          ),
        ]
      : [],
};

const attendance: SeedStep = {
  name: 'attendance',
  tables: ({ term }) =>
    term
      ? [
          table('attendance codes', term.attendance.codes, (tx, data) =>
            tx.attendanceCode.createMany({ data }),
          ),
          bulkTable(
            'attendance marks',
            'AttendanceMark',
            term.attendance.marks,
            [
              { name: 'id', type: 'uuid', value: (row) => row.id ?? null },
              { name: 'schoolId', type: 'uuid', value: (row) => row.schoolId },
              { name: 'sectionId', type: 'uuid', value: (row) => row.sectionId },
              { name: 'studentId', type: 'uuid', value: (row) => row.studentId },
              { name: 'date', type: 'date', value: (row) => dateValue(row.date) },
              { name: 'periodNumber', type: 'int', value: (row) => row.periodNumber },
              { name: 'codeId', type: 'uuid', value: (row) => row.codeId },
              { name: 'note', type: 'text', value: (row) => row.note ?? null },
              { name: 'idempotencyId', type: 'text', value: (row) => row.idempotencyId },
              { name: 'markedByUserId', type: 'uuid', value: (row) => row.markedByUserId },
              { name: 'markedAt', type: 'timestamptz', value: (row) => dateValue(row.markedAt) },
            ],
            { updatedAt: true },
          ),
        ]
      : [],
};

const homework: SeedStep = {
  name: 'homework',
  tables: ({ term }) =>
    term
      ? [
          table('homework', term.homework.homework, (tx, data) => tx.homework.createMany({ data })),
          bulkTable(
            'homework submissions',
            'HomeworkSubmission',
            term.homework.submissions,
            [
              { name: 'id', type: 'uuid', value: (row) => row.id },
              { name: 'schoolId', type: 'uuid', value: (row) => row.schoolId },
              { name: 'homeworkId', type: 'uuid', value: (row) => row.homeworkId },
              { name: 'studentId', type: 'uuid', value: (row) => row.studentId },
              { name: 'idempotencyId', type: 'text', value: (row) => row.idempotencyId },
              { name: 'submittedByUserId', type: 'uuid', value: (row) => row.submittedByUserId },
              { name: 'text', type: 'text', value: (row) => row.text ?? null },
              { name: 'submittedAt', type: 'timestamptz', value: (row) => dateValue(row.submittedAt) },
              { name: 'isLate', type: 'bool', value: (row) => row.isLate },
              { name: 'version', type: 'int', value: (row) => row.version ?? 1 },
              { name: 'points', type: 'int', value: (row) => row.points ?? null },
              { name: 'rawPoints', type: 'int', value: (row) => row.rawPoints ?? null },
              { name: 'latePenaltyPercent', type: 'int', value: (row) => row.latePenaltyPercent ?? null },
              { name: 'feedback', type: 'text', value: (row) => row.feedback ?? null },
              { name: 'gradedAt', type: 'timestamptz', value: (row) => dateValue(row.gradedAt) },
              { name: 'gradedByUserId', type: 'uuid', value: (row) => row.gradedByUserId ?? null },
            ],
            { updatedAt: true },
          ),
          table('homework excusals', term.homework.excusals, (tx, data) =>
            tx.homeworkExcusal.createMany({ data }),
          ),
        ]
      : [],
};

const quizzes: SeedStep = {
  name: 'quizzes',
  tables: ({ term }) =>
    term
      ? [
          table('questions', term.quizzes.questions, (tx, data) => tx.question.createMany({ data })),
          table('question versions', term.quizzes.questionVersions, (tx, data) =>
            tx.questionVersion.createMany({ data }),
          ),
          table('quizzes', term.quizzes.quizzes, (tx, data) => tx.quiz.createMany({ data })),
          table('quiz items', term.quizzes.items, (tx, data) => tx.quizItem.createMany({ data })),
          table('quiz attempts', term.quizzes.attempts, (tx, data) => tx.quizAttempt.createMany({ data })),
          table('quiz submissions', term.quizzes.submissions, (tx, data) =>
            tx.quizSubmission.createMany({ data }),
          ),
          table('quiz answers', term.quizzes.answers, (tx, data) => tx.quizAnswer.createMany({ data })),
        ]
      : [],
};

const exams: SeedStep = {
  name: 'exams',
  tables: ({ term }) =>
    term
      ? [
          table('exams', term.exams.exams, (tx, data) => tx.exam.createMany({ data })),
          table('exam papers', term.exams.papers, (tx, data) => tx.examPaper.createMany({ data })),
          bulkTable(
            'exam marks',
            'ExamMark',
            term.exams.marks,
            [
              { name: 'id', type: 'uuid', value: (row) => row.id ?? null },
              { name: 'schoolId', type: 'uuid', value: (row) => row.schoolId },
              { name: 'paperId', type: 'uuid', value: (row) => row.paperId },
              { name: 'studentId', type: 'uuid', value: (row) => row.studentId },
              { name: 'isAbsent', type: 'bool', value: (row) => row.isAbsent },
              { name: 'enteredMarks', type: 'int', value: (row) => row.enteredMarks ?? null },
              { name: 'enteredByUserId', type: 'uuid', value: (row) => row.enteredByUserId },
              { name: 'enteredAt', type: 'timestamptz', value: (row) => dateValue(row.enteredAt) },
            ],
            { updatedAt: true },
          ),
        ]
      : [],
};

/** Every step, in the order they run. Later steps may refer to rows of earlier ones. */
export const SEED_STEPS: readonly SeedStep[] = [people, timetable, attendance, homework, quizzes, exams];
