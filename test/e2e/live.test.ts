import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parsePrivateJwk, signAccessToken } from '@shutter/runtime';
import { closeLiveConnections, connectLive, listening, subscribe } from '../support/live.js';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

/**
 * Subscriptions over real WebSockets through the gateway (issue 12): graphql-ws at /graphql, pushes
 * resolved across subgraphs with the subscriber's identity.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await closeLiveConnections();
  await graph?.close();
});

const user = () => registerUser(graph, {}, { settle: true });

async function mutate<T = Record<string, unknown>>(who: Session, query: string, variables: Record<string, unknown>) {
  const response = await graph.request<T>(query, variables, { token: who.accessToken });
  expect(response.errors).toBeUndefined();
  return response.data!;
}
const like = (who: Session, postId: string) =>
  mutate(who, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: postId });
const comment = (who: Session, postId: string, body: string) =>
  mutate<{ addComment: { id: string } }>(
    who,
    `mutation($p: ID!, $b: String!) { addComment(postId: $p, body: $b) { id } }`,
    {
      p: postId,
      b: body,
    },
  );

const POST_UPDATED = `subscription($p: ID!) { postUpdated(postId: $p) { id likeCount commentCount } }`;

/** Subscriptions held now, so a test can wait for its own to be in place before acting. */
const held = () => graph.stack.gateway.live!.stats().listeners;

describe('pushes', () => {
  it('pushes a followed account’s new post into the feed, and notifications of likes and comments to the author', async () => {
    const [a, b, c] = [await user(), await user(), await user()];
    await mutate(b, `mutation($u: ID!) { follow(userId: $u) { id } }`, { u: a.user.id });
    await mutate(a, `mutation { updateProfile(input: { displayName: "Ada A" }) { id } }`, {});
    await graph.settle();
    const before = held();
    const feed = subscribe<{ feedPostAdded: { caption: string; author: { username: string; displayName: string } } }>(
      connectLive(graph.url, b.accessToken),
      `subscription { feedPostAdded { caption author { username displayName avatarUrl } } }`,
    );
    const strangerFeed = subscribe(connectLive(graph.url, c.accessToken), `subscription { feedPostAdded { id } }`);
    const notifications = subscribe<{ notificationReceived: { kind: string; actor: { username: string } } }>(
      connectLive(graph.url, a.accessToken),
      `subscription { notificationReceived { kind actor { username } post { caption } } }`,
    );
    await listening(graph, before + 3);

    const postId = await createPost(graph, a, 'live in the feed');
    const [post] = await feed.next(1);
    expect(post!.data!.feedPostAdded).toEqual({
      caption: 'live in the feed',
      author: { username: a.user.username, displayName: 'Ada A', avatarUrl: null },
    });

    await like(b, postId);
    await comment(c, postId, 'hello');
    const pushes = await notifications.next(2);
    expect(pushes.map((p) => p.data!.notificationReceived)).toEqual([
      { kind: 'like', actor: { username: b.user.username }, post: { caption: 'live in the feed' } },
      { kind: 'comment', actor: { username: c.user.username }, post: { caption: 'live in the feed' } },
    ]);
    // c follows nobody: nothing reached c's feed.
    expect(strangerFeed.pushes).toEqual([]);
    expect(strangerFeed.errors).toEqual([]);
  });

  it('pushes a new comment with fields of other subgraphs, resolved for the subscriber', async () => {
    const [author, reader, commenter] = [await user(), await user(), await user()];
    const postId = await createPost(graph, author, 'live comments');
    const socket = connectLive(graph.url, reader.accessToken);
    const before = held();
    const comments = subscribe<{
      commentAdded: {
        body: string;
        author: { username: string; avatarUrl: string | null };
        post: { id: string; commentCount: number };
      };
    }>(
      socket,
      `subscription($p: ID!) { commentAdded(postId: $p) { body author { username avatarUrl } post { id commentCount } } }`,
      { p: postId },
    );
    await listening(graph, before + 1);

    await comment(commenter, postId, 'first!');
    const [push] = await comments.next(1);
    expect(push).toEqual({
      data: {
        commentAdded: {
          body: 'first!',
          author: { username: commenter.user.username, avatarUrl: null },
          post: { id: postId, commentCount: 1 },
        },
      },
    });
  });

  it('pushes the post with its new counts after likes and comments, in order', async () => {
    const [author, fan, other] = [await user(), await user(), await user()];
    const postId = await createPost(graph, author, 'live counts');
    const before = held();
    const updates = subscribe<{ postUpdated: { id: string; likeCount: number; commentCount: number } }>(
      connectLive(graph.url),
      POST_UPDATED,
      { p: postId },
    );
    await listening(graph, before + 1);

    await like(fan, postId);
    await updates.next(1);
    await like(other, postId);
    await updates.next(2);
    await comment(other, postId, 'nice');
    const pushes = await updates.next(3);
    expect(pushes.map((p) => p.data!.postUpdated)).toEqual([
      { id: postId, likeCount: 1, commentCount: 0 },
      { id: postId, likeCount: 2, commentCount: 0 },
      { id: postId, likeCount: 2, commentCount: 1 },
    ]);
  });

  it('stops pushing a post to a viewer its author blocked, while others still get it', async () => {
    const [author, blocked, watcher, fan] = [await user(), await user(), await user(), await user()];
    const postId = await createPost(graph, author, 'blocking');
    const before = held();
    const blockedUpdates = subscribe(connectLive(graph.url, blocked.accessToken), POST_UPDATED, { p: postId });
    const watcherUpdates = subscribe(connectLive(graph.url, watcher.accessToken), POST_UPDATED, { p: postId });
    await listening(graph, before + 2);

    await like(fan, postId);
    await blockedUpdates.next(1);
    await watcherUpdates.next(1);

    await mutate(author, `mutation($u: ID!) { block(userId: $u) { id } }`, { u: blocked.user.id });
    await graph.settle();
    await comment(fan, postId, 'after the block');
    await watcherUpdates.next(2);
    // The blocked viewer's push for the same event ran alongside the watcher's, and answered null.
    await new Promise((r) => setTimeout(r, 300));
    expect(blockedUpdates.pushes).toHaveLength(1);
  });

  it('stops pushing a private account’s post to a viewer who unfollowed it', async () => {
    const [author, follower, fan] = [await user(), await user(), await user()];
    await mutate(author, `mutation { updateProfile(input: { isPrivate: true }) { id } }`, {});
    // Follows learns the account is private from ProfileUpdated: before that a follow is no request.
    await graph.settle();
    for (const who of [follower, fan]) {
      await mutate(who, `mutation($u: ID!) { follow(userId: $u) { id } }`, { u: author.user.id });
      await graph.settle();
      await mutate(author, `mutation($u: ID!) { approveFollowRequest(userId: $u) { id } }`, { u: who.user.id });
    }
    await graph.settle();
    const postId = await createPost(graph, author, 'followers only');
    const before = held();
    const followerUpdates = subscribe(connectLive(graph.url, follower.accessToken), POST_UPDATED, { p: postId });
    const authorUpdates = subscribe(connectLive(graph.url, author.accessToken), POST_UPDATED, { p: postId });
    await listening(graph, before + 2);

    await like(fan, postId);
    await followerUpdates.next(1);
    await authorUpdates.next(1);
    await mutate(follower, `mutation($u: ID!) { unfollow(userId: $u) { id } }`, { u: author.user.id });
    await graph.settle();
    await comment(fan, postId, 'still here');
    await authorUpdates.next(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(followerUpdates.pushes).toHaveLength(1);
  });

  it('refuses to follow a post the viewer may not see', async () => {
    const [author, stranger] = [await user(), await user()];
    await mutate(author, `mutation { updateProfile(input: { isPrivate: true }) { id } }`, {});
    await graph.settle();
    const postId = await createPost(graph, author, 'for followers only');
    const updates = subscribe(connectLive(graph.url, stranger.accessToken), POST_UPDATED, { p: postId });
    await expect(updates.next(1)).rejects.toThrow(/NOT_FOUND/);
    expect(updates.errors).toEqual([
      [expect.objectContaining({ message: 'Post not found.', extensions: { code: 'NOT_FOUND' } })],
    ]);
  });
});

describe('connections', () => {
  it('answers a subscription sent over HTTP with a clear error pointing at WebSocket', async () => {
    const response = await graph.request(`subscription { feedPostAdded { id } }`, {});
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([
      {
        message: 'Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('refuses a connection with an access token that is not valid (4403)', async () => {
    const socket = connectLive(graph.url, 'not-a-token');
    expect(await socket.closed()).toEqual({ code: 4403, reason: 'Forbidden' });
  });

  it('answers UNAUTHENTICATED for a subscription that needs a viewer on an anonymous connection, and keeps the socket', async () => {
    const socket = connectLive(graph.url);
    const feed = subscribe(socket, `subscription { feedPostAdded { id } }`);
    await expect(feed.next(1)).rejects.toThrow(/UNAUTHENTICATED/);

    // The same socket still serves what needs no viewer.
    const [author] = [await user()];
    const postId = await createPost(graph, author, 'anonymous readers welcome');
    const before = held();
    const updates = subscribe(socket, POST_UPDATED, { p: postId });
    await listening(graph, before + 1);
    await like(author, postId);
    await updates.next(1);
  });

  it('answers a malformed or invalid subscription with a GraphQL error, not a dropped socket', async () => {
    const socket = connectLive(graph.url);
    const broken = subscribe(socket, `subscription { postUpdated(postId: `);
    await expect(broken.next(1)).rejects.toThrow(/GRAPHQL_PARSE_FAILED/);
    const unknown = subscribe(socket, `subscription { postUpdated(postId: "x") { nope } }`);
    await expect(unknown.next(1)).rejects.toThrow(/GRAPHQL_VALIDATION_FAILED/);
    const badId = subscribe(socket, POST_UPDATED, { p: 'not-an-id' });
    await expect(badId.next(1)).rejects.toThrow(/BAD_USER_INPUT/);
    const query = subscribe(socket, `query { __typename }`);
    await expect(query.next(1)).rejects.toThrow(/Only subscriptions/);
    // Still open: a valid subscription on it is accepted (answered NOT_FOUND for a post that does not exist).
    const missing = subscribe(socket, POST_UPDATED, { p: '00000000-0000-7000-8000-000000000000' });
    await expect(missing.next(1)).rejects.toThrow(/NOT_FOUND/);
  });

  it('closes the socket when its access token expires (4401), and frees its subscriptions', async () => {
    const viewer = await user();
    const key = parsePrivateJwk(graph.env.AUTH_JWT_PRIVATE_JWK!);
    const { token } = signAccessToken({ userId: viewer.user.id, role: 'USER' }, key, 2);
    const socket = connectLive(graph.url, token);
    const author = await user();
    const postId = await createPost(graph, author, 'short-lived');
    const before = held();
    subscribe(socket, POST_UPDATED, { p: postId });
    await listening(graph, before + 1);
    expect(await socket.closed()).toEqual({ code: 4401, reason: 'Access token expired: reconnect with a fresh one' });
    await listening(graph, before);
  });
});
