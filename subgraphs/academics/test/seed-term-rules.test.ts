/*
 * The demo seed's living term (libs/seed) against the academics subgraph's own rules, in memory (no
 * database). The seed is a library and may not import a subgraph, so the proof lives here: what
 * the seed writes is what the mutations and write-buffer sinks would have written: the same derived
 * ids, content the question schemas accept, the auto-grader's points, the late policy's penalties,
 * no timetable or exam-schedule clash, marks within the paper's maximum, attempts within the
 * quiz's limits.
 */
import { describe, expect, it } from 'vitest';
import { markIdFor } from '../src/attendance-payload.js';
import { quizAnswerIdFor, quizSubmissionIdFor } from '../src/quiz-payload.js';
import { submissionIdFor } from '../src/submission-payload.js';
import { DEFAULT_ATTENDANCE_CODES } from '../src/repositories/attendance-repository.js';
import { paperProblems, rowShapeErrors } from '../src/services/exam-rules.js';
import { applyLatePolicy } from '../src/services/late-policy.js';
import { answerResponse, gradeResponse, questionContent } from '../src/services/question-content.js';
import { clashesOf, isoWeekday } from '../src/services/timetable-rules.js';
import { idFactory, planSchool, planTerm, type TermPlan } from '@schools24/seed';

const WEDNESDAY = new Date(Date.UTC(2026, 10, 18));
const options = { code: 'RULES', students: 300, teachers: 40, seed: 24, yearStart: 2026 } as const;
const school = planSchool(options);
const term: TermPlan = planTerm(school, {
  ...options,
  id: idFactory(options.seed, options.code),
  today: WEDNESDAY,
});
const { context } = term;
const time = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : Number.NaN);

describe('the living term obeys the academics rules', () => {
  it('derives attendance, submission and quiz ids exactly as the subgraph does', () => {
    for (const mark of term.attendance.marks.slice(0, 500))
      expect(mark.id).toBe(
        markIdFor(
          mark.schoolId,
          mark.studentId,
          new Date(mark.date).toISOString().slice(0, 10),
          mark.periodNumber,
        ),
      );
    for (const submission of term.homework.submissions)
      expect(submission.id).toBe(submissionIdFor(submission.schoolId, submission.idempotencyId));
    for (const submission of term.quizzes.submissions)
      expect(submission.id).toBe(quizSubmissionIdFor(submission.schoolId, submission.idempotencyId));
    const submissionOf = new Map(term.quizzes.submissions.map((row) => [row.attemptId, row.id]));
    for (const answer of term.quizzes.answers)
      expect(answer.id).toBe(quizAnswerIdFor(submissionOf.get(answer.attemptId) ?? '', answer.quizItemId));
    expect(
      term.attendance.codes.map(({ code, name, countsAsPresent }) => ({ code, name, countsAsPresent })),
    ).toEqual(DEFAULT_ATTENDANCE_CODES.map((code) => ({ ...code })));
  });

  it('books no section, teacher or room twice in a slot, and substitutes only free teachers', () => {
    expect(term.timetable.unplacedLessons).toBe(0);
    const entries = term.timetable.entries.map((entry) => ({
      ...entry,
      termId: entry.termId ?? null,
      roomId: entry.roomId ?? null,
    }));
    const bySlot = new Map<string, typeof entries>();
    for (const entry of entries) {
      const slot = `${entry.weekday}/${entry.periodNumber}`;
      expect(clashesOf(entry, bySlot.get(slot) ?? [])).toEqual([]);
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), entry]);
    }
    // Every teaching assignment gets its weekly periods.
    const perLesson = new Map<string, number>();
    for (const entry of entries)
      perLesson.set(
        `${entry.sectionId}/${entry.subjectId}`,
        (perLesson.get(`${entry.sectionId}/${entry.subjectId}`) ?? 0) + 1,
      );
    for (const lesson of context.lessons)
      expect(perLesson.get(`${context.sections[lesson.sectionIndex]?.id}/${lesson.subjectId}`)).toBe(
        lesson.periodsPerWeek,
      );

    expect(term.timetable.substitutions).toHaveLength(2);
    for (const substitution of term.timetable.substitutions) {
      const date = new Date(substitution.date);
      const entry = entries.find((candidate) => candidate.id === substitution.entryId);
      expect(entry?.weekday).toBe(isoWeekday(date));
      expect(date >= context.today && date <= context.yearEndsOn).toBe(true);
      expect(substitution.substituteTeacherId).not.toBe(entry?.teacherId);
      const busy = entries.some(
        (own) =>
          own.teacherId === substitution.substituteTeacherId &&
          own.weekday === entry?.weekday &&
          own.periodNumber === entry.periodNumber,
      );
      expect(busy).toBe(false);
    }
  });

  it('keeps every question and response valid and grades answers as the auto-grader does', () => {
    const contentOf = new Map(
      term.quizzes.questionVersions.map((version) => [version.id, questionContent.parse(version.content)]),
    );
    expect(new Set([...contentOf.values()].map((content) => content.type))).toEqual(
      new Set([
        'SINGLE_CHOICE',
        'MULTIPLE_CHOICE',
        'TRUE_FALSE',
        'NUMERIC',
        'SHORT_ANSWER',
        'MATCHING',
        'ORDERING',
        'ESSAY',
      ]),
    );
    const items = new Map(term.quizzes.items.map((item) => [item.id, item]));
    for (const answer of term.quizzes.answers) {
      const item = items.get(answer.quizItemId);
      const content = contentOf.get(item?.questionVersionId ?? '');
      if (!item || !content) throw new Error('answer without its item');
      expect(answer.points ?? null).toBe(
        gradeResponse(content, answerResponse.parse(answer.response), item.points),
      );
    }
    expect(term.quizzes.answers.some((answer) => answer.points === null)).toBe(true);
  });

  it('keeps attempts inside the quiz window, its time limit and its attempt limit', () => {
    const quizzes = new Map(term.quizzes.quizzes.map((quiz) => [quiz.id, quiz]));
    const submitted = new Map(term.quizzes.submissions.map((row) => [row.attemptId, time(row.submittedAt)]));
    const perStudent = new Map<string, number>();
    for (const attempt of term.quizzes.attempts) {
      const quiz = quizzes.get(attempt.quizId);
      if (!quiz) throw new Error('attempt without its quiz');
      const key = `${attempt.quizId}/${attempt.studentId}`;
      perStudent.set(key, (perStudent.get(key) ?? 0) + 1);
      expect(attempt.number).toBe(perStudent.get(key));
      expect(attempt.number).toBeLessThanOrEqual(quiz.maxAttempts);
      expect(time(attempt.startedAt)).toBeGreaterThanOrEqual(time(quiz.opensAt));
      expect(time(attempt.deadlineAt)).toBe(
        Math.min(time(attempt.startedAt) + (quiz.timeLimitSeconds ?? 0) * 1000, time(quiz.closesAt)),
      );
      expect(submitted.get(attempt.id ?? '')).toBeLessThanOrEqual(time(attempt.deadlineAt));
      expect(submitted.get(attempt.id ?? '')).toBeLessThan(time(WEDNESDAY));
    }
  });

  it('grades homework under its late policy, within its points, and only submissions made before today', () => {
    const homework = new Map(term.homework.homework.map((row) => [row.id, row]));
    for (const submission of term.homework.submissions) {
      const row = homework.get(submission.homeworkId);
      if (!row) throw new Error('submission without its homework');
      const submittedAt = new Date(submission.submittedAt);
      expect(submission.isLate).toBe(submittedAt > row.dueAt);
      expect(submittedAt.getTime()).toBeLessThan(WEDNESDAY.getTime());
      if (submission.rawPoints === null || submission.rawPoints === undefined) continue;
      expect(submission.rawPoints).toBeLessThanOrEqual(row.maxPoints);
      expect({ latePenaltyPercent: submission.latePenaltyPercent, points: submission.points }).toEqual(
        applyLatePolicy(
          {
            dueAt: row.dueAt,
            latePenaltyPercentPerDay: row.latePenaltyPercentPerDay ?? 0,
            latePenaltyMaxPercent: row.latePenaltyMaxPercent ?? 100,
          },
          { submittedAt, isLate: submission.isLate },
          submission.rawPoints,
        ),
      );
    }
  });

  it('schedules exam papers without clashes and enters marks the paper accepts', () => {
    const window = { startsOn: context.yearStartsOn, endsOn: context.yearEndsOn };
    for (const paper of term.exams.papers) {
      const times = {
        startsAt: new Date(paper.startsAt),
        endsAt: new Date(paper.endsAt),
        room: paper.room,
        invigilatorTeacherIds: Array.isArray(paper.invigilatorTeacherIds) ? paper.invigilatorTeacherIds : [],
        maxMarks: paper.maxMarks,
        passMarks: paper.passMarks,
      };
      expect(paperProblems(times, window)).toEqual([]);
      const rows = term.exams.marks
        .filter((mark) => mark.paperId === paper.id)
        .map((mark) => ({
          studentId: mark.studentId,
          isAbsent: mark.isAbsent,
          marks: mark.enteredMarks ?? null,
        }));
      expect(rows.length).toBe(
        context.sections.find((section) => section.id === paper.sectionId)?.students.length,
      );
      expect(rowShapeErrors(rows, paper.maxMarks)).toEqual([]);
    }
    // No room, section or invigilator in two overlapping papers.
    const papers = term.exams.papers;
    for (const [index, a] of papers.entries())
      for (const b of papers.slice(index + 1)) {
        if (!(time(a.startsAt) < time(b.endsAt) && time(b.startsAt) < time(a.endsAt))) continue;
        expect(a.room).not.toBe(b.room);
        expect(a.sectionId).not.toBe(b.sectionId);
        expect(a.invigilatorTeacherIds).not.toEqual(b.invigilatorTeacherIds);
      }
    expect(time(term.exams.exams[0]?.publishedAt)).toBeLessThan(time(WEDNESDAY));
    for (const paper of papers)
      expect(time(paper.marksLockedAt)).toBeLessThan(time(term.exams.exams[0]?.publishedAt));
  });
});
