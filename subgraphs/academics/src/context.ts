import {
  createRequestAuthenticator,
  TenantScope,
  type RequestContextBase,
  type RequestIdentity,
  type Resources,
} from '@schools24/graphql';
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
  const authenticate = createRequestAuthenticator(resources);
  return async (identity: RequestIdentity): Promise<AcademicsContext> => {
    const base = await authenticate(identity);
    const tenant = new TenantScope(base.schoolId, (schoolId) =>
      createAcademicsLoaders(
        {
          redis: resources.redis,
          schoolId,
          ttlSeconds: resources.config.CACHE_TTL_SECONDS,
          logger: base.logger,
        },
        repos,
      ),
    );
    const calendar = new CalendarService(tenant, repos);
    return {
      ...base,
      calendar,
      structure: new StructureService(tenant, repos, calendar),
      enrolments: new EnrolmentService(tenant, repos, calendar),
    };
  };
}
