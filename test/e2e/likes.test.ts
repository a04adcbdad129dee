import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { codes, type GraphQLResponse } from '@shutter/testing';
import { png } from '../support/media.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph?.close();
});

const user = () => registerUser(graph, {}, { settle: true });

/** A one-image post, made the way a client makes it (requestUpload, the bytes, createPost). */
async function createPost(who: Session, caption = 'a post'): Promise<string> {
  const bytes = png(2, 2);
  const requested = await graph.request<{ requestUpload: { uploadId: string; url: string; method: string } }>(
    `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url method } }`,
    { input: { contentType: 'image/png', byteSize: bytes.length } },
    { token: who.accessToken },
  );
  const target = requested.data!.requestUpload;
  await fetch(target.url, { method: target.method, headers: { 'content-type': 'image/png' }, body: bytes });
  const created = await graph.request<{ createPost: { id: string } }>(
    `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { caption, uploadIds: [target.uploadId] } },
    { token: who.accessToken },
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return created.data.createPost.id;
}

interface LikedPost {
  id: string;
  caption: string;
  likeCount: number;
  viewerHasLiked: boolean;
  likers: { edges: { node: { id: string; username: string } }[] };
}
const POST_FIELDS = 'id caption likeCount viewerHasLiked likers(first: 10) { edges { node { id username } } }';

const like = (who: Session, postId: string) =>
  graph.request<{ likePost: LikedPost }>(
    `mutation($p: ID!) { likePost(postId: $p) { ${POST_FIELDS} } }`,
    { p: postId },
    { token: who.accessToken },
  );
const unlike = (who: Session, postId: string) =>
  graph.request<{ unlikePost: LikedPost }>(
    `mutation($p: ID!) { unlikePost(postId: $p) { ${POST_FIELDS} } }`,
    { p: postId },
    { token: who.accessToken },
  );
const read = (postId: string, who?: Session) =>
  graph.request<{ post: LikedPost | null }>(
    `query($p: ID!) { post(id: $p) { ${POST_FIELDS} } }`,
    { p: postId },
    who ? { token: who.accessToken } : {},
  );

const likeRows = async (postId?: string) =>
  (
    await graph.sql(
      'likes',
      postId ? 'SELECT count(*)::int AS n FROM likes WHERE post_id = $1' : 'SELECT count(*)::int AS n FROM likes',
      postId ? [postId] : [],
    )
  ).rows[0].n as number;
const outboxRows = async () => (await graph.sql('likes', 'SELECT count(*)::int AS n FROM outbox')).rows[0].n as number;

it('likes twice → one like, unlikes twice → none; each mutation answers the post as it is now', async () => {
  const [alice, bob] = [await user(), await user()];
  const postId = await createPost(alice, 'likeable');

  const first = await like(bob, postId);
  expect(first.errors).toBeUndefined();
  expect(first.data!.likePost).toEqual({
    id: postId,
    caption: 'likeable',
    likeCount: 1,
    viewerHasLiked: true,
    likers: { edges: [{ node: { id: bob.user.id, username: bob.user.username } }] },
  });
  expect((await like(bob, postId.toUpperCase())).data!.likePost).toMatchObject({ likeCount: 1, viewerHasLiked: true });
  expect(await likeRows(postId)).toBe(1);
  expect((await read(postId, alice)).data!.post).toMatchObject({ likeCount: 1, viewerHasLiked: false });

  expect((await unlike(bob, postId)).data!.unlikePost).toMatchObject({ likeCount: 0, viewerHasLiked: false });
  expect((await unlike(bob, postId)).data!.unlikePost).toMatchObject({
    likeCount: 0,
    viewerHasLiked: false,
    likers: { edges: [] },
  });
  expect(await likeRows(postId)).toBe(0);

  await graph.settle();
  const { rows } = await graph.sql('likes', `SELECT type, payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq`, [
    postId,
  ]);
  expect(rows.map((r) => r.type)).toEqual(['PostLiked', 'PostUnliked']);
  expect(rows[0].payload).toMatchObject({ postId, postAuthorId: alice.user.id, userId: bob.user.id });
});

it('counts exactly after 200 concurrent like and unlike calls from 50 users on one post', async () => {
  const author = await user();
  const postId = await createPost(author);
  const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(graph)));
  await graph.settle();
  // 30 users like 4 times at once; 20 who liked before unlike 4 times at once: 30 likes remain.
  const unliking = users.slice(30);
  for (const u of unliking) expect((await like(u, postId)).errors).toBeUndefined();
  const calls = users.flatMap((u, i) =>
    Array.from({ length: 4 }, () =>
      graph.request(
        i < 30
          ? `mutation($p: ID!) { likePost(postId: $p) { id } }`
          : `mutation($p: ID!) { unlikePost(postId: $p) { id } }`,
        { p: postId },
        { token: u.accessToken },
      ),
    ),
  );
  expect(calls).toHaveLength(200);
  const responses = await Promise.all(calls);
  expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);

  const post = (await read(postId, author)).data!.post!;
  expect(post.likeCount).toBe(30);
  expect(await likeRows(postId)).toBe(30);
  const { rows } = await graph.sql('likes', 'SELECT like_count FROM post_like_counts WHERE post_id = $1', [postId]);
  expect(rows).toEqual([{ like_count: 30 }]);
  const viewed = await Promise.all(users.map(async (u) => (await read(postId, u)).data!.post!.viewerHasLiked));
  expect(viewed).toEqual(users.map((_, i) => i < 30));
  // One PostLiked per real like, one PostUnliked per real unlike.
  await graph.settle();
  const events = await graph.sql(
    'likes',
    `SELECT type, count(*)::int AS n FROM outbox WHERE aggregate_id = $1 GROUP BY type ORDER BY type`,
    [postId],
  );
  expect(events.rows).toEqual([
    { type: 'PostLiked', n: 50 },
    { type: 'PostUnliked', n: 20 },
  ]);
}, 120_000);

it('refuses bad input with BAD_USER_INPUT or NOT_FOUND, stores nothing and never fails internally', async () => {
  const [alice, bob, hidden] = [await user(), await user(), await user()];
  const deleted = await createPost(alice);
  await graph.request(`mutation($id: ID!) { deletePost(id: $id) }`, { id: deleted }, { token: alice.accessToken });
  await graph.request(
    `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
    {},
    { token: hidden.accessToken },
  );
  await graph.settle();
  const invisible = await createPost(hidden);
  const before = [await likeRows(), await outboxRows()];

  const cases: [string, Promise<GraphQLResponse<unknown>>, string][] = [
    ['a malformed id', like(bob, 'not-an-id'), 'BAD_USER_INPUT'],
    ['a malformed id (unlike)', unlike(bob, "' OR 1=1 --"), 'BAD_USER_INPUT'],
    ['an unknown id', like(bob, UNKNOWN_ID), 'NOT_FOUND'],
    ['a deleted post', like(bob, deleted), 'NOT_FOUND'],
    ['a post the viewer may not see', like(bob, invisible), 'NOT_FOUND'],
    ['unliking a post the viewer may not see', unlike(bob, invisible), 'NOT_FOUND'],
  ];
  const outcomes = await Promise.all(
    cases.map(async ([name, response]) => {
      const { errors, data } = await response;
      return [name, errors?.map((e) => [e.extensions?.code, e.extensions?.field]), data ?? null];
    }),
  );
  expect(outcomes).toEqual(cases.map(([name, , code]) => [name, [[code, 'postId']], null]));
  expect(codes(await graph.request(`mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: invisible }))).toEqual([
    'UNAUTHENTICATED',
  ]);
  expect([await likeRows(), await outboxRows()]).toEqual(before);
});

it('removes a deleted post’s likes from storage once posts announces the deletion', async () => {
  const [alice, bob] = [await user(), await user()];
  const postId = await createPost(alice);
  await like(bob, postId);
  await like(alice, postId);
  await graph.request(`mutation($id: ID!) { deletePost(id: $id) }`, { id: postId }, { token: alice.accessToken });
  await graph.settle();
  expect((await read(postId, bob)).data).toEqual({ post: null });
  expect(await likeRows(postId)).toBe(0);
  const { rows } = await graph.sql('likes', 'SELECT count(*)::int AS n FROM post_like_counts WHERE post_id = $1', [
    postId,
  ]);
  expect(rows).toEqual([{ n: 0 }]);
});

it('hides likers of the blocked side from the blocker and the other way round', async () => {
  const [alice, blocker, troll, bystander] = [await user(), await user(), await user(), await user()];
  const postId = await createPost(alice);
  for (const who of [blocker, troll, bystander]) await like(who, postId);
  await graph.request(
    `mutation($id: ID!) { block(userId: $id) { id } }`,
    { id: troll.user.id },
    { token: blocker.accessToken },
  );
  await graph.settle();
  const likers = async (who?: Session) => {
    const post = (await read(postId, who)).data!.post!;
    return { count: post.likeCount, likers: post.likers.edges.map((e) => e.node.id).sort() };
  };
  const sorted = (...sessions: Session[]) => sessions.map((s) => s.user.id).sort();
  expect(await likers(blocker)).toEqual({ count: 3, likers: sorted(blocker, bystander) });
  expect(await likers(troll)).toEqual({ count: 3, likers: sorted(troll, bystander) });
  expect(await likers(bystander)).toEqual({ count: 3, likers: sorted(blocker, troll, bystander) });
  expect(await likers()).toEqual({ count: 3, likers: sorted(blocker, troll, bystander) });
});
