import type { Viewer } from '@schools24/auth';
import type { ExamKind } from '@schools24/db';
import { DomainError, ErrorCode, userError } from '@schools24/errors';
import type { EventBus } from '@schools24/events';
import { isUuid, type RecordAccess, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { forgetStale, type AcademicsLoaders } from '../loaders/index.js';
import type {
  ExamMarkRecord,
  ExamPaperRecord,
  ExamRecord,
  MarkRow,
} from '../repositories/exam-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import {
  EXAM_LIMITS,
  clashErrors,
  isWholeMark,
  markEntryErrors,
  marksFrozen,
  normalizeRoom,
  paperProblems,
  type MarkRowError,
} from './exam-rules.js';
import type { ExamService } from './exam-service.js';
import { notFound, type HomeworkService, type HomeworkUserError } from './homework-service.js';

export interface ExamAdminDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  access: RecordAccess;
  exams: ExamService;
  homework: HomeworkService;
  redis: Redis;
  events: EventBus;
  logger: Logger;
}

export interface CreateExamInput {
  academicYearId: string;
  termId?: string | null;
  name: string;
  kind: ExamKind;
}

export interface ScheduleExamPaperInput {
  examId: string;
  sectionId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
  room: string;
  invigilatorTeacherIds: readonly string[];
  moderatorTeacherId?: string | null;
  maxMarks: number;
  passMarks: number;
}

export interface EnterExamMarksInput {
  examPaperId: string;
  rows: readonly { studentId: string; marks?: number | null; isAbsent?: boolean | null }[];
}

export interface ModerateExamMarkInput {
  examPaperId: string;
  studentId: string;
  marks: number;
  reason: string;
}

type Result<K extends string, T> = { [key in K]: T | null } & { userErrors: HomeworkUserError[] };

const fail = <K extends string>(key: K, ...userErrors: HomeworkUserError[]) =>
  ({ [key]: null, userErrors }) as Result<K, never>;

/**
 * Writing exams: creating and scheduling (admins), entering marks (admins and the section's
 * teachers), moderating and locking (admins and the paper's moderator), publishing (admins). Rules
 * that span rows are judged inside the write's transaction under its locks (see ExamRepository).
 */
export class ExamAdminService {
  constructor(private readonly deps: ExamAdminDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  private get loaders(): AcademicsLoaders {
    return this.deps.tenant.loaders;
  }

  private viewer(): Viewer {
    return this.deps.homework.requireViewer();
  }

  private requireAdmin(): void {
    if (!this.deps.exams.isAdmin)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only school admins may do this.', {});
  }

  async createExam(input: CreateExamInput): Promise<Result<'exam', ExamRecord>> {
    this.requireAdmin();
    const [year, term] = await Promise.all([
      isUuid(input.academicYearId) ? this.loaders.academicYear.load(input.academicYearId) : null,
      input.termId && isUuid(input.termId) ? this.loaders.term.load(input.termId) : null,
    ]);
    if (!year) return fail('exam', notFound('academic year', ['input', 'academicYearId']));
    if (input.termId && !term) return fail('exam', notFound('term', ['input', 'termId']));
    if (term && term.academicYearId !== year.id)
      return fail(
        'exam',
        userError('WRONG_ACADEMIC_YEAR', 'The term belongs to another academic year.', ['input', 'termId']),
      );
    const name = input.name.trim();
    if (name.length === 0 || name.length > EXAM_LIMITS.name)
      return fail(
        'exam',
        userError('INVALID_INPUT', 'The name must be 1–200 characters.', ['input', 'name']),
      );
    const made = await this.deps.repos.exams.createExam(this.schoolId, {
      academicYearId: year.id,
      termId: term?.id ?? null,
      name,
      kind: input.kind,
      createdByUserId: this.viewer().userId,
    });
    if ('refused' in made)
      return fail(
        'exam',
        userError('NAME_TAKEN', 'Another exam of the year has this name.', ['input', 'name']),
      );
    this.deps.logger.info({ examId: made.id }, 'exam created');
    return { exam: made, userErrors: [] };
  }

  async schedulePaper(input: ScheduleExamPaperInput): Promise<Result<'paper', ExamPaperRecord>> {
    this.requireAdmin();
    const [exam, section, subject] = await Promise.all([
      this.deps.exams.exam(input.examId),
      isUuid(input.sectionId) ? this.loaders.section.load(input.sectionId) : null,
      isUuid(input.subjectId) ? this.loaders.subject.load(input.subjectId) : null,
    ]);
    if (!exam) return fail('paper', notFound('exam', ['input', 'examId']));
    if (!section) return fail('paper', notFound('section', ['input', 'sectionId']));
    if (!subject) return fail('paper', notFound('subject', ['input', 'subjectId']));
    if (section.academicYearId !== exam.academicYearId)
      return fail(
        'paper',
        userError('WRONG_ACADEMIC_YEAR', "The section is not of the exam's academic year.", [
          'input',
          'sectionId',
        ]),
      );
    if (exam.publishedAt)
      return fail(
        'paper',
        userError('RESULTS_PUBLISHED', "The exam's results are published: unpublish them first.", [
          'input',
          'examId',
        ]),
      );
    const window = exam.termId
      ? await this.loaders.term.load(exam.termId)
      : await this.loaders.academicYear.load(exam.academicYearId);
    if (!window) return fail('paper', notFound('academic year', ['input', 'examId']));
    const problems = paperProblems(input, window);

    const teacherIds = [
      ...input.invigilatorTeacherIds,
      ...(input.moderatorTeacherId ? [input.moderatorTeacherId] : []),
    ];
    const existing = await this.deps.repos.structureAdmin.existingTeacherIds(this.schoolId, teacherIds);
    if (input.invigilatorTeacherIds.some((id) => !existing.has(id.toLowerCase())))
      problems.push(notFound('teacher', ['input', 'invigilatorTeacherIds']));
    if (input.moderatorTeacherId && !existing.has(input.moderatorTeacherId.toLowerCase()))
      problems.push(notFound('teacher', ['input', 'moderatorTeacherId']));
    if (problems.length > 0) return fail('paper', ...problems);

    const scheduled = await this.deps.repos.exams.schedulePaper(this.schoolId, {
      examId: exam.id,
      sectionId: section.id,
      subjectId: subject.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      room: normalizeRoom(input.room),
      invigilatorTeacherIds: [...new Set(input.invigilatorTeacherIds.map((id) => id.toLowerCase()))],
      moderatorTeacherId: input.moderatorTeacherId?.toLowerCase() ?? null,
      maxMarks: input.maxMarks,
      passMarks: input.passMarks,
    });
    if ('clashes' in scheduled) return fail('paper', ...clashErrors(scheduled.clashes));
    if ('refused' in scheduled) {
      if (scheduled.refused === 'NOT_FOUND') return fail('paper', notFound('exam', ['input', 'examId']));
      if (scheduled.refused === 'RESULTS_PUBLISHED')
        return fail(
          'paper',
          userError('RESULTS_PUBLISHED', "The exam's results are published: unpublish them first.", [
            'input',
            'examId',
          ]),
        );
      return fail(
        'paper',
        userError('ALREADY_EXISTS', 'The exam already has a paper for this section and subject.', [
          'input',
          'subjectId',
        ]),
      );
    }
    await touchGradebooks(this.deps.redis, this.schoolId, { pairs: [scheduled] }, this.deps.logger);
    this.deps.logger.info({ examId: exam.id, examPaperId: scheduled.id }, 'exam paper scheduled');
    return { paper: scheduled, userErrors: [] };
  }

  async enterMarks(input: EnterExamMarksInput): Promise<{
    paper: ExamPaperRecord | null;
    marks: ExamMarkRecord[];
    rowErrors: MarkRowError[];
    userErrors: HomeworkUserError[];
  }> {
    const viewer = this.viewer();
    const nothing = { paper: null, marks: [], rowErrors: [] as MarkRowError[] };
    const paper = await this.deps.exams.paper(input.examPaperId);
    if (!paper) return { ...nothing, userErrors: [notFound('exam paper', ['input', 'examPaperId'])] };
    await this.deps.access.assertCanSeeSectionStudents(paper.sectionId);
    if (input.rows.length === 0 || input.rows.length > EXAM_LIMITS.rows)
      return {
        ...nothing,
        userErrors: [userError('INVALID_INPUT', 'Enter 1–200 rows at a time.', ['input', 'rows'])],
      };
    const rows: MarkRow[] = input.rows.map((row) => ({
      studentId: row.studentId,
      marks: row.marks ?? null,
      isAbsent: row.isAbsent ?? false,
    }));
    const entered = await this.deps.repos.exams.enterMarks<MarkRowError | HomeworkUserError>(
      this.schoolId,
      paper.id,
      rows,
      viewer.userId,
      (facts) => {
        const frozen = marksFrozen(facts);
        return frozen ? [frozen] : markEntryErrors(rows, facts);
      },
    );
    if ('refused' in entered)
      return { ...nothing, userErrors: [notFound('exam paper', ['input', 'examPaperId'])] };
    if (entered.errors.length > 0) {
      const rowErrors = entered.errors.filter((error): error is MarkRowError => 'studentId' in error);
      const userErrors = entered.errors.filter(
        (error): error is HomeworkUserError => !('studentId' in error),
      );
      return { ...nothing, rowErrors, userErrors };
    }
    await touchGradebooks(this.deps.redis, this.schoolId, { pairs: [paper] }, this.deps.logger);
    this.deps.logger.info({ examPaperId: paper.id, rows: rows.length }, 'exam marks entered');
    return { paper, marks: entered.marks, rowErrors: [], userErrors: [] };
  }

  /** Admins, and the teacher the paper names as its moderator. */
  private async assertModerator(paper: ExamPaperRecord): Promise<void> {
    if (this.deps.exams.isAdmin) return;
    const { teacherId } = await this.deps.homework.ownRecords();
    if (!teacherId || teacherId.toLowerCase() !== paper.moderatorTeacherId?.toLowerCase())
      throw new DomainError(ErrorCode.FORBIDDEN, "Only admins and the paper's moderator may do this.", {
        examPaperId: paper.id,
      });
  }

  async moderate(input: ModerateExamMarkInput): Promise<Result<'mark', ExamMarkRecord>> {
    const viewer = this.viewer();
    const paper = await this.deps.exams.paper(input.examPaperId);
    if (!paper) return fail('mark', notFound('exam paper', ['input', 'examPaperId']));
    await this.assertModerator(paper);
    const problems: HomeworkUserError[] = [];
    if (!isWholeMark(input.marks, paper.maxMarks))
      problems.push(
        userError('INVALID_MARKS', `The marks must be a whole number from 0 to ${paper.maxMarks}.`, [
          'input',
          'marks',
        ]),
      );
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > EXAM_LIMITS.reason)
      problems.push(userError('INVALID_INPUT', 'The reason must be 1–500 characters.', ['input', 'reason']));
    if (!isUuid(input.studentId)) problems.push(notFound('student', ['input', 'studentId']));
    if (problems.length > 0) return fail('mark', ...problems);
    const moderated = await this.deps.repos.exams.moderate(
      this.schoolId,
      paper.id,
      input.studentId,
      { marks: input.marks, reason, userId: viewer.userId },
      (facts): HomeworkUserError[] => {
        const frozen = marksFrozen(facts);
        if (frozen) return [frozen];
        if (!facts.mark) return [notFound('entered mark for this student', ['input', 'studentId'])];
        if (facts.mark.isAbsent)
          return [
            userError('INVALID_MARKS', 'The student was entered absent: correct the entry instead.', [
              'input',
              'studentId',
            ]),
          ];
        return [];
      },
    );
    if ('refused' in moderated) return fail('mark', notFound('exam paper', ['input', 'examPaperId']));
    if (moderated.errors.length > 0) return fail('mark', ...moderated.errors);
    await touchGradebooks(this.deps.redis, this.schoolId, { pairs: [paper] }, this.deps.logger);
    this.deps.logger.info({ examPaperId: paper.id, studentId: input.studentId }, 'exam mark moderated');
    return { mark: moderated.mark, userErrors: [] };
  }

  async setMarksLock(examPaperId: string, locked: boolean): Promise<Result<'paper', ExamPaperRecord>> {
    const viewer = this.viewer();
    if (!locked) this.requireAdmin();
    const paper = await this.deps.exams.paper(examPaperId);
    if (!paper) return fail('paper', notFound('exam paper', ['input', 'examPaperId']));
    if (locked) await this.assertModerator(paper);
    const changed = await this.deps.repos.exams.setMarksLock(
      this.schoolId,
      paper.id,
      locked ? { userId: viewer.userId } : null,
      (facts): HomeworkUserError[] => {
        const frozen = locked ? null : marksFrozen({ ...facts, paper: { marksLockedAt: null } });
        return frozen ? [frozen] : [];
      },
    );
    if ('refused' in changed) return fail('paper', notFound('exam paper', ['input', 'examPaperId']));
    if (changed.errors.length > 0) return fail('paper', ...changed.errors);
    await forgetStale(this.deps.redis, this.schoolId, this.loaders, { examPaper: [paper.id] });
    this.deps.logger.info({ examPaperId: paper.id, locked }, 'exam paper marks lock changed');
    return { paper: changed.paper, userErrors: [] };
  }

  async setPublished(examId: string, published: boolean): Promise<Result<'exam', ExamRecord>> {
    this.requireAdmin();
    const viewer = this.viewer();
    const exam = await this.deps.exams.exam(examId);
    if (!exam) return fail('exam', notFound('exam', ['input', 'examId']));
    const changed = await this.deps.repos.exams.setPublished(
      this.schoolId,
      exam.id,
      published ? { userId: viewer.userId } : null,
      (facts): HomeworkUserError[] => {
        if (!published) return [];
        if (facts.papers === 0)
          return [userError('MARKS_NOT_LOCKED', 'The exam has no papers to publish.', ['input', 'examId'])];
        if (facts.unlocked > 0)
          return [
            userError(
              'MARKS_NOT_LOCKED',
              `${facts.unlocked} of the exam's ${facts.papers} papers still have unlocked marks.`,
              ['input', 'examId'],
            ),
          ];
        return [];
      },
    );
    if ('refused' in changed) return fail('exam', notFound('exam', ['input', 'examId']));
    if (changed.errors.length > 0) return fail('exam', ...changed.errors);
    await forgetStale(this.deps.redis, this.schoolId, this.loaders, { exam: [exam.id] });
    // Publication is rare and spans the exam's papers: every gradebook of the school reads afresh.
    await touchGradebooks(this.deps.redis, this.schoolId, { school: true }, this.deps.logger);
    this.deps.logger.info({ examId: exam.id, published }, 'exam results publication changed');
    if (published) await this.announce(exam.id);
    return { exam: changed.exam, userErrors: [] };
  }

  /** Best-effort after the commit: the publication stands even when the event cannot be sent. */
  private async announce(examId: string): Promise<void> {
    try {
      await this.deps.events.publish('examResultsPublished', this.schoolId, { examId });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, event: 'examResultsPublished', examId },
        'could not publish an event',
      );
    }
  }
}
