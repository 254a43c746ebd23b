import type { Viewer } from '@schools24/auth';
import { DomainError, ErrorCode } from '@schools24/errors';
import {
  isUuid,
  parsePageRequest,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type RecordAccess,
  type TenantScope,
} from '@schools24/graphql';
import { CURRENT_YEAR_KEY, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { EnrolmentRecord } from '../repositories/enrolment-repository.js';
import type {
  ExamMarkPage,
  ExamMarkRecord,
  ExamPage,
  ExamPaperPage,
  ExamPaperRecord,
  ExamRecord,
  StatisticsRow,
} from '../repositories/exam-repository.js';

/** A student's hall ticket: the exam, the enrolment it is for and that section's papers. */
export interface HallTicketModel {
  exam: ExamRecord;
  studentId: string;
  enrolmentId: string;
  papers: ExamPaperRecord[];
}

export type HallTicketPage = Connection<HallTicketModel>;

export interface ExamPaperResultModel {
  paper: ExamPaperRecord;
  mark: ExamMarkRecord | null;
}

export interface ExamResultModel {
  exam: ExamRecord;
  studentId: string;
  papers: ExamPaperResultModel[];
}

export interface ExamStatisticsModel {
  candidates: number;
  absentees: number;
  meanPercent: number | null;
  medianPercent: number | null;
  passRate: number | null;
  distribution: { fromPercent: number; toPercent: number; count: number }[];
}

export interface SectionStatisticsModel {
  sectionId: string;
  statistics: ExamStatisticsModel;
}

export interface SubjectStatisticsModel {
  subjectId: string;
  statistics: ExamStatisticsModel;
}

export interface ExamAnalyticsModel {
  exam: ExamRecord;
  overall: ExamStatisticsModel;
  bySection: SectionStatisticsModel[];
  bySubject: SubjectStatisticsModel[];
}

export interface ExamPapersArgs extends ConnectionArgs {
  sectionId?: string | null;
}

/** The mark that counts: the moderator's where there is one. */
export const effectiveMarks = (mark: Pick<ExamMarkRecord, 'moderatedMarks' | 'enteredMarks' | 'isAbsent'>) =>
  mark.isAbsent ? null : (mark.moderatedMarks ?? mark.enteredMarks);

const ADMIN_ROLES = ['SCHOOL_ADMIN', 'PLATFORM_ADMIN'] as const;

const emptyStatistics = (): ExamStatisticsModel => toStatistics(null);

function toStatistics(row: StatisticsRow | null): ExamStatisticsModel {
  return {
    candidates: row?.candidates ?? 0,
    absentees: row?.absentees ?? 0,
    meanPercent: row?.mean ?? null,
    medianPercent: row?.median ?? null,
    passRate: row?.passRate ?? null,
    distribution: Array.from({ length: 10 }, (_, band) => ({
      fromPercent: band * 10,
      toPercent: band * 10 + 10,
      count: row?.bands[band] ?? 0,
    })),
  };
}

/**
 * Reading exams. The exam and its timetable are for every member of the school; hall tickets follow
 * record ownership (admins, the student's teachers, the student, their guardians); marks are for
 * admins and the section's teachers; a student's results reach the student and their guardians only
 * once the exam is published.
 */
export class ExamService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly access: RecordAccess,
    private readonly viewer: Viewer | null,
  ) {}

  private get schoolId(): string {
    return this.tenant.schoolId;
  }

  get isAdmin(): boolean {
    return this.viewer?.roles.some((role) => (ADMIN_ROLES as readonly string[]).includes(role)) ?? false;
  }

  exam(id: string): Promise<ExamRecord | null> {
    return isUuid(id) ? this.tenant.loaders.exam.load(id) : Promise.resolve(null);
  }

  paper(id: string): Promise<ExamPaperRecord | null> {
    return isUuid(id) ? this.tenant.loaders.examPaper.load(id) : Promise.resolve(null);
  }

  enrolment(id: string): Promise<EnrolmentRecord | null> {
    return this.tenant.loaders.enrolment.load(id);
  }

  async exams(academicYearId: string | null | undefined, args: ConnectionArgs): Promise<ExamPage> {
    const page = parsePageRequest(args);
    const yearId = academicYearId
      ? academicYearId
      : (await this.tenant.loaders.currentAcademicYear.load(CURRENT_YEAR_KEY))?.id;
    if (!yearId || !isUuid(yearId)) return toConnection([], page, 0);
    return this.repos.exams.pageOfYear(this.schoolId, yearId, page);
  }

  papersOf(exam: ExamRecord, args: ExamPapersArgs): Promise<ExamPaperPage> {
    const page = parsePageRequest(args);
    if (args.sectionId && !isUuid(args.sectionId)) return Promise.resolve(toConnection([], page, 0));
    return this.repos.exams.pageOfPapers(this.schoolId, exam.id, args.sectionId ?? null, page);
  }

  /** The student's ACTIVE enrolment in the exam's academic year, or null. */
  private async enrolmentFor(exam: ExamRecord, studentId: string): Promise<EnrolmentRecord | null> {
    const enrolments = (await this.tenant.loaders.enrolmentsByStudent.load(studentId)) ?? [];
    const sections = await Promise.all(
      enrolments.map((enrolment) => this.tenant.loaders.section.load(enrolment.sectionId)),
    );
    return (
      enrolments.find(
        (enrolment, index) =>
          enrolment.status === 'ACTIVE' && sections[index]?.academicYearId === exam.academicYearId,
      ) ?? null
    );
  }

  async hallTicket(examId: string, studentId: string): Promise<HallTicketModel | null> {
    if (!isUuid(studentId)) return null;
    await this.access.assertCanSeeStudent(studentId);
    const exam = await this.exam(examId);
    if (!exam) return null;
    const enrolment = await this.enrolmentFor(exam, studentId);
    if (!enrolment) return null;
    const papers = await this.repos.exams.papersOfSection(this.schoolId, exam.id, enrolment.sectionId);
    if (papers.length === 0) return null;
    return { exam, studentId: enrolment.studentId, enrolmentId: enrolment.id, papers };
  }

  async hallTickets(examId: string, sectionId: string, args: ConnectionArgs): Promise<HallTicketPage | null> {
    const page = parsePageRequest(args);
    const [exam, section] = await Promise.all([
      this.exam(examId),
      isUuid(sectionId) ? this.tenant.loaders.section.load(sectionId) : null,
    ]);
    if (!exam || !section) return null;
    await this.access.assertCanSeeSectionStudents(section.id);
    const [papers, enrolments] = await Promise.all([
      this.repos.exams.papersOfSection(this.schoolId, exam.id, section.id),
      this.repos.exams.pageOfActiveEnrolments(this.schoolId, section.id, page),
    ]);
    if (papers.length === 0) return toConnection([], page, 0);
    return {
      ...enrolments,
      edges: enrolments.edges.map(({ node, cursor }) => ({
        cursor,
        node: { exam, studentId: node.studentId, enrolmentId: node.id, papers },
      })),
    };
  }

  /** Whether the viewer sees the section's marks whether or not they are published. */
  private async seesUnpublished(sectionId: string): Promise<boolean> {
    if (this.isAdmin) return true;
    return (this.viewer?.roles.includes('TEACHER') ?? false) && this.access.canSeeSectionStudents(sectionId);
  }

  async result(examId: string, studentId: string): Promise<ExamResultModel | null> {
    if (!isUuid(studentId)) return null;
    await this.access.assertCanSeeStudent(studentId);
    const exam = await this.exam(examId);
    if (!exam) return null;
    const enrolment = await this.enrolmentFor(exam, studentId);
    if (!enrolment) return null;
    if (!exam.publishedAt && !(await this.seesUnpublished(enrolment.sectionId))) return null;
    const papers = await this.repos.exams.papersOfSection(this.schoolId, exam.id, enrolment.sectionId);
    if (papers.length === 0) return null;
    const marks = await this.repos.exams.marksOfStudent(
      this.schoolId,
      papers.map((paper) => paper.id),
      enrolment.studentId,
    );
    const byPaper = new Map(marks.map((mark) => [mark.paperId, mark]));
    return {
      exam,
      studentId: enrolment.studentId,
      papers: papers.map((paper) => ({ paper, mark: byPaper.get(paper.id) ?? null })),
    };
  }

  async marksOf(paper: ExamPaperRecord, args: ConnectionArgs): Promise<ExamMarkPage> {
    const page = parsePageRequest(args);
    await this.access.assertCanSeeSectionStudents(paper.sectionId);
    return this.repos.exams.pageOfMarks(this.schoolId, paper.id, page);
  }

  async analytics(examId: string): Promise<ExamAnalyticsModel | null> {
    const exam = await this.exam(examId);
    if (!exam) return null;
    if (!this.access.seesWholeSchool) {
      const sectionIds = await this.repos.exams.sectionIdsOf(this.schoolId, exam.id);
      const teaches = await Promise.all(sectionIds.map((id) => this.access.canSeeSectionStudents(id)));
      if (!teaches.some(Boolean))
        throw new DomainError(
          ErrorCode.FORBIDDEN,
          "You can see an exam's analytics only when you teach a section sitting it.",
          { examId: exam.id },
        );
    }
    const rows = await this.repos.exams.statistics(this.schoolId, exam.id);
    const overall = rows.find((row) => row.isOverall);
    return {
      exam,
      overall: overall ? toStatistics(overall) : emptyStatistics(),
      bySection: rows
        .filter(
          (row): row is StatisticsRow & { sectionId: string } => !row.isOverall && row.sectionId !== null,
        )
        .map((row) => ({ sectionId: row.sectionId, statistics: toStatistics(row) })),
      bySubject: rows
        .filter(
          (row): row is StatisticsRow & { subjectId: string } => !row.isOverall && row.subjectId !== null,
        )
        .map((row) => ({ subjectId: row.subjectId, statistics: toStatistics(row) })),
    };
  }
}
