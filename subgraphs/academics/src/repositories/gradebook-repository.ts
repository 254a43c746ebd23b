import { Prisma, type TenantDatabase, type TenantTransaction } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import { DEFAULT_GRADING_SCALE, readBands, type ScaleBand } from '../services/grading-scale.js';
import { isoDay } from '../services/structure-rules.js';
import {
  computeGradebook,
  finalGrade,
  type AssessmentFact,
  type CategoryFact,
  type GradebookFacts,
  type MappingFact,
  type OverrideFact,
  type ResultFact,
  type RosterFact,
  type SourceKind,
} from '../services/gradebook-rules.js';
import { closedPeriodHolding, termSelect, type TermRecord } from './academic-year-repository.js';
import { isUniqueViolation, lockRow } from './structure-admin-repository.js';

// The report-card contract (another engineer's generator calls these; keep the shapes).

/** A student's grade in one subject and term, as report cards print it. */
export interface SubjectTermGrade {
  subjectId: string;
  subjectName: string;
  percentage: number | null;
  label: string | null;
  gradePoints: number | null;
  overridden: boolean;
}

/** One band of a grading scale: from `minPercent` (inclusive) up to the next band. */
export interface GradingScaleBand {
  minPercent: number;
  label: string;
  gradePoints: number | null;
}

export const gradingScaleSelect = {
  id: true,
  schoolId: true,
  name: true,
  isDefault: true,
  bands: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.GradingScaleSelect;
type GradingScaleRow = Prisma.GradingScaleGetPayload<{ select: typeof gradingScaleSelect }>;
/** A scale with its bands parsed (highest first). */
export type GradingScaleRecord = Omit<GradingScaleRow, 'bands'> & { bands: ScaleBand[] };

const toScale = (row: GradingScaleRow): GradingScaleRecord => ({ ...row, bands: readBands(row.bands) });

export const overrideEventSelect = {
  id: true,
  studentId: true,
  subjectId: true,
  termId: true,
  action: true,
  oldLabel: true,
  oldPercentage: true,
  newLabel: true,
  newPercentage: true,
  reason: true,
  actorUserId: true,
  at: true,
} satisfies Prisma.TermGradeOverrideEventSelect;
export type OverrideEventRecord = Prisma.TermGradeOverrideEventGetPayload<{
  select: typeof overrideEventSelect;
}>;

export type GradingScalePage = Connection<GradingScaleRecord>;
export type OverrideEventPage = Connection<OverrideEventRecord>;

/** The scales a school's subjects are graded on: the default and each subject's own. */
export interface SchoolScales {
  defaultScale: GradingScaleRecord;
  /** subjectId (lower-case) → its scale, for subjects with a scale of their own. */
  bySubject: Map<string, GradingScaleRecord>;
}

export interface CategoryInput {
  name: string;
  weightPercent: number;
  kind: SourceKind | null;
}

export interface OverrideChange {
  studentId: string;
  subjectId: string;
  termId: string;
  /** Null: remove the override. */
  next: { label: string | null; percentage: number | null } | null;
  reason: string;
  actorUserId: string;
}

type Refused = { refused: 'PERIOD_CLOSED'; period: string } | { refused: 'NOT_FOUND' };

const DAY_MS = 86_400_000;

interface FactScope {
  term: TermRecord;
  sectionIds: readonly string[];
  /** One subject, or every subject of the sections. */
  subjectId: string | null;
  /** Only these students' rows and results, or the sections' whole rosters. */
  studentIds: readonly string[] | null;
}

/**
 * The gradebook's tables (scales, categories, overrides and their history) and the facts a
 * gradebook is computed from, read from homework, quizzes and exams in a constant number of
 * queries whatever the number of students, sections or assessments.
 */
export class GradebookRepository {
  constructor(private readonly db: TenantDatabase) {}

  // Facts ------------------------------------------------------------------------------------

  /** The facts of one section's gradebook in a subject and term (null: no such term). */
  async sectionFacts(
    schoolId: string,
    termId: string,
    sectionId: string,
    subjectId: string,
  ): Promise<GradebookFacts | null> {
    if (onlyUuids([termId, sectionId, subjectId]).length < 3) return null;
    return this.db.withTenant(schoolId, async (tx) => {
      const term = await tx.term.findFirst({ where: { schoolId, id: termId }, select: termSelect });
      if (!term) return null;
      const facts = await readFacts(tx, schoolId, {
        term,
        sectionIds: [sectionId],
        subjectId,
        studentIds: null,
      });
      return { sectionId, subjectId, termId: term.id, ...facts };
    });
  }

  /**
   * Report cards: each student's grade per subject in the term, from the section they were enrolled
   * in at the latest point of the term; subjects are those taught in (or assessed, or overridden for)
   * that section. A constant number of queries for any number of students.
   */
  async termGradesForStudents(
    schoolId: string,
    termId: string,
    studentIds: readonly string[],
  ): Promise<Map<string, SubjectTermGrade[]>> {
    const ids = [...new Set(onlyUuids(studentIds).map((id) => id.toLowerCase()))];
    const result = new Map<string, SubjectTermGrade[]>(ids.map((id) => [id, []]));
    if (ids.length === 0 || onlyUuids([termId]).length === 0) return result;
    const scales = await this.schoolScales(schoolId);
    const now = new Date();
    await this.db.withTenant(schoolId, async (tx) => {
      const term = await tx.term.findFirst({ where: { schoolId, id: termId }, select: termSelect });
      if (!term) return;
      const enrolments = await rosterOf(tx, schoolId, term, null, ids);
      // The section of each student's latest enrolment in the term.
      const sectionOf = new Map<string, string>();
      const latest = new Map<string, Date>();
      for (const row of enrolments) {
        const seen = latest.get(row.studentId);
        if (!seen || row.startsOn > seen) {
          latest.set(row.studentId, row.startsOn);
          sectionOf.set(row.studentId, row.sectionId);
        }
      }
      const sectionIds = [...new Set(sectionOf.values())];
      if (sectionIds.length === 0) return;
      const facts = await readFacts(tx, schoolId, { term, sectionIds, subjectId: null, studentIds: ids });
      const taught = await tx.teachingAssignment.findMany({
        where: { schoolId, sectionId: { in: sectionIds } },
        select: { sectionId: true, subjectId: true },
      });
      const pairs = new Set<string>();
      for (const row of taught) pairs.add(`${row.sectionId}:${row.subjectId}`);
      for (const row of [...facts.assessments, ...facts.categories])
        pairs.add(`${row.sectionId}:${row.subjectId}`);
      for (const row of facts.overrides) {
        const section = sectionOf.get(row.studentId);
        if (section) pairs.add(`${section}:${row.subjectId}`);
      }
      const subjectIds = [...new Set([...pairs].map((pair) => pair.split(':')[1] as string))];
      const subjects = new Map(
        (
          await tx.subject.findMany({
            where: { schoolId, id: { in: subjectIds } },
            select: { id: true, name: true },
          })
        ).map((subject) => [subject.id, subject.name]),
      );
      const rosterInSection = enrolments.filter((row) => sectionOf.get(row.studentId) === row.sectionId);
      for (const pair of pairs) {
        const [sectionId, subjectId] = pair.split(':') as [string, string];
        const computed = computeGradebook(
          {
            sectionId,
            subjectId,
            termId: term.id,
            assessments: facts.assessments.filter(
              (row) => row.sectionId === sectionId && row.subjectId === subjectId,
            ),
            results: facts.results,
            excused: facts.excused,
            roster: rosterInSection.filter((row) => row.sectionId === sectionId),
            categories: facts.categories.filter(
              (row) => row.sectionId === sectionId && row.subjectId === subjectId,
            ),
            mappings: facts.mappings,
            overrides: facts.overrides.filter((row) => row.subjectId === subjectId),
          },
          now,
        );
        const bands = (scales.bySubject.get(subjectId) ?? scales.defaultScale).bands;
        for (const row of computed.rows) {
          const grade = finalGrade(row.percentage, row.override, bands);
          result
            .get(row.studentId)
            ?.push({ subjectId, subjectName: subjects.get(subjectId) ?? '', ...grade });
        }
      }
    });
    for (const grades of result.values())
      grades.sort(
        (a, b) => a.subjectName.localeCompare(b.subjectName) || a.subjectId.localeCompare(b.subjectId),
      );
    return result;
  }

  /** The legend report cards print: the bands of the school's default scale. */
  async gradingScaleLegend(schoolId: string, _termId: string): Promise<GradingScaleBand[]> {
    const { defaultScale } = await this.schoolScales(schoolId);
    return defaultScale.bands.map(({ minPercent, label, gradePoints }) => ({
      minPercent,
      label,
      gradePoints,
    }));
  }

  /** The (section, subject) pairs of homework or quizzes, for invalidating their gradebooks. */
  async sourcePairs(
    schoolId: string,
    kind: 'HOMEWORK' | 'QUIZ',
    ids: readonly string[],
  ): Promise<{ sectionId: string; subjectId: string }[]> {
    const where = { schoolId, id: { in: [...new Set(onlyUuids(ids))] } };
    const select = { sectionId: true, subjectId: true } as const;
    const client = this.db.forTenant(schoolId);
    return kind === 'HOMEWORK'
      ? client.homework.findMany({ where, select, distinct: ['sectionId', 'subjectId'] })
      : client.quiz.findMany({ where, select, distinct: ['sectionId', 'subjectId'] });
  }

  // Scales -----------------------------------------------------------------------------------

  /** The school's default scale, made on first use (a race makes it once: the partial unique index). */
  async defaultScale(schoolId: string): Promise<GradingScaleRecord> {
    const client = this.db.forTenant(schoolId);
    const found = await client.gradingScale.findFirst({
      where: { schoolId, isDefault: true },
      select: gradingScaleSelect,
    });
    if (found) return toScale(found);
    await client.gradingScale.createMany({
      data: [
        { schoolId, name: DEFAULT_GRADING_SCALE.name, isDefault: true, bands: DEFAULT_GRADING_SCALE.bands },
      ],
      skipDuplicates: true,
    });
    return toScale(
      await client.gradingScale.findFirstOrThrow({
        where: { schoolId, isDefault: true },
        select: gradingScaleSelect,
      }),
    );
  }

  /** The default scale and the subjects' own: two queries (three the first time). */
  async schoolScales(schoolId: string): Promise<SchoolScales> {
    const defaultScale = await this.defaultScale(schoolId);
    const assigned = await this.db.forTenant(schoolId).subjectGradingScale.findMany({
      where: { schoolId },
      select: { subjectId: true, scale: { select: gradingScaleSelect } },
    });
    return {
      defaultScale,
      bySubject: new Map(assigned.map((row) => [row.subjectId.toLowerCase(), toScale(row.scale)])),
    };
  }

  async scalesByIds(schoolId: string, ids: readonly string[]): Promise<GradingScaleRecord[]> {
    const rows = await this.db.forTenant(schoolId).gradingScale.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: gradingScaleSelect,
    });
    return rows.map(toScale);
  }

  async scalePage(schoolId: string, page: PageRequest): Promise<Connection<GradingScaleRecord>> {
    await this.defaultScale(schoolId);
    const client = this.db.forTenant(schoolId);
    const connection = await paginate(
      page,
      (args) =>
        client.gradingScale.findMany({
          where: { schoolId },
          select: gradingScaleSelect,
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => client.gradingScale.count({ where: { schoolId } }),
    );
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ ...edge, node: toScale(edge.node) })),
    };
  }

  /** Creates a scale; 'NAME_TAKEN' when the school has one of that name. */
  async createScale(
    schoolId: string,
    fields: { name: string; bands: ScaleBand[]; isDefault: boolean },
  ): Promise<GradingScaleRecord | 'NAME_TAKEN'> {
    try {
      return await this.db.withTenant(schoolId, async (tx) => {
        await this.defaultScaleIn(tx, schoolId);
        if (fields.isDefault)
          await tx.gradingScale.updateMany({
            where: { schoolId, isDefault: true },
            data: { isDefault: false },
          });
        return toScale(
          await tx.gradingScale.create({
            data: { schoolId, name: fields.name, bands: fields.bands, isDefault: fields.isDefault },
            select: gradingScaleSelect,
          }),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'NAME_TAKEN';
      throw error;
    }
  }

  /**
   * Updates a scale (only the fields given); making one the default unsets the old default in the
   * same transaction. 'DEFAULT_REQUIRED' when the default would stop being one without another.
   */
  async updateScale(
    schoolId: string,
    id: string,
    fields: { name?: string; bands?: ScaleBand[]; isDefault?: boolean },
  ): Promise<GradingScaleRecord | 'NAME_TAKEN' | 'DEFAULT_REQUIRED' | null> {
    if (onlyUuids([id]).length === 0) return null;
    try {
      return await this.db.withTenant(schoolId, async (tx) => {
        const rows = await tx.$queryRaw<{ isDefault: boolean }[]>`
          SELECT "isDefault" FROM "GradingScale" WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${id}::uuid FOR UPDATE`;
        const current = rows[0];
        if (!current) return null;
        if (current.isDefault && fields.isDefault === false) return 'DEFAULT_REQUIRED';
        if (fields.isDefault && !current.isDefault)
          await tx.gradingScale.updateMany({
            where: { schoolId, isDefault: true },
            data: { isDefault: false },
          });
        return toScale(
          await tx.gradingScale.update({
            where: { id, schoolId },
            data: {
              ...(fields.name !== undefined ? { name: fields.name } : {}),
              ...(fields.bands !== undefined ? { bands: fields.bands } : {}),
              ...(fields.isDefault ? { isDefault: true } : {}),
            },
            select: gradingScaleSelect,
          }),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'NAME_TAKEN';
      throw error;
    }
  }

  /** Deletes a scale that is not the default (its subjects fall back to the default). */
  async deleteScale(schoolId: string, id: string): Promise<GradingScaleRecord | 'DEFAULT_REQUIRED' | null> {
    if (onlyUuids([id]).length === 0) return null;
    return this.db.withTenant(schoolId, async (tx) => {
      const found = await tx.gradingScale.findFirst({ where: { schoolId, id }, select: gradingScaleSelect });
      if (!found) return null;
      if (found.isDefault) return 'DEFAULT_REQUIRED';
      await tx.gradingScale.delete({ where: { id } });
      return toScale(found);
    });
  }

  /** Grades a subject on a scale, or (null) on the school's default again. */
  async setSubjectScale(schoolId: string, subjectId: string, scaleId: string | null): Promise<void> {
    const client = this.db.forTenant(schoolId);
    if (scaleId === null) {
      await client.subjectGradingScale.deleteMany({ where: { schoolId, subjectId } });
      return;
    }
    await client.subjectGradingScale.upsert({
      where: { subjectId },
      create: { schoolId, subjectId, gradingScaleId: scaleId },
      update: { gradingScaleId: scaleId },
      select: { id: true },
    });
  }

  private async defaultScaleIn(tx: TenantTransaction, schoolId: string): Promise<void> {
    await tx.gradingScale.createMany({
      data: [
        { schoolId, name: DEFAULT_GRADING_SCALE.name, isDefault: true, bands: DEFAULT_GRADING_SCALE.bands },
      ],
      skipDuplicates: true,
    });
  }

  // Categories, mappings and overrides -----------------------------------------------------------

  /**
   * Replaces a gradebook's categories: those named as before keep their id (and the assessments
   * placed in them), the others go (with their placements). Refused while the term is closed; the
   * check share-locks the grading period (see `closedPeriodHolding`).
   */
  async replaceCategories(
    schoolId: string,
    scope: { sectionId: string; subjectId: string; term: TermRecord },
    categories: readonly CategoryInput[],
  ): Promise<CategoryFact[] | Refused> {
    return this.db.withTenant(schoolId, async (tx) => {
      const closed = await closedPeriodHolding(
        tx,
        schoolId,
        scope.term.academicYearId,
        isoDay(scope.term.endsOn),
      );
      if (closed) return { refused: 'PERIOD_CLOSED', period: closed };
      // Two replacements of one section's categories serialize on the section's row.
      if (!(await lockRow(tx, 'Section', schoolId, scope.sectionId))) return { refused: 'NOT_FOUND' };
      const where = {
        schoolId,
        sectionId: scope.sectionId,
        subjectId: scope.subjectId,
        termId: scope.term.id,
      };
      const existing = await tx.gradebookCategory.findMany({ where, select: { id: true, name: true } });
      const keep = new Map(categories.map((category) => [category.name.toLowerCase(), category]));
      const gone = existing.filter((row) => !keep.has(row.name.toLowerCase())).map((row) => row.id);
      if (gone.length > 0) await tx.gradebookCategory.deleteMany({ where: { ...where, id: { in: gone } } });
      // Kinds move between categories freely: clear them first so the one-per-kind index holds.
      await tx.gradebookCategory.updateMany({ where, data: { kind: null } });
      for (const [position, category] of categories.entries()) {
        const found = existing.find((row) => row.name.toLowerCase() === category.name.toLowerCase());
        const data = {
          name: category.name,
          weightPercent: category.weightPercent,
          kind: category.kind,
          position,
        };
        if (found) await tx.gradebookCategory.update({ where: { id: found.id }, data });
        else await tx.gradebookCategory.create({ data: { ...where, ...data } });
      }
      return readCategories(tx, schoolId, scope.term.id, [scope.sectionId], scope.subjectId);
    });
  }

  /**
   * Places an assessment in a category, or (null) back in its kind's. Refused while the term of the
   * new or the old category is closed (share-locking its grading period, see `closedPeriodHolding`).
   */
  async placeAssessment(
    schoolId: string,
    kind: SourceKind,
    assessmentId: string,
    category: { id: string; term: TermRecord } | null,
  ): Promise<'DONE' | Refused> {
    return this.db.withTenant(schoolId, async (tx) => {
      const previous = await tx.gradebookAssessmentCategory.findFirst({
        where: { schoolId, kind, assessmentId },
        select: { category: { select: { term: { select: termSelect } } } },
      });
      for (const term of [previous?.category.term, category?.term]) {
        if (!term) continue;
        const closed = await closedPeriodHolding(tx, schoolId, term.academicYearId, isoDay(term.endsOn));
        if (closed) return { refused: 'PERIOD_CLOSED', period: closed };
      }
      if (category === null) {
        await tx.gradebookAssessmentCategory.deleteMany({ where: { schoolId, kind, assessmentId } });
        return 'DONE';
      }
      await tx.gradebookAssessmentCategory.upsert({
        where: { schoolId_kind_assessmentId: { schoolId, kind, assessmentId } },
        create: { schoolId, kind, assessmentId, categoryId: category.id },
        update: { categoryId: category.id },
        select: { id: true },
      });
      return 'DONE';
    });
  }

  async categoriesByIds(schoolId: string, ids: readonly string[]) {
    return this.db.forTenant(schoolId).gradebookCategory.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: { id: true, sectionId: true, subjectId: true, termId: true, name: true },
    });
  }

  /**
   * Sets or removes a student's override in one transaction with its history event, under the
   * override's row lock (two teachers cannot both read the same "old" value) and the closed-period
   * share lock. NOT_FOUND when removing an override that does not exist.
   */
  async changeOverride(
    schoolId: string,
    change: OverrideChange,
    term: TermRecord,
  ): Promise<OverrideFact | 'REMOVED' | Refused> {
    return this.db.withTenant(schoolId, async (tx) => {
      const closed = await closedPeriodHolding(tx, schoolId, term.academicYearId, isoDay(term.endsOn));
      if (closed) return { refused: 'PERIOD_CLOSED', period: closed };
      const key = { studentId: change.studentId, subjectId: change.subjectId, termId: change.termId };
      // Serializes changes of one grade, also its first override (no row to lock yet), so each
      // history event's "old" is what the previous change left.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`academics.gradebook-override:${key.studentId}:${key.subjectId}:${key.termId}`}, 0))`;
      const rows = await tx.$queryRaw<{ label: string | null; percentage: number | null }[]>`
        SELECT "label", "percentage" FROM "TermGradeOverride"
         WHERE "schoolId" = ${schoolId}::uuid AND "studentId" = ${key.studentId}::uuid
           AND "subjectId" = ${key.subjectId}::uuid AND "termId" = ${key.termId}::uuid FOR UPDATE`;
      const old = rows[0] ?? null;
      if (!change.next && !old) return { refused: 'NOT_FOUND' };
      const at = new Date();
      await tx.termGradeOverrideEvent.create({
        data: {
          schoolId,
          ...key,
          action: change.next ? 'SET' : 'REMOVED',
          oldLabel: old?.label ?? null,
          oldPercentage: old?.percentage ?? null,
          newLabel: change.next?.label ?? null,
          newPercentage: change.next?.percentage ?? null,
          reason: change.reason,
          actorUserId: change.actorUserId,
          at,
        },
        select: { id: true },
      });
      if (!change.next) {
        await tx.termGradeOverride.deleteMany({ where: { schoolId, ...key } });
        return 'REMOVED';
      }
      const data = {
        label: change.next.label,
        percentage: change.next.percentage,
        reason: change.reason,
        setByUserId: change.actorUserId,
        setAt: at,
      };
      const saved = await tx.termGradeOverride.upsert({
        where: { studentId_subjectId_termId: key },
        create: { schoolId, ...key, ...data },
        update: data,
        select: overrideSelect,
      });
      return saved;
    });
  }

  /** A student's override history in a subject and term, newest first. */
  async overrideHistory(
    schoolId: string,
    key: { studentId: string; subjectId: string; termId: string },
    page: PageRequest,
  ): Promise<Connection<OverrideEventRecord>> {
    const client = this.db.forTenant(schoolId);
    const where = { schoolId, ...key };
    return paginate(
      page,
      (args) =>
        client.termGradeOverrideEvent.findMany({
          where,
          select: overrideEventSelect,
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => client.termGradeOverrideEvent.count({ where }),
    );
  }

  /** The students (of `studentIds`) enrolled in the section at some point of the term. */
  async enrolledInTerm(
    schoolId: string,
    term: TermRecord,
    sectionId: string,
    studentIds: readonly string[],
  ): Promise<string[]> {
    const rows = await this.db.withTenant(schoolId, (tx) =>
      rosterOf(tx, schoolId, term, [sectionId], studentIds),
    );
    return [...new Set(rows.map((row) => row.studentId))];
  }

  /** The section each student was last enrolled in during the term. */
  async sectionsInTerm(
    schoolId: string,
    term: TermRecord,
    studentIds: readonly string[],
  ): Promise<Map<string, string>> {
    const rows = await this.db.withTenant(schoolId, (tx) => rosterOf(tx, schoolId, term, null, studentIds));
    const result = new Map<string, string>();
    const latest = new Map<string, Date>();
    for (const row of rows) {
      const seen = latest.get(row.studentId);
      if (!seen || row.startsOn > seen) {
        latest.set(row.studentId, row.startsOn);
        result.set(row.studentId, row.sectionId);
      }
    }
    return result;
  }
}

const overrideSelect = {
  studentId: true,
  subjectId: true,
  label: true,
  percentage: true,
  reason: true,
  setByUserId: true,
  setAt: true,
} satisfies Prisma.TermGradeOverrideSelect;

/** Enrolments (any status) in the sections (or any section of the term's year) overlapping the term. */
async function rosterOf(
  tx: TenantTransaction,
  schoolId: string,
  term: TermRecord,
  sectionIds: readonly string[] | null,
  studentIds: readonly string[] | null,
): Promise<RosterFact[]> {
  return tx.enrolment.findMany({
    where: {
      schoolId,
      academicYearId: term.academicYearId,
      ...(sectionIds ? { sectionId: { in: onlyUuids(sectionIds) } } : {}),
      ...(studentIds ? { studentId: { in: onlyUuids(studentIds) } } : {}),
      startsOn: { lte: term.endsOn },
      OR: [{ endsOn: null }, { endsOn: { gte: term.startsOn } }],
    },
    select: { sectionId: true, studentId: true, rollNumber: true, startsOn: true, endsOn: true },
    orderBy: [{ rollNumber: 'asc' }, { studentId: 'asc' }],
  });
}

async function readCategories(
  tx: TenantTransaction,
  schoolId: string,
  termId: string,
  sectionIds: readonly string[],
  subjectId: string | null,
): Promise<CategoryFact[]> {
  return tx.gradebookCategory.findMany({
    where: {
      schoolId,
      termId,
      sectionId: { in: onlyUuids(sectionIds) },
      ...(subjectId ? { subjectId } : {}),
    },
    select: {
      id: true,
      sectionId: true,
      subjectId: true,
      name: true,
      weightPercent: true,
      kind: true,
      position: true,
    },
    orderBy: [{ position: 'asc' }],
  });
}

/** When a quiz's results count, by its release policy (see QuizService.isReleased). */
function quizCountsFrom(policy: string, releasedAt: Date | null, closesAt: Date): Date | null {
  const candidates = [
    releasedAt,
    policy === 'IMMEDIATELY' ? new Date(0) : null,
    policy === 'AFTER_CLOSE' ? closesAt : null,
  ].filter((at): at is Date => at !== null);
  return candidates.length === 0 ? null : new Date(Math.min(...candidates.map((at) => at.getTime())));
}

/**
 * The facts of the sections' gradebooks in the term: eight queries (nine with overrides), however
 * many students, sections and assessments. Work counts in the term by its due day (UTC): homework's
 * due time, a quiz's close, an exam paper's start — or, for an exam tied to a term, that term.
 */
async function readFacts(
  tx: TenantTransaction,
  schoolId: string,
  scope: FactScope,
): Promise<Omit<GradebookFacts, 'sectionId' | 'subjectId' | 'termId'>> {
  const { term } = scope;
  const sectionIds = onlyUuids(scope.sectionIds);
  const from = term.startsOn;
  const until = new Date(term.endsOn.getTime() + DAY_MS);
  const subject = scope.subjectId ? { subjectId: scope.subjectId } : {};
  const students = scope.studentIds ? { studentId: { in: onlyUuids(scope.studentIds) } } : {};
  const sectionsSql = Prisma.sql`ARRAY[${Prisma.join(sectionIds.length > 0 ? sectionIds : ['00000000-0000-0000-0000-000000000000'])}]::uuid[]`;
  const subjectSql = scope.subjectId
    ? Prisma.sql`AND q."subjectId" = ${scope.subjectId}::uuid`
    : Prisma.empty;
  const studentsSql = scope.studentIds
    ? Prisma.sql`AND a."studentId" = ANY(ARRAY[${Prisma.join(onlyUuids(scope.studentIds).length > 0 ? onlyUuids(scope.studentIds) : ['00000000-0000-0000-0000-000000000000'])}]::uuid[])`
    : Prisma.empty;

  const roster = await rosterOf(tx, schoolId, term, sectionIds, scope.studentIds);
  const homeworkWhere = {
    schoolId,
    sectionId: { in: sectionIds },
    ...subject,
    status: 'ASSIGNED' as const,
    dueAt: { gte: from, lt: until },
  };
  const homework = await tx.homework.findMany({
    where: homeworkWhere,
    select: { id: true, sectionId: true, subjectId: true, title: true, maxPoints: true, dueAt: true },
  });
  const submissions = await tx.homeworkSubmission.findMany({
    where: { schoolId, homework: homeworkWhere, ...students },
    select: { homeworkId: true, studentId: true, points: true, gradedAt: true, isLate: true },
  });
  const excusals = await tx.homeworkExcusal.findMany({
    where: { schoolId, homework: homeworkWhere, ...students },
    select: { homeworkId: true, studentId: true },
  });
  const quizzes = await tx.$queryRaw<
    {
      id: string;
      sectionId: string;
      subjectId: string;
      title: string;
      closesAt: Date;
      resultsRelease: string;
      resultsReleasedAt: Date | null;
      maxPoints: number;
    }[]
  >`
    SELECT q."id"::text AS id, q."sectionId"::text AS "sectionId", q."subjectId"::text AS "subjectId",
           q."title", q."closesAt", q."resultsRelease"::text AS "resultsRelease", q."resultsReleasedAt",
           COALESCE((SELECT SUM(i."points") FROM "QuizItem" i WHERE i."quizId" = q."id"), 0)::int AS "maxPoints"
      FROM "Quiz" q
     WHERE q."schoolId" = ${schoolId}::uuid AND q."sectionId" = ANY(${sectionsSql}) ${subjectSql}
       AND q."closesAt" >= ${from} AND q."closesAt" < ${until}`;
  // Each student's best fully graded submitted attempt (null: submitted, an essay still ungraded).
  const quizScores = await tx.$queryRaw<{ quizId: string; studentId: string; best: number | null }[]>`
    SELECT t."quizId"::text AS "quizId", t."studentId"::text AS "studentId",
           MAX(t.score) FILTER (WHERE NOT t.ungraded) AS best
      FROM (
        SELECT a."quizId", a."studentId", COALESCE(SUM(ans."points"), 0)::float8 AS score,
               COALESCE(BOOL_OR(ans."points" IS NULL), false) AS ungraded
          FROM "QuizAttempt" a
          JOIN "QuizSubmission" s ON s."attemptId" = a."id"
          JOIN "Quiz" q ON q."id" = a."quizId"
          LEFT JOIN "QuizAnswer" ans ON ans."attemptId" = a."id"
         WHERE a."schoolId" = ${schoolId}::uuid AND q."sectionId" = ANY(${sectionsSql}) ${subjectSql}
           AND q."closesAt" >= ${from} AND q."closesAt" < ${until} ${studentsSql}
         GROUP BY a."id"
      ) t
     GROUP BY t."quizId", t."studentId"`;
  const paperWhere = {
    schoolId,
    sectionId: { in: sectionIds },
    ...subject,
    OR: [
      { exam: { termId: term.id } },
      { exam: { termId: null, academicYearId: term.academicYearId }, startsAt: { gte: from, lt: until } },
    ],
  };
  const papers = await tx.examPaper.findMany({
    where: paperWhere,
    select: {
      id: true,
      sectionId: true,
      subjectId: true,
      startsAt: true,
      maxMarks: true,
      exam: { select: { name: true, publishedAt: true } },
    },
  });
  const marks = await tx.examMark.findMany({
    where: { schoolId, paper: paperWhere, ...students },
    select: { paperId: true, studentId: true, isAbsent: true, enteredMarks: true, moderatedMarks: true },
  });
  const categories = await readCategories(tx, schoolId, term.id, sectionIds, scope.subjectId);
  const mappings: MappingFact[] =
    categories.length === 0
      ? []
      : await tx.gradebookAssessmentCategory.findMany({
          where: { schoolId, categoryId: { in: categories.map((category) => category.id) } },
          select: { kind: true, assessmentId: true, categoryId: true },
        });
  const rosterIds = [...new Set(roster.map((row) => row.studentId))];
  const overrides: (OverrideFact & { subjectId: string })[] =
    rosterIds.length === 0
      ? []
      : await tx.termGradeOverride.findMany({
          where: { schoolId, termId: term.id, ...subject, studentId: { in: rosterIds } },
          select: overrideSelect,
        });

  const assessments: AssessmentFact[] = [
    ...homework.map((row) => ({
      kind: 'HOMEWORK' as const,
      id: row.id,
      sectionId: row.sectionId,
      subjectId: row.subjectId,
      title: row.title,
      maxPoints: row.maxPoints,
      dueAt: row.dueAt,
      countsFrom: new Date(0),
    })),
    ...quizzes.map((row) => ({
      kind: 'QUIZ' as const,
      id: row.id,
      sectionId: row.sectionId,
      subjectId: row.subjectId,
      title: row.title,
      maxPoints: row.maxPoints,
      dueAt: row.closesAt,
      countsFrom: quizCountsFrom(row.resultsRelease, row.resultsReleasedAt, row.closesAt),
    })),
    ...papers.map((row) => ({
      kind: 'EXAM' as const,
      id: row.id,
      sectionId: row.sectionId,
      subjectId: row.subjectId,
      title: row.exam.name,
      maxPoints: row.maxMarks,
      dueAt: row.startsAt,
      countsFrom: row.exam.publishedAt,
    })),
  ];
  const results: ResultFact[] = [
    ...submissions.map((row) => ({
      kind: 'HOMEWORK' as const,
      assessmentId: row.homeworkId,
      studentId: row.studentId,
      points: row.gradedAt ? row.points : null,
      isLate: row.isLate,
      isAbsent: false,
    })),
    ...quizScores.map((row) => ({
      kind: 'QUIZ' as const,
      assessmentId: row.quizId,
      studentId: row.studentId,
      points: row.best,
      isLate: false,
      isAbsent: false,
    })),
    ...marks.map((row) => ({
      kind: 'EXAM' as const,
      assessmentId: row.paperId,
      studentId: row.studentId,
      points: row.isAbsent ? null : (row.moderatedMarks ?? row.enteredMarks),
      isLate: false,
      isAbsent: row.isAbsent,
    })),
  ];
  return {
    assessments,
    results,
    excused: excusals.map((row) => `${row.homeworkId}:${row.studentId}`),
    roster,
    categories,
    mappings,
    overrides,
  };
}
