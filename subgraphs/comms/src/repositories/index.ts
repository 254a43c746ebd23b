import type { Database } from '@schools24/db';
import { AnnouncementRepository } from './announcement-repository.js';

export type CommsRepositories = ReturnType<typeof createCommsRepositories>;

export function createCommsRepositories(db: Database) {
  return {
    announcements: new AnnouncementRepository(db),
  };
}
