import { Prisma, type TenantDatabase, type TenantTransaction } from '@schools24/db';
import { onlyUuids } from '@schools24/graphql';
import {
  academicYearSelect,
  termSelect,
  type AcademicYearRecord,
  type TermRecord,
} from './academic-year-repository.js';
import { gradeSelect, type GradeRecord } from './grade-repository.js';
import {
  sectionSelect,
  teachingAssignmentSelect,
  type SectionRecord,
  type TeachingAssignmentRecord,
} from './section-repository.js';
import { subjectSelect, type SubjectRecord } from './subject-repository.js';

/** A unique constraint said no (a name, code or level already in use). */
export const CONFLICT = 'CONFLICT' as const;
export type Conflict = typeof CONFLICT;

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Another record (possibly another domain's, e.g. a fee structure) still refers to this one. */
export const IN_USE = 'IN_USE' as const;

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

export async function orConflict<T>(work: Promise<T>): Promise<T | Conflict> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) return CONFLICT;
    throw error;
  }
}

/**
 * Takes a row lock on one record of the tenant for the rest of the transaction, so checks that span
 * several rows (terms that must not overlap, a section's roll numbers and capacity) cannot race.
 */
export async function lockRow(
  tx: TenantTransaction,
  table: 'AcademicYear' | 'Section' | 'Enrolment' | 'Subject' | 'Grade',
  schoolId: string,
  id: string,
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM ${Prisma.raw(`"${table}"`)}
     WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

export interface AcademicYearFields {
  name: string;
  startsOn: Date;
  endsOn: Date;
}

export interface TermFields {
  name: string;
  startsOn: Date;
  endsOn: Date;
  postingOpensAt: Date | null;
  postingClosesAt: Date | null;
}

export interface NewTerm extends TermFields {
  academicYearId: string;
  parentTermId: string | null;
}

export interface SectionFields {
  name: string;
  classTeacherId: string | null;
  room: string | null;
  capacity: number | null;
}

/** What the checks of a term change see, read under the year's lock. */
export interface CalendarFacts {
  year: AcademicYearRecord;
  /** Every term and grading period of the year. */
  terms: TermRecord[];
}

/** A refusal decided by the service's rule, passed back out of the transaction unchanged. */
export interface Refusal<P> {
  refused: P;
}

export const isRefusal = <P>(value: unknown): value is Refusal<P> =>
  typeof value === 'object' && value !== null && 'refused' in value;

/**
 * Writes of the school structure (everything but enrolments). Each runs in one `withTenant`
 * transaction; names and codes are unique by constraint (a clash comes back as CONFLICT).
 */
export class StructureAdminRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** Which of the ids are teachers of the school (identity's published fact). */
  async existingTeacherIds(schoolId: string, ids: readonly string[]): Promise<Set<string>> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return new Set();
    const rows = await this.db.forTenant(schoolId).$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM identity_existing_teacher_ids(${valid}::uuid[]) AS id`;
    return new Set(rows.map((row) => row.id));
  }

  /** Which of the ids are students of the school (identity's published fact). */
  async existingStudentIds(schoolId: string, ids: readonly string[]): Promise<Set<string>> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return new Set();
    const rows = await this.db.forTenant(schoolId).$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM identity_existing_student_ids(${valid}::uuid[]) AS id`;
    return new Set(rows.map((row) => row.id));
  }

  // Academic years --------------------------------------------------------------------------

  /** Creates a year; when current, the year that was current stops being it in the same transaction. */
  createAcademicYear(
    schoolId: string,
    fields: AcademicYearFields,
    isCurrent: boolean,
  ): Promise<{ year: AcademicYearRecord; previousCurrentId: string | null } | Conflict> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const previousCurrentId = isCurrent ? await unsetCurrent(tx, schoolId) : null;
        const year = await tx.academicYear.create({
          data: { schoolId, ...fields, isCurrent },
          select: academicYearSelect,
        });
        return { year, previousCurrentId };
      }),
    );
  }

  /**
   * Changes a year's name or dates under its lock, after `check` has seen the year and its terms as
   * they are inside the transaction (null: not found).
   */
  updateAcademicYear<P>(
    schoolId: string,
    id: string,
    check: (facts: CalendarFacts) => { fields: AcademicYearFields } | Refusal<P>,
  ): Promise<AcademicYearRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const facts = await calendarFacts(tx, schoolId, id);
        if (!facts) return null;
        const decision = check(facts);
        if (isRefusal<P>(decision)) return decision;
        return tx.academicYear.update({
          where: { id, schoolId },
          data: decision.fields,
          select: academicYearSelect,
        });
      }),
    );
  }

  /** Makes the year current and returns it with the id of the year that was current (null: none). */
  setCurrentAcademicYear(
    schoolId: string,
    id: string,
  ): Promise<{ year: AcademicYearRecord; previousCurrentId: string | null } | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      if (!(await lockRow(tx, 'AcademicYear', schoolId, id))) return null;
      const previousCurrentId = await unsetCurrent(tx, schoolId);
      const year = await tx.academicYear.update({
        where: { id, schoolId },
        data: { isCurrent: true },
        select: academicYearSelect,
      });
      return { year, previousCurrentId };
    });
  }

  // Terms and grading periods ----------------------------------------------------------------

  /** Creates a term or grading period under the year's lock, once `check` has accepted it. */
  createTerm<P>(
    schoolId: string,
    academicYearId: string,
    check: (facts: CalendarFacts) => { term: NewTerm & { kind: 'TERM' | 'GRADING_PERIOD' } } | Refusal<P>,
  ): Promise<TermRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const facts = await calendarFacts(tx, schoolId, academicYearId);
        if (!facts) return null;
        const decision = check(facts);
        if (isRefusal<P>(decision)) return decision;
        const { term } = decision;
        const created = await tx.term.create({
          data: { schoolId, ...term, position: 0 },
          select: { id: true, parentTermId: true },
        });
        await renumberInCalendarOrder(tx, schoolId, academicYearId, created.parentTermId);
        return tx.term.findFirst({ where: { id: created.id, schoolId }, select: termSelect });
      }),
    );
  }

  /** Changes a term or grading period under its year's lock, once `check` has accepted the change. */
  updateTerm<P>(
    schoolId: string,
    academicYearId: string,
    id: string,
    check: (facts: CalendarFacts) => { fields: Partial<TermFields> } | Refusal<P>,
  ): Promise<TermRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const facts = await calendarFacts(tx, schoolId, academicYearId);
        if (!facts) return null;
        const decision = check(facts);
        if (isRefusal<P>(decision)) return decision;
        const updated = await tx.term.update({
          where: { id, schoolId },
          data: decision.fields,
          select: { parentTermId: true },
        });
        await renumberInCalendarOrder(tx, schoolId, academicYearId, updated.parentTermId);
        return tx.term.findFirst({ where: { id, schoolId }, select: termSelect });
      }),
    );
  }

  /** Closes (with the instant and the user) or reopens (null) a grading period, if it still is one. */
  setTermClosed(
    schoolId: string,
    id: string,
    closed: { at: Date; byUserId: string } | null,
  ): Promise<TermRecord | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const updated = await tx.term.updateMany({
        where: { id, schoolId, kind: 'GRADING_PERIOD', closedAt: closed ? null : { not: null } },
        data: { closedAt: closed?.at ?? null, closedByUserId: closed?.byUserId ?? null },
      });
      if (updated.count === 0) return null;
      return tx.term.findFirst({ where: { id, schoolId }, select: termSelect });
    });
  }

  // Grades, sections, subjects ------------------------------------------------------------------

  createGrade(schoolId: string, fields: { name: string; level: number }): Promise<GradeRecord | Conflict> {
    return orConflict(
      this.db.forTenant(schoolId).grade.create({ data: { schoolId, ...fields }, select: gradeSelect }),
    );
  }

  updateGrade(
    schoolId: string,
    id: string,
    fields: { name?: string; level?: number },
  ): Promise<GradeRecord | Conflict> {
    return orConflict(
      this.db
        .forTenant(schoolId)
        .grade.update({ where: { id, schoolId }, data: fields, select: gradeSelect }),
    );
  }

  createSection(
    schoolId: string,
    fields: SectionFields & { academicYearId: string; gradeId: string },
  ): Promise<SectionRecord | Conflict> {
    return orConflict(
      this.db.forTenant(schoolId).section.create({ data: { schoolId, ...fields }, select: sectionSelect }),
    );
  }

  /**
   * Changes a section under its lock, once `check` has seen its ACTIVE enrolment count (a capacity
   * may not go below it while an admission is under way).
   */
  updateSection<P>(
    schoolId: string,
    id: string,
    fields: Partial<SectionFields>,
    check: (activeEnrolments: number) => Refusal<P> | null,
  ): Promise<SectionRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        if (!(await lockRow(tx, 'Section', schoolId, id))) return null;
        const active = await tx.enrolment.count({ where: { schoolId, sectionId: id, status: 'ACTIVE' } });
        const refusal = check(active);
        if (refusal) return refusal;
        return tx.section.update({ where: { id, schoolId }, data: fields, select: sectionSelect });
      }),
    );
  }

  createSubject(schoolId: string, fields: { code: string; name: string }): Promise<SubjectRecord | Conflict> {
    return orConflict(
      this.db.forTenant(schoolId).subject.create({ data: { schoolId, ...fields }, select: subjectSelect }),
    );
  }

  updateSubject(
    schoolId: string,
    id: string,
    fields: { code?: string; name?: string },
  ): Promise<SubjectRecord | Conflict> {
    return orConflict(
      this.db
        .forTenant(schoolId)
        .subject.update({ where: { id, schoolId }, data: fields, select: subjectSelect }),
    );
  }

  // Teaching assignments --------------------------------------------------------------------------

  createTeachingAssignment(
    schoolId: string,
    fields: { teacherId: string; sectionId: string; subjectId: string },
  ): Promise<TeachingAssignmentRecord | Conflict> {
    return orConflict(
      this.db
        .forTenant(schoolId)
        .teachingAssignment.create({ data: { schoolId, ...fields }, select: teachingAssignmentSelect }),
    );
  }

  findTeachingAssignment(schoolId: string, id: string): Promise<TeachingAssignmentRecord | null> {
    if (onlyUuids([id]).length === 0) return Promise.resolve(null);
    return this.db
      .forTenant(schoolId)
      .teachingAssignment.findFirst({ where: { id, schoolId }, select: teachingAssignmentSelect });
  }

  // Deletions: only of records nothing depends on. Cascades inside academics are checked first
  // (a section's homework would otherwise go with it); a Restrict foreign key anywhere (a fee
  // structure naming a grade) answers IN_USE.

  /** Deletes a term or grading period (a term's periods cascade) under its year's lock, once `check` agrees. */
  deleteTerm<P>(
    schoolId: string,
    academicYearId: string,
    id: string,
    check: (facts: CalendarFacts) => Refusal<P> | null,
  ): Promise<true | Refusal<P> | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const facts = await calendarFacts(tx, schoolId, academicYearId);
      if (!facts?.terms.some((term) => term.id === id)) return null;
      const refusal = check(facts);
      if (refusal) return refusal;
      await tx.term.delete({ where: { id, schoolId }, select: { id: true } });
      return true;
    });
  }

  async deleteGrade(schoolId: string, id: string): Promise<true | typeof IN_USE | null> {
    try {
      return await this.db.withTenant(schoolId, async (tx) => {
        if (!(await lockRow(tx, 'Grade', schoolId, id))) return null;
        if ((await tx.section.count({ where: { schoolId, gradeId: id } })) > 0) return IN_USE;
        await tx.grade.delete({ where: { id, schoolId }, select: { id: true } });
        return true as const;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) return IN_USE;
      throw error;
    }
  }

  async deleteSection(schoolId: string, id: string): Promise<true | typeof IN_USE | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      if (!(await lockRow(tx, 'Section', schoolId, id))) return null;
      const [enrolments, homework, lessons, marks] = await Promise.all([
        tx.enrolment.count({ where: { schoolId, sectionId: id } }),
        tx.homework.count({ where: { schoolId, sectionId: id } }),
        tx.timetableEntry.count({ where: { schoolId, sectionId: id } }),
        tx.attendanceMark.count({ where: { schoolId, sectionId: id } }),
      ]);
      if (enrolments + homework + lessons + marks > 0) return IN_USE;
      await tx.section.delete({ where: { id, schoolId }, select: { id: true } });
      return true as const;
    });
  }

  async deleteSubject(schoolId: string, id: string): Promise<true | typeof IN_USE | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      if (!(await lockRow(tx, 'Subject', schoolId, id))) return null;
      const [assignments, homework, lessons] = await Promise.all([
        tx.teachingAssignment.count({ where: { schoolId, subjectId: id } }),
        tx.homework.count({ where: { schoolId, subjectId: id } }),
        tx.timetableEntry.count({ where: { schoolId, subjectId: id } }),
      ]);
      if (assignments + homework + lessons > 0) return IN_USE;
      await tx.subject.delete({ where: { id, schoolId }, select: { id: true } });
      return true as const;
    });
  }

  async removeTeachingAssignment(schoolId: string, id: string): Promise<boolean> {
    const { count } = await this.db
      .forTenant(schoolId)
      .teachingAssignment.deleteMany({ where: { id, schoolId } });
    return count > 0;
  }
}

/**
 * Unsets the current year. Changes of the current year are serialized per school by an advisory
 * lock, so two racing changes do not both pass and then trip the one-current-year index.
 */
/**
 * Numbers a year's terms (or one term's grading periods) 1, 2, … in calendar order, as `position`
 * promises: siblings never overlap, so their start days order them, whatever order they were made
 * or moved in. Runs under the year's lock, after the write.
 */
async function renumberInCalendarOrder(
  tx: TenantTransaction,
  schoolId: string,
  academicYearId: string,
  parentTermId: string | null,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Term" AS term SET "position" = ordered.position
      FROM (SELECT id, (row_number() OVER (ORDER BY "startsOn", id))::smallint AS position
              FROM "Term"
             WHERE "schoolId" = ${schoolId}::uuid AND "academicYearId" = ${academicYearId}::uuid
               AND "parentTermId" IS NOT DISTINCT FROM ${parentTermId}::uuid) AS ordered
     WHERE term.id = ordered.id AND term."position" <> ordered.position`;
}

async function unsetCurrent(tx: TenantTransaction, schoolId: string): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`academics.current-year:${schoolId}`}, 0))`;
  const current = await tx.academicYear.findFirst({
    where: { schoolId, isCurrent: true },
    select: { id: true },
  });
  if (!current) return null;
  await tx.academicYear.update({ where: { id: current.id, schoolId }, data: { isCurrent: false } });
  return current.id;
}

async function calendarFacts(
  tx: TenantTransaction,
  schoolId: string,
  academicYearId: string,
): Promise<CalendarFacts | null> {
  if (!(await lockRow(tx, 'AcademicYear', schoolId, academicYearId))) return null;
  const [year, terms] = await Promise.all([
    tx.academicYear.findFirst({ where: { id: academicYearId, schoolId }, select: academicYearSelect }),
    tx.term.findMany({
      where: { schoolId, academicYearId },
      select: termSelect,
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    }),
  ]);
  return year ? { year, terms } : null;
}
