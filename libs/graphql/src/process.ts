import { config, subgraphPort, type SubgraphName } from '@schools24/config';
import { serviceLogger, type Logger } from '@schools24/logger';
import { closeResources, DependencyUnavailableError, openResources, type Resources } from './resources.js';
import { serveSubgraph, type SubgraphFactory } from './subgraph.js';

/**
 * Runs `main` with process resources and stops cleanly on SIGTERM/SIGINT: stop accepting, finish
 * in-flight requests, close connections. Missing dependencies end the process with a clear message.
 */
export async function runProcess(
  name: string,
  main: (resources: Resources) => Promise<{ stop: () => Promise<void> }>,
): Promise<void> {
  const logger: Logger = serviceLogger(name);
  let resources: Resources;
  try {
    resources = await openResources(config(), logger);
  } catch (error) {
    if (error instanceof DependencyUnavailableError) {
      process.stderr.write(`${name} cannot start:\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = await main(resources);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void running
      .stop()
      .then(() => closeResources(resources))
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Entry point of a subgraph running as its own process (distributed topology). */
export function runSubgraphProcess(name: SubgraphName, factory: SubgraphFactory): Promise<void> {
  return runProcess(name, async (resources) => {
    const port = subgraphPort(resources.config, name);
    const served = await serveSubgraph(factory(resources), resources, port);
    resources.logger.info(
      { url: `http://${resources.config.HOST}:${port}/graphql` },
      `${name} subgraph ready`,
    );
    return served;
  });
}
