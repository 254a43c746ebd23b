import { tenantDatabase, type Database } from '@schools24/db';
import { AnnouncementRepository } from './announcement-repository.js';

export type CommsRepositories = ReturnType<typeof createCommsRepositories>;

export function createCommsRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    announcements: new AnnouncementRepository(db),
  };
}
