import { tenantDatabase, type Database } from '@schools24/db';
import { SchoolSummaryRepository } from './school-summary-repository.js';

export type InsightRepositories = ReturnType<typeof createInsightRepositories>;

export function createInsightRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    schoolSummaries: new SchoolSummaryRepository(db),
  };
}
