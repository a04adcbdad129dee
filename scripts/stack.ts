import { readFileSync } from 'node:fs';
import { createCache } from '@shutter/cache';
import { createEventTransport, type EventTransport } from '@shutter/events';
import { createFollowsPrisma, loadFollowsConfig, startFollowsSubgraph } from '@shutter/follows';
import { startGateway } from '@shutter/gateway';
import { loadGatewayConfig } from '@shutter/gateway/env';
import { createPostsPrisma, createStorage, loadPostsConfig, startPostsSubgraph } from '@shutter/posts';
import { createProfilesPrisma, loadProfilesConfig, startProfilesSubgraph } from '@shutter/profiles';
import {
  applyMigrations,
  createLogger,
  migrationsDirFor,
  type QueryCounter,
  type RunningService,
} from '@shutter/runtime';
import { createUsersPrisma, loadUsersConfig, startUsersSubgraph } from '@shutter/users';

/** Every domain with a database, in start order (users first: the others consume its events). */
export const DOMAINS = ['users', 'profiles', 'follows', 'posts'] as const;
export type Domain = (typeof DOMAINS)[number];

/**
 * Runs the whole supergraph in one process: every subgraph, then the gateway in front of them.
 * `npm start` uses it with embedded defaults; the supergraph tests use it on port 0. Each service
 * reads its configuration through its own validated loader, exactly as in its own container.
 */
export interface StackOptions {
  /** Environment for every service (DATABASE_URL_<DOMAIN>, secrets, keys, KAFKA_BROKERS, REDIS_URL, …). */
  env: NodeJS.ProcessEnv;
  ports: { gateway: number } & Record<Domain, number>;
  /** Per-domain SQL counters (tests prove batching with them). */
  counters?: Partial<Record<Domain, QueryCounter>>;
  /** Share one event transport between stacks (tests running two replicas in one process). */
  events?: EventTransport;
}

export interface Stack {
  gateway: RunningService;
  /** The transport the subgraphs publish on (in-process when KAFKA_BROKERS is unset). */
  events: EventTransport;
  subgraphs: Record<Domain, RunningService>;
  close(): Promise<void>;
}

export async function startStack({ env, ports, counters = {}, events: sharedEvents }: StackOptions): Promise<Stack> {
  const started: RunningService[] = [];
  const users = loadUsersConfig({ ...env, PORT: String(ports.users) });
  const profiles = loadProfilesConfig({ ...env, PORT: String(ports.profiles) });
  const follows = loadFollowsConfig({ ...env, PORT: String(ports.follows) });
  const posts = loadPostsConfig({ ...env, PORT: String(ports.posts) });
  const logger = (service: string) => createLogger({ service, level: users.logLevel });
  // One transport for the whole process: with no broker, subgraphs hear each other in-process.
  const events = sharedEvents ?? createEventTransport(users.events, 'shutter', logger('events'));
  const close = async () => {
    for (const service of started.reverse()) await service.close();
    if (!sharedEvents) await events.close();
  };
  const prismaOptions = (domain: Domain, poolSize: number) => ({
    poolSize,
    ...(counters[domain] ? { counter: counters[domain] } : {}),
  });
  try {
    await Promise.all([
      applyMigrations(users.databaseUrl, migrationsDirFor('users')),
      applyMigrations(profiles.databaseUrl, migrationsDirFor('profiles')),
      applyMigrations(follows.databaseUrl, migrationsDirFor('follows')),
      applyMigrations(posts.databaseUrl, migrationsDirFor('posts')),
    ]);
    const usersService = await startUsersSubgraph({
      prisma: createUsersPrisma(users.databaseUrl, prismaOptions('users', users.databasePoolSize)),
      databaseUrl: users.databaseUrl,
      events,
      logger: logger('users'),
      production: users.production,
      identitySecret: users.identitySecret,
      auth: users,
      admin: users.admin,
      port: users.port,
      host: '127.0.0.1',
    });
    started.push(usersService);
    const profilesService = await startProfilesSubgraph({
      prisma: createProfilesPrisma(profiles.databaseUrl, prismaOptions('profiles', profiles.databasePoolSize)),
      databaseUrl: profiles.databaseUrl,
      events,
      cache: createCache(profiles.redisUrl),
      cacheTtlSeconds: profiles.cacheTtlSeconds,
      usersUrl: `${usersService.url}/graphql`,
      identitySecret: profiles.identitySecret,
      logger: logger('profiles'),
      production: profiles.production,
      port: profiles.port,
      host: '127.0.0.1',
    });
    started.push(profilesService);
    const followsService = await startFollowsSubgraph({
      prisma: createFollowsPrisma(follows.databaseUrl, prismaOptions('follows', follows.databasePoolSize)),
      databaseUrl: follows.databaseUrl,
      events,
      identitySecret: follows.identitySecret,
      logger: logger('follows'),
      production: follows.production,
      port: follows.port,
      host: '127.0.0.1',
    });
    started.push(followsService);
    // Media URLs point at the posts subgraph, whose port is known once it listens.
    let postsUrl = '';
    const postsService = await startPostsSubgraph({
      prisma: createPostsPrisma(posts.databaseUrl, prismaOptions('posts', posts.databasePoolSize)),
      databaseUrl: posts.databaseUrl,
      events,
      storage: await createStorage(posts, () => postsUrl),
      elasticsearch: posts.elasticsearch,
      identitySecret: posts.identitySecret,
      logger: logger('posts'),
      production: posts.production,
      port: posts.port,
      host: '127.0.0.1',
    });
    postsUrl = postsService.url;
    started.push(postsService);

    const subgraphs = { users: usersService, profiles: profilesService, follows: followsService, posts: postsService };
    const gatewayConfig = loadGatewayConfig({ ...env, PORT: String(ports.gateway) });
    const gateway = await startGateway({
      ...gatewayConfig,
      supergraphSdl: readFileSync(gatewayConfig.supergraphPath, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, `${s.url}/graphql`])),
      logger: logger('gateway'),
    });
    started.push(gateway);
    return { gateway, events, subgraphs, close };
  } catch (error) {
    await close();
    throw error;
  }
}
