import { runProcess } from '@schools24/graphql';
import { createGatewayServer } from './gateway.js';
import { startInProcessFlushing, withInProcessFlushing } from './worker.js';

await runProcess('gateway', async (resources) => {
  const gateway = await createGatewayServer({ resources });
  const { GATEWAY_PORT: port, HOST: host, TOPOLOGY: topology } = resources.config;
  await gateway.listen(port, host);
  resources.logger.info({ url: `http://${host}:${port}/graphql`, topology }, 'gateway ready');
  return withInProcessFlushing(gateway, startInProcessFlushing(resources));
});
