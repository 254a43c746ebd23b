import { Prisma, type HomeworkStatus, type TenantDatabase, type TenantTransaction } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import type { BufferedEntry } from '@schools24/write-buffer';
import { submissionFields, type HomeworkSubmissionPayload } from '../submission-payload.js';
import { closedPeriodHolding } from './academic-year-repository.js';

export const homeworkSelect = {
  id: true,
  schoolId: true,
  sectionId: true,
  subjectId: true,
  teacherId: true,
  title: true,
  instructions: true,
  dueAt: true,
  maxPoints: true,
  allowedFileTypes: true,
  maxFileBytes: true,
  status: true,
  cancelledAt: true,
  latePenaltyPercentPerDay: true,
  latePenaltyMaxPercent: true,
  lateCutoffDays: true,
  allowResubmission: true,
  rubric: true,
  createdAt: true,
} satisfies Prisma.HomeworkSelect;

export type HomeworkRecord = Prisma.HomeworkGetPayload<{ select: typeof homeworkSelect }>;
export type HomeworkPage = Connection<HomeworkRecord>;

export const submissionSelect = {
  id: true,
  schoolId: true,
  homeworkId: true,
  studentId: true,
  idempotencyId: true,
  text: true,
  fileKey: true,
  fileName: true,
  fileBytes: true,
  fileType: true,
  submittedAt: true,
  isLate: true,
  version: true,
  points: true,
  rawPoints: true,
  latePenaltyPercent: true,
  rubricChoices: true,
  feedback: true,
  feedbackFiles: true,
  gradedAt: true,
} satisfies Prisma.HomeworkSubmissionSelect;

export const submissionVersionSelect = {
  id: true,
  version: true,
  idempotencyId: true,
  text: true,
  fileKey: true,
  fileName: true,
  fileBytes: true,
  fileType: true,
  submittedAt: true,
  isLate: true,
} satisfies Prisma.HomeworkSubmissionVersionSelect;

export type SubmissionVersionRecord = Prisma.HomeworkSubmissionVersionGetPayload<{
  select: typeof submissionVersionSelect;
}>;

export type StoredSubmissionRecord = Prisma.HomeworkSubmissionGetPayload<{ select: typeof submissionSelect }>;

/** What grading decides on, read inside the grading transaction (see `HomeworkRepository.grade`). */
export type GradingFacts =
  | { submission: null }
  | {
      submission: StoredSubmissionRecord;
      homework: HomeworkRecord;
      excused: boolean;
      /** The name of the closed grading period holding the due day, or null. */
      closedPeriod: string | null;
    };

/** The columns a grade writes. */
export interface GradeWrite {
  points: number;
  rawPoints: number;
  latePenaltyPercent: number;
  /** The per-criterion choices of a rubric grade, or null for a grade by points. */
  rubricChoices: Prisma.InputJsonArray | null;
  feedback: string | null;
  /** The files attached to the feedback; absent to keep those of an earlier grade. */
  feedbackFiles?: Prisma.InputJsonArray;
  gradedByUserId: string;
  gradedAt: Date;
}

/** See `HomeworkRepository.submitterFacts`. */
export interface SubmitterFacts {
  studentId: string | null;
  enrolled: boolean;
  storedSubmissionId: string | null;
}

export interface NewHomework {
  sectionId: string;
  subjectId: string;
  teacherId: string | null;
  assignedByUserId: string;
  title: string;
  instructions: string;
  dueAt: Date;
  maxPoints: number;
  allowedFileTypes: string[];
  maxFileBytes: number;
  latePenaltyPercentPerDay: number;
  latePenaltyMaxPercent: number;
  lateCutoffDays: number | null;
  allowResubmission: boolean;
  /** A rubric as `parseRubric` made it, or null. */
  rubric: Prisma.InputJsonObject | null;
}

/** Who the signed-in user is in identity's records (via identity's published SQL functions). */
export interface OwnRecords {
  studentId: string | null;
  teacherId: string | null;
}

/**
 * One resubmission, idempotent: the version it supersedes is copied into the history, the new
 * version always goes into the history (so nothing acknowledged is lost, even a resubmission that
 * raced a grade), and the submission row takes the new version only while it holds an older,
 * ungraded one (a redelivered or out-of-date version changes nothing; a grade is never overwritten).
 */
async function storeResubmission(
  tx: TenantTransaction,
  schoolId: string,
  { payload, actor }: BufferedEntry<HomeworkSubmissionPayload>,
): Promise<void> {
  const row = submissionFields(payload);
  await tx.$executeRaw`
    INSERT INTO "HomeworkSubmissionVersion"
           ("id", "schoolId", "homeworkId", "studentId", "version", "idempotencyId", "submittedByUserId",
            "text", "fileKey", "fileName", "fileBytes", "fileType", "submittedAt", "isLate")
    SELECT "id", "schoolId", "homeworkId", "studentId", "version", "idempotencyId", "submittedByUserId",
           "text", "fileKey", "fileName", "fileBytes", "fileType", "submittedAt", "isLate"
      FROM "HomeworkSubmission"
     WHERE "schoolId" = ${schoolId}::uuid AND "homeworkId" = ${row.homeworkId}::uuid
       AND "studentId" = ${row.studentId}::uuid AND "version" < ${row.version} AND "points" IS NULL
    ON CONFLICT DO NOTHING`;
  await tx.homeworkSubmissionVersion.createMany({
    data: [{ ...row, schoolId, submittedByUserId: actor }],
    skipDuplicates: true,
  });
  await tx.$executeRaw`
    UPDATE "HomeworkSubmission"
       SET "id" = ${row.id}::uuid, "idempotencyId" = ${row.idempotencyId}, "submittedByUserId" = ${actor}::uuid,
           "text" = ${row.text}, "fileKey" = ${row.fileKey}, "fileName" = ${row.fileName},
           "fileBytes" = ${row.fileBytes}, "fileType" = ${row.fileType}, "submittedAt" = ${row.submittedAt},
           "isLate" = ${row.isLate}, "version" = ${row.version}, "updatedAt" = now()
     WHERE "schoolId" = ${schoolId}::uuid AND "homeworkId" = ${row.homeworkId}::uuid
       AND "studentId" = ${row.studentId}::uuid AND "version" < ${row.version} AND "points" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "HomeworkSubmission" o
                        WHERE o."schoolId" = ${schoolId}::uuid
                          AND (o."idempotencyId" = ${row.idempotencyId} OR o."id" = ${row.id}::uuid))`;
}

/** The most stored submissions one homework's list reads: a section's roster, with room to spare. */
export const MAX_SUBMISSIONS_PER_HOMEWORK = 1000;

export class HomeworkRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<HomeworkRecord[]> {
    return this.db.forTenant(schoolId).homework.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: homeworkSelect,
    });
  }

  create(schoolId: string, input: NewHomework): Promise<HomeworkRecord> {
    return this.db.forTenant(schoolId).homework.create({
      data: { schoolId, ...input, rubric: input.rubric ?? Prisma.DbNull },
      select: homeworkSelect,
    });
  }

  /** A page of a section's homework, latest due date first; `status` null means every status. */
  pageOfSection(
    schoolId: string,
    sectionId: string,
    status: HomeworkStatus | null,
    page: PageRequest,
  ): Promise<HomeworkPage> {
    const where: Prisma.HomeworkWhereInput = { schoolId, sectionId, ...(status ? { status } : {}) };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).homework.findMany({
          where,
          select: homeworkSelect,
          orderBy: [{ dueAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).homework.count({ where }),
    );
  }

  /** The user's own student and teacher records, in one round trip. */
  async ownRecords(schoolId: string, userId: string): Promise<OwnRecords> {
    const [row] = await this.db.forTenant(schoolId).$queryRaw<OwnRecords[]>`
      SELECT identity_student_id_of_user(${userId}::uuid)::text AS "studentId",
             identity_teacher_id_of_user(${userId}::uuid)::text AS "teacherId"`;
    return { studentId: row?.studentId ?? null, teacherId: row?.teacherId ?? null };
  }

  /**
   * What submitting needs to know about the signed-in user, in one round trip (the submit path's
   * cost was mostly Prisma: three reads, each its own RLS transaction): their student record,
   * whether it is ACTIVE-ly enrolled in the section, and its stored submission of the homework.
   */
  async submitterFacts(
    schoolId: string,
    userId: string,
    sectionId: string,
    homeworkId: string,
  ): Promise<SubmitterFacts> {
    const [row] = await this.db.forTenant(schoolId).$queryRaw<SubmitterFacts[]>`
      SELECT me.sid::text AS "studentId",
             EXISTS (SELECT 1 FROM "Enrolment" e
                      WHERE e."schoolId" = ${schoolId}::uuid AND e."sectionId" = ${sectionId}::uuid
                        AND e."studentId" = me.sid AND e."status" = 'ACTIVE') AS "enrolled",
             (SELECT h."id"::text FROM "HomeworkSubmission" h
               WHERE h."schoolId" = ${schoolId}::uuid AND h."homeworkId" = ${homeworkId}::uuid
                 AND h."studentId" = me.sid) AS "storedSubmissionId"
        FROM (SELECT identity_student_id_of_user(${userId}::uuid) AS sid) me`;
    return {
      studentId: row?.studentId ?? null,
      enrolled: row?.enrolled === true,
      storedSubmissionId: row?.storedSubmissionId ?? null,
    };
  }

  /** Which of the students are ACTIVE-ly enrolled in the section. */
  async activeInSection(
    schoolId: string,
    sectionId: string,
    studentIds: readonly string[],
  ): Promise<string[]> {
    const ids = onlyUuids(studentIds);
    if (ids.length === 0) return [];
    const rows = await this.db.forTenant(schoolId).enrolment.findMany({
      where: { schoolId, sectionId, studentId: { in: ids }, status: 'ACTIVE' },
      select: { studentId: true },
    });
    return rows.map((row) => row.studentId);
  }

  submission(schoolId: string, id: string): Promise<StoredSubmissionRecord | null> {
    if (onlyUuids([id]).length === 0) return Promise.resolve(null);
    return this.db.forTenant(schoolId).homeworkSubmission.findFirst({
      where: { schoolId, id },
      select: submissionSelect,
    });
  }

  submissionOf(
    schoolId: string,
    homeworkId: string,
    studentId: string,
  ): Promise<StoredSubmissionRecord | null> {
    if (onlyUuids([homeworkId, studentId]).length < 2) return Promise.resolve(null);
    return this.db.forTenant(schoolId).homeworkSubmission.findFirst({
      where: { schoolId, homeworkId, studentId },
      select: submissionSelect,
    });
  }

  /** The stored versions of a student's submission of a homework (its history), oldest first. */
  versionsOf(schoolId: string, homeworkId: string, studentId: string): Promise<SubmissionVersionRecord[]> {
    if (onlyUuids([homeworkId, studentId]).length < 2) return Promise.resolve([]);
    return this.db.forTenant(schoolId).homeworkSubmissionVersion.findMany({
      where: { schoolId, homeworkId, studentId },
      select: submissionVersionSelect,
      orderBy: { version: 'asc' },
    });
  }

  /** Every stored submission of a homework (bounded by the section's size), earliest first. */
  submissionsOf(schoolId: string, homeworkId: string): Promise<StoredSubmissionRecord[]> {
    return this.db.forTenant(schoolId).homeworkSubmission.findMany({
      where: { schoolId, homeworkId },
      select: submissionSelect,
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: MAX_SUBMISSIONS_PER_HOMEWORK,
    });
  }

  /**
   * Writes a grade if `decide` allows it, given the facts read under locks inside the grading
   * transaction: the homework row share-locked (so an edit of its maximum points, a cancellation or
   * an excusal, which lock it for update, cannot commit beside the grade) and the closed grading
   * period holding its due day (see `closedPeriodHolding`).
   */
  grade<E>(
    schoolId: string,
    id: string,
    academicYearId: string,
    decide: (facts: GradingFacts) => GradeWrite | { refused: E },
  ): Promise<StoredSubmissionRecord | { refused: E }> {
    return this.db.withTenant(schoolId, async (tx) => {
      const submission = await tx.homeworkSubmission.findFirst({
        where: { schoolId, id },
        select: submissionSelect,
      });
      const [homework] = submission
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT "id"::text AS id FROM "Homework"
             WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${submission.homeworkId}::uuid FOR SHARE`
        : [];
      const current = homework
        ? await tx.homework.findFirst({ where: { schoolId, id: homework.id }, select: homeworkSelect })
        : null;
      if (!submission || !current) {
        const refusal = decide({ submission: null });
        if ('refused' in refusal) return refusal;
        throw new Error('a grade needs a stored submission');
      }
      const excused =
        (await tx.homeworkExcusal.count({
          where: { schoolId, homeworkId: current.id, studentId: submission.studentId },
        })) > 0;
      // Grading periods are calendar days; a due instant counts on its UTC day, as leaderboards do.
      const dueDay = current.dueAt.toISOString().slice(0, 10);
      const closedPeriod = await closedPeriodHolding(tx, schoolId, academicYearId, dueDay);
      const decision = decide({ submission, homework: current, excused, closedPeriod });
      if ('refused' in decision) return decision;
      return tx.homeworkSubmission.update({
        where: { id, schoolId },
        data: { ...decision, rubricChoices: decision.rubricChoices ?? Prisma.DbNull },
        select: submissionSelect,
      });
    });
  }

  /**
   * The write buffer's sink: one batch, ONE transaction. A batch may hold several schools; row-level
   * security takes one school per statement, so the transaction names each school in turn
   * (`set_config` is transaction-local) and inserts that school's rows in one statement. Inserts skip
   * rows that already exist — by id, by (school, idempotency id) or by (homework, student) — so a
   * redelivered entry changes nothing and a grade given meanwhile is never overwritten.
   */
  async storeSubmissions(entries: readonly BufferedEntry<HomeworkSubmissionPayload>[]): Promise<void> {
    const bySchool = new Map<string, BufferedEntry<HomeworkSubmissionPayload>[]>();
    for (const entry of entries) {
      const list = bySchool.get(entry.tenant) ?? [];
      list.push(entry);
      bySchool.set(entry.tenant, list);
    }
    const [first] = bySchool.keys();
    if (first === undefined) return;
    await this.db.withTenant(first, async (tx) => {
      for (const [schoolId, group] of bySchool) {
        if (schoolId !== first) await tx.$executeRaw`SELECT set_config('app.school_id', ${schoolId}, true)`;
        const firstVersions = group.filter(({ payload }) => payload.version === 1);
        if (firstVersions.length > 0)
          await tx.homeworkSubmission.createMany({
            data: firstVersions.map(({ payload, actor }) => ({
              ...submissionFields(payload),
              schoolId,
              submittedByUserId: actor,
            })),
            skipDuplicates: true,
          });
        // Resubmissions in stream order (a later version was appended after the earlier one).
        for (const entry of group)
          if (entry.payload.version > 1) await storeResubmission(tx, schoolId, entry);
      }
    });
  }
}
