import { runProcess } from '@schools24/graphql';
import { startWorker } from '../worker.js';

await runProcess('worker', async (resources) => {
  const { WORKER_PORT: port, HOST: host } = resources.config;
  const worker = await startWorker(resources, port, host);
  resources.logger.info(
    { url: worker.url },
    'worker ready: flushing the write buffer, running report-card jobs',
  );
  return worker;
});
