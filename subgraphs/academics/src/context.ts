import {
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
import { requestLogger } from '@schools24/logger';
import { createAcademicsLoaders } from './loaders/index.js';
import type { AcademicsRepositories } from './repositories/index.js';
import { CalendarService } from './services/calendar-service.js';
import { EnrolmentService } from './services/enrolment-service.js';
import { StructureService } from './services/structure-service.js';

export interface AcademicsContext extends RequestContextBase {
  calendar: CalendarService;
  structure: StructureService;
  enrolments: EnrolmentService;
}

export function createAcademicsContextFactory(resources: Resources, repos: AcademicsRepositories) {
  return (identity: RequestIdentity): AcademicsContext => {
    const logger = requestLogger(resources.logger, {
      requestId: identity.requestId,
      schoolId: identity.schoolId ?? undefined,
    });
    const tenant = new TenantScope(identity.schoolId, (schoolId) =>
      createAcademicsLoaders(
        { redis: resources.redis, schoolId, ttlSeconds: resources.config.CACHE_TTL_SECONDS, logger },
        repos,
      ),
    );
    const calendar = new CalendarService(tenant, repos);
    return {
      ...identity,
      logger,
      calendar,
      structure: new StructureService(tenant, repos, calendar),
      enrolments: new EnrolmentService(tenant, repos, calendar),
    };
  };
}
