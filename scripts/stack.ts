import { readFileSync } from 'node:fs';
import { createEventTransport, eventsConfigFrom, eventsEnvShape, type EventTransport } from '@shutter/events';
import { startGateway, type RunningGateway } from '@shutter/gateway';
import { loadGatewayConfig } from '@shutter/gateway/env';
import {
  createLogger,
  METRICS_SERVED_ELSEWHERE,
  parseEnv,
  startMetricsServer,
  type QueryCounter,
  type RunningService,
} from '@shutter/runtime';
import { startDeclaredSubgraph, type RunningSubgraph } from '@shutter/subgraph-kit';
import { z } from 'zod';
import { loadSubgraphDefinitions, SUBGRAPHS } from '../schema/subgraphs.js';

/** Every domain with a database, in start order (users first: the others consume its events). */
export const DOMAINS = SUBGRAPHS.map((s) => s.name);
export type Domain = (typeof SUBGRAPHS)[number]['name'];

/**
 * Runs the whole supergraph in one process: every subgraph, then the gateway in front of them.
 * `npm start` uses it with embedded defaults; the supergraph tests use it on port 0. Each subgraph
 * reads its configuration through its own validated schema, exactly as in its own container.
 */
export interface StackOptions {
  /** Environment for every service (DATABASE_URL_<DOMAIN>, secrets, keys, KAFKA_BROKERS, REDIS_URL, …). */
  env: NodeJS.ProcessEnv;
  /** 0 (or a missing subgraph) picks a free port. */
  ports: { gateway: number } & Partial<Record<Domain, number>>;
  /** Per-domain SQL counters (tests prove batching with them). */
  counters?: Partial<Record<Domain, QueryCounter>>;
  /** Share one event transport between stacks (tests running two replicas in one process). */
  events?: EventTransport;
  /**
   * How the gateway calls the subgraphs: in process (the default: what `npm start` runs, no HTTP
   * hop and no identity signature) or over HTTP with signed identity, as in a split deployment.
   */
  subgraphCalls?: SubgraphCalls;
}

export type SubgraphCalls = 'in-process' | 'http';

export interface Stack {
  gateway: RunningGateway;
  /** The transport the subgraphs publish on (in-process when KAFKA_BROKERS is unset). */
  events: EventTransport;
  subgraphs: Record<Domain, RunningSubgraph>;
  /** Every service turns not ready, still serving (the first step of a graceful stop). */
  drain(): void;
  close(): Promise<void>;
}

export async function startStack({
  env,
  ports,
  counters = {},
  events: sharedEvents,
  subgraphCalls = 'in-process',
}: StackOptions): Promise<Stack> {
  const definitions = await loadSubgraphDefinitions();
  const gatewayConfig = loadGatewayConfig({ ...env, PORT: String(ports.gateway) });
  const logger = (service: string) => createLogger({ service, level: gatewayConfig.logLevel });
  const started: RunningService[] = [];
  // One transport for the whole process: with no broker, subgraphs hear each other in-process.
  const events =
    sharedEvents ??
    createEventTransport(eventsConfigFrom(parseEnv(z.object(eventsEnvShape), env)), 'shutter', logger('events'));
  // The gateway first (no new requests), then every subgraph at once: each waits up to a Kafka
  // fetch long-poll (~5 s) for its consumers to leave their groups, and one after another that
  // added up to half a minute, past a container's usual grace period.
  let gatewayService: RunningService | undefined;
  let metricsService: RunningService | undefined;
  const close = async () => {
    await gatewayService?.close();
    await metricsService?.close();
    const results = await Promise.allSettled(started.map((service) => service.close()));
    if (!sharedEvents) await events.close();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    const subgraphs = {} as Record<Domain, RunningSubgraph>;
    // In order: a later subgraph may call an earlier one (profiles → users), found by
    // <NAME>_SUBGRAPH_URL as in a container.
    const peers: Record<string, string> = {};
    for (const definition of definitions) {
      const name = definition.name as Domain;
      const config = definition.env.load({ ...env, ...peers, PORT: String(ports[name] ?? 0) }, { standalone: false });
      const service = await startDeclaredSubgraph(definition, {
        // One process, one set of metrics: the gateway serves them all (ADR 0019), the subgraphs none.
        config: { ...config, host: '127.0.0.1', metrics: METRICS_SERVED_ELSEWHERE },
        events,
        logger: logger(name),
        ...(counters[name] ? { counter: counters[name] } : {}),
      });
      started.push(service);
      subgraphs[name] = service;
      peers[`${name.toUpperCase()}_SUBGRAPH_URL`] = `${service.url}/graphql`;
    }
    const gateway = await startGateway({
      ...gatewayConfig,
      // Subscriptions hear the same transport the subgraphs publish on.
      events,
      supergraphSdl: readFileSync(gatewayConfig.supergraphPath, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, `${s.url}/graphql`])),
      ...(subgraphCalls === 'in-process'
        ? {
            inProcessSubgraphs: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.execute])),
            inProcessReadiness: Object.fromEntries(
              Object.entries(subgraphs).map(([name, s]) => [name, () => readinessOf(s)]),
            ),
          }
        : {}),
      logger: logger('gateway'),
    });
    gatewayService = gateway;
    const { port, token } = gatewayConfig.metrics;
    if (port) metricsService = await startMetricsServer({ port, host: gatewayConfig.host, token });
    const drain = () => {
      for (const service of [gateway, ...started]) service.drain();
    };
    return { gateway, events, subgraphs, drain, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A subgraph in this process, asked as the gateway asks a remote one at /ready. */
async function readinessOf(subgraph: RunningSubgraph): Promise<void> {
  const failing = await subgraph.failingChecks();
  if (failing.length > 0) throw new Error(`${subgraph.name}: ${failing.join(', ')} unavailable`);
}
