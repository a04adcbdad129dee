import type { EventHandler, EventTransport } from '@shutter/events';
import type { BaseContext, ErrorMap, Logger, PrismaConstructorOptions } from '@shutter/runtime';
import type { Express } from 'express';
import type { KitConfig, SubgraphEnv } from './env.js';

/** What the kit needs of a generated PrismaClient: a readiness probe and a way to let go. */
export interface KitDatabase {
  $queryRawUnsafe(query: string): Promise<unknown>;
  $disconnect(): Promise<void>;
}

/** What a subgraph's `setup` gets from the kit. */
export interface SubgraphDeps<Config, Db> {
  config: KitConfig & Config;
  db: Db;
  events: EventTransport;
  logger: Logger;
  /** The subgraph's own base URL, known once it listens (for URLs it hands to clients). */
  publicUrl(): string;
}

/** A consumer group the kit subscribes when the subgraph starts and stops when it closes. */
export interface ConsumerDeclaration {
  group: string;
  topics: string[];
  handler: EventHandler;
}

/** The parts of a running subgraph that only it knows. */
export interface SubgraphParts<Context extends BaseContext> {
  /** The per-request context (DataLoaders, services) for a verified viewer. */
  context(base: BaseContext): Context;
  consumers?: ConsumerDeclaration[];
  /** HTTP routes outside GraphQL (e.g. signed media URLs); they do their own authorization. */
  routes?(app: Express): void;
  /** Readiness beyond the database and the event transport, e.g. `{ redis: () => cache.ping() }`. */
  checks?: Record<string, () => Promise<unknown>>;
  /** Releases what `setup` opened (clients of caches, search), after traffic and consumers stopped. */
  close?(): Promise<void>;
}

/**
 * A subgraph, declared: the kit owns migrations, the database client, the outbox relay, consumers,
 * readiness, graceful shutdown and cleanup after a failed start.
 */
export interface SubgraphDefinition<
  Config,
  Db extends KitDatabase,
  Context extends BaseContext,
  Code extends string = string,
> {
  /**
   * Names everything by convention: the folder `subgraphs/<name>` (SDL in `src/schema/schema.graphql`),
   * the database (`DATABASE_URL_<NAME>`, `prisma/<name>/migrations`) and the log service name.
   */
  name: string;
  /** Typed by the subgraph's generated resolver types. */
  resolvers: object;
  env: SubgraphEnv<Config>;
  /** Builds the subgraph's generated PrismaClient with the options the kit chose (pg adapter, pool). */
  database(options: PrismaConstructorOptions): Db;
  /** Its own domain error codes → public codes (`defineErrors(...).map`). */
  errors: ErrorMap<Code>;
  /** Builds repositories and services; runs before the subgraph takes traffic. */
  setup(deps: SubgraphDeps<Config, Db>): Promise<SubgraphParts<Context>> | SubgraphParts<Context>;
}

/** Declares a subgraph; the identity function, there for type inference. */
export function defineSubgraph<Config, Db extends KitDatabase, Context extends BaseContext, Code extends string>(
  definition: SubgraphDefinition<Config, Db, Context, Code>,
): SubgraphDefinition<Config, Db, Context, Code> {
  return definition;
}

/** Any declared subgraph, e.g. in the list a launcher starts (methods keep the parameters bivariant). */
export type AnySubgraphDefinition = SubgraphDefinition<unknown, KitDatabase, BaseContext, string>;
