/*
 * One unit test, held on consecutive school days about three weeks ago: a paper per section and
 * subject (physical education has none), one subject a day, all sections in their home rooms at the
 * same sitting when there are enough invigilators (else in later sittings the same day). Every
 * enrolled student has a mark (a few absent), within 0..maxMarks; every paper is locked and the
 * results are PUBLISHED, as publishExamResults requires.
 */
import type { Prisma } from '@schools24/db';
import { addDays, atSchoolTime, isoDay } from './calendar.js';
import { termOn, type TermContext } from './context.js';
import { seededRandom } from './random.js';

export interface ExamPlan {
  exams: Prisma.ExamCreateManyInput[];
  papers: (Prisma.ExamPaperCreateManyInput & { id: string; maxMarks: number })[];
  marks: Prisma.ExamMarkCreateManyInput[];
}

export const EXAM_MAX_MARKS = 25;
export const EXAM_PASS_MARKS = 9;
/** The first paper is this many school days before today. */
const FIRST_PAPER_SCHOOL_DAYS_AGO = 15;
const SITTING_MINUTES = 90;
const PAPER_MINUTES = 75;

export function planExams(context: TermContext): ExamPlan {
  const { schoolId, id, history } = context;
  const random = seededRandom(context.seed, context.code, 'exams', isoDay(context.today));
  const plan: ExamPlan = { exams: [], papers: [], marks: [] };
  const subjectsOf = context.sections.map((section) =>
    context.lessons.filter((lesson) => lesson.sectionIndex === section.index && lesson.subjectCode !== 'PE'),
  );
  const days = Math.max(0, ...subjectsOf.map((lessons) => lessons.length));
  const first = history.length - FIRST_PAPER_SCHOOL_DAYS_AGO;
  // Papers, marking and publication must all lie in the past of this academic year.
  if (first < 0 || days === 0 || first + days + 5 > history.length) return plan;
  const paperDays = history.slice(first, first + days);
  const lastPaperDay = paperDays[paperDays.length - 1] ?? context.today;
  const publishedOn = history[first + days + 4] ?? context.today;
  const termIds = new Set(paperDays.map((day) => termOn(context, day)));
  const termId = termIds.size === 1 ? ([...termIds][0] ?? null) : null;
  const examId = id('exam', 'unit-test');
  plan.exams.push({
    id: examId,
    schoolId,
    academicYearId: context.academicYearId,
    termId,
    name: 'Unit Test 2',
    kind: 'UNIT_TEST',
    createdByUserId: context.adminUserId,
    publishedAt: atSchoolTime(publishedOn, 16, 0),
    publishedByUserId: context.adminUserId,
    createdAt: atSchoolTime(addDays(paperDays[0] ?? context.today, -14), 10, 0),
  });

  const invigilators = context.teacherIds.length;
  const ability = new Map<string, number>();
  context.sections.forEach((section) => {
    for (const student of section.students) ability.set(student.id, 0.4 + random.next() * 0.55);
  });
  paperDays.forEach((day, dayIndex) => {
    // Sections sitting a paper that day, in sittings of at most one section per invigilator.
    const sitting = context.sections.filter((section) => subjectsOf[section.index]?.[dayIndex]);
    sitting.forEach((section, position) => {
      const lesson = subjectsOf[section.index]?.[dayIndex];
      if (!lesson) return;
      const round = Math.floor(position / Math.max(1, invigilators));
      const startsAt = atSchoolTime(day, 9, round * SITTING_MINUTES);
      const invigilator = context.teacherIds[(position + dayIndex * 7) % Math.max(1, invigilators)];
      const paperId = id('exam-paper', `${section.index}/${lesson.subjectCode}`);
      const teacherUserId = context.teacherUserId.get(lesson.teacherId) ?? context.adminUserId;
      plan.papers.push({
        id: paperId,
        schoolId,
        examId,
        sectionId: section.id,
        subjectId: lesson.subjectId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + PAPER_MINUTES * 60_000),
        room: section.homeRoom.toUpperCase(),
        invigilatorTeacherIds: invigilator ? [invigilator] : [],
        moderatorTeacherId: lesson.teacherId,
        maxMarks: EXAM_MAX_MARKS,
        passMarks: EXAM_PASS_MARKS,
        marksLockedAt: atSchoolTime(addDays(lastPaperDay, 3), 12, 0),
        marksLockedByUserId: context.adminUserId,
        createdAt: atSchoolTime(addDays(day, -10), 11, 0),
      });
      for (const student of section.students) {
        const isAbsent = random.chance(0.02);
        const share = Math.min(
          1,
          Math.max(0, (ability.get(student.id) ?? 0.6) + (random.next() - 0.5) * 0.3),
        );
        plan.marks.push({
          id: id('exam-mark', `${paperId}/${student.id}`),
          schoolId,
          paperId,
          studentId: student.id,
          isAbsent,
          enteredMarks: isAbsent ? null : Math.round(share * EXAM_MAX_MARKS),
          enteredByUserId: teacherUserId,
          enteredAt: atSchoolTime(addDays(day, 2), 16, 30),
        });
      }
    });
  });
  return plan;
}
