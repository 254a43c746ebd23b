// Gradebook fixtures written straight to the database (as the admin connection): a year and term
// around today, sections with enrolments, and homework, quizzes and exam papers with their results.
// The gradebook only reads these tables, so building them through the API would only slow tests down.
import { randomUUID } from 'node:crypto';
import type { TestEndpoint } from '@schools24/testkit';
import type { TestSchool } from './fixtures.js';

type Db = TestEndpoint['resources']['db'];

const DAY_MS = 86_400_000;
const utcMidnight = (at: number) => {
  const day = new Date(at);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
};

export interface GradebookWorld {
  schoolId: string;
  yearId: string;
  termId: string;
  /** The grading period holding the term's last day (closing it locks the term's grades). */
  periodId: string;
  gradeId: string;
  subjectId: string;
  teacherId: string;
  /** A user of the school to record as the author of fixtures. */
  userId: string;
}

/**
 * A year of its own (so its enrolments never clash with the seeded year's ACTIVE ones) with one term
 * from 30 days ago to 30 days ahead, and a grading period over the term's second half.
 */
export async function createGradebookWorld(
  db: Db,
  school: TestSchool,
  options: { teacherId: string; subjectId: string },
): Promise<GradebookWorld> {
  const { schoolId } = school;
  const now = Date.now();
  const startsOn = utcMidnight(now - 30 * DAY_MS);
  const endsOn = utcMidnight(now + 30 * DAY_MS);
  const year = await db.academicYear.create({
    data: { schoolId, name: `GB-${randomUUID().slice(0, 8)}`, startsOn, endsOn, isCurrent: false },
    select: { id: true },
  });
  const term = await db.term.create({
    data: {
      schoolId,
      academicYearId: year.id,
      kind: 'TERM',
      name: 'Gradebook term',
      position: 1,
      startsOn,
      endsOn,
    },
    select: { id: true },
  });
  const period = await db.term.create({
    data: {
      schoolId,
      academicYearId: year.id,
      parentTermId: term.id,
      kind: 'GRADING_PERIOD',
      name: 'Gradebook period',
      position: 1,
      startsOn: utcMidnight(now + DAY_MS),
      endsOn,
    },
    select: { id: true },
  });
  const grade = await db.grade.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const user = await db.user.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  return {
    schoolId,
    yearId: year.id,
    termId: term.id,
    periodId: period.id,
    gradeId: grade.id,
    subjectId: options.subjectId,
    teacherId: options.teacherId,
    userId: user.id,
  };
}

/** A section of the world's year with the students enrolled (from the term's start), taught the subject. */
export async function addSection(db: Db, world: GradebookWorld, name: string, studentIds: readonly string[]) {
  const section = await db.section.create({
    data: { schoolId: world.schoolId, academicYearId: world.yearId, gradeId: world.gradeId, name },
    select: { id: true },
  });
  const year = await db.academicYear.findUniqueOrThrow({
    where: { id: world.yearId },
    select: { startsOn: true },
  });
  await db.enrolment.createMany({
    data: studentIds.map((studentId, index) => ({
      schoolId: world.schoolId,
      studentId,
      sectionId: section.id,
      academicYearId: world.yearId,
      rollNumber: index + 1,
      startsOn: year.startsOn,
    })),
  });
  await db.teachingAssignment.create({
    data: {
      schoolId: world.schoolId,
      teacherId: world.teacherId,
      sectionId: section.id,
      subjectId: world.subjectId,
    },
  });
  return section.id;
}

export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);

export async function addHomework(
  db: Db,
  world: GradebookWorld,
  sectionId: string,
  fields: { title: string; dueAt: Date; maxPoints: number },
): Promise<string> {
  const homework = await db.homework.create({
    data: {
      schoolId: world.schoolId,
      sectionId,
      subjectId: world.subjectId,
      assignedByUserId: world.userId,
      instructions: '',
      allowedFileTypes: [],
      maxFileBytes: 1024,
      ...fields,
    },
    select: { id: true },
  });
  return homework.id;
}

export interface SubmissionFixture {
  studentId: string;
  /** Final points; null: submitted, not graded. */
  points: number | null;
  rawPoints?: number;
  latePenaltyPercent?: number;
  isLate?: boolean;
}

export async function addSubmissions(
  db: Db,
  world: GradebookWorld,
  homeworkId: string,
  rows: readonly SubmissionFixture[],
): Promise<void> {
  await db.homeworkSubmission.createMany({
    data: rows.map((row) => ({
      id: randomUUID(),
      schoolId: world.schoolId,
      homeworkId,
      studentId: row.studentId,
      idempotencyId: randomUUID(),
      submittedByUserId: world.userId,
      submittedAt: new Date(),
      isLate: row.isLate ?? false,
      points: row.points,
      rawPoints: row.rawPoints ?? row.points,
      latePenaltyPercent: row.points === null ? null : (row.latePenaltyPercent ?? 0),
      gradedAt: row.points === null ? null : new Date(),
      gradedByUserId: row.points === null ? null : world.userId,
    })),
  });
}

export async function excuse(db: Db, world: GradebookWorld, homeworkId: string, studentId: string) {
  await db.homeworkExcusal.create({
    data: { schoolId: world.schoolId, homeworkId, studentId, excusedByUserId: world.userId },
  });
}

/** A quiz of one true/false item worth `points`. */
export async function addQuiz(
  db: Db,
  world: GradebookWorld,
  sectionId: string,
  fields: {
    title: string;
    closesAt: Date;
    points: number;
    release?: 'IMMEDIATELY' | 'AFTER_CLOSE' | 'MANUAL';
  },
): Promise<{ quizId: string; itemId: string }> {
  const question = await db.question.create({
    data: {
      schoolId: world.schoolId,
      createdByUserId: world.userId,
      type: 'TRUE_FALSE',
      tags: [],
      versions: {
        create: {
          schoolId: world.schoolId,
          version: 1,
          type: 'TRUE_FALSE',
          prompt: 'True?',
          content: { type: 'TRUE_FALSE', answer: true },
          tags: [],
          difficulty: 1,
          createdByUserId: world.userId,
        },
      },
    },
    select: { versions: { select: { id: true } } },
  });
  const versionId = question.versions[0]?.id ?? '';
  const quiz = await db.quiz.create({
    data: {
      schoolId: world.schoolId,
      sectionId,
      subjectId: world.subjectId,
      createdByUserId: world.userId,
      title: fields.title,
      instructions: '',
      opensAt: new Date(fields.closesAt.getTime() - 7 * DAY_MS),
      closesAt: fields.closesAt,
      maxAttempts: 3,
      shuffleQuestions: false,
      shuffleOptions: false,
      resultsRelease: fields.release ?? 'IMMEDIATELY',
      items: {
        create: {
          schoolId: world.schoolId,
          questionVersionId: versionId,
          position: 1,
          points: fields.points,
        },
      },
    },
    select: { id: true, items: { select: { id: true } } },
  });
  return { quizId: quiz.id, itemId: quiz.items[0]?.id ?? '' };
}

/** Submitted attempts (points null: an answer still to be graded by the teacher). */
export async function addAttempts(
  db: Db,
  world: GradebookWorld,
  quiz: { quizId: string; itemId: string },
  rows: readonly { studentId: string; number: number; points: number | null }[],
): Promise<void> {
  const attempts = rows.map((row) => ({ ...row, id: randomUUID() }));
  await db.quizAttempt.createMany({
    data: attempts.map((row) => ({
      id: row.id,
      schoolId: world.schoolId,
      quizId: quiz.quizId,
      studentId: row.studentId,
      number: row.number,
      seed: 'seed',
      startedAt: new Date(),
      deadlineAt: new Date(),
    })),
  });
  await db.quizSubmission.createMany({
    data: attempts.map((row) => ({
      id: randomUUID(),
      schoolId: world.schoolId,
      attemptId: row.id,
      idempotencyId: randomUUID(),
      submittedByUserId: world.userId,
      submittedAt: new Date(),
    })),
  });
  await db.quizAnswer.createMany({
    data: attempts.map((row) => ({
      id: randomUUID(),
      schoolId: world.schoolId,
      attemptId: row.id,
      quizItemId: quiz.itemId,
      response: { type: 'TRUE_FALSE', answer: true },
      points: row.points,
    })),
  });
}

/** An exam of the term with one paper for the section. */
export async function addPaper(
  db: Db,
  world: GradebookWorld,
  sectionId: string,
  fields: { name: string; startsAt: Date; maxMarks: number; published: boolean },
): Promise<string> {
  const exam = await db.exam.create({
    data: {
      schoolId: world.schoolId,
      academicYearId: world.yearId,
      termId: world.termId,
      name: fields.name,
      kind: 'UNIT_TEST',
      createdByUserId: world.userId,
      publishedAt: fields.published ? new Date() : null,
    },
    select: { id: true },
  });
  const paper = await db.examPaper.create({
    data: {
      schoolId: world.schoolId,
      examId: exam.id,
      sectionId,
      subjectId: world.subjectId,
      startsAt: fields.startsAt,
      endsAt: new Date(fields.startsAt.getTime() + 3_600_000),
      room: 'GB-1',
      invigilatorTeacherIds: [],
      maxMarks: fields.maxMarks,
      passMarks: 0,
    },
    select: { id: true },
  });
  return paper.id;
}

export async function addMarks(
  db: Db,
  world: GradebookWorld,
  paperId: string,
  rows: readonly { studentId: string; entered: number | null; moderated?: number; absent?: boolean }[],
): Promise<void> {
  await db.examMark.createMany({
    data: rows.map((row) => ({
      schoolId: world.schoolId,
      paperId,
      studentId: row.studentId,
      isAbsent: row.absent ?? false,
      enteredMarks: row.entered,
      enteredByUserId: world.userId,
      enteredAt: new Date(),
      moderatedMarks: row.moderated ?? null,
      moderationReason: row.moderated === undefined ? null : 'recount',
      moderatedByUserId: row.moderated === undefined ? null : world.userId,
      moderatedAt: row.moderated === undefined ? null : new Date(),
    })),
  });
}
