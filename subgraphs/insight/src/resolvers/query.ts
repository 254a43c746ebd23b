import type { QueryResolvers } from '../generated/resolvers-types.js';

export const queryResolvers: QueryResolvers = {
  schoolSummary: (_parent, _args, { summaries }) => summaries.currentSchool(),
};
