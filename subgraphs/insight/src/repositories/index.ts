import type { Database } from '@schools24/db';
import { SchoolSummaryRepository } from './school-summary-repository.js';

export type InsightRepositories = ReturnType<typeof createInsightRepositories>;

export function createInsightRepositories(db: Database) {
  return {
    schoolSummaries: new SchoolSummaryRepository(db),
  };
}
