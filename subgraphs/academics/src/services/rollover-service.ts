import type { Viewer } from '@schools24/auth';
import { userError } from '@schools24/errors';
import { isUuid, type TenantScope } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';
import type { Redis } from '@schools24/redis';
import type { RolloverAcademicYearInput } from '../generated/resolvers-types.js';
import { touchGradebooks } from '../loaders/gradebook-cache.js';
import { forgetStale, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicYearRecord } from '../repositories/academic-year-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { RolloverFacts } from '../repositories/rollover-repository.js';
import { CONFLICT } from '../repositories/structure-admin-repository.js';
import { checkSectionTargets, planRollover, type RolloverPlan } from './rollover-plan.js';

/** Section targets per rollover: more than a school's sections would be a mistake. */
const MAX_SECTION_TARGETS = 250;
import { notFound, type AcademicsError } from './structure-rules.js';

export interface RolloverReportModel extends Omit<RolloverPlan, 'writes'> {
  fromAcademicYear: AcademicYearRecord;
  toAcademicYear: AcademicYearRecord;
  isDryRun: boolean;
  isApplied: boolean;
}

type RolloverResult = { report: RolloverReportModel | null; userErrors: AcademicsError[] };

export interface RolloverDependencies {
  tenant: TenantScope<AcademicsLoaders>;
  repos: AcademicsRepositories;
  redis: Redis;
  viewer: Viewer | null;
  logger: Logger;
}

/**
 * Year rollover (school admins): a dry run reports the plan from the facts as they are; a real run
 * re-reads them under both years' locks inside ONE transaction, plans again and writes only when the
 * plan has no problems, so what it does is what a dry run at that moment would have reported.
 */
export class RolloverService {
  constructor(private readonly deps: RolloverDependencies) {}

  private get schoolId(): string {
    return this.deps.tenant.schoolId;
  }

  async rollover(input: RolloverAcademicYearInput): Promise<RolloverResult> {
    const { fromAcademicYearId: fromId, toAcademicYearId: toId } = input;
    if (!isUuid(fromId))
      return { report: null, userErrors: [notFound('academic year', ['input', 'fromAcademicYearId'])] };
    if (!isUuid(toId))
      return { report: null, userErrors: [notFound('academic year', ['input', 'toAcademicYearId'])] };
    const [from, to] = await Promise.all([
      this.deps.tenant.loaders.academicYear.load(fromId),
      this.deps.tenant.loaders.academicYear.load(toId),
    ]);
    const missing: AcademicsError[] = [];
    if (!from) missing.push(notFound('academic year', ['input', 'fromAcademicYearId']));
    if (!to) missing.push(notFound('academic year', ['input', 'toAcademicYearId']));
    if (!from || !to) return { report: null, userErrors: missing };
    if (to.startsOn <= from.startsOn)
      return {
        report: null,
        userErrors: [
          userError('INVALID_DATE_RANGE', 'The new year must start after the year students move on from.', [
            'input',
            'toAcademicYearId',
          ]),
        ],
      };

    const report = (facts: RolloverFacts, plan: RolloverPlan, isApplied: boolean): RolloverReportModel => ({
      fromAcademicYear: facts.from,
      toAcademicYear: facts.to,
      isDryRun: input.dryRun,
      isApplied,
      sections: plan.sections,
      problems: plan.problems,
      promotedCount: plan.promotedCount,
      graduatedCount: plan.graduatedCount,
    });

    const targets = input.sectionTargets ?? [];
    if (targets.length > MAX_SECTION_TARGETS)
      return {
        report: null,
        userErrors: [
          userError('INVALID_INPUT', `At most ${MAX_SECTION_TARGETS} section targets.`, [
            'input',
            'sectionTargets',
          ]),
        ],
      };
    const gone = { report: null, userErrors: [notFound('academic year', ['input', 'fromAcademicYearId'])] };

    if (input.dryRun) {
      const facts = await this.deps.repos.rollover.facts(this.schoolId, from.id, to.id);
      if (!facts) return gone;
      const checked = checkSectionTargets(facts, targets);
      if (checked.errors.length > 0) return { report: null, userErrors: checked.errors };
      return { report: report(facts, planRollover(facts, checked.map), false), userErrors: [] };
    }

    type Outcome = { inputErrors: AcademicsError[] } | { model: RolloverReportModel; plan: RolloverPlan };
    const applied = await this.deps.repos.rollover.apply<Outcome>(this.schoolId, from.id, to.id, (facts) => {
      const checked = checkSectionTargets(facts, targets);
      if (checked.errors.length > 0)
        return { writes: null, result: { inputErrors: checked.errors } as Outcome };
      const plan = planRollover(facts, checked.map);
      return { writes: plan.writes, result: { model: report(facts, plan, plan.writes !== null), plan } };
    });
    if (applied === null) return gone;
    if (applied === CONFLICT)
      return {
        report: null,
        userErrors: [
          userError(
            'ALREADY_ENROLLED',
            'A student was enrolled in the new year while the rollover ran; nothing was changed. Run the dry run again.',
            ['input'],
          ),
        ],
      };
    if ('inputErrors' in applied) return { report: null, userErrors: applied.inputErrors };
    const { model, plan } = applied;
    if (!plan.writes)
      return {
        report: model,
        userErrors: [
          userError(
            'ROLLOVER_BLOCKED',
            `The rollover has ${plan.problems.length} problem(s); nothing was changed.`,
            ['input'],
          ),
        ],
      };
    const moved = plan.sections.flatMap((section) =>
      section.students.map((student) => student.fromEnrolment),
    );
    await forgetStale(this.deps.redis, this.schoolId, this.deps.tenant.loaders, {
      enrolment: moved.map((enrolment) => enrolment.id),
      enrolmentsByStudent: moved.map((enrolment) => enrolment.studentId),
    });
    await touchGradebooks(this.deps.redis, this.schoolId, { school: true }, this.deps.logger);
    this.deps.logger.info(
      {
        action: 'academic-year.rolled-over',
        fromAcademicYearId: from.id,
        toAcademicYearId: to.id,
        promoted: plan.promotedCount,
        graduated: plan.graduatedCount,
        actorUserId: this.deps.viewer?.userId,
      },
      'academics structure changed',
    );
    return { report: model, userErrors: [] };
  }
}
