import type { Resolvers } from '../generated/resolvers-types.js';
import { announcementResolvers } from './announcement.js';
import { queryResolvers } from './query.js';

export const resolvers: Resolvers = {
  Query: queryResolvers,
  Announcement: announcementResolvers,
};
