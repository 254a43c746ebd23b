import type { SchoolResolvers, SchoolSummaryResolvers } from '../generated/resolvers-types.js';

export const schoolResolvers: SchoolResolvers = {
  // The reference is all insight needs; tenancy is checked when `summary` is read.
  __resolveReference: ({ id }) => ({ id }),
  summary: ({ id }, _args, { summaries }) => summaries.ofSchool(id),
};

export const schoolSummaryResolvers: SchoolSummaryResolvers = {
  // Academics owns years: insight hands the gateway a reference it resolves there.
  currentAcademicYear: ({ currentAcademicYearId }) =>
    currentAcademicYearId ? { id: currentAcademicYearId } : null,
};
