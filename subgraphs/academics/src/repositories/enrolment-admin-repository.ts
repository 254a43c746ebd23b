import type { EnrolmentStatus, TenantDatabase, TenantTransaction } from '@schools24/db';
import { academicYearSelect, type AcademicYearRecord } from './academic-year-repository.js';
import { enrolmentSelect, type EnrolmentRecord } from './enrolment-repository.js';
import { sectionSelect, type SectionRecord } from './section-repository.js';
import { isRefusal, lockRow, orConflict, type Conflict, type Refusal } from './structure-admin-repository.js';

/** A section as the checks of an admission or transfer see it, read under the section's lock. */
export interface SectionRosterFacts {
  section: SectionRecord;
  activeCount: number;
  /** Roll numbers held by ACTIVE enrolments. */
  activeRollNumbers: ReadonlySet<number>;
  /** The highest roll number ever given in the section (any status), 0 when none. */
  highestRollNumber: number;
  /** Whether the student already has an ACTIVE enrolment in the section's year. */
  studentIsActiveInYear: boolean;
}

export interface NewEnrolment {
  studentId: string;
  sectionId: string;
  academicYearId: string;
  rollNumber: number;
  startsOn: Date;
}

/**
 * The dated lifecycle of enrolments: admission, transfer, withdrawal, graduation. Every write locks
 * the rows its checks depend on (the target section, the enrolment) and hands the facts read under
 * the lock to the service's rule, so two admissions cannot both take the last seat or a roll number.
 * A second ACTIVE enrolment in a year is refused by a partial unique index as well (CONFLICT).
 */
export class EnrolmentAdminRepository {
  constructor(private readonly db: TenantDatabase) {}

  admit<P>(
    schoolId: string,
    studentId: string,
    sectionId: string,
    decide: (facts: SectionRosterFacts) => NewEnrolment | Refusal<P>,
  ): Promise<EnrolmentRecord | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const facts = await rosterFacts(tx, schoolId, sectionId, studentId);
        if (!facts) return null;
        const decision = decide(facts);
        if (isRefusal<P>(decision)) return decision;
        return tx.enrolment.create({ data: { schoolId, ...decision }, select: enrolmentSelect });
      }),
    );
  }

  /**
   * Ends the enrolment (TRANSFERRED) and starts the new one in one transaction. `decide` sees the
   * enrolment as it is now (null: gone) and the target section's facts.
   */
  transfer<P>(
    schoolId: string,
    enrolmentId: string,
    toSectionId: string,
    decide: (
      enrolment: EnrolmentRecord,
      target: SectionRosterFacts,
    ) => { endsOn: Date; next: NewEnrolment } | Refusal<P>,
  ): Promise<{ previous: EnrolmentRecord; next: EnrolmentRecord } | Refusal<P> | Conflict | null> {
    return orConflict(
      this.db.withTenant(schoolId, async (tx) => {
        const enrolment = await lockedEnrolment(tx, schoolId, enrolmentId);
        if (!enrolment) return null;
        const target = await rosterFacts(tx, schoolId, toSectionId, null);
        if (!target) return null;
        const decision = decide(enrolment, target);
        if (isRefusal<P>(decision)) return decision;
        // The old enrolment stops being ACTIVE first: the one-ACTIVE-per-year index checks each row.
        const previous = await tx.enrolment.update({
          where: { id: enrolment.id, schoolId },
          data: { status: 'TRANSFERRED', endsOn: decision.endsOn },
          select: enrolmentSelect,
        });
        const next = await tx.enrolment.create({
          data: { schoolId, ...decision.next },
          select: enrolmentSelect,
        });
        return { previous, next };
      }),
    );
  }

  /** Ends an enrolment (WITHDRAWN, GRADUATED) once `decide` has seen it, its section and year as they are now. */
  end<P>(
    schoolId: string,
    enrolmentId: string,
    decide: (
      enrolment: EnrolmentRecord,
      section: SectionRecord,
      year: AcademicYearRecord,
    ) => { status: EnrolmentStatus; endsOn: Date } | Refusal<P>,
  ): Promise<EnrolmentRecord | Refusal<P> | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const enrolment = await lockedEnrolment(tx, schoolId, enrolmentId);
      if (!enrolment) return null;
      const [section, year] = await Promise.all([
        tx.section.findFirst({ where: { id: enrolment.sectionId, schoolId }, select: sectionSelect }),
        tx.academicYear.findFirst({
          where: { id: enrolment.academicYearId, schoolId },
          select: academicYearSelect,
        }),
      ]);
      if (!section || !year) return null;
      const decision = decide(enrolment, section, year);
      if (isRefusal<P>(decision)) return decision;
      return tx.enrolment.update({
        where: { id: enrolment.id, schoolId },
        data: decision,
        select: enrolmentSelect,
      });
    });
  }
}

async function lockedEnrolment(
  tx: TenantTransaction,
  schoolId: string,
  id: string,
): Promise<EnrolmentRecord | null> {
  if (!(await lockRow(tx, 'Enrolment', schoolId, id))) return null;
  return tx.enrolment.findFirst({ where: { id, schoolId }, select: enrolmentSelect });
}

async function rosterFacts(
  tx: TenantTransaction,
  schoolId: string,
  sectionId: string,
  studentId: string | null,
): Promise<SectionRosterFacts | null> {
  if (!(await lockRow(tx, 'Section', schoolId, sectionId))) return null;
  const section = await tx.section.findFirst({ where: { id: sectionId, schoolId }, select: sectionSelect });
  if (!section) return null;
  const [active, highest, studentActive] = await Promise.all([
    tx.enrolment.findMany({
      where: { schoolId, sectionId, status: 'ACTIVE' },
      select: { rollNumber: true },
    }),
    tx.enrolment.aggregate({ where: { schoolId, sectionId }, _max: { rollNumber: true } }),
    studentId
      ? tx.enrolment.count({
          where: { schoolId, studentId, academicYearId: section.academicYearId, status: 'ACTIVE' },
        })
      : Promise.resolve(0),
  ]);
  return {
    section,
    activeCount: active.length,
    activeRollNumbers: new Set(active.map((row) => row.rollNumber)),
    highestRollNumber: highest._max.rollNumber ?? 0,
    studentIsActiveInYear: studentActive > 0,
  };
}
