import type { AcademicYearResolvers, TermResolvers } from '../generated/resolvers-types.js';
import { isPostingOpen } from '../services/calendar-service.js';
import { required } from './required.js';

export const academicYearResolvers: AcademicYearResolvers = {
  __resolveReference: ({ id }, { calendar }) => calendar.academicYear(id),
  terms: ({ id }, _args, { calendar }) => calendar.termsOf(id),
  sections: ({ id }, { gradeId }, { structure }) => structure.sections({ academicYearId: id, gradeId }),
};

export const termResolvers: TermResolvers = {
  __resolveReference: ({ id }, { calendar }) => calendar.term(id),
  academicYear: ({ academicYearId }, _args, { calendar }) =>
    required(calendar.academicYear(academicYearId), 'The academic year of this term'),
  parentTerm: ({ parentTermId }, _args, { calendar }) => (parentTermId ? calendar.term(parentTermId) : null),
  periods: (term, _args, { calendar }) => calendar.periodsOf(term),
  isPostingOpen: (term) => isPostingOpen(term, new Date()),
  // Cached terms written before `closedAt` existed lack the field: read that as open.
  isClosed: ({ closedAt }) => closedAt != null,
  closedAt: ({ closedAt }) => closedAt ?? null,
};
