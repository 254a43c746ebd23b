import { tenantDatabase, type Database } from '@schools24/db';
import { FeeStructureRepository } from './fee-structure-repository.js';

export type FinanceRepositories = ReturnType<typeof createFinanceRepositories>;

export function createFinanceRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    feeStructures: new FeeStructureRepository(db),
  };
}
