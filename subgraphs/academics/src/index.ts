import type { SubgraphFactory } from '@schools24/graphql';
import { buildFederatedSchema } from '@schools24/graphql';
import { createObjectStore } from '@schools24/storage';
import { createAcademicsContextFactory, type AcademicsContext } from './context.js';
import { createAcademicsRepositories } from './repositories/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';
import { reportCardQueue } from './services/report-cards/report-card-queue.js';
import { registerAcademicsWriteKinds } from './write-kinds.js';

export { typeDefs } from './schema/index.js';
export type { AcademicsContext } from './context.js';
export {
  startReportCardWorker,
  type ReportCardWorkerOptions,
  type RunningReportCardWorker,
} from './services/report-cards/report-card-worker.js';
export type { TermGradesSource } from './services/report-cards/term-grades-source.js';
export {
  HOMEWORK_SUBMISSION_KIND,
  QUIZ_SUBMISSION_KIND,
  registerAcademicsWriteKinds,
  type AcademicsWriteKinds,
  type HomeworkSubmissionPayload,
} from './write-kinds.js';

/** The academics subgraph, ready to serve on its own or inside the gateway process. */
export const createAcademicsSubgraph: SubgraphFactory<AcademicsContext> = (resources) => ({
  name: 'academics',
  schema: buildFederatedSchema({ typeDefs, resolvers }),
  createContext: createAcademicsContextFactory(resources, createAcademicsRepositories(resources.db), {
    kinds: registerAcademicsWriteKinds(resources),
    store: createObjectStore(resources.config),
    reportCardQueue: reportCardQueue(resources.bufferRedis, resources.config),
  }),
});
