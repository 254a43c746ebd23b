import {
  createContextFactory,
  RecordAccess,
  type RequestContextBase,
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
  return createContextFactory(resources, {
    buildLoaders: (scope) => createAcademicsLoaders(scope, repos),
    build: (base, tenant): AcademicsContext => {
      const calendar = new CalendarService(tenant, repos);
      return {
        ...base,
        calendar,
        structure: new StructureService(tenant, repos, calendar),
        enrolments: new EnrolmentService(
          tenant,
          repos,
          calendar,
          new RecordAccess(base.viewer, repos.ownership),
        ),
      };
    },
  });
}
