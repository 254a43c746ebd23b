import { DomainError, ErrorCode } from '@schools24/errors';
import type { TenantScope } from '@schools24/graphql';
import type { InsightLoaders } from '../loaders/index.js';
import type { SchoolSummaryRecord } from '../repositories/school-summary-repository.js';

/** Summaries of the request's own school; another school's summary is not found. */
export class SchoolSummaryService {
  constructor(private readonly tenant: TenantScope<InsightLoaders>) {}

  currentSchool(): Promise<SchoolSummaryRecord> {
    return this.ofSchool(this.tenant.schoolId);
  }

  async ofSchool(schoolId: string): Promise<SchoolSummaryRecord> {
    const summary = await this.tenant.loaders.schoolSummary.load(schoolId.toLowerCase());
    if (!summary) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'No summary of this school is available to this request');
    }
    return summary;
  }
}
