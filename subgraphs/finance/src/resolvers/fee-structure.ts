import type { FeeStructureResolvers } from '../generated/resolvers-types.js';

export const feeStructureResolvers: FeeStructureResolvers = {
  __resolveReference: ({ id }, { fees }) => fees.feeStructure(id),
  amount: ({ amountMinor, currency }) => ({ amountMinor, currency }),
  // Academics owns years and grades: finance hands the gateway a reference it resolves there.
  academicYear: ({ academicYearId }) => ({ id: academicYearId }),
  grade: ({ gradeId }) => (gradeId ? { id: gradeId } : null),
  appliesToAllGrades: ({ gradeId }) => gradeId === null,
};
