import { eventually } from '@shutter/testing';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestSupergraph } from './supergraph.js';

/** A graphql-ws connection to a gateway, as a client app opens one. */
export interface LiveConnection {
  client: Client;
  /** How the socket closed, once it has (code and reason). */
  closed(): Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** One subscription's pushes and its end. */
export interface LiveSubscription<T> {
  pushes: FormattedExecutionResult<T, unknown>[];
  /** Errors the server answered instead of subscribing (or that ended it). */
  errors: unknown[];
  completed: boolean;
  /** Waits until `count` pushes arrived. */
  next(count?: number): Promise<FormattedExecutionResult<T, unknown>[]>;
  stop(): void;
}

const connections: LiveConnection[] = [];

/** Opens a socket to `<gateway>/graphql`, authenticated with `token` when given (connectionParams). */
export function connectLive(
  httpUrl: string,
  token?: string,
  connectionParams: Record<string, unknown> = token ? { authorization: `Bearer ${token}` } : {},
): LiveConnection {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    // Tests look at the first close; reconnecting is the application's choice.
    shouldRetry: () => false,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => undefined,
  });
  const connection: LiveConnection = {
    client,
    closed: () => closed,
    dispose: async () => {
      await client.dispose();
    },
  };
  connections.push(connection);
  return connection;
}

/** Closes every socket the tests of this file opened. */
export async function closeLiveConnections(): Promise<void> {
  await Promise.all(connections.splice(0).map((c) => c.dispose()));
}

/** Subscribes and collects what arrives. */
export function subscribe<T = Record<string, unknown>>(
  connection: LiveConnection,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<T> {
  const subscription: LiveSubscription<T> = {
    pushes: [],
    errors: [],
    completed: false,
    async next(count = subscription.pushes.length + 1) {
      await eventually(
        () => subscription.pushes.length >= count || subscription.errors.length > 0,
        () => `${subscription.pushes.length}/${count} pushes for ${query}`,
        15_000,
      );
      if (subscription.pushes.length < count)
        throw new Error(`subscription failed: ${JSON.stringify(subscription.errors)}`);
      return subscription.pushes;
    },
    stop: () => undefined,
  };
  subscription.stop = connection.client.subscribe<T>(
    { query, variables },
    {
      next: (value) => subscription.pushes.push(value),
      error: (error) => subscription.errors.push(error),
      complete: () => {
        subscription.completed = true;
      },
    },
  );
  return subscription;
}

/** Waits until the gateway holds `count` live subscriptions (subscribing is asynchronous). */
export async function listening(graph: TestSupergraph, count: number): Promise<void> {
  const live = graph.stack.gateway.live;
  if (!live) throw new Error('the gateway serves no subscriptions');
  await eventually(
    () => live.stats().listeners === count,
    () => `gateway holds ${live.stats().listeners} subscriptions, expected ${count}`,
  );
}
