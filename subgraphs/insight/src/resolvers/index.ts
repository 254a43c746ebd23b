import type { Resolvers } from '../generated/resolvers-types.js';
import { queryResolvers } from './query.js';
import { schoolResolvers, schoolSummaryResolvers } from './school.js';

export const resolvers: Resolvers = {
  Query: queryResolvers,
  School: schoolResolvers,
  SchoolSummary: schoolSummaryResolvers,
};
