import { readFileSync } from 'node:fs';
import { createEventTransport } from '@shutter/events';
import { connectAtStartup, createLogger, onShutdown, runMain, startMetricsServer } from '@shutter/runtime';
import { startTracing } from '@shutter/telemetry';
import { loadGatewayConfig } from './env.js';
import { startGateway } from './server.js';

await runMain(async () => {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const tracing = await startTracing(config.tracing, 'gateway');
  // Subscriptions hear the subgraphs' events on Kafka; alone, without brokers, there are none.
  const events = config.eventsConfig.kafkaBrokers
    ? createEventTransport(config.eventsConfig, 'shutter-gateway', logger.child({ component: 'events' }))
    : undefined;
  if (!events) logger.warn('KAFKA_BROKERS is unset: subscriptions are off (no events to push)');
  else {
    await connectAtStartup(
      { variable: 'KAFKA_BROKERS', what: 'Kafka', address: config.eventsConfig.kafkaBrokers!.join(',') },
      () => events.checkReady(),
      { timeoutMs: config.startupTimeoutMs, logger },
    ).catch(async (error: unknown) => {
      await events.close();
      throw error;
    });
  }
  const gateway = await startGateway({
    ...config,
    ...(events ? { events } : {}),
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    logger,
  }).catch(async (error: unknown) => {
    await events?.close();
    await tracing?.shutdown();
    throw error;
  });
  // METRICS_PORT: this process's metrics on a port of their own, never published (ADR 0019).
  const { port, token } = config.metrics;
  const metrics = port
    ? await startMetricsServer({ port, host: config.host, token }).catch(async (error: unknown) => {
        await gateway.close();
        await events?.close();
        await tracing?.shutdown();
        throw error;
      })
    : null;
  onShutdown(
    {
      drain: () => gateway.drain(),
      close: async () => {
        await gateway.close();
        await metrics?.close();
        await events?.close();
        await tracing?.shutdown();
      },
    },
    logger,
    config.drainMs,
  );
});
