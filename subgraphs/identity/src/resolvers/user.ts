import type { UserResolvers } from '../generated/resolvers-types.js';

export const userResolvers: UserResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.user(id),
  roles: ({ id }, _args, { directory }) => directory.rolesOf(id),
};
