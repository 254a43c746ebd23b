import type { SchoolResolvers } from '../generated/resolvers-types.js';

export const schoolResolvers: SchoolResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.school(id),
};
