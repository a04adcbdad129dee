import { createEventTransport } from '@shutter/events';
import { createLogger, onShutdown, runMain, startMetricsServer, type BaseContext } from '@shutter/runtime';
import { startTracing } from '@shutter/telemetry';
import type { KitDatabase, SubgraphDefinition } from './definition.js';
import { processEnv } from './env.js';
import { startDeclaredSubgraph } from './start.js';

/** A subgraph's container entry point: configuration → database → listen, and stop on SIGTERM. */
export function runSubgraph<Config, Db extends KitDatabase, Context extends BaseContext, Code extends string>(
  definition: SubgraphDefinition<Config, Db, Context, Code>,
): Promise<void> {
  return runMain(async () => {
    const config = definition.env.load(processEnv(), { standalone: true });
    const logger = createLogger({ service: definition.name, level: config.logLevel });
    // Before the database client is built: Prisma picks up tracing when its client is constructed.
    const tracing = await startTracing(config.tracing, definition.name);
    const events = createEventTransport(config.events, `shutter-${definition.name}`, logger);
    try {
      const service = await startDeclaredSubgraph(definition, { config, events, logger });
      // METRICS_PORT: this process's metrics on a port of their own (ADR 0019).
      const { port, token } = config.metrics;
      const metrics = port
        ? await startMetricsServer({ port, host: config.host, token }).catch(async (error: unknown) => {
            await service.close();
            throw error;
          })
        : null;
      onShutdown(
        {
          drain: () => service.drain(),
          close: async () => {
            await service.close();
            await metrics?.close();
            await events.close();
            await tracing?.shutdown();
          },
        },
        logger,
        config.drainMs,
      );
    } catch (error) {
      await events.close();
      await tracing?.shutdown();
      throw error;
    }
  });
}
