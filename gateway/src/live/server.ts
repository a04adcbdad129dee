import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { hostname } from 'node:os';
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import type { EventTransport, Subscription } from '@shutter/events';
import { ErrorCode, isUuid, signIdentity, type AccessTokenClaims, type Logger, type Viewer } from '@shutter/runtime';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GatewayContext } from '../context.js';
import { operationCost } from '../operation-cost.js';
import { LIVE_FIELDS, LIVE_TOPICS, triggersOf } from './fields.js';
import { LiveHub, type ListenerSpec, type LivePush } from './hub.js';
import { requeryFor } from './requery.js';

/** Close code for a socket whose access token expired: reconnect with a fresh token. */
export const TOKEN_EXPIRED_CLOSE_CODE = CloseCode.Unauthorized;

export interface LiveOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  /** The API schema the gateway serves (what subscriptions are validated against). */
  schema: () => GraphQLSchema;
  events: EventTransport;
  /** An access token's claims and expiry, or null when it is not a valid one. */
  verifyToken(token: string): { claims: AccessTokenClaims; exp: number } | null;
  identitySecret: string;
  logger: Logger;
  validationRules: readonly ValidationRule[];
  maxCost: number;
  maxTokens: number;
  maxMessageBytes: number;
}

export interface RunningLive {
  /** Sockets and subscriptions this replica holds (for the bench and operators). */
  stats(): { sockets: number; listeners: number; channels: number };
  close(): Promise<void>;
}

interface SocketState {
  viewer: Viewer;
  expiry?: NodeJS.Timeout;
}
type Extra = { socket: WebSocket; request: http.IncomingMessage; state?: SocketState };
type LiveContext = { live: ListenerSpec };

const error = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * GraphQL subscriptions over `graphql-ws` at the gateway's `/graphql` (ADR 0015). Clients
 * authenticate with `connectionParams: { authorization: 'Bearer <access token>' }`; events reach
 * every replica through the event transport (Kafka: a group per replica, from the end); each push
 * is a query through this gateway with the subscriber's identity.
 */
export async function startLive(options: LiveOptions): Promise<RunningLive> {
  const { apollo, logger } = options;
  const hub = new LiveHub(async ({ query, variables }, viewer) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: liveContext(viewer) });
    if (response.body.kind !== 'single') throw new Error('a live update query answered incrementally');
    const { data, errors } = response.body.singleResult;
    return { ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) };
  }, logger);

  const liveContext = (viewer: Viewer): GatewayContext => {
    const requestId = randomUUID();
    const identified = { ...viewer, requestId };
    let token: string | undefined;
    return {
      viewer: identified,
      identityToken: () => (token ??= signIdentity(identified, options.identitySecret)),
      clientAddress: 'live',
      live: true,
      logger: logger.child({ requestId, userId: viewer.userId }),
    };
  };

  const replica = `${hostname()}-${randomUUID().slice(0, 8)}`;
  const subscription: Subscription = await options.events.subscribe({
    group: `gateway-live-${replica}`,
    topics: LIVE_TOPICS,
    startAt: 'end',
    // Fans out and returns: pushes run on their own, so a slow socket never holds up the events.
    handler: async (event) => {
      for (const trigger of triggersOf(event)) hub.publish(event.id, trigger);
    },
  });

  const sockets = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxMessageBytes,
  });

  const cleanup = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      onConnect: (ctx) => {
        const viewer = viewerOf(ctx.connectionParams, options, randomUUID());
        if (!viewer) return false;
        const state: SocketState = { viewer: viewer.viewer };
        if (viewer.exp !== null) {
          const extra = ctx.extra as unknown as Extra;
          state.expiry = setTimeout(
            () => extra.socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Access token expired: reconnect with a fresh one'),
            Math.max(0, viewer.exp * 1000 - Date.now()),
          );
          state.expiry.unref();
        }
        (ctx.extra as unknown as Extra).state = state;
        return true;
      },
      onClose: (ctx) => {
        const state = (ctx.extra as unknown as Extra).state;
        if (state?.expiry) clearTimeout(state.expiry);
      },
      onSubscribe: async (ctx, _id, payload) => prepare(ctx, payload),
      subscribe: (args: ExecutionArgs) => {
        const { live } = args.contextValue as LiveContext;
        // Typed as graphql-ws expects; the pushes' errors are already formatted, and onNext sends them as they are.
        return new Repeater<ExecutionResult>(async (push, stop) => {
          const unlisten = hub.listen(live, (result) => void push(result as ExecutionResult));
          await stop;
          unlisten();
        }, new SlidingBuffer(MAX_BUFFERED));
      },
      // Pushes are already formatted (plain objects, masked by the gateway's formatError).
      onNext: (_ctx, _id, _payload, _args, result) => result as LivePush,
    },
    sockets,
  );

  async function prepare(
    ctx: WsContext<Record<string, unknown>, { state?: SocketState }>,
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  ): Promise<ExecutionArgs | GraphQLError[]> {
    const viewer = (ctx.extra as unknown as Extra).state!.viewer;
    const schema = options.schema();
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: options.maxTokens });
    } catch (parseError) {
      return [error('GRAPHQL_PARSE_FAILED', (parseError as Error).message)];
    }
    const invalid = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (invalid.length > 0) {
      return invalid.map((e) => error('GRAPHQL_VALIDATION_FAILED', e.message));
    }
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation) return [error('BAD_REQUEST', 'Name the operation to run (operationName).')];
    if (operation.operation !== 'subscription') {
      return [
        error(
          'BAD_REQUEST',
          'Only subscriptions are served over WebSocket: send queries and mutations to POST /graphql.',
        ),
      ];
    }
    const root = operation.selectionSet.selections[0];
    if (root?.kind !== Kind.FIELD) return [error('BAD_REQUEST', 'Select the subscription field directly.')];
    const field = LIVE_FIELDS[root.name.value];
    const definition = schema.getSubscriptionType()?.getFields()[root.name.value];
    if (!field || !definition) return [error('BAD_REQUEST', `Subscription ${root.name.value} is not served.`)];
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors) return coerced.errors.map((e) => error(ErrorCode.BAD_USER_INPUT, e.message));
    const args = getArgumentValues(definition, root as FieldNode, coerced.coerced);
    if (field.needsViewer && !viewer.userId) {
      return [
        error(
          ErrorCode.UNAUTHENTICATED,
          `Sign in to subscribe to ${root.name.value}: send connectionParams.authorization.`,
        ),
      ];
    }
    const cost = operationCost(schema, document, operation, payload.variables ?? undefined);
    if (cost > options.maxCost) {
      return [error('GRAPHQL_VALIDATION_FAILED', `Query cost limit of ${options.maxCost} exceeded, found ${cost}.`)];
    }
    if (field.postArgument) {
      const postId = args[field.postArgument];
      if (!isUuid(postId)) return [error(ErrorCode.BAD_USER_INPUT, `${field.postArgument}: not a post id`)];
      // The post must be one the subscriber may see now; later pushes are checked again each time.
      // Shared by the same identity's concurrent checks of one post (many subscribe at once to a popular post).
      const check = await hub.execute('subscribing', postId, {
        channel: '',
        requery: { query: POST_VISIBLE, idVariable: 'id', variables: [], responseKey: 'post' },
        variables: {},
        viewer,
      });
      if (check.data?.post == null) return [error(ErrorCode.NOT_FOUND, 'Post not found.')];
    }
    const requery = requeryFor(document, operation, field.requery);
    const used = new Set(requery.variables);
    const variables = Object.fromEntries(Object.entries(payload.variables ?? {}).filter(([name]) => used.has(name)));
    const live: ListenerSpec = { channel: field.channel(args, viewer), requery, variables, viewer };
    return {
      schema,
      document,
      ...(payload.operationName ? { operationName: payload.operationName } : {}),
      variableValues: payload.variables ?? {},
      contextValue: { live } satisfies LiveContext,
    };
  }

  return {
    stats: () => ({ sockets: sockets.clients.size, ...hub.stats() }),
    close: async () => {
      await subscription.stop();
      // Closes every socket (1001, going away) and ends their subscriptions.
      await cleanup.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/**
 * A subscription POSTed over HTTP: refused with a pointer to the socket, before the gateway would
 * plan it (Apollo Gateway cannot execute subscriptions and would answer an internal error).
 */
export function subscriptionsOverHttpPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP.',
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/** Pushes a subscriber may be behind by before the oldest are dropped (a socket that stopped reading). */
const MAX_BUFFERED = 256;

const POST_VISIBLE = 'query LivePostVisible($id: ID!) { post(id: $id) { id } }';

/**
 * The socket's viewer from `connectionParams.authorization` (`Bearer <access token>`, as the HTTP
 * header). None: anonymous (public subscriptions only). Present but not a valid access token: null,
 * and the connection is refused (4403), so a client notices instead of silently hearing less.
 */
export function viewerOf(
  params: Readonly<Record<string, unknown>> | undefined,
  options: Pick<LiveOptions, 'verifyToken'>,
  requestId: string,
): { viewer: Viewer; exp: number | null } | null {
  const authorization = params?.authorization ?? params?.Authorization;
  if (authorization === undefined || authorization === null || authorization === '') {
    return { viewer: { userId: null, role: null, requestId }, exp: null };
  }
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
  const verified = match ? options.verifyToken(match[1]!) : null;
  if (!verified) return null;
  return { viewer: { userId: verified.claims.userId, role: verified.claims.role, requestId }, exp: verified.exp };
}
