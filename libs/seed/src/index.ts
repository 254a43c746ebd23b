/*
 * Deterministic demo schools. `seedSchool` generates the whole school in memory (see plan.ts),
 * then writes it in one transaction with a few chunked multi-row INSERTs per table, so 1,000
 * students take a few seconds and a failure leaves nothing behind.
 */
import { hashPassword } from '@schools24/auth';
import { Prisma, type Database } from '@schools24/db';
import { DEMO_PASSWORD, STUDENT_LOGIN_MIN_AGE, planSchool, type DemoLogin, type SampleIds } from './plan.js';

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
export { nameBasedUuid } from './ids.js';

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
  /** Calendar year the (current) academic year starts in, each April (default 2026: "2026-27"). */
  yearStart?: number;
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
}

export function resolveSeedOptions(options: SeedOptions): ResolvedOptions {
  const code = options.code.trim().toUpperCase();
  if (!SCHOOL_CODE_PATTERN.test(code)) {
    throw new SeedError(
      `Invalid school code "${options.code}": use 1-32 letters, digits, "-" or "_", starting with a letter or digit.`,
    );
  }
  const whole = (key: keyof typeof SEED_LIMITS, value: number | undefined): number => {
    const resolved = value ?? DEFAULT_SEED_OPTIONS[key];
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
  return {
    code,
    ...(name === undefined ? {} : { name }),
    students: whole('students', options.students),
    teachers: whole('teachers', options.teachers),
    seed: whole('seed', options.seed),
    yearStart: whole('yearStart', options.yearStart),
    replace: options.replace ?? false,
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
  // Every demo user gets the same password, so one argon2 hash (per process) serves them all.
  demoPasswordHash ??= hashPassword(DEMO_PASSWORD);
  const passwordHash = await demoPasswordHash;
  const users = plan.users.map((user) => ({ ...user, passwordHash }));
  // Every row to insert: the arrays plus the school and the academic year.
  const rowCount = Object.entries(plan).reduce<number>(
    (sum, [key, value]) => sum + (key !== 'logins' && Array.isArray(value) ? value.length : 0),
    2,
  );
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
        const insert = async <T extends object>(
          step: string,
          rows: T[],
          write: (chunk: T[]) => Promise<unknown>,
        ): Promise<void> => {
          const columns = Math.max(1, ...rows.slice(0, 1).map((row) => Object.keys(row).length));
          const size = Math.max(1, Math.floor(MAX_PARAMETERS_PER_INSERT / columns));
          for (let start = 0; start < rows.length; start += size) {
            await write(rows.slice(start, start + size));
            progress(step, Math.min(rows.length, start + size), rows.length);
          }
          if (rows.length === 0) progress(step, 0, 0);
        };
        await insert('school', [plan.school], (data) => tx.school.createMany({ data }));
        await insert('users', users, (data) => tx.user.createMany({ data }));
        await insert('role assignments', plan.roleAssignments, (data) =>
          tx.roleAssignment.createMany({ data }),
        );
        await insert('staff', plan.staff, (data) => tx.staff.createMany({ data }));
        await insert('teachers', plan.teachers, (data) => tx.teacher.createMany({ data }));
        await insert('academic year', [plan.academicYear], (data) => tx.academicYear.createMany({ data }));
        await insert('terms', plan.terms, (data) => tx.term.createMany({ data }));
        await insert('grading periods', plan.gradingPeriods, (data) => tx.term.createMany({ data }));
        await insert('grades', plan.grades, (data) => tx.grade.createMany({ data }));
        await insert('subjects', plan.subjects, (data) => tx.subject.createMany({ data }));
        await insert('sections', plan.sections, (data) => tx.section.createMany({ data }));
        await insert('teaching assignments', plan.teachingAssignments, (data) =>
          tx.teachingAssignment.createMany({ data }),
        );
        await insert('students', plan.students, (data) => tx.student.createMany({ data }));
        await insert('guardians', plan.guardians, (data) => tx.guardian.createMany({ data }));
        await insert('student guardians', plan.studentGuardians, (data) =>
          tx.studentGuardian.createMany({ data }),
        );
        await insert('enrolments', plan.enrolments, (data) => tx.enrolment.createMany({ data }));
        await insert('fee structures', plan.feeStructures, (data) => tx.feeStructure.createMany({ data }));
        await insert('announcements', plan.announcements, (data) => tx.announcement.createMany({ data }));
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
  };
}

/**
 * Deletes a school and everything in it. Rows whose foreign keys RESTRICT deletion (enrolments and
 * fee structures pin sections and grades; teaching assignments pin subjects) go first; the rest
 * cascades from the school.
 */
async function deleteSchool(tx: Prisma.TransactionClient, schoolId: string): Promise<void> {
  await tx.enrolment.deleteMany({ where: { schoolId } });
  await tx.teachingAssignment.deleteMany({ where: { schoolId } });
  await tx.feeStructure.deleteMany({ where: { schoolId } });
  await tx.section.deleteMany({ where: { schoolId } });
  await tx.school.delete({ where: { id: schoolId } });
}
