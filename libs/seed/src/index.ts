/*
 * Deterministic demo schools. `seedSchool` generates the whole school in memory (see plan.ts),
 * then writes it in one transaction with a few chunked multi-row INSERTs per table, so 1,000
 * students take a few seconds and a failure leaves nothing behind.
 */
import { hashPassword } from '@schools24/auth';
import { Prisma, type Database } from '@schools24/db';
import { idFactory } from './ids.js';
import { DEMO_PASSWORD, STUDENT_LOGIN_MIN_AGE, planSchool, type DemoLogin, type SampleIds } from './plan.js';
import { SEED_STEPS, type SeedPlan } from './steps.js';
import { academicYearStartOf, isoDay, planTerm, schoolDateOf } from './term/index.js';

export { DEMO_PASSWORD, STUDENT_LOGIN_MIN_AGE, planSchool };
export type { DemoLogin, DemoRole, PlanOptions, SampleIds, SchoolPlan } from './plan.js';
export {
  GRADE_LEVELS,
  SECTION_NAMES,
  STREAMS,
  SUBJECTS,
  gradeName,
  subjectsForSection,
} from './curriculum.js';
export type { SectionName, SubjectSpec } from './curriculum.js';
export { idFactory, nameBasedUuid } from './ids.js';
export { SEED_STEPS, table, type SeedPlan, type SeedStep, type TableInsert } from './steps.js';
export { HISTORY_SCHOOL_DAYS, nextSchoolDay, planTerm, schoolDateOf, type TermPlan } from './term/index.js';

export interface SeedOptions {
  /** The school's login code; upper-cased. Letters, digits, `-` and `_`, at most 32. */
  code: string;
  /** Defaults to a generated name such as "Lotus Valley Public School, Pune". */
  name?: string;
  /** Default 1000, spread evenly over the 36 sections. */
  students?: number;
  /** Default 40. */
  teachers?: number;
  /** PRNG seed (default 24): the same options always produce the same rows and ids. */
  seed?: number;
  /**
   * Calendar year the (current) academic year starts in, each April. Default: the year holding
   * `today` with `livingTerm`, else 2026 ("2026-27").
   */
  yearStart?: number;
  /**
   * Also seed a living term relative to `today`: bell schedule, rooms, timetable, substitutions,
   * attendance, homework with submissions and grades, a question bank with quizzes and attempts,
   * and a published exam (see libs/seed/src/term). Default false (tests' schools stay bare).
   */
  livingTerm?: boolean;
  /** The school-local calendar date the living term is built around (UTC midnight; default: now, in India). */
  today?: Date;
  /** Delete an existing school with this code first (all its data cascades), in the same transaction. */
  replace?: boolean;
  /** Called as rows are written; `done === total` marks the end of a step. */
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface SeededCounts {
  users: number;
  roleAssignments: number;
  staff: number;
  teachers: number;
  terms: number;
  gradingPeriods: number;
  grades: number;
  subjects: number;
  sections: number;
  teachingAssignments: number;
  students: number;
  studentsWithLogin: number;
  guardians: number;
  studentGuardians: number;
  enrolments: number;
  feeStructures: number;
  announcements: number;
}

/** A demo login with its user id. */
export interface SeededLogin extends DemoLogin {
  userId: string;
}

export interface SeededSchool {
  schoolId: string;
  code: string;
  name: string;
  academicYearId: string;
  academicYear: string;
  /** True when an existing school with this code was deleted first. */
  replaced: boolean;
  counts: SeededCounts;
  /** One login per role; every demo user's password is the fixed demo password. */
  logins: SeededLogin[];
  sample: SampleIds;
  /** `YYYY-MM-DD` the living term was built around, or null without one. */
  today: string | null;
  /** Rows written per table, in the order written (every table of every step). */
  tables: Record<string, number>;
  /** Timetable lessons that did not fit the week (a teacher with more periods than slots). */
  unplacedLessons: number;
}

export const SEED_LIMITS = {
  students: { min: 1, max: 100_000 },
  teachers: { min: 1, max: 500 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  yearStart: { min: 2000, max: 2100 },
} as const;

export const DEFAULT_SEED_OPTIONS = { students: 1000, teachers: 40, seed: 24, yearStart: 2026 } as const;

export const SCHOOL_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

/** Invalid options, or a school with the code already exists (see `SchoolExistsError`). */
export class SeedError extends Error {
  override readonly name: string = 'SeedError';
}

export class SchoolExistsError extends SeedError {
  override readonly name = 'SchoolExistsError';
  constructor(
    readonly code: string,
    readonly schoolId: string | null,
  ) {
    super(
      `A school with code ${code} already exists${schoolId ? ` (id ${schoolId})` : ''}. ` +
        `Seed with replace: true (--replace) to delete it and seed it again, or choose another code.`,
    );
  }
}

/** True when the database holds no school at all (the quick start seeds only then). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  return (await db.school.findFirst({ select: { id: true } })) === null;
}

interface ResolvedOptions {
  code: string;
  name?: string;
  students: number;
  teachers: number;
  seed: number;
  yearStart: number;
  replace: boolean;
  /** The living term's date, or null for none. */
  today: Date | null;
}

export function resolveSeedOptions(options: SeedOptions): ResolvedOptions {
  const code = options.code.trim().toUpperCase();
  if (!SCHOOL_CODE_PATTERN.test(code)) {
    throw new SeedError(
      `Invalid school code "${options.code}": use 1-32 letters, digits, "-" or "_", starting with a letter or digit.`,
    );
  }
  const today = options.livingTerm ? (options.today ?? schoolDateOf(new Date())) : null;
  if (today && (Number.isNaN(today.getTime()) || today.getTime() % 86_400_000 !== 0)) {
    throw new SeedError('Invalid today: must be a calendar date (UTC midnight).');
  }
  const defaults = { ...DEFAULT_SEED_OPTIONS, ...(today ? { yearStart: academicYearStartOf(today) } : {}) };
  const whole = (key: keyof typeof SEED_LIMITS, value: number | undefined): number => {
    const resolved = value ?? defaults[key];
    const { min, max } = SEED_LIMITS[key];
    if (!Number.isSafeInteger(resolved) || resolved < min || resolved > max) {
      throw new SeedError(`Invalid ${key} ${String(value)}: must be a whole number from ${min} to ${max}.`);
    }
    return resolved;
  };
  const name = options.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 200)) {
    throw new SeedError('Invalid school name: must be 1-200 characters.');
  }
  const yearStart = whole('yearStart', options.yearStart);
  if (today && academicYearStartOf(today) !== yearStart) {
    throw new SeedError(
      `Invalid today ${isoDay(today)}: the living term must fall in the academic year starting April ${yearStart}.`,
    );
  }
  return {
    code,
    ...(name === undefined ? {} : { name }),
    students: whole('students', options.students),
    teachers: whole('teachers', options.teachers),
    seed: whole('seed', options.seed),
    yearStart,
    replace: options.replace ?? false,
    today,
  };
}

let demoPasswordHash: Promise<string> | undefined;

/** PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMETERS_PER_INSERT = 30_000;

/**
 * Seeds one demo school in a single transaction. Refuses (SchoolExistsError) when a school with the
 * code exists, unless `replace` is set, which deletes that school first in the same transaction.
 */
export async function seedSchool(db: Database, options: SeedOptions): Promise<SeededSchool> {
  const resolved = resolveSeedOptions(options);
  const progress = options.onProgress ?? (() => undefined);
  // Fail fast, before generating anything; the transaction checks again.
  if (!resolved.replace) {
    const existing = await db.school.findUnique({ where: { code: resolved.code }, select: { id: true } });
    if (existing) throw new SchoolExistsError(resolved.code, existing.id);
  }
  const plan = planSchool(resolved);
  const term = resolved.today
    ? planTerm(plan, {
        seed: resolved.seed,
        code: resolved.code,
        id: idFactory(resolved.seed, resolved.code),
        today: resolved.today,
      })
    : null;
  // Every demo user gets the same password, so one argon2 hash (per process) serves them all.
  demoPasswordHash ??= hashPassword(DEMO_PASSWORD);
  const passwordHash = await demoPasswordHash;
  const seedPlan: SeedPlan = {
    school: plan,
    users: plan.users.map((user) => ({ ...user, passwordHash })),
    term,
  };
  const tables = SEED_STEPS.flatMap((step) => step.tables(seedPlan));
  const rowCount = tables.reduce((sum, table) => sum + table.count, 0);
  progress('generate', rowCount, rowCount);

  let replaced = false;
  try {
    await db.$transaction(
      async (tx) => {
        const existing = await tx.school.findUnique({ where: { code: resolved.code }, select: { id: true } });
        if (existing) {
          if (!resolved.replace) throw new SchoolExistsError(resolved.code, existing.id);
          await deleteSchool(tx, existing.id);
          replaced = true;
          progress('delete existing school', 1, 1);
        }
        const maxRows = (columns: number) => Math.floor(MAX_PARAMETERS_PER_INSERT / columns);
        for (const table of tables) {
          await table.insert(tx, maxRows, (written) => progress(table.name, written, table.count));
          if (table.count === 0) progress(table.name, 0, 0);
        }
      },
      { maxWait: 15_000, timeout: 30 * 60_000 },
    );
  } catch (error) {
    // Another process created the school between our check and our insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const target = JSON.stringify(error.meta ?? {});
      if (target.includes('code')) throw new SchoolExistsError(resolved.code, null);
    }
    throw error;
  }

  return {
    schoolId: plan.school.id ?? '',
    code: resolved.code,
    name: plan.school.name,
    academicYearId: plan.academicYear.id ?? '',
    academicYear: plan.academicYear.name,
    replaced,
    counts: {
      users: plan.users.length,
      roleAssignments: plan.roleAssignments.length,
      staff: plan.staff.length,
      teachers: plan.teachers.length,
      terms: plan.terms.length,
      gradingPeriods: plan.gradingPeriods.length,
      grades: plan.grades.length,
      subjects: plan.subjects.length,
      sections: plan.sections.length,
      teachingAssignments: plan.teachingAssignments.length,
      students: plan.students.length,
      studentsWithLogin: plan.students.filter((student) => student.userId).length,
      guardians: plan.guardians.length,
      studentGuardians: plan.studentGuardians.length,
      enrolments: plan.enrolments.length,
      feeStructures: plan.feeStructures.length,
      announcements: plan.announcements.length,
    },
    logins: plan.logins.map((login) => ({
      ...login,
      userId: plan.users.find((user) => user.email === login.email)?.id ?? '',
    })),
    sample: plan.sample,
    today: resolved.today ? isoDay(resolved.today) : null,
    tables: Object.fromEntries(
      tables.reduce(
        (counts, table) => counts.set(table.name, (counts.get(table.name) ?? 0) + table.count),
        new Map<string, number>(),
      ),
    ),
    unplacedLessons: term?.timetable.unplacedLessons ?? 0,
  };
}

/**
 * Deletes a school and everything in it. Rows whose foreign keys RESTRICT deletion (enrolments and
 * fee structures pin sections and grades; teaching assignments pin subjects; exam papers, quizzes and
 * timetable entries pin sections, subjects and rooms) go first; the rest cascades from the school.
 */
async function deleteSchool(tx: Prisma.TransactionClient, schoolId: string): Promise<void> {
  await tx.exam.deleteMany({ where: { schoolId } });
  await tx.quiz.deleteMany({ where: { schoolId } });
  await tx.timetableEntry.deleteMany({ where: { schoolId } });
  await tx.attendanceMark.deleteMany({ where: { schoolId } });
  await tx.enrolment.deleteMany({ where: { schoolId } });
  await tx.teachingAssignment.deleteMany({ where: { schoolId } });
  await tx.feeStructure.deleteMany({ where: { schoolId } });
  await tx.section.deleteMany({ where: { schoolId } });
  await tx.school.delete({ where: { id: schoolId } });
}

export { forgetDerivedRedisState } from './redis-state.js';
