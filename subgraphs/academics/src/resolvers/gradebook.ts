import type {
  GradebookCategoryResultResolvers,
  GradebookColumnResolvers,
  GradebookRowResolvers,
  MutationResolvers,
  QueryResolvers,
  SectionGradebookResolvers,
  StudentGradebookResolvers,
  SubjectTermGradeResolvers,
  SubjectYearGradesResolvers,
  TermGradeOfTermResolvers,
  TermGradeOverrideEventResolvers,
  TermGradeOverrideResolvers,
  TermGradeResolvers,
} from '../generated/resolvers-types.js';
import { rowPage } from '../services/gradebook-service.js';
import { required } from './required.js';

export const gradebookQueryResolvers: QueryResolvers = {
  gradingScales: (_parent, args, { gradebook }) => gradebook.scalePage(args),
  gradingScale: (_parent, { id }, { gradebook }) => gradebook.scale(id),
  sectionGradebook: (_parent, { sectionId, subjectId, termId }, { gradebook }) =>
    gradebook.sectionGradebook(sectionId, subjectId, termId),
  studentGradebook: (_parent, { studentId, subjectId, termId }, { gradebook }) =>
    gradebook.studentGradebook(studentId, subjectId, termId),
  studentTermGrades: (_parent, { studentId, termId }, { gradebook }) =>
    gradebook.studentTermGrades(studentId, termId),
  studentYearGrades: (_parent, { studentId, academicYearId }, { gradebook }) =>
    gradebook.studentYearGrades(studentId, academicYearId),
  termGradeOverrideHistory: (_parent, { studentId, subjectId, termId, ...page }, { gradebook }) =>
    gradebook.overrideHistory({ studentId, subjectId, termId }, page),
};

export const gradebookMutationResolvers: MutationResolvers = {
  createGradingScale: (_parent, { input }, { gradebook }) => gradebook.createScale(input),
  updateGradingScale: (_parent, { input }, { gradebook }) => gradebook.updateScale(input),
  deleteGradingScale: (_parent, { input }, { gradebook }) => gradebook.deleteScale(input),
  setSubjectGradingScale: (_parent, { input }, { gradebook }) => gradebook.setSubjectScale(input),
  setGradebookCategories: (_parent, { input }, { gradebook }) => gradebook.setCategories(input),
  setAssessmentCategory: (_parent, { input }, { gradebook }) => gradebook.placeAssessment(input),
  overrideTermGrade: (_parent, { input }, { gradebook }) => gradebook.override(input),
  removeTermGradeOverride: (_parent, { input }, { gradebook }) => gradebook.removeOverride(input),
};

export const sectionGradebookResolvers: SectionGradebookResolvers = {
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this gradebook'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this gradebook'),
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this gradebook'),
  gradingScale: ({ scale }) => scale,
  rows: ({ rows }, args) => rowPage(rows, args),
};

export const studentGradebookResolvers: StudentGradebookResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  section: ({ sectionId }, _args, { structure }) =>
    required(structure.section(sectionId), 'The section of this gradebook'),
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this gradebook'),
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this gradebook'),
  gradingScale: ({ scale }) => scale,
};

export const gradebookColumnResolvers: GradebookColumnResolvers = {
  assessmentId: ({ id }) => id,
};

export const gradebookCategoryResultResolvers: GradebookCategoryResultResolvers = {
  category: ({ id, name, weightPercent, kind }) => ({ id, name, weightPercent, kind }),
};

export const gradebookRowResolvers: GradebookRowResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  computedPercentage: ({ percentage }) => percentage,
};

export const termGradeResolvers: TermGradeResolvers = {
  isOverridden: ({ overridden }) => overridden,
};

export const termGradeOverrideResolvers: TermGradeOverrideResolvers = {
  setBy: ({ setByUserId }) => ({ id: setByUserId }),
};

export const subjectTermGradeResolvers: SubjectTermGradeResolvers = {
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of this grade'),
  grade: (grade) => grade,
};

export const termGradeOfTermResolvers: TermGradeOfTermResolvers = {
  term: ({ termId }, _args, { calendar }) => required(calendar.term(termId), 'The term of this grade'),
};

export const subjectYearGradesResolvers: SubjectYearGradesResolvers = {
  subject: ({ subjectId }, _args, { structure }) =>
    required(structure.subject(subjectId), 'The subject of these grades'),
};

export const termGradeOverrideEventResolvers: TermGradeOverrideEventResolvers = {
  actor: ({ actorUserId }) => ({ id: actorUserId }),
};
