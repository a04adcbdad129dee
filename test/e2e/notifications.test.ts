import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes } from '@shutter/testing';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph?.close();
});

const users = async (n: number) => {
  const sessions = await Promise.all(Array.from({ length: n }, () => registerUser(graph)));
  await graph.settle();
  return sessions;
};

/** Runs an operation that must succeed, returning its data. */
async function must<T = Record<string, unknown>>(who: Session, query: string, variables: Record<string, unknown> = {}) {
  const response = await graph.request<T>(query, variables, { token: who.accessToken });
  if (!response.data || response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
  return response.data;
}

const like = (who: Session, p: string) => must(who, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p });
const unlike = (who: Session, p: string) => must(who, `mutation($p: ID!) { unlikePost(postId: $p) { id } }`, { p });
const addComment = async (who: Session, p: string, body: string, parentId?: string) =>
  (
    await must<{ addComment: { id: string } }>(
      who,
      `mutation($p: ID!, $b: String!, $c: ID) { addComment(postId: $p, body: $b, parentId: $c) { id } }`,
      { p, b: body, c: parentId ?? null },
    )
  ).addComment.id;
const onUser = (mutation: string) => (who: Session, target: Session) =>
  must(who, `mutation($id: ID!) { ${mutation}(userId: $id) { id } }`, { id: target.user.id });
const follow = onUser('follow');
const approve = onUser('approveFollowRequest');
const block = onUser('block');
const goPrivate = (who: Session) => must(who, `mutation { updateProfile(input: { isPrivate: true }) { id } }`);

interface Shown {
  id: string;
  kind: string;
  read: boolean;
  actor: { username: string };
  post: { id: string; caption: string | null } | null;
  comment: { id: string; body: string } | null;
}
const NOTIFICATION = 'id kind read createdAt actor { username } post { id caption } comment { id body }';

const notificationsOf = (who: Session | null, variables: Record<string, unknown> = { first: 50 }) =>
  graph.request<{ notifications: { edges: { node: Shown }[]; pageInfo: { hasNextPage: boolean } } }>(
    `query($first: Int, $after: String) { notifications(first: $first, after: $after) { edges { node { ${NOTIFICATION} } } pageInfo { hasNextPage } } }`,
    variables,
    who ? { token: who.accessToken } : {},
  );
/** What `who` is shown, newest first, without ids and times. */
const shown = async (who: Session) => {
  const response = await notificationsOf(who);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.notifications.edges.map(({ node: { id: _id, ...rest } }) => rest);
};
const unread = async (who: Session) =>
  (await must<{ unreadNotificationCount: number }>(who, `{ unreadNotificationCount }`)).unreadNotificationCount;
const markRead = (who: Session, upTo?: string | null) =>
  graph.request<{ markNotificationsRead: number }>(
    `mutation($upTo: ID) { markNotificationsRead(upTo: $upTo) }`,
    { upTo: upTo ?? null },
    { token: who.accessToken },
  );
const by = (who: Session) => ({ username: who.user.username });

describe('notifications through the gateway', () => {
  it('delivers every kind with its actor, post and comment resolved by their owners', async () => {
    const [ada, bob, cat, dan, pat] = await users(5);
    await goPrivate(pat!);
    await graph.settle();

    await follow(dan!, ada!); // follow
    await follow(cat!, pat!); // follow_request to pat
    await graph.settle();
    await approve(pat!, cat!); // follow_approved to cat, by pat
    const caption = `hello @${bob!.user.username}`;
    const postId = await createPost(graph, ada!, caption); // mention of bob
    await graph.settle();
    await like(bob!, postId); // like to ada
    const commentId = await addComment(cat!, postId, `nice @${dan!.user.username}`); // comment to ada, mention of dan
    await graph.settle();
    const replyId = await addComment(bob!, postId, 'thanks', commentId); // reply to cat
    await graph.settle();

    const post = { id: postId, caption };
    expect(await shown(ada!)).toEqual(
      [
        {
          kind: 'comment',
          read: false,
          actor: by(cat!),
          post,
          comment: { id: commentId, body: `nice @${dan!.user.username}` },
        },
        { kind: 'like', read: false, actor: by(bob!), post, comment: null },
        { kind: 'follow', read: false, actor: by(dan!), post: null, comment: null },
      ].map((n) => ({ ...n, createdAt: expect.any(String) })),
    );
    const only = (n: Omit<Shown, 'id' | 'read'>) => [{ ...n, read: false, createdAt: expect.any(String) }];
    expect(await shown(bob!)).toEqual(only({ kind: 'mention', actor: by(ada!), post, comment: null }));
    expect(await shown(dan!)).toEqual(
      only({ kind: 'mention', actor: by(cat!), post, comment: { id: commentId, body: `nice @${dan!.user.username}` } }),
    );
    expect(await shown(cat!)).toEqual([
      {
        kind: 'reply',
        read: false,
        createdAt: expect.any(String),
        actor: by(bob!),
        post,
        comment: { id: replyId, body: 'thanks' },
      },
      {
        kind: 'follow_approved',
        read: false,
        createdAt: expect.any(String),
        actor: by(pat!),
        post: null,
        comment: null,
      },
    ]);
    expect(await shown(pat!)).toEqual(only({ kind: 'follow_request', actor: by(cat!), post: null, comment: null }));
    expect([await unread(ada!), await unread(bob!), await unread(cat!)]).toEqual([3, 1, 2]);
  });

  it('notifies once of a like, an unlike and a like again', async () => {
    const [ada, bob] = await users(2);
    const postId = await createPost(graph, ada!, 'likeable');
    await graph.settle();
    await like(bob!, postId);
    await graph.settle();
    await unlike(bob!, postId);
    await like(bob!, postId);
    await graph.settle();
    expect((await shown(ada!)).map((n) => [n.kind, n.actor])).toEqual([['like', by(bob!)]]);
    expect(await unread(ada!)).toBe(1);
  });

  it('notifies nothing of a blocked account’s like or mention, whichever event arrives first', async () => {
    const [ada, bob, eve] = await users(3);
    const adasPost = await createPost(graph, ada!, 'mine');
    const bobsPost = await createPost(graph, bob!, 'public');
    await graph.settle();
    // No settle in between: the like and the block reach notifications in either order.
    await like(eve!, adasPost);
    await block(ada!, eve!);
    await graph.settle();
    await addComment(eve!, bobsPost, `look @${ada!.user.username}`);
    await like(bob!, adasPost);
    await graph.settle();
    expect((await shown(ada!)).map((n) => [n.kind, n.actor])).toEqual([['like', by(bob!)]]);
    expect(await unread(ada!)).toBe(1);
  });

  it('notifies nobody of a mention in a post they may not see', async () => {
    const [pat, bob, fan] = await users(3);
    await goPrivate(pat!);
    await graph.settle();
    await follow(fan!, pat!);
    await graph.settle();
    await approve(pat!, fan!);
    await graph.settle();
    const postId = await createPost(graph, pat!, `hi @${bob!.user.username} and @${fan!.user.username}`);
    await graph.settle();
    expect(await shown(bob!)).toEqual([]);
    expect((await shown(fan!)).map((n) => [n.kind, n.post?.id])).toEqual([
      ['mention', postId],
      ['follow_approved', undefined],
    ]);
  });

  it('costs the same SQL statements in every subgraph for a page of 4 notifications as for one of 12', async () => {
    const [ada, bob] = await users(2);
    for (let i = 0; i < 6; i++) {
      const postId = await createPost(graph, ada!, `post ${i}`);
      await graph.settle();
      await like(bob!, postId);
      await addComment(bob!, postId, `comment ${i}`);
    }
    await graph.settle();
    const statements = async (first: number) => {
      for (const counter of Object.values(graph.counters)) counter.reset();
      const page = await notificationsOf(ada!, { first });
      expect(page.data!.notifications.edges.filter((e) => e.node.post !== null)).toHaveLength(first);
      // The page asks nothing of calls; its missed-call sweep runs on its own clock meanwhile.
      return Object.fromEntries(
        Object.entries(graph.counters)
          .filter(([domain]) => domain !== 'calls')
          .map(([domain, counter]) => [domain, counter.count]),
      );
    };
    const [small, large] = [await statements(4), await statements(12)];
    expect(large).toEqual(small);
    expect(small.notifications).toBe(1);
  });

  it('marks up to one notification, or all, and counts what is unread', async () => {
    const [ada, ...fans] = await users(5);
    for (const fan of fans) await follow(fan, ada!);
    await graph.settle();
    const page = (await notificationsOf(ada!)).data!.notifications.edges.map((e) => e.node);
    expect([page.length, await unread(ada!)]).toEqual([4, 4]);

    const second = page[1]!; // the second newest, and the two older ones
    expect((await markRead(ada!, second.id)).data).toEqual({ markNotificationsRead: 3 });
    expect((await shown(ada!)).map((n) => n.read)).toEqual([false, true, true, true]);
    expect(await unread(ada!)).toBe(1);
    expect((await markRead(ada!)).data).toEqual({ markNotificationsRead: 1 });
    expect((await markRead(ada!)).data).toEqual({ markNotificationsRead: 0 });
    expect(await unread(ada!)).toBe(0);
  });

  it('refuses bad input with clear codes and changes nothing', async () => {
    const [ada, bob] = await users(2);
    await follow(bob!, ada!);
    await follow(ada!, bob!);
    await graph.settle();
    const [bobs] = (await notificationsOf(bob!)).data!.notifications.edges;

    for (const first of [0, 101, -1]) expect(codes(await notificationsOf(ada!, { first }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await notificationsOf(ada!, { after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    const malformed = await markRead(ada!, 'not-an-id');
    expect([codes(malformed), malformed.errors?.[0]?.extensions?.field]).toEqual([['BAD_USER_INPUT'], 'upTo']);
    expect(codes(await markRead(ada!, bobs!.node.id))).toEqual(['NOT_FOUND']);
    expect(codes(await markRead(ada!, '00000000-0000-7000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    expect([await unread(ada!), await unread(bob!)]).toEqual([1, 1]);
    expect((await shown(ada!)).map((n) => n.read)).toEqual([false]);
  });

  it('answers an anonymous request with UNAUTHENTICATED, and nobody but the recipient with a notification', async () => {
    const [ada, bob] = await users(2);
    await follow(bob!, ada!);
    await graph.settle();
    const [adas] = (await notificationsOf(ada!)).data!.notifications.edges;
    const byId = (who: Session | null) =>
      graph.request<{ notification: { id: string; kind: string } | null }>(
        `query($id: ID!) { notification(id: $id) { id kind } }`,
        { id: adas!.node.id },
        who ? { token: who.accessToken } : {},
      );

    expect(codes(await notificationsOf(null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.request(`{ unreadNotificationCount }`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.request(`mutation { markNotificationsRead }`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await byId(null))).toEqual(['UNAUTHENTICATED']);
    expect((await byId(bob!)).data).toEqual({ notification: null });
    expect((await byId(ada!)).data).toEqual({ notification: { id: adas!.node.id, kind: 'follow' } });
    expect(await unread(ada!)).toBe(1);
  });
});
