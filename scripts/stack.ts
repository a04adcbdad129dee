import { readFileSync } from 'node:fs';
import { loadGatewayConfig } from '@shutter/gateway/env';
import { startGateway } from '@shutter/gateway';
import { createEventTransport, type EventTransport } from '@shutter/events';
import {
  applyMigrations,
  createLogger,
  migrationsDirFor,
  type QueryCounter,
  type RunningService,
} from '@shutter/runtime';
import { createUsersPrisma, loadUsersConfig, startUsersSubgraph } from '@shutter/users';

/**
 * Runs the whole supergraph in one process: every subgraph, then the gateway in front of them.
 * `npm start` uses it with embedded defaults; the supergraph tests use it on port 0. Each service
 * reads its configuration through its own validated loader, exactly as in its own container.
 */
export interface StackOptions {
  /** Environment for every service (DATABASE_URL_<DOMAIN>, secrets, keys, LOG_LEVEL, …). */
  env: NodeJS.ProcessEnv;
  ports: { gateway: number; users: number };
  /** Per-domain SQL counters (tests prove batching with them). */
  counters?: { users?: QueryCounter };
}

export interface Stack {
  gateway: RunningService;
  /** The transport the subgraphs publish on (in-process when KAFKA_BROKERS is unset). */
  events: EventTransport;
  subgraphs: Record<string, RunningService>;
  close(): Promise<void>;
}

export async function startStack({ env, ports, counters = {} }: StackOptions): Promise<Stack> {
  const started: RunningService[] = [];
  const usersConfig = loadUsersConfig({ ...env, PORT: String(ports.users) });
  // One transport for the whole process: with no broker, subgraphs hear each other in-process.
  const events = createEventTransport(
    usersConfig.events,
    'shutter',
    createLogger({ service: 'events', level: usersConfig.logLevel }),
  );
  const close = async () => {
    for (const service of started.reverse()) await service.close();
    await events.close();
  };
  try {
    await applyMigrations(usersConfig.databaseUrl, migrationsDirFor('users'));
    const users = await startUsersSubgraph({
      databaseUrl: usersConfig.databaseUrl,
      events,
      prisma: createUsersPrisma(usersConfig.databaseUrl, {
        poolSize: usersConfig.databasePoolSize,
        ...(counters.users ? { counter: counters.users } : {}),
      }),
      logger: createLogger({ service: 'users', level: usersConfig.logLevel }),
      production: usersConfig.production,
      identitySecret: usersConfig.identitySecret,
      auth: usersConfig,
      admin: usersConfig.admin,
      port: usersConfig.port,
      host: '127.0.0.1',
    });
    started.push(users);

    const gatewayConfig = loadGatewayConfig({ ...env, PORT: String(ports.gateway) });
    const gateway = await startGateway({
      ...gatewayConfig,
      supergraphSdl: readFileSync(gatewayConfig.supergraphPath, 'utf8'),
      subgraphUrls: { users: `${users.url}/graphql` },
      logger: createLogger({ service: 'gateway', level: gatewayConfig.logLevel }),
    });
    started.push(gateway);
    return { gateway, events, subgraphs: { users }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
