import { badInput } from '@schools24/errors';
import { isUuid, parsePageRequest, type ConnectionArgs, type TenantScope } from '@schools24/graphql';
import type { FinanceLoaders } from '../loaders/index.js';
import type { FinanceRepositories } from '../repositories/index.js';

/**
 * Reads of the school's fee structures. Every read is scoped to the request's tenant: an id from
 * another school is simply not found.
 */
export class FeeStructureService {
  constructor(
    private readonly tenant: TenantScope<FinanceLoaders>,
    private readonly repos: FinanceRepositories,
  ) {}

  feeStructure(id: string) {
    return this.tenant.loaders.feeStructure.load(id);
  }

  feeStructures(args: ConnectionArgs & { academicYearId?: string | null }) {
    const { academicYearId } = args;
    // A filter that cannot match any row is a client mistake, not an empty page.
    if (academicYearId != null && !isUuid(academicYearId)) {
      throw badInput('`academicYearId` is not an academic year id', { argument: 'academicYearId' });
    }
    return this.repos.feeStructures.page(this.tenant.schoolId, parsePageRequest(args), {
      academicYearId: academicYearId ?? undefined,
    });
  }
}
