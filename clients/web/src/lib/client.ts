import { authExchange } from '@urql/exchange-auth';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createSocket } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { expiresSoon, freshAccessToken, getSession, refreshSession } from './session';

/** The gateway closes a socket whose access token expired with 4401 (ADR 0016). */
const TOKEN_EXPIRED = 4401;

/** Types without an id: stored inside their parent, never normalised on their own. */
const EMBEDDED = [
  'AuthPayload',
  'CallConnection',
  'CallEdge',
  'CommentConnection',
  'CommentEdge',
  'IceServer',
  'NotificationConnection',
  'NotificationEdge',
  'PageInfo',
  'PostConnection',
  'PostEdge',
  'SearchResult',
  'UploadField',
  'UserConnection',
  'UserEdge',
];

/** Drops every cached page of `field` under `entity` (all argument combinations): refetched when shown. */
function invalidateField(cache: Cache, entity: string | { __typename: string; id: string }, field: string) {
  const key = typeof entity === 'string' ? entity : cache.keyOfEntity(entity);
  if (!key) return;
  for (const info of cache.inspectFields(key)) {
    if (info.fieldName === field) cache.invalidate(key, info.fieldKey);
  }
}

export interface ShutterClient {
  client: Client;
  /**
   * Calls `listener` each time the socket connects again after a drop (an expired token closes it,
   * 4401): pushes sent meanwhile were missed, so live counters are read again. Returns its remover.
   */
  onReconnect(listener: () => void): () => void;
  dispose(): void;
}

/**
 * One urql client per signed-in account (a new account starts with an empty cache and its own
 * socket). graphcache normalises entities by id, so a push of `postUpdated` updates the like count
 * wherever the post is shown; lists that grow (comments, notifications) are invalidated and
 * refetched instead of guessed.
 */
export function createShutterClient(): ShutterClient {
  const reconnected = new Set<() => void>();
  let expired = false;
  const socket = createSocket({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    // Asked at every (re)connection: an expired token closes the socket (4401), and the retry
    // reconnects with a refreshed one.
    connectionParams: async () => {
      const token = await freshAccessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Soon after a drop (half a second, doubling to 10 s while the gateway stays away).
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) + Math.random() * 250)),
    on: {
      closed: (event) => {
        if ((event as { code?: number } | undefined)?.code === TOKEN_EXPIRED) expired = true;
      },
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry || expired) reconnected.forEach((listener) => listener());
        expired = false;
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    // POST with a JSON body: the gateway's CSRF prevention refuses a GET without a preflight header.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange({
        keys: {
          ...Object.fromEntries(EMBEDDED.map((name) => [name, () => null])),
          UploadTarget: (data) => (data.uploadId as string | undefined) ?? null,
        },
        resolvers: {
          Query: {
            feed: relayPagination(),
            explore: relayPagination(),
            hashtag: relayPagination(),
            notifications: relayPagination(),
            calls: relayPagination(),
            followRequests: relayPagination(),
            post: (_parent, args) => ({ __typename: 'Post', id: args.id as string }),
          },
          User: { posts: relayPagination() },
        },
        updates: {
          Mutation: {
            createPost(_result, _args, cache) {
              invalidateField(cache, 'Query', 'feed');
              const me = getSession();
              if (me) {
                invalidateField(cache, { __typename: 'User', id: me.userId }, 'posts');
                cache.invalidate({ __typename: 'User', id: me.userId }, 'postCount');
              }
            },
            follow(_result, _args, cache) {
              invalidateField(cache, 'Query', 'feed');
            },
            unfollow(_result, _args, cache) {
              invalidateField(cache, 'Query', 'feed');
            },
            block(_result, _args, cache) {
              invalidateField(cache, 'Query', 'feed');
            },
            addComment(result, args, cache) {
              const postId = args.postId as string;
              invalidateField(cache, { __typename: 'Post', id: postId }, 'comments');
              if (args.parentId) {
                invalidateField(cache, { __typename: 'Comment', id: args.parentId as string }, 'replies');
                cache.invalidate({ __typename: 'Comment', id: args.parentId as string }, 'replyCount');
              }
              cache.invalidate({ __typename: 'Post', id: postId }, 'commentCount');
              void result;
            },
            markNotificationsRead(_result, _args, cache) {
              cache.invalidate('Query', 'unreadNotificationCount');
              invalidateField(cache, 'Query', 'notifications');
            },
            approveFollowRequest(_result, _args, cache) {
              invalidateField(cache, 'Query', 'followRequests');
            },
            rejectFollowRequest(_result, _args, cache) {
              invalidateField(cache, 'Query', 'followRequests');
            },
            endCall(_result, _args, cache) {
              invalidateField(cache, 'Query', 'calls');
            },
          },
          Subscription: {
            notificationReceived(_result, _args, cache) {
              cache.invalidate('Query', 'unreadNotificationCount');
              invalidateField(cache, 'Query', 'notifications');
            },
            commentAdded(result, args, cache) {
              invalidateField(cache, { __typename: 'Post', id: args.postId as string }, 'comments');
              const parent = (result.commentAdded as { parent?: { id: string } | null } | null)?.parent;
              if (parent) {
                invalidateField(cache, { __typename: 'Comment', id: parent.id }, 'replies');
                cache.invalidate({ __typename: 'Comment', id: parent.id }, 'replyCount');
              }
            },
            callSignals(result, _args, cache) {
              const kind = (result.callSignals as { kind?: string } | null)?.kind;
              if (kind && ['declined', 'ended', 'missed', 'cancelled', 'answered'].includes(kind)) {
                invalidateField(cache, 'Query', 'calls');
              }
            },
          },
        },
      }),
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSession();
          return session
            ? utils.appendHeaders(operation, { authorization: `Bearer ${session.accessToken}` })
            : operation;
        },
        willAuthError() {
          const session = getSession();
          return !!session && expiresSoon(session);
        },
        didAuthError(error) {
          return error.response?.status === 401;
        },
        async refreshAuth() {
          await refreshSession();
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              let stopped = false;
              let unsubscribe: () => void = () => undefined;
              const start = () => {
                unsubscribe = socket.subscribe<Record<string, unknown>, Record<string, unknown>>(input, {
                  next: (value) => sink.next(value),
                  complete: () => sink.complete(),
                  error: (error) => {
                    // graphql-ws gives up on 4401; the token is refreshed by connectionParams, so subscribe again.
                    if (!stopped && (error as { code?: number }).code === TOKEN_EXPIRED) start();
                    else sink.error(error);
                  },
                });
              };
              start();
              return {
                unsubscribe: () => {
                  stopped = true;
                  unsubscribe();
                },
              };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    onReconnect: (listener) => {
      reconnected.add(listener);
      return () => reconnected.delete(listener);
    },
    dispose: () => {
      void socket.dispose();
    },
  };
}
