import type { ObjectStore } from '@schools24/storage';
import { attendanceIndex, markRows } from '../../attendance-payload.js';
import type { AcademicsRepositories } from '../../repositories/index.js';
import type { ReportCardRecord } from '../../repositories/report-card-repository.js';
import { sectionDisplayName } from '../../resolvers/section-display-name.js';
import type { AcademicsWriteKinds } from '../../write-kinds.js';
import { summarise } from '../attendance-service.js';
import type { AttendanceLine, ReportCardDocument } from './render.js';
import type { TermGradesSource } from './term-grades-source.js';

/** The attendance code counted as "late" on a card (present, but late): the default code `L`. */
const LATE_CODE = 'L';

/** A card that cannot be made whatever is retried (the record it needs is gone): fail it at once. */
export class ReportCardDataError extends Error {
  override readonly name = 'ReportCardDataError';
}

export interface ReportCardDataDependencies {
  repos: AcademicsRepositories;
  kinds: Pick<AcademicsWriteKinds, 'attendance'>;
  store: ObjectStore;
  termGrades: TermGradesSource;
}

/**
 * Reads everything one card prints, outside any request (a worker): the school's letterhead and
 * logo, the student, section, term and year, the term grades (through `TermGradesSource`), the
 * term's daily attendance (stored marks and still-buffered ones, each once), the remarks and the
 * grading scale. Authorization was decided when the batch was requested.
 */
export async function reportCardDocument(
  deps: ReportCardDataDependencies,
  card: ReportCardRecord,
  now: Date = new Date(),
): Promise<ReportCardDocument> {
  const { repos } = deps;
  const schoolId = card.schoolId;
  const [letterhead, [student], [term], [section], grades, legend, remarks] = await Promise.all([
    repos.reportCards.letterhead(schoolId),
    repos.reportCards.studentNames(schoolId, [card.studentId]),
    repos.academicYears.findTermsByIds(schoolId, [card.termId]),
    repos.sections.findByIds(schoolId, [card.sectionId]),
    deps.termGrades.termGradesForStudents(schoolId, card.termId, [card.studentId]),
    deps.termGrades.gradingScaleLegend(schoolId, card.termId),
    repos.reportCards.remarksOf(schoolId, card.termId, [card.studentId]),
  ]);
  if (!letterhead) throw new ReportCardDataError('The school is gone.');
  if (!student) throw new ReportCardDataError('The student is not a student of the school any more.');
  if (!term) throw new ReportCardDataError('The term was deleted.');
  if (!section) throw new ReportCardDataError('The section was deleted.');
  const remarkSubjectIds = remarks.flatMap((remark) => (remark.subjectId ? [remark.subjectId] : []));
  const [[year], [grade], subjects, enrolment, attendance, logo] = await Promise.all([
    repos.academicYears.findByIds(schoolId, [term.academicYearId]),
    repos.grades.findByIds(schoolId, [section.gradeId]),
    repos.subjects.findByIds(schoolId, remarkSubjectIds),
    repos.reportCards.activeEnrolmentIn(schoolId, card.studentId, term.academicYearId),
    attendanceOf(deps, schoolId, card.studentId, { from: term.startsOn, to: term.endsOn }),
    letterhead.logoObjectKey ? deps.store.get(letterhead.logoObjectKey) : null,
  ]);
  const subjectNames = new Map(subjects.map((subject) => [subject.id, subject.name]));
  return {
    school: { name: letterhead.name, logo },
    student: {
      name: `${student.givenName} ${student.familyName}`,
      admissionNumber: student.admissionNumber,
      rollNumber: enrolment?.sectionId === section.id ? enrolment.rollNumber : null,
    },
    section: grade ? sectionDisplayName(section, grade) : section.name,
    term: { name: term.name, startsOn: term.startsOn, endsOn: term.endsOn },
    academicYear: year?.name ?? '',
    subjects: grades.get(card.studentId) ?? [],
    attendance,
    generalRemark: remarks.find((remark) => remark.subjectId === null)?.text ?? null,
    subjectRemarks: remarks
      .flatMap((remark) =>
        remark.subjectId && subjectNames.has(remark.subjectId)
          ? [{ subjectName: subjectNames.get(remark.subjectId) ?? '', text: remark.text }]
          : [],
      )
      .sort((a, b) => a.subjectName.localeCompare(b.subjectName)),
    legend,
    generatedAt: now,
  };
}

/** The term's daily attendance of the student, as `studentAttendance` counts it (both ends included). */
async function attendanceOf(
  deps: ReportCardDataDependencies,
  schoolId: string,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<AttendanceLine> {
  const [codes, stored, buffered] = await Promise.all([
    deps.repos.attendance.codes(schoolId),
    deps.repos.attendance.marksInRange(schoolId, { studentId }, range, true),
    deps.kinds.attendance.pendingByIndex(schoolId, attendanceIndex.ofStudent(studentId), { limit: 1000 }),
  ]);
  const byId = new Map<string, { codeId: string }>();
  for (const entry of buffered)
    for (const mark of markRows(entry.tenant, entry.actor, entry.payload))
      if (
        mark.studentId === studentId &&
        mark.periodNumber === 0 &&
        mark.date >= range.from &&
        mark.date <= range.to
      )
        byId.set(mark.id, mark);
  for (const mark of stored) byId.set(mark.id, mark);
  const summary = summarise([...byId.values()], codes, range);
  const late = new Set(codes.filter((code) => code.code === LATE_CODE).map((code) => code.id));
  return {
    sessions: summary.sessions,
    present: summary.present,
    absent: summary.sessions - summary.present,
    late: summary.byCode
      .filter((count) => late.has(count.codeId))
      .reduce((sum, count) => sum + count.count, 0),
    rate: summary.rate,
  };
}
