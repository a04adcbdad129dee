import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes, type GraphQLResponse } from '@shutter/testing';
import { png } from '../support/media.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

const ROOT = { email: 'root@example.com', username: 'root', password: 'bootstrap admin passphrase' };
const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

let graph: TestSupergraph;
let root: Session;
beforeAll(async () => {
  graph = await startTestSupergraph({
    ADMIN_EMAIL: ROOT.email,
    ADMIN_USERNAME: ROOT.username,
    ADMIN_PASSWORD: ROOT.password,
  });
  root = await login(ROOT.email, ROOT.password);
});
afterAll(async () => {
  await graph?.close();
});

async function login(usernameOrEmail: string, password: string): Promise<Session> {
  const response = await graph.request<{ login: Session }>(
    `mutation($u: String!, $p: String!) { login(usernameOrEmail: $u, password: $p) { accessToken refreshToken user { id username email role } } }`,
    { u: usernameOrEmail, p: password },
  );
  if (!response.data) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
  return response.data.login;
}

const user = () => registerUser(graph, {}, { settle: true });

/** A user promoted by the admin (setUserRole signs them out: they sign in again). */
async function staff(role: 'MODERATOR' | 'ADMIN'): Promise<Session> {
  const account = await user();
  const promoted = await graph.request(
    `mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id } }`,
    { id: account.user.id, role },
    { token: root.accessToken },
  );
  expect(promoted.errors).toBeUndefined();
  await graph.settle();
  return login(account.user.username, account.password);
}

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

interface CommentNode {
  id: string;
  body: string;
  editedAt: string | null;
  replyCount: number;
  author: { username: string };
  parent: { id: string } | null;
  post: { id: string };
}
const COMMENT_FIELDS = 'id body editedAt replyCount author { username } parent { id } post { id }';

async function addComment(who: Session, postId: string, body: string, parentId?: string) {
  return graph.request<{ addComment: CommentNode }>(
    `mutation($p: ID!, $b: String!, $parent: ID) { addComment(postId: $p, body: $b, parentId: $parent) { ${COMMENT_FIELDS} } }`,
    { p: postId, b: body, parent: parentId ?? null },
    { token: who.accessToken },
  );
}
async function commented(who: Session, postId: string, body: string, parentId?: string): Promise<CommentNode> {
  const response = await addComment(who, postId, body, parentId);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.addComment;
}
const editComment = (who: Session, id: string, body: string) =>
  graph.request<{ editComment: CommentNode }>(
    `mutation($id: ID!, $b: String!) { editComment(id: $id, body: $b) { ${COMMENT_FIELDS} } }`,
    { id, b: body },
    { token: who.accessToken },
  );
const deleteComment = (who: Session, id: string) =>
  graph.request<{ deleteComment: string }>(
    `mutation($id: ID!) { deleteComment(id: $id) }`,
    { id },
    { token: who.accessToken },
  );
const deletePost = (who: Session, id: string) =>
  graph.request(`mutation($id: ID!) { deletePost(id: $id) }`, { id }, { token: who.accessToken });

interface PostComments {
  post: {
    commentCount: number;
    comments: { edges: { node: CommentNode & { replies: { edges: { node: CommentNode }[] } } }[] };
  } | null;
}
const readComments = (postId: string, who?: Session) =>
  graph.request<PostComments>(
    `query($id: ID!) { post(id: $id) { commentCount comments(first: 10) { edges { node { ${COMMENT_FIELDS} replies(first: 5) { edges { node { ${COMMENT_FIELDS} } } } } } } } }`,
    { id: postId },
    who ? { token: who.accessToken } : {},
  );

/** What one post's comments look like to a reader: bodies, with their replies' bodies. */
async function thread(postId: string, who?: Session) {
  const { data, errors } = await readComments(postId, who);
  expect(errors).toBeUndefined();
  if (!data?.post) return null;
  return {
    count: data.post.commentCount,
    comments: data.post.comments.edges.map(({ node }) => [
      node.body,
      node.replyCount,
      node.replies.edges.map((r) => r.node.body),
    ]),
  };
}

const commentRows = async () =>
  (await graph.sql('comments', 'SELECT count(*)::int AS n FROM comments')).rows[0].n as number;
const outboxRows = async () =>
  (await graph.sql('comments', 'SELECT count(*)::int AS n FROM outbox')).rows[0].n as number;

describe('comments through the gateway', () => {
  it('comments, replies (a reply to a reply joins its thread), edits and reads them with their authors and post', async () => {
    const [alice, bob, carol] = [await user(), await user(), await user()];
    const postId = await createPost(alice, 'sunset');
    const top = await commented(bob, postId, '  lovely @' + alice.user.username + '  ');
    expect(top).toMatchObject({
      body: `lovely @${alice.user.username}`,
      editedAt: null,
      replyCount: 0,
      author: { username: bob.user.username },
      parent: null,
      post: { id: postId },
    });
    const reply = await commented(carol, postId, 'agreed', top.id);
    const replyToReply = await commented(alice, postId, 'thanks both', reply.id);
    expect([reply.parent, replyToReply.parent]).toEqual([{ id: top.id }, { id: top.id }]);
    await commented(carol, postId, 'second');

    const mentions = await graph.request<{ comment: { mentions: { id: string; username: string }[] } }>(
      `query($id: ID!) { comment(id: $id) { mentions { id username } } }`,
      { id: top.id },
    );
    expect(mentions.data!.comment.mentions).toEqual([{ id: alice.user.id, username: alice.user.username }]);

    const edited = await editComment(bob, top.id.toUpperCase(), 'lovely light');
    expect(edited.data!.editComment).toMatchObject({ id: top.id, body: 'lovely light' });
    expect(Date.parse(edited.data!.editComment.editedAt!)).not.toBeNaN();
    const notTheAuthor = await editComment(alice, top.id, 'hijacked');
    expect(codes(notTheAuthor)).toEqual(['FORBIDDEN']);
    expect(notTheAuthor.errors![0]!.extensions!.reason).toBe('NOT_COMMENT_AUTHOR');

    expect(await thread(postId)).toEqual({
      count: 4,
      comments: [
        ['lovely light', 2, ['agreed', 'thanks both']],
        ['second', 0, []],
      ],
    });
    // A comment by id, with its post's fields from the posts subgraph and its thread.
    const byId = await graph.request<{
      comment: { post: { caption: string; commentCount: number }; replies: { edges: unknown[] } };
    }>(`query($id: ID!) { comment(id: $id) { post { caption commentCount } replies { edges { cursor } } } }`, {
      id: top.id,
    });
    expect(byId.data!.comment).toMatchObject({ post: { caption: 'sunset', commentCount: 4 }, replies: {} });
    expect(byId.data!.comment.replies.edges).toHaveLength(2);
  });

  it('lets the comment’s author, the post’s author, a moderator and an admin delete; anyone else gets FORBIDDEN', async () => {
    const [alice, bob, carol, dave] = [await user(), await user(), await user(), await user()];
    const moderator = await staff('MODERATOR');
    const postId = await createPost(alice);
    const byBob = await commented(bob, postId, 'by bob');
    const replies = [
      await commented(carol, postId, 'reply 1', byBob.id),
      await commented(dave, postId, 'reply 2', byBob.id),
    ];
    const byCarol = await commented(carol, postId, 'by carol');
    const byDave = await commented(dave, postId, 'by dave');
    const another = await commented(dave, postId, 'another by dave');
    const outbox = await outboxRows();

    for (const [who, id] of [
      [carol, byBob.id],
      [dave, byCarol.id],
      [bob, replies[1]!.id],
    ] as const) {
      const refused = await deleteComment(who, id);
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }
    expect(await outboxRows()).toBe(outbox);

    expect((await deleteComment(carol, replies[0]!.id)).data).toEqual({ deleteComment: replies[0]!.id });
    expect((await thread(postId))!.comments[0]).toEqual(['by bob', 1, ['reply 2']]);
    // The post's author deletes a top-level comment of someone else's: its replies go with it.
    expect((await deleteComment(alice, byBob.id)).data).toEqual({ deleteComment: byBob.id });
    expect((await deleteComment(moderator, byCarol.id)).data).toEqual({ deleteComment: byCarol.id });
    expect((await deleteComment(root, byDave.id)).data).toEqual({ deleteComment: byDave.id });
    expect(await thread(postId)).toEqual({ count: 1, comments: [['another by dave', 0, []]] });
    expect(codes(await deleteComment(alice, byBob.id))).toEqual(['NOT_FOUND']);
    expect((await graph.request(`query($id: ID!) { comment(id: $id) { id } }`, { id: replies[1]!.id })).data).toEqual({
      comment: null,
    });

    await graph.settle();
    const { rows } = await graph.sql(
      'comments',
      `SELECT type, payload->>'commentId' AS id, payload->>'deletedBy' AS by FROM outbox WHERE seq > (SELECT max(seq) - 5 FROM outbox) ORDER BY seq`,
    );
    expect(rows).toEqual([
      { type: 'CommentDeleted', id: replies[0]!.id, by: carol.user.id },
      { type: 'CommentDeleted', id: byBob.id, by: alice.user.id },
      { type: 'CommentDeleted', id: replies[1]!.id, by: alice.user.id },
      { type: 'CommentDeleted', id: byCarol.id, by: moderator.user.id },
      { type: 'CommentDeleted', id: byDave.id, by: root.user.id },
    ]);
    expect(another.body).toBe('another by dave');
  });

  it('refuses bad input with BAD_USER_INPUT or NOT_FOUND, stores nothing and never fails internally', async () => {
    const [alice, bob] = [await user(), await user()];
    const postId = await createPost(alice);
    const otherPost = await createPost(alice);
    const deleted = await createPost(alice);
    const elsewhere = await commented(bob, otherPost, 'on the other post');
    const mine = await commented(bob, postId, 'mine');
    await deletePost(alice, deleted);
    const hidden = await user();
    await graph.request(
      `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
      {},
      { token: hidden.accessToken },
    );
    await graph.settle();
    const invisible = await createPost(hidden);
    const before = [await commentRows(), await outboxRows()];

    const cases: [string, Promise<GraphQLResponse<unknown>>, string, string?][] = [
      ['an empty body', addComment(bob, postId, ''), 'BAD_USER_INPUT', 'body'],
      ['a whitespace-only body', addComment(bob, postId, ' \n\t '), 'BAD_USER_INPUT', 'body'],
      ['a 2201-character body', addComment(bob, postId, 'c'.repeat(2201)), 'BAD_USER_INPUT', 'body'],
      [
        'a reply to a comment of another post',
        addComment(bob, postId, 'hi', elsewhere.id),
        'BAD_USER_INPUT',
        'parentId',
      ],
      ['a comment on a deleted post', addComment(bob, deleted, 'hi'), 'NOT_FOUND', 'postId'],
      ['a comment on a post the viewer may not see', addComment(bob, invisible, 'hi'), 'NOT_FOUND', 'postId'],
      ['an unknown post id', addComment(bob, UNKNOWN_ID, 'hi'), 'NOT_FOUND', 'postId'],
      ['an unknown parent id', addComment(bob, postId, 'hi', UNKNOWN_ID), 'NOT_FOUND', 'parentId'],
      ['a malformed post id', addComment(bob, 'not-an-id', 'hi'), 'BAD_USER_INPUT', 'postId'],
      ['a malformed parent id', addComment(bob, postId, 'hi', '1 OR 1=1'), 'BAD_USER_INPUT', 'parentId'],
      ['an edit to an empty body', editComment(bob, mine.id, '  '), 'BAD_USER_INPUT', 'body'],
      ['an edit of an unknown comment', editComment(bob, UNKNOWN_ID, 'x'), 'NOT_FOUND', 'id'],
      ['an edit with a malformed id', editComment(bob, 'x', 'x'), 'BAD_USER_INPUT', 'id'],
      ['a deletion of an unknown comment', deleteComment(bob, UNKNOWN_ID), 'NOT_FOUND', 'id'],
      ['a deletion with a malformed id', deleteComment(bob, '💥'), 'BAD_USER_INPUT', 'id'],
    ];
    const outcomes = await Promise.all(
      cases.map(async ([name, response]) => {
        const { errors, data } = await response;
        return [name, errors?.map((e) => [e.extensions?.code, e.extensions?.field]), data ?? null];
      }),
    );
    expect(outcomes).toEqual(cases.map(([name, , code, field]) => [name, [[code, field]], null]));
    const anonymous = await graph.request(`mutation($p: ID!) { addComment(postId: $p, body: "hi") { id } }`, {
      p: postId,
    });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect([await commentRows(), await outboxRows()]).toEqual(before);
    // A malformed or unknown id read by id names nothing, like post(id) and user(id).
    const reads = await graph.request(`{ a: comment(id: "nope") { id } b: comment(id: "${UNKNOWN_ID}") { id } }`);
    expect(reads).toMatchObject({ data: { a: null, b: null } });
    expect(reads.errors).toBeUndefined();
  });

  it('removes a deleted post’s comments from every read and from storage', async () => {
    const [alice, bob] = [await user(), await user()];
    const postId = await createPost(alice);
    const top = await commented(bob, postId, 'top');
    const reply = await commented(alice, postId, 'reply', top.id);
    await deletePost(alice, postId);
    await graph.settle();
    const reads = await graph.request(
      `query($p: ID!, $a: ID!, $b: ID!) { post(id: $p) { commentCount } a: comment(id: $a) { id } b: comment(id: $b) { id } }`,
      { p: postId, a: top.id, b: reply.id },
      { token: bob.accessToken },
    );
    expect(reads.data).toEqual({ post: null, a: null, b: null });
    const { rows } = await graph.sql(
      'comments',
      `SELECT (SELECT count(*)::int FROM comments WHERE post_id = $1) AS comments,
              (SELECT count(*)::int FROM post_comment_counts WHERE post_id = $1) AS counters`,
      [postId],
    );
    expect(rows).toEqual([{ comments: 0, counters: 0 }]);
  });

  it('hides the comments of the blocked side from the blocker and the other way round', async () => {
    const [alice, blocker, troll, bystander] = [await user(), await user(), await user(), await user()];
    const postId = await createPost(alice);
    const byTroll = await commented(troll, postId, 'by the troll');
    const byBlocker = await commented(blocker, postId, 'by the blocker');
    await commented(troll, postId, 'troll reply', byBlocker.id);
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: troll.user.id },
      { token: blocker.accessToken },
    );
    await graph.settle();

    expect(await thread(postId, blocker)).toEqual({ count: 3, comments: [['by the blocker', 1, []]] });
    expect(await thread(postId, troll)).toEqual({ count: 3, comments: [['by the troll', 0, []]] });
    const everything = {
      count: 3,
      comments: [
        ['by the troll', 0, []],
        ['by the blocker', 1, ['troll reply']],
      ],
    };
    expect(await thread(postId, bystander)).toEqual(everything);
    expect(await thread(postId)).toEqual(everything);
    const byId = (who: Session, id: string) =>
      graph.request<{ comment: unknown }>(
        `query($id: ID!) { comment(id: $id) { id } }`,
        { id },
        { token: who.accessToken },
      );
    expect([(await byId(blocker, byTroll.id)).data, (await byId(troll, byBlocker.id)).data]).toEqual([
      { comment: null },
      { comment: null },
    ]);
    expect(codes(await addComment(troll, postId, 'hi', byBlocker.id))).toEqual(['NOT_FOUND']);

    await graph.request(
      `mutation($id: ID!) { unblock(userId: $id) { id } }`,
      { id: troll.user.id },
      { token: blocker.accessToken },
    );
    await graph.settle();
    expect(await thread(postId, blocker)).toEqual(everything);
  });
});

describe('a page of posts with likes and comments', () => {
  const PAGE = /* GraphQL */ `
    query ($tag: String!, $first: Int!) {
      hashtag(tag: $tag, first: $first) {
        edges {
          node {
            id
            likeCount
            viewerHasLiked
            commentCount
            comments(first: 3) {
              edges {
                node {
                  id
                  body
                  author {
                    username
                    avatarUrl
                  }
                }
              }
            }
          }
        }
      }
    }
  `;
  type Page = {
    hashtag: {
      edges: {
        node: {
          likeCount: number;
          viewerHasLiked: boolean;
          commentCount: number;
          comments: { edges: { node: { author: { username: string } } }[] };
        };
      }[];
    };
  };

  it('costs a bounded number of SQL statements per subgraph, the same for 10 posts as for 50', async () => {
    const tag = `page${Date.now().toString(36)}`;
    const authors = [await user(), await user(), await user()];
    const viewer = await user();
    const posts: string[] = [];
    for (let i = 0; i < 50; i++) posts.push(await createPost(authors[i % 3]!, `#${tag} ${i}`));
    for (const [i, postId] of posts.entries()) {
      for (let c = 0; c < 4; c++) await commented(authors[(i + c) % 3]!, postId, `comment ${c}`);
      const likes = await graph.request(
        `mutation($p: ID!) { likePost(postId: $p) { id } }`,
        { p: postId },
        { token: (i % 2 ? viewer : authors[0]!).accessToken },
      );
      expect(likes.errors).toBeUndefined();
    }
    // The events of these writes are consumed (notifications) before the page's statements are counted.
    await graph.settle();

    const statements = async (first: number) => {
      for (const counter of Object.values(graph.counters)) counter.reset();
      const response = await graph.request<Page>(PAGE, { tag, first }, { token: viewer.accessToken });
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.hashtag.edges.map((e) => e.node);
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n) => n.likeCount === 1 && n.commentCount === 4 && n.comments.edges.length === 3)).toBe(true);
      expect(nodes.filter((n) => n.viewerHasLiked)).toHaveLength(first / 2);
      expect(nodes.every((n) => n.comments.edges.every((e) => e.node.author.username.startsWith('user_')))).toBe(true);
      return Object.fromEntries(Object.entries(graph.counters).map(([name, counter]) => [name, counter.count]));
    };

    for (const first of [10, 50]) {
      const counts = await statements(first);
      // posts: the page; likes: counts and the viewer's likes together; comments: the counts and the
      // first comments of every post; users: one _entities batch; profiles: one batch (or the cache).
      expect({ first, counts }).toEqual({
        first,
        counts: {
          users: 1,
          profiles: expect.any(Number),
          follows: 0,
          posts: 1,
          comments: 2,
          likes: 1,
          notifications: 0,
          // The page asks nothing of calls; its missed-call sweep runs on its own clock meanwhile.
          calls: expect.any(Number),
        },
      });
      expect(counts.profiles).toBeLessThanOrEqual(1);
    }
  }, 240_000);
});
