/*
 * Homework per section and subject over the history: three each, staggered by subject —
 *  1. due about three weeks ago, graded (on time, a few late with the late penalty, a few missing);
 *  2. due last week, submitted and not graded yet (a few late, a few missing);
 *  3. due in the next school days (what "due soon" lists), a few handed in early.
 * Only students with a login submit (as the API requires). One student of the demo section is
 * excused from a homework. Grades follow the homework's late policy exactly as gradeSubmission does.
 */
import type { Prisma } from '@schools24/db';
import { homeworkSubmissionId } from './academics-ids.js';
import { addDays, atSchoolTime, isoDay, schoolDaysAfter } from './calendar.js';
import type { TermContext } from './context.js';
import { seededRandom } from './random.js';

export interface HomeworkPlan {
  homework: (Prisma.HomeworkCreateManyInput & { id: string; dueAt: Date; maxPoints: number })[];
  submissions: Prisma.HomeworkSubmissionCreateManyInput[];
  excusals: Prisma.HomeworkExcusalCreateManyInput[];
}

const DAY_MS = 86_400_000;

/** Started days late, the penalty and the final points: late-policy.ts's applyLatePolicy. */
export function latePenalty(
  homework: { dueAt: Date; latePenaltyPercentPerDay: number; latePenaltyMaxPercent: number },
  submission: { submittedAt: Date; isLate: boolean },
  rawPoints: number,
): { latePenaltyPercent: number; points: number } {
  const late = submission.submittedAt.getTime() - homework.dueAt.getTime();
  const days = submission.isLate && late > 0 ? Math.ceil(late / DAY_MS) : 0;
  const percent = Math.min(homework.latePenaltyMaxPercent, homework.latePenaltyPercentPerDay * days);
  return { latePenaltyPercent: percent, points: Math.round((rawPoints * (100 - percent)) / 100) };
}

const TOPICS: Readonly<Record<string, readonly string[]>> = {
  ENG: ['Letter writing', 'Reading comprehension', 'Grammar: tenses', 'Poem recitation notes'],
  HIN: ['निबंध लेखन', 'व्याकरण अभ्यास', 'पाठ के प्रश्न-उत्तर', 'पत्र लेखन'],
  EVS: ['Plants around us', 'Water and its uses', 'Our helpers', 'Animals and their homes'],
  SST: ['Map work', 'The Mughal empire', 'Resources and development', 'Local government'],
  ECO: ['Demand and supply', 'National income', 'Money and banking', 'Indian economy since 1991'],
  BST: ['Principles of management', 'Business environment', 'Planning', 'Marketing mix'],
  ACC: ['Journal entries', 'Ledger posting', 'Trial balance', 'Depreciation'],
  MATH: ['Fractions and decimals', 'Linear equations', 'Mensuration', 'Data handling'],
  COMP: ['Spreadsheet formulas', 'Scratch: loops', 'Python: lists', 'Internet safety'],
  SCI: ['Force and pressure', 'Cell structure', 'Chemical reactions', 'Light and reflection'],
  PHY: ['Kinematics problems', 'Laws of motion', 'Work, energy and power', 'Gravitation'],
  CHEM: ['Mole concept', 'Atomic structure', 'Periodic table trends', 'Chemical bonding'],
  BIO: ['Cell cycle', 'Plant physiology', 'Human digestion', 'Genetics basics'],
  PE: ['Fitness log', 'Rules of kho-kho', 'Yoga asanas', 'Healthy diet chart'],
};

const FEEDBACK = [
  'Well done.',
  'Good effort; check your working.',
  'Neat and complete.',
  'Revise the last part.',
];

export function planHomework(context: TermContext): HomeworkPlan {
  const { schoolId, id, history, today } = context;
  const random = seededRandom(context.seed, context.code, 'homework', isoDay(today));
  const homework: HomeworkPlan['homework'] = [];
  const submissions: HomeworkPlan['submissions'] = [];
  const excusals: HomeworkPlan['excusals'] = [];
  const ahead = schoolDaysAfter(today, 5, context.yearEndsOn);
  const dayAt = (index: number) => history[Math.max(0, Math.min(history.length - 1, index))];
  let excused = false;

  context.lessons.forEach((lesson) => {
    const section = context.sections[lesson.sectionIndex];
    if (!section) return;
    const stagger = (lesson.subjectCode.length + lesson.sectionIndex) % 4;
    const teacherUserId = context.teacherUserId.get(lesson.teacherId) ?? context.adminUserId;
    const topics = TOPICS[lesson.subjectCode] ?? ['Practice worksheet'];
    const dues = [
      dayAt(history.length - 16 + stagger),
      dayAt(history.length - 6 + stagger),
      ahead[stagger % Math.max(1, ahead.length)],
    ];
    dues.forEach((dueDay, kind) => {
      if (!dueDay || history.length === 0) return;
      const dueAt = atSchoolTime(dueDay, 20, 0);
      const maxPoints = kind === 1 ? 20 : 10;
      const withPenalty = kind === 0;
      const homeworkId = id('homework', `${section.index}/${lesson.subjectCode}/${kind}`);
      const row = {
        id: homeworkId,
        schoolId,
        sectionId: section.id,
        subjectId: lesson.subjectId,
        teacherId: lesson.teacherId,
        assignedByUserId: teacherUserId,
        title: `${topics[kind % topics.length] ?? 'Worksheet'} (${context.subjects.get(lesson.subjectId)?.name ?? ''})`,
        instructions: 'Answer every question in full sentences. Show your working where it applies.',
        dueAt,
        maxPoints,
        allowedFileTypes: kind === 1 ? ['application/pdf', 'image/jpeg', 'image/png'] : [],
        maxFileBytes: 10 * 1024 * 1024,
        latePenaltyPercentPerDay: withPenalty ? 10 : 0,
        latePenaltyMaxPercent: withPenalty ? 50 : 100,
        lateCutoffDays: withPenalty ? 7 : null,
        createdAt: atSchoolTime(addDays(dueDay, -6), 14, 0),
      };
      homework.push(row);
      section.students.forEach((student, roll) => {
        if (!student.userId) return;
        if (!excused && kind === 1 && section.id === context.sample.sectionId && roll === 1) {
          excused = true;
          excusals.push({
            id: id('homework-excusal', `${homeworkId}/${student.id}`),
            schoolId,
            homeworkId,
            studentId: student.id,
            reason: 'Representing the school at the inter-school chess meet',
            excusedByUserId: teacherUserId,
            createdAt: atSchoolTime(addDays(dueDay, -2), 15, 0),
          });
          return;
        }
        const draw = random.next();
        // Future homework: a fifth handed in early. Past: most on time, some late, some missing.
        if (kind === 2 ? draw >= 0.2 : draw >= 0.92) return;
        const isLate = kind !== 2 && draw >= 0.86;
        const submittedAt = isLate
          ? new Date(dueAt.getTime() + random.int(2, 40) * 3_600_000)
          : new Date(dueAt.getTime() - random.int(1, 72) * 3_600_000);
        if (submittedAt.getTime() > atSchoolTime(today, 0, 0).getTime()) return;
        const idempotencyId = `seed.${homeworkId}.${student.id}`;
        const graded = kind === 0;
        const rawPoints = graded
          ? Math.min(maxPoints, Math.max(0, Math.round(maxPoints * (0.45 + random.next() * 0.55))))
          : null;
        const penalty = rawPoints === null ? null : latePenalty(row, { submittedAt, isLate }, rawPoints);
        submissions.push({
          id: homeworkSubmissionId(schoolId, idempotencyId),
          schoolId,
          homeworkId,
          studentId: student.id,
          idempotencyId,
          submittedByUserId: student.userId,
          text: `My answers for "${row.title}".`,
          submittedAt,
          isLate,
          version: 1,
          points: penalty?.points ?? null,
          rawPoints,
          latePenaltyPercent: penalty?.latePenaltyPercent ?? null,
          feedback: graded && random.chance(0.4) ? random.pick(FEEDBACK) : null,
          gradedAt: graded ? atSchoolTime(addDays(dueDay, 3), 17, 0) : null,
          gradedByUserId: graded ? teacherUserId : null,
        });
      });
    });
  });
  return { homework, submissions, excusals };
}
