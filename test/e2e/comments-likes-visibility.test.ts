import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { png } from '../support/media.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// The posts visibility matrix (test/e2e/posts.test.ts), for the read and write paths of comments and
// likes: the same viewers and posts, compared in one toEqual per viewer.

const ROOT = { email: 'root@example.com', username: 'root', password: 'bootstrap admin passphrase' };

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph({
    ADMIN_EMAIL: ROOT.email,
    ADMIN_USERNAME: ROOT.username,
    ADMIN_PASSWORD: ROOT.password,
  });
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

async function createPost(who: Session, caption: string): Promise<string> {
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

/** Runs a mutation that must succeed, returning its data. */
async function must<T = Record<string, unknown>>(who: Session, query: string, variables: Record<string, unknown>) {
  const response = await graph.request<T>(query, variables, { token: who.accessToken });
  if (!response.data || response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
  return response.data;
}

it('shows each viewer the comments, replies, counts and likers of exactly the posts they may see, and lets them comment and like only there', async () => {
  const [author, privateAuthor, follower, stranger, blocked, blocker, commenter, toPromote] = await Promise.all(
    Array.from({ length: 8 }, () => registerUser(graph)),
  );
  await graph.settle();
  const root = await login(ROOT.email, ROOT.password);
  await must(root, `mutation($id: ID!) { setUserRole(userId: $id, role: MODERATOR) { id } }`, {
    id: toPromote!.user.id,
  });
  await graph.settle();
  // setUserRole signs the account out; its new session carries the role.
  const moderator = await login(toPromote!.user.username, toPromote!.password);
  const tag = `cvis${Date.now().toString(36)}`;

  await must(privateAuthor!, `mutation { updateProfile(input: { isPrivate: true }) { id } }`, {});
  await graph.settle();
  for (const fan of [follower!, commenter!]) {
    await must(fan, `mutation($id: ID!) { follow(userId: $id) { id } }`, { id: privateAuthor!.user.id });
    await must(privateAuthor!, `mutation($id: ID!) { approveFollowRequest(userId: $id) { id } }`, {
      id: fan.user.id,
    });
  }
  const posts = {
    public: await createPost(author!, `public #${tag}`),
    private: await createPost(privateAuthor!, `private #${tag}`),
    deleted: await createPost(author!, `deleted #${tag}`),
  };
  // On every post: a comment with a reply, and a like, all by an account no viewer is in a block with.
  const written: Record<string, { comment: string; reply: string }> = {};
  for (const [name, postId] of Object.entries(posts)) {
    const { addComment: comment } = await must<{ addComment: { id: string } }>(
      commenter!,
      `mutation($p: ID!) { addComment(postId: $p, body: "a comment") { id } }`,
      { p: postId },
    );
    const { addComment: reply } = await must<{ addComment: { id: string } }>(
      commenter!,
      `mutation($p: ID!, $c: ID!) { addComment(postId: $p, body: "a reply", parentId: $c) { id } }`,
      { p: postId, c: comment.id },
    );
    await must(commenter!, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: postId });
    written[name] = { comment: comment.id, reply: reply.id };
  }
  await must(author!, `mutation($id: ID!) { deletePost(id: $id) }`, { id: posts.deleted });
  // Blocks either way: the authors blocked `blocked`; `blocker` blocked the authors.
  for (const by of [author!, privateAuthor!]) {
    await must(by, `mutation($id: ID!) { block(userId: $id) { id } }`, { id: blocked!.user.id });
    await must(blocker!, `mutation($id: ID!) { block(userId: $id) { id } }`, { id: by.user.id });
  }
  await graph.settle();

  const viewers: [string, Session | null][] = [
    ['anonymous', null],
    ['stranger', stranger!],
    ['follower', follower!],
    ['blocked', blocked!],
    ['blocker', blocker!],
    ['author', privateAuthor!],
    ['moderator', moderator],
  ];
  type PostView = {
    commentCount: number;
    likeCount: number;
    comments: { edges: unknown[] };
    likers: { edges: unknown[] };
  } | null;
  const POST_VIEW =
    'commentCount likeCount comments(first: 5) { edges { cursor } } likers(first: 5) { edges { cursor } }';

  const reads = async (viewer: Session | null) => {
    const token = viewer ? { token: viewer.accessToken } : {};
    const listed = await graph.request<{ hashtag: { edges: { node: { id: string } & NonNullable<PostView> }[] } }>(
      `query($t: String!) { hashtag(tag: $t, first: 10) { edges { node { id ${POST_VIEW} } } } }`,
      { t: tag },
      token,
    );
    expect(listed.errors).toBeUndefined();
    const result: Record<string, string[]> = {};
    for (const [name, postId] of Object.entries(posts)) {
      const { data, errors } = await graph.request<{
        post: PostView;
        comment: { replies: { edges: unknown[] }; post: { id: string } } | null;
        reply: { parent: { id: string } | null } | null;
      }>(
        `query($p: ID!, $c: ID!, $r: ID!) {
           post(id: $p) { ${POST_VIEW} }
           comment(id: $c) { post { id } replies { edges { cursor } } }
           reply: comment(id: $r) { parent { id } }
         }`,
        { p: postId, c: written[name]!.comment, r: written[name]!.reply },
        token,
      );
      expect(errors).toBeUndefined();
      const inList = listed.data!.hashtag.edges.find((e) => e.node.id === postId)?.node;
      result[name] = [
        (data!.post?.comments.edges.length ?? 0) > 0 && 'Post.comments',
        (data!.post?.commentCount ?? 0) > 0 && 'Post.commentCount',
        (data!.post?.likeCount ?? 0) > 0 && 'Post.likeCount',
        (data!.post?.likers.edges.length ?? 0) > 0 && 'Post.likers',
        !!inList && inList.comments.edges.length > 0 && inList.commentCount > 0 && inList.likeCount > 0 && 'hashtag',
        !!data!.comment && 'comment',
        (data!.comment?.replies.edges.length ?? 0) > 0 && 'Comment.replies',
        !!data!.reply?.parent && 'reply',
      ].filter((x): x is string => !!x);
    }
    return result;
  };
  // Writes change what others read: every viewer reads first, then every viewer tries to write.
  const seen: Record<string, Record<string, string[]>> = {};
  for (const [name, viewer] of viewers) seen[name] = await reads(viewer);
  for (const [name, viewer] of viewers) {
    for (const [post, postId] of Object.entries(posts)) {
      const token = viewer ? { token: viewer.accessToken } : {};
      const commentedOn = await graph.request(
        `mutation($p: ID!) { addComment(postId: $p, body: "me too") { id } }`,
        { p: postId },
        token,
      );
      const liked = await graph.request(`mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: postId }, token);
      if (!commentedOn.errors) seen[name]![post]!.push('addComment');
      if (!liked.errors) seen[name]![post]!.push('likePost');
      // Refused writes are refused as a client error, never an internal one.
      for (const error of [...(commentedOn.errors ?? []), ...(liked.errors ?? [])]) {
        expect(['NOT_FOUND', 'UNAUTHENTICATED']).toContain(error.extensions?.code);
      }
    }
  }

  const readPaths = [
    'Post.comments',
    'Post.commentCount',
    'Post.likeCount',
    'Post.likers',
    'hashtag',
    'comment',
    'Comment.replies',
    'reply',
  ];
  const all = [...readPaths, 'addComment', 'likePost'];
  const expected: Record<string, Record<string, string[]>> = {
    anonymous: { public: readPaths, private: [], deleted: [] },
    stranger: { public: all, private: [], deleted: [] },
    follower: { public: all, private: all, deleted: [] },
    blocked: { public: [], private: [], deleted: [] },
    blocker: { public: [], private: [], deleted: [] },
    author: { public: all, private: all, deleted: [] },
    moderator: { public: all, private: all, deleted: [] },
  };
  for (const [name] of viewers) expect({ [name]: seen[name] }).toEqual({ [name]: expected[name] });

  // The deleted post's comments and likes are gone from storage too, not only hidden.
  const left = await Promise.all([
    graph.sql('comments', 'SELECT count(*)::int AS n FROM comments WHERE post_id = $1', [posts.deleted]),
    graph.sql('likes', 'SELECT count(*)::int AS n FROM likes WHERE post_id = $1', [posts.deleted]),
  ]);
  expect(left.map((r) => r.rows[0].n)).toEqual([0, 0]);
}, 180_000);
