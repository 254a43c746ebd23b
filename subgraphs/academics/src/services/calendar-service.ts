import type { TenantScope } from '@schools24/graphql';
import { CURRENT_YEAR_KEY, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { AcademicYearRecord, TermRecord } from '../repositories/academic-year-repository.js';

/**
 * Whether marks may be posted for a term at `now`: a window must have been opened on purpose, an
 * unset closing time means the window stays open until someone closes it, and a closed grading
 * period takes no marks whatever its window says.
 */
export function isPostingOpen(
  term: Pick<TermRecord, 'postingOpensAt' | 'postingClosesAt'> & { closedAt?: Date | null },
  now: Date,
): boolean {
  if (term.closedAt) return false;
  if (!term.postingOpensAt || term.postingOpensAt > now) return false;
  return !term.postingClosesAt || now < term.postingClosesAt;
}

/** Reads of the school calendar: academic years, terms and grading periods of the request's tenant. */
export class CalendarService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
  ) {}

  academicYears(): Promise<AcademicYearRecord[]> {
    return this.repos.academicYears.list(this.tenant.schoolId);
  }

  academicYear(id: string) {
    return this.tenant.loaders.academicYear.load(id);
  }

  currentAcademicYear() {
    return this.tenant.loaders.currentAcademicYear.load(CURRENT_YEAR_KEY);
  }

  /** The year a query asked for, or the current one when it named none; null when there is none. */
  async academicYearIdOrCurrent(academicYearId: string | null | undefined): Promise<string | null> {
    if (academicYearId != null) return academicYearId;
    return (await this.currentAcademicYear())?.id ?? null;
  }

  term(id: string) {
    return this.tenant.loaders.term.load(id);
  }

  /** The year's top-level terms; grading periods hang off them (see `periodsOf`). */
  async termsOf(academicYearId: string): Promise<TermRecord[]> {
    const terms = (await this.tenant.loaders.termsByAcademicYear.load(academicYearId)) ?? [];
    return terms.filter((term) => term.parentTermId === null);
  }

  /** Read from the year's terms (usually loaded already for the parent), not a loader of its own. */
  async periodsOf(term: TermRecord): Promise<TermRecord[]> {
    const terms = (await this.tenant.loaders.termsByAcademicYear.load(term.academicYearId)) ?? [];
    return terms.filter((period) => period.parentTermId === term.id);
  }
}
