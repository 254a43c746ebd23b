import type { MutationResolvers, RolloverProblemResolvers } from '../generated/resolvers-types.js';

export const structureAdminMutationResolvers: MutationResolvers = {
  createAcademicYear: (_parent, { input }, { structureAdmin }) => structureAdmin.createAcademicYear(input),
  updateAcademicYear: (_parent, { input }, { structureAdmin }) => structureAdmin.updateAcademicYear(input),
  setCurrentAcademicYear: (_parent, { input }, { structureAdmin }) =>
    structureAdmin.setCurrentAcademicYear(input),
  createTerm: (_parent, { input }, { structureAdmin }) => structureAdmin.createTerm(input),
  createGradingPeriod: (_parent, { input }, { structureAdmin }) => structureAdmin.createGradingPeriod(input),
  updateTerm: (_parent, { input }, { structureAdmin }) => structureAdmin.updateTerm(input),
  closeGradingPeriod: (_parent, { input }, { structureAdmin }) => structureAdmin.closeGradingPeriod(input),
  reopenGradingPeriod: (_parent, { input }, { structureAdmin }) => structureAdmin.reopenGradingPeriod(input),
  createGrade: (_parent, { input }, { structureAdmin }) => structureAdmin.createGrade(input),
  updateGrade: (_parent, { input }, { structureAdmin }) => structureAdmin.updateGrade(input),
  createSection: (_parent, { input }, { structureAdmin }) => structureAdmin.createSection(input),
  updateSection: (_parent, { input }, { structureAdmin }) => structureAdmin.updateSection(input),
  createSubject: (_parent, { input }, { structureAdmin }) => structureAdmin.createSubject(input),
  updateSubject: (_parent, { input }, { structureAdmin }) => structureAdmin.updateSubject(input),
  createTeachingAssignment: (_parent, { input }, { structureAdmin }) =>
    structureAdmin.createTeachingAssignment(input),
  deleteTeachingAssignment: (_parent, { input }, { structureAdmin }) =>
    structureAdmin.deleteTeachingAssignment(input),
  deleteTerm: (_parent, { input }, { structureAdmin }) => structureAdmin.deleteTerm(input),
  deleteGrade: (_parent, { input }, { structureAdmin }) => structureAdmin.deleteGrade(input),
  deleteSection: (_parent, { input }, { structureAdmin }) => structureAdmin.deleteSection(input),
  deleteSubject: (_parent, { input }, { structureAdmin }) => structureAdmin.deleteSubject(input),
  admitStudent: (_parent, { input }, { enrolmentAdmin }) => enrolmentAdmin.admit(input),
  transferStudent: (_parent, { input }, { enrolmentAdmin }) => enrolmentAdmin.transfer(input),
  withdrawStudent: (_parent, { input }, { enrolmentAdmin }) => enrolmentAdmin.withdraw(input),
  graduateStudent: (_parent, { input }, { enrolmentAdmin }) => enrolmentAdmin.graduate(input),
  rolloverAcademicYear: (_parent, { input }, { rollover }) => rollover.rollover(input),
};

export const rolloverProblemResolvers: RolloverProblemResolvers = {
  student: ({ student }) => student ?? null,
};
