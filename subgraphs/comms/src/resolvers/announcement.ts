import type { AnnouncementResolvers } from '../generated/resolvers-types.js';

export const announcementResolvers: AnnouncementResolvers = {
  __resolveReference: ({ id }, { announcements }) => announcements.announcement(id),
  // Identity owns users: comms hands the gateway a reference it resolves there.
  author: ({ authorUserId }) => (authorUserId ? { id: authorUserId } : null),
};
