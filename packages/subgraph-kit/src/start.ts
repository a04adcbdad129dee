import { readFileSync } from 'node:fs';
import { OutboxRelay, type EventTransport, type Subscription } from '@shutter/events';
import {
  applyMigrations,
  connectAtStartup,
  createPrismaClient,
  isPermanentPostgresError,
  migrationsDirFor,
  probePostgres,
  redactUrl,
  registerOutbox,
  schemaPathFor,
  startSubgraph,
  type BaseContext,
  type Logger,
  type QueryCounter,
  type RunningSubgraphServer,
} from '@shutter/runtime';
import { parse } from 'graphql';
import type { KitDatabase, SubgraphDefinition, SubgraphParts } from './definition.js';
import type { KitConfig } from './env.js';

export interface StartSubgraphOptions<Config> {
  config: KitConfig & Config;
  /** Where the outbox is published and consumers listen; the caller owns (and closes) it. */
  events: EventTransport;
  logger: Logger;
  /** Counts this subgraph's SQL statements (tests prove batching with it). */
  counter?: QueryCounter;
}

export interface RunningSubgraph extends RunningSubgraphServer {
  /** Names of the readiness checks that fail now (empty when ready). */
  failingChecks(): Promise<string[]>;
}

/**
 * Starts a declared subgraph: migrations, database client, outbox relay, `setup`, consumers, then
 * the HTTP server. Whatever fails on the way, everything started before it is stopped again.
 */
export async function startDeclaredSubgraph<
  Config,
  Db extends KitDatabase,
  Context extends BaseContext,
  Code extends string,
>(
  definition: SubgraphDefinition<Config, Db, Context, Code>,
  { config, events, logger, counter }: StartSubgraphOptions<Config>,
): Promise<RunningSubgraph> {
  const retry = { timeoutMs: config.startupTimeoutMs, logger };
  // Dependencies started alongside (compose, a cluster) come up in any order: wait for them a while,
  // and if one never answers, say which variable points at it.
  await connectAtStartup(
    {
      variable: `DATABASE_URL_${definition.name.toUpperCase()}`,
      what: 'PostgreSQL',
      address: redactUrl(config.databaseUrl),
    },
    () => probePostgres(config.databaseUrl),
    { ...retry, permanent: isPermanentPostgresError },
  );
  if (events.kind === 'kafka') {
    await connectAtStartup(
      { variable: 'KAFKA_BROKERS', what: 'Kafka', address: config.events.kafkaBrokers?.join(',') ?? '' },
      () => events.checkReady(),
      retry,
    );
  }
  await applyMigrations(config.databaseUrl, migrationsDirFor(definition.name));
  const db = createPrismaClient((options) => definition.database(options), {
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    service: definition.name,
    ...(counter ? { counter } : {}),
  });
  const relay = new OutboxRelay({ databaseUrl: config.databaseUrl, transport: events, logger });
  const unregisterOutbox = registerOutbox(definition.name, () => relay.backlog());
  const subscriptions: Subscription[] = [];
  let parts: SubgraphParts<Context> | undefined;
  // In reverse order of starting; each step runs even if an earlier one failed.
  const stopAll = async () => {
    const steps = [
      ...subscriptions.map((s) => () => s.stop()),
      async () => unregisterOutbox(),
      () => relay.stop(),
      () => parts?.close?.(),
      () => db.$disconnect(),
    ];
    const results = await Promise.allSettled(steps.map(async (step) => step()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  let url = '';
  try {
    relay.start();
    parts = await definition.setup({ config, db, events, logger, publicUrl: () => url });
    for (const consumer of parts.consumers ?? []) subscriptions.push(await events.subscribe(consumer));
    const checks: Record<string, () => Promise<unknown>> = {
      database: () => db.$queryRawUnsafe('SELECT 1'),
      ...(events.kind === 'kafka' ? { kafka: () => events.checkReady() } : {}),
      ...parts.checks,
    };
    const failingChecks = async () => {
      const names = Object.keys(checks);
      const results = await Promise.allSettled(names.map((name) => checks[name]!()));
      return names.filter((_, i) => results[i]!.status === 'rejected');
    };
    const { routes, context } = parts;
    const service = await startSubgraph(
      {
        name: definition.name,
        typeDefs: parse(readFileSync(schemaPathFor(definition.name), 'utf8')),
        resolvers: definition.resolvers,
        errors: definition.errors,
        identitySecret: config.identitySecret,
        logger,
        production: config.production,
        createContext: context,
        checkReady: async () => {
          const failing = await failingChecks();
          if (failing.length > 0) throw new Error(`not ready: ${failing.join(', ')} unavailable`);
        },
        onClose: stopAll,
        metrics: config.metrics,
        ...(routes ? { routes } : {}),
      },
      { port: config.port, host: config.host },
    );
    // A wildcard listen address is not a URL to hand out; the loopback one reaches the same server.
    url = service.url.replace('//0.0.0.0:', '//127.0.0.1:');
    return { ...service, failingChecks };
  } catch (error) {
    await stopAll().catch((cleanupError: unknown) => logger.error({ err: cleanupError }, 'cleanup failed'));
    throw error;
  }
}
