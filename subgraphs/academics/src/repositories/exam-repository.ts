import { Prisma, type ExamKind, type TenantDatabase, type TenantTransaction } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import { closedPeriodHolding } from './academic-year-repository.js';
import { enrolmentSelect, type EnrolmentRecord } from './enrolment-repository.js';
import { isUniqueViolation } from './structure-admin-repository.js';

export const examSelect = {
  id: true,
  schoolId: true,
  academicYearId: true,
  termId: true,
  name: true,
  kind: true,
  publishedAt: true,
  createdAt: true,
} satisfies Prisma.ExamSelect;

export type ExamRecord = Prisma.ExamGetPayload<{ select: typeof examSelect }>;
export type ExamPage = Connection<ExamRecord>;

export const examPaperSelect = {
  id: true,
  schoolId: true,
  examId: true,
  sectionId: true,
  subjectId: true,
  startsAt: true,
  endsAt: true,
  room: true,
  invigilatorTeacherIds: true,
  moderatorTeacherId: true,
  maxMarks: true,
  passMarks: true,
  marksLockedAt: true,
} satisfies Prisma.ExamPaperSelect;

export type ExamPaperRecord = Prisma.ExamPaperGetPayload<{ select: typeof examPaperSelect }>;
export type ExamPaperPage = Connection<ExamPaperRecord>;

export const examMarkSelect = {
  id: true,
  schoolId: true,
  paperId: true,
  studentId: true,
  isAbsent: true,
  enteredMarks: true,
  enteredAt: true,
  moderatedMarks: true,
  moderationReason: true,
  moderatedByUserId: true,
  moderatedAt: true,
} satisfies Prisma.ExamMarkSelect;

export type ExamMarkRecord = Prisma.ExamMarkGetPayload<{ select: typeof examMarkSelect }>;
export type ExamMarkPage = Connection<ExamMarkRecord>;

export type EnrolmentPage = Connection<EnrolmentRecord>;

export interface NewExam {
  academicYearId: string;
  termId: string | null;
  name: string;
  kind: ExamKind;
  createdByUserId: string;
}

export interface NewExamPaper {
  examId: string;
  sectionId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
  room: string;
  invigilatorTeacherIds: string[];
  moderatorTeacherId: string | null;
  maxMarks: number;
  passMarks: number;
}

/** A scheduled paper that overlaps a new one in time and shares its room, an invigilator or its section. */
export interface ScheduleClash {
  paperId: string;
  examName: string;
  subjectName: string;
  sectionLabel: string;
  startsAt: Date;
  endsAt: Date;
  room: string;
  sameRoom: boolean;
  sameSection: boolean;
  sharedInvigilatorIds: string[];
}

/** What the marks rules see under the locks: the paper, its exam, the roster and the moderated rows. */
export interface MarksFacts {
  paper: ExamPaperRecord;
  publishedAt: Date | null;
  /** The closed grading period holding the paper's day (its marks are locked), or null. */
  closedPeriod: string | null;
  /** The students (of the given ids) ACTIVE-ly enrolled in the paper's section. */
  enrolled: ReadonlySet<string>;
  /** The students (of the given ids) whose mark a moderator changed. */
  moderated: ReadonlySet<string>;
}

export interface MarkRow {
  studentId: string;
  marks: number | null;
  isAbsent: boolean;
}

export interface StatisticsRow {
  sectionId: string | null;
  subjectId: string | null;
  /** 1 in the section and subject columns that a grouping set rolled up. */
  isOverall: boolean;
  candidates: number;
  absentees: number;
  mean: number | null;
  median: number | null;
  passRate: number | null;
  bands: number[];
}

export type Refused<C extends string> = { refused: C };
const refused = <C extends string>(code: C): Refused<C> => ({ refused: code });

/**
 * Exams, papers and marks. Writes run in one `withTenant` transaction; checks spanning rows run
 * there under locks: the school's exam-schedule advisory lock for clashes, the exam row (shared by
 * paper writes, exclusive for publication) and the paper row for marks.
 */
export class ExamRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<ExamRecord[]> {
    return this.db.forTenant(schoolId).exam.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: examSelect,
    });
  }

  findPapersByIds(schoolId: string, ids: readonly string[]): Promise<ExamPaperRecord[]> {
    return this.db.forTenant(schoolId).examPaper.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: examPaperSelect,
    });
  }

  pageOfYear(schoolId: string, academicYearId: string, page: PageRequest): Promise<ExamPage> {
    const where: Prisma.ExamWhereInput = { schoolId, academicYearId };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).exam.findMany({
          where,
          select: examSelect,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).exam.count({ where }),
    );
  }

  pageOfPapers(
    schoolId: string,
    examId: string,
    sectionId: string | null,
    page: PageRequest,
  ): Promise<ExamPaperPage> {
    const where: Prisma.ExamPaperWhereInput = { schoolId, examId, ...(sectionId ? { sectionId } : {}) };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).examPaper.findMany({
          where,
          select: examPaperSelect,
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).examPaper.count({ where }),
    );
  }

  /** A section's papers of an exam, earliest first (bounded by the section's subjects). */
  papersOfSection(schoolId: string, examId: string, sectionId: string): Promise<ExamPaperRecord[]> {
    return this.db.forTenant(schoolId).examPaper.findMany({
      where: { schoolId, examId, sectionId },
      select: examPaperSelect,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** The sections sitting an exam. */
  async sectionIdsOf(schoolId: string, examId: string): Promise<string[]> {
    const rows = await this.db.forTenant(schoolId).examPaper.findMany({
      where: { schoolId, examId },
      select: { sectionId: true },
      distinct: ['sectionId'],
    });
    return rows.map((row) => row.sectionId);
  }

  /** The ACTIVE enrolments of a section in roll-number order: the section's hall tickets. */
  pageOfActiveEnrolments(schoolId: string, sectionId: string, page: PageRequest): Promise<EnrolmentPage> {
    const where: Prisma.EnrolmentWhereInput = { schoolId, sectionId, status: 'ACTIVE' };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).enrolment.findMany({
          where,
          select: enrolmentSelect,
          orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).enrolment.count({ where }),
    );
  }

  pageOfMarks(schoolId: string, paperId: string, page: PageRequest): Promise<ExamMarkPage> {
    const where: Prisma.ExamMarkWhereInput = { schoolId, paperId };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).examMark.findMany({
          where,
          select: examMarkSelect,
          orderBy: [{ studentId: 'asc' }, { id: 'asc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).examMark.count({ where }),
    );
  }

  /** A student's marks on the given papers. */
  marksOfStudent(
    schoolId: string,
    paperIds: readonly string[],
    studentId: string,
  ): Promise<ExamMarkRecord[]> {
    return this.db.forTenant(schoolId).examMark.findMany({
      where: { schoolId, paperId: { in: onlyUuids(paperIds) }, studentId },
      select: examMarkSelect,
    });
  }

  async createExam(schoolId: string, input: NewExam): Promise<ExamRecord | Refused<'NAME_TAKEN'>> {
    try {
      return await this.db.forTenant(schoolId).exam.create({
        data: { schoolId, ...input },
        select: examSelect,
      });
    } catch (error) {
      if (isUniqueViolation(error)) return refused('NAME_TAKEN');
      throw error;
    }
  }

  /**
   * Inserts a paper unless it clashes. Under the school's exam-schedule lock, so two admins cannot
   * book the same room (or teacher, or section) at once: the second waits, then sees the first.
   */
  async schedulePaper(
    schoolId: string,
    input: NewExamPaper,
  ): Promise<
    | ExamPaperRecord
    | { clashes: ScheduleClash[] }
    | Refused<'ALREADY_EXISTS' | 'NOT_FOUND' | 'RESULTS_PUBLISHED'>
  > {
    try {
      return await this.db.withTenant(schoolId, async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`academics.exam-schedule:${schoolId}`}, 0))`;
        if (!(await lockExam(tx, schoolId, input.examId, 'SHARE'))) return refused('NOT_FOUND');
        // Under the exam's lock: a publication cannot slip in between this check and the insert.
        const exam = await tx.exam.findFirst({
          where: { schoolId, id: input.examId },
          select: { publishedAt: true },
        });
        if (exam?.publishedAt) return refused('RESULTS_PUBLISHED');
        const clashes = await clashesWith(tx, schoolId, input);
        if (clashes.length > 0) return { clashes };
        return tx.examPaper.create({ data: { schoolId, ...input }, select: examPaperSelect });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return refused('ALREADY_EXISTS');
      throw error;
    }
  }

  /**
   * Enters marks all or nothing: reads the facts under the exam's share lock and the paper's row
   * lock, lets `decide` judge them, and writes every row in one statement only when it finds nothing
   * wrong. A moderated row is never overwritten (the statement's WHERE keeps it, `decide` reports it).
   */
  async enterMarks<E>(
    schoolId: string,
    paperId: string,
    rows: readonly MarkRow[],
    enteredByUserId: string,
    decide: (facts: MarksFacts) => E[],
  ): Promise<{ marks: ExamMarkRecord[]; errors: E[] } | Refused<'NOT_FOUND'>> {
    return this.db.withTenant(schoolId, async (tx) => {
      const locked = await lockPaper(tx, schoolId, paperId);
      if (!locked) return refused('NOT_FOUND');
      const ids = onlyUuids(rows.map((row) => row.studentId));
      const [enrolled, moderated] = await Promise.all([
        tx.enrolment.findMany({
          where: { schoolId, sectionId: locked.paper.sectionId, status: 'ACTIVE', studentId: { in: ids } },
          select: { studentId: true },
        }),
        tx.examMark.findMany({
          where: { schoolId, paperId, studentId: { in: ids }, moderatedAt: { not: null } },
          select: { studentId: true },
        }),
      ]);
      const errors = decide({
        ...locked,
        enrolled: new Set(enrolled.map((row) => row.studentId)),
        moderated: new Set(moderated.map((row) => row.studentId)),
      });
      if (errors.length > 0) return { marks: [], errors };
      const now = new Date();
      await tx.$executeRaw`
        INSERT INTO "ExamMark" ("id", "schoolId", "paperId", "studentId", "isAbsent", "enteredMarks",
                                "enteredByUserId", "enteredAt", "updatedAt")
        SELECT gen_random_uuid(), ${schoolId}::uuid, ${paperId}::uuid, r.student, r.absent, r.marks,
               ${enteredByUserId}::uuid, ${now}, ${now}
          FROM unnest(${rows.map((row) => row.studentId)}::uuid[], ${rows.map((row) => row.isAbsent)}::boolean[],
                      ${rows.map((row) => row.marks)}::int[]) AS r(student, absent, marks)
        ON CONFLICT ("paperId", "studentId") DO UPDATE
           SET "isAbsent" = EXCLUDED."isAbsent", "enteredMarks" = EXCLUDED."enteredMarks",
               "enteredByUserId" = EXCLUDED."enteredByUserId", "enteredAt" = EXCLUDED."enteredAt",
               "updatedAt" = EXCLUDED."updatedAt"
         WHERE "ExamMark"."moderatedAt" IS NULL`;
      const marks = await tx.examMark.findMany({
        where: { schoolId, paperId, studentId: { in: ids } },
        select: examMarkSelect,
      });
      const byStudent = new Map(marks.map((mark) => [mark.studentId, mark]));
      return {
        marks: rows.flatMap((row) => byStudent.get(row.studentId.toLowerCase()) ?? []),
        errors: [],
      };
    });
  }

  /** Changes one mark under the same locks as entry; `decide` judges the facts first. */
  async moderate<E>(
    schoolId: string,
    paperId: string,
    studentId: string,
    change: { marks: number; reason: string; userId: string },
    decide: (facts: {
      paper: ExamPaperRecord;
      publishedAt: Date | null;
      closedPeriod: string | null;
      mark: ExamMarkRecord | null;
    }) => E[],
  ): Promise<{ mark: ExamMarkRecord | null; errors: E[] } | Refused<'NOT_FOUND'>> {
    return this.db.withTenant(schoolId, async (tx) => {
      const locked = await lockPaper(tx, schoolId, paperId);
      if (!locked) return refused('NOT_FOUND');
      const mark = await tx.examMark.findFirst({
        where: { schoolId, paperId, studentId },
        select: examMarkSelect,
      });
      const errors = decide({ ...locked, mark });
      if (errors.length > 0 || !mark) return { mark: null, errors };
      const updated = await tx.examMark.update({
        where: { id: mark.id },
        data: {
          moderatedMarks: change.marks,
          moderationReason: change.reason,
          moderatedByUserId: change.userId,
          moderatedAt: new Date(),
        },
        select: examMarkSelect,
      });
      return { mark: updated, errors: [] };
    });
  }

  /** Locks or unlocks a paper's marks; `decide` judges the paper and its exam under their locks. */
  async setMarksLock<E>(
    schoolId: string,
    paperId: string,
    lock: { userId: string } | null,
    decide: (facts: { paper: ExamPaperRecord; publishedAt: Date | null; closedPeriod: string | null }) => E[],
  ): Promise<{ paper: ExamPaperRecord | null; errors: E[] } | Refused<'NOT_FOUND'>> {
    return this.db.withTenant(schoolId, async (tx) => {
      const locked = await lockPaper(tx, schoolId, paperId);
      if (!locked) return refused('NOT_FOUND');
      const errors = decide(locked);
      if (errors.length > 0) return { paper: null, errors };
      if ((locked.paper.marksLockedAt !== null) === (lock !== null)) return { paper: locked.paper, errors };
      const paper = await tx.examPaper.update({
        where: { id: paperId },
        data: lock
          ? { marksLockedAt: new Date(), marksLockedByUserId: lock.userId }
          : { marksLockedAt: null, marksLockedByUserId: null },
        select: examPaperSelect,
      });
      return { paper, errors: [] };
    });
  }

  /**
   * Publishes or unpublishes under the exam's exclusive lock (paper writes share it, so none runs
   * beside a publication); `decide` sees how many papers there are and how many are unlocked.
   */
  async setPublished<E>(
    schoolId: string,
    examId: string,
    publish: { userId: string } | null,
    decide: (facts: { papers: number; unlocked: number }) => E[],
  ): Promise<{ exam: ExamRecord | null; paperIds: string[]; errors: E[] } | Refused<'NOT_FOUND'>> {
    return this.db.withTenant(schoolId, async (tx) => {
      if (!(await lockExam(tx, schoolId, examId, 'UPDATE'))) return refused('NOT_FOUND');
      const papers = await tx.examPaper.findMany({
        where: { schoolId, examId },
        select: { id: true, marksLockedAt: true },
      });
      const errors = decide({
        papers: papers.length,
        unlocked: papers.filter((paper) => paper.marksLockedAt === null).length,
      });
      if (errors.length > 0) return { exam: null, paperIds: [], errors };
      const exam = await tx.exam.update({
        where: { id: examId },
        data: publish
          ? { publishedAt: new Date(), publishedByUserId: publish.userId }
          : { publishedAt: null, publishedByUserId: null },
        select: examSelect,
      });
      return { exam, paperIds: papers.map((paper) => paper.id), errors: [] };
    });
  }

  /**
   * Every statistic of an exam in ONE query: grouping sets give the whole exam, each section and
   * each subject; a mark counts as a percentage of its paper's maximum (moderated where it was).
   */
  async statistics(schoolId: string, examId: string): Promise<StatisticsRow[]> {
    const bands = Prisma.join(
      Array.from({ length: 10 }, (_, band) => Prisma.sql`count(*) FILTER (WHERE band = ${band})::int`),
    );
    const rows = await this.db.forTenant(schoolId).$queryRaw<StatisticsRow[]>`
      WITH marks AS (
        SELECT p."sectionId", p."subjectId", k."isAbsent",
               COALESCE(k."moderatedMarks", k."enteredMarks") >= p."passMarks" AS passed,
               CASE WHEN NOT k."isAbsent"
                    THEN COALESCE(k."moderatedMarks", k."enteredMarks") * 100.0 / p."maxMarks" END AS pct
          FROM "ExamMark" k
          JOIN "ExamPaper" p ON p."id" = k."paperId"
         WHERE p."schoolId" = ${schoolId}::uuid AND k."schoolId" = ${schoolId}::uuid
           AND p."examId" = ${examId}::uuid
      ), banded AS (
        -- LEAST ignores NULLs: an absentee (no percentage) must get no band, not the top one.
        SELECT *, CASE WHEN pct IS NOT NULL THEN LEAST(floor(pct / 10), 9)::int END AS band FROM marks
      )
      SELECT "sectionId"::text AS "sectionId", "subjectId"::text AS "subjectId",
             (GROUPING("sectionId") = 1 AND GROUPING("subjectId") = 1) AS "isOverall",
             count(*) FILTER (WHERE NOT "isAbsent")::int AS candidates,
             count(*) FILTER (WHERE "isAbsent")::int AS absentees,
             round(avg(pct), 2)::float8 AS mean,
             round((percentile_cont(0.5) WITHIN GROUP (ORDER BY pct))::numeric, 2)::float8 AS median,
             round(count(*) FILTER (WHERE NOT "isAbsent" AND passed)::numeric
                   / NULLIF(count(*) FILTER (WHERE NOT "isAbsent"), 0), 4)::float8 AS "passRate",
             ARRAY[${bands}] AS bands
        FROM banded
       GROUP BY GROUPING SETS ((), ("sectionId"), ("subjectId"))
       ORDER BY "sectionId" NULLS FIRST, "subjectId" NULLS FIRST`;
    return rows;
  }
}

/** Takes the exam's row lock (SHARE for paper writes, UPDATE for publication). */
async function lockExam(
  tx: TenantTransaction,
  schoolId: string,
  examId: string,
  mode: 'SHARE' | 'UPDATE',
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "Exam"
     WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${examId}::uuid
     ${mode === 'SHARE' ? Prisma.sql`FOR SHARE` : Prisma.sql`FOR UPDATE`}`;
  return rows.length > 0;
}

/** The exam (share-locked) and the paper (row-locked), in that order everywhere. */
async function lockPaper(
  tx: TenantTransaction,
  schoolId: string,
  paperId: string,
): Promise<{ paper: ExamPaperRecord; publishedAt: Date | null; closedPeriod: string | null } | null> {
  const paper = await tx.examPaper.findFirst({ where: { schoolId, id: paperId }, select: examPaperSelect });
  if (!paper || !(await lockExam(tx, schoolId, paper.examId, 'SHARE'))) return null;
  await tx.$queryRaw`SELECT 1 FROM "ExamPaper" WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${paperId}::uuid FOR UPDATE`;
  const [fresh, exam] = await Promise.all([
    tx.examPaper.findFirst({ where: { schoolId, id: paperId }, select: examPaperSelect }),
    tx.exam.findFirst({
      where: { schoolId, id: paper.examId },
      select: { publishedAt: true, academicYearId: true },
    }),
  ]);
  if (!fresh || !exam) return null;
  // A paper's marks are grades of the grading period holding its day (UTC, as homework's due day):
  // closing that period locks them too.
  const day = fresh.startsAt.toISOString().slice(0, 10);
  const closedPeriod = await closedPeriodHolding(tx, schoolId, exam.academicYearId, day);
  return { paper: fresh, publishedAt: exam.publishedAt, closedPeriod };
}

async function clashesWith(
  tx: TenantTransaction,
  schoolId: string,
  paper: NewExamPaper,
): Promise<ScheduleClash[]> {
  return tx.$queryRaw<ScheduleClash[]>`
    SELECT p."id"::text AS "paperId", e."name" AS "examName", sub."name" AS "subjectName",
           CASE WHEN g."level" > 0 THEN g."level"::text ELSE g."name" END || '-' || s."name" AS "sectionLabel",
           p."startsAt", p."endsAt", p."room",
           (p."room" = ${paper.room}) AS "sameRoom",
           (p."sectionId" = ${paper.sectionId}::uuid) AS "sameSection",
           ARRAY(SELECT unnest(p."invigilatorTeacherIds")::text
                 INTERSECT SELECT unnest(${paper.invigilatorTeacherIds}::uuid[])::text) AS "sharedInvigilatorIds"
      FROM "ExamPaper" p
      JOIN "Exam" e ON e."id" = p."examId"
      JOIN "Subject" sub ON sub."id" = p."subjectId"
      JOIN "Section" s ON s."id" = p."sectionId"
      JOIN "Grade" g ON g."id" = s."gradeId"
     WHERE p."schoolId" = ${schoolId}::uuid
       AND p."startsAt" < ${paper.endsAt} AND p."endsAt" > ${paper.startsAt}
       AND (p."room" = ${paper.room} OR p."sectionId" = ${paper.sectionId}::uuid
            OR p."invigilatorTeacherIds" && ${paper.invigilatorTeacherIds}::uuid[])
     ORDER BY p."startsAt", p."id"
     LIMIT 5`;
}
