import type { QueryResolvers } from '../generated/resolvers-types.js';

export const queryResolvers: QueryResolvers = {
  announcements: (_parent, args, { announcements }) => announcements.announcements(args),
  announcement: (_parent, { id }, { announcements }) => announcements.announcement(id),
};
