import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openElasticsearchSearch } from '@shutter/posts';
import { codes, s3TestEnv } from '@shutter/testing';
import { png } from '../support/media.js';
import {
  createPost,
  REQUEST_UPLOAD,
  REQUEST_UPLOADS,
  sendUpload as send,
  upload as uploadTo,
  type UploadTarget as Target,
} from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph?.close();
});

const CREATE = /* GraphQL */ `
  mutation ($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      caption
      hashtags
      mentions {
        id
        username
      }
      media {
        url
        contentType
        width
        height
      }
      author {
        id
        username
      }
    }
  }
`;
const READ = /* GraphQL */ `
  query ($id: ID!) {
    post(id: $id) {
      id
      caption
      hashtags
      author {
        username
        displayName
      }
      media {
        url
        contentType
        width
        height
      }
    }
  }
`;

const upload = (who: Session, bytes: Buffer, contentType = 'image/png', declared = bytes.length) =>
  uploadTo(graph, who, bytes, { contentType, declared });
const post = (who: Session, caption: string, count = 1) => createPost(graph, who, caption, count);

const user = () => registerUser(graph, {}, { settle: true });
type Connection = { edges: { node: { id: string } }[] };
type Edges = {
  user: { posts: Connection } | null;
  hashtag: Connection;
  explore: Connection;
  search: { posts: Connection };
};
const postRows = async () => (await graph.sql('posts', 'SELECT count(*)::int AS n FROM posts')).rows[0].n as number;

function elasticsearchUrl(): string {
  const url = process.env.TEST_ELASTICSEARCH_URL;
  if (!url)
    throw new Error('TEST_ELASTICSEARCH_URL is not set: the jest globalSetup should have started Elasticsearch.');
  return url;
}

/** The media scenarios run on the embedded local storage and on a real S3 API server (S3Proxy). */
describe.each(['local', 's3'] as const)('with %s media storage', (storage) => {
  let local: TestSupergraph;
  beforeAll(async () => {
    if (storage === 's3') {
      local = graph;
      graph = await startTestSupergraph(s3TestEnv('media'));
    }
  });
  afterAll(async () => {
    if (storage === 's3') {
      await graph.close();
      graph = local;
    }
  });

  describe('a post from upload to deletion', () => {
    it('uploads two images, creates a post, reads it back with author fields, edits, finds by hashtag, deletes', async () => {
      const alice = await user();
      const bob = await user();
      const first = await upload(alice, png(40, 30));
      const second = await upload(alice, png(8, 16));
      // The same PUT on either storage.
      expect([first.status, second.status]).toEqual([200, 200]);

      const created = await graph.request<{
        createPost: Record<string, unknown> & { id: string; media: { url: string }[] };
      }>(
        CREATE,
        {
          input: {
            caption: `Sunset with @${bob.user.username} #Sunset #beach #sunset`,
            uploadIds: [first.target.uploadId, second.target.uploadId],
          },
        },
        { token: alice.accessToken },
      );
      expect(created.errors).toBeUndefined();
      const postId = created.data!.createPost.id;
      expect(created.data!.createPost).toMatchObject({
        hashtags: ['sunset', 'beach'],
        mentions: [{ id: bob.user.id, username: bob.user.username }],
        author: { id: alice.user.id, username: alice.user.username },
        media: [
          { contentType: 'image/png', width: 40, height: 30 },
          { contentType: 'image/png', width: 8, height: 16 },
        ],
      });
      const image = await fetch(created.data!.createPost.media[0]!.url);
      expect(image.status).toBe(200);
      expect(Buffer.from(await image.arrayBuffer()).equals(png(40, 30))).toBe(true);

      await graph.request(
        `mutation { updateProfile(input: { displayName: "Alice" }) { id } }`,
        {},
        { token: alice.accessToken },
      );
      const read = await graph.request(READ, { id: postId }, { token: bob.accessToken });
      expect(read.data).toMatchObject({
        post: { id: postId, author: { username: alice.user.username, displayName: 'Alice' } },
      });

      const edited = await graph.request(
        `mutation($id: ID!) { updatePost(id: $id, caption: "Now #dawn") { caption hashtags } }`,
        { id: postId },
        { token: alice.accessToken },
      );
      expect(edited.data).toEqual({ updatePost: { caption: 'Now #dawn', hashtags: ['dawn'] } });
      const byTag = await graph.request<{ hashtag: { edges: { node: { id: string } }[] } }>(
        `{ hashtag(tag: "#Dawn") { edges { node { id } } } }`,
      );
      expect(byTag.data!.hashtag.edges.map((e) => e.node.id)).toContain(postId);
      const oldTag = await graph.request<{ hashtag: { edges: { node: { id: string } }[] } }>(
        `{ hashtag(tag: "sunset") { edges { node { id } } } }`,
      );
      expect(oldTag.data!.hashtag.edges.map((e) => e.node.id)).not.toContain(postId);

      const searched = await graph.request<{ search: { posts: Connection } }>(
        `query($q: String!) { search(query: $q) { posts { edges { node { id } } } } }`,
        { q: 'dawn' },
      );
      expect(searched.data!.search.posts.edges.map((e) => e.node.id)).toContain(postId);

      const count = await graph.request<{ user: { postCount: number } }>(
        `query($id: ID!) { user(id: $id) { postCount } }`,
        { id: alice.user.id },
      );
      expect(count.data!.user.postCount).toBe(1);

      const notMine = await graph.request(
        `mutation($id: ID!) { deletePost(id: $id) }`,
        { id: postId },
        { token: bob.accessToken },
      );
      expect(codes(notMine)).toEqual(['FORBIDDEN']);
      const deleted = await graph.request(
        `mutation($id: ID!) { deletePost(id: $id) }`,
        { id: postId },
        { token: alice.accessToken },
      );
      expect(deleted.data).toEqual({ deletePost: postId });
      expect((await graph.request(READ, { id: postId }, { token: alice.accessToken })).data).toEqual({ post: null });
      expect((await fetch(created.data!.createPost.media[0]!.url)).status).toBe(404);
      const afterDelete = await graph.request<{ search: { posts: Connection } }>(
        `query($q: String!) { search(query: $q) { posts { edges { node { id } } } } }`,
        { q: 'dawn' },
      );
      expect(afterDelete.data!.search.posts.edges.map((e) => e.node.id)).not.toContain(postId);
    });
  });

  describe('requestUploads', () => {
    it('gives 10 targets in one round trip, the same PUT for each, and the 10 uploads make one post', async () => {
      const alice = await user();
      const images = Array.from({ length: 10 }, (_, i) => png(3 + i, 2));
      const requested = await graph.request<{ requestUploads: Target[] }>(
        REQUEST_UPLOADS,
        { input: { files: images.map((bytes) => ({ contentType: 'image/png', byteSize: bytes.length })) } },
        { token: alice.accessToken },
      );
      expect(requested.errors).toBeUndefined();
      const targets = requested.data!.requestUploads;
      expect(targets.map((t) => [t.method, t.fields, t.headers])).toEqual(
        images.map(() => ['PUT', [], [{ name: 'Content-Type', value: 'image/png' }]]),
      );
      expect(await Promise.all(targets.map((t, i) => send(t, images[i]!)))).toEqual(images.map(() => 200));
      const created = await graph.request<{ createPost: { media: { width: number; url: string }[] } }>(
        CREATE,
        { input: { caption: 'ten', uploadIds: targets.map((t) => t.uploadId) } },
        { token: alice.accessToken },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data!.createPost.media.map((m) => m.width)).toEqual(images.map((_, i) => 3 + i));
      const served = Buffer.from(await (await fetch(created.data!.createPost.media[9]!.url)).arrayBuffer());
      expect(served.equals(images[9]!)).toBe(true);
    });

    it('answers every invalid file at once, each error naming its field, and reserves nothing', async () => {
      const alice = await user();
      const uploads = async () =>
        (await graph.sql('posts', 'SELECT count(*)::int AS n FROM uploads')).rows[0].n as number;
      const before = await uploads();
      const response = await graph.request(
        REQUEST_UPLOADS,
        {
          input: {
            files: [
              { contentType: 'image/png', byteSize: 10 },
              { contentType: 'text/html', byteSize: 10 },
              { contentType: 'image/png', byteSize: 50 * 1024 * 1024 },
              { contentType: 'video/mp4', byteSize: 0 },
            ],
          },
        },
        { token: alice.accessToken },
      );
      expect(response.data).toBeNull();
      expect(response.errors!.map((e) => [e.extensions!.code, e.extensions!.field])).toEqual([
        ['BAD_USER_INPUT', 'input.files[1].contentType'],
        ['BAD_USER_INPUT', 'input.files[2].byteSize'],
        ['BAD_USER_INPUT', 'input.files[3].byteSize'],
      ]);
      const tooMany = await graph.request(
        REQUEST_UPLOADS,
        { input: { files: Array.from({ length: 11 }, () => ({ contentType: 'image/png', byteSize: 10 })) } },
        { token: alice.accessToken },
      );
      expect(tooMany.errors!.map((e) => e.extensions!.field)).toEqual(['input.files']);
      const anonymous = await graph.request(REQUEST_UPLOADS, {
        input: { files: [{ contentType: 'image/png', byteSize: 10 }] },
      });
      expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
      expect(await uploads()).toBe(before);
    });
  });

  describe('refused uploads and posts store nothing', () => {
    it('refuses an upload declared over the size limit', async () => {
      const alice = await user();
      const response = await graph.request(
        REQUEST_UPLOAD,
        { input: { contentType: 'image/png', byteSize: 50 * 1024 * 1024 } },
        { token: alice.accessToken },
      );
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe('input.byteSize');
    });

    it('refuses bytes beyond the declared size at the storage', async () => {
      const alice = await user();
      const { target, status } = await upload(alice, png(50, 50), 'image/png', 10);
      // Local storage answers 413; S3 refuses a Content-Length other than the signed one with 403.
      expect(status).toBe(storage === 'local' ? 413 : 403);
      const response = await graph.request(
        CREATE,
        { input: { uploadIds: [target.uploadId] } },
        { token: alice.accessToken },
      );
      expect(response.errors![0]!.message).toMatch(/has no bytes yet/);
    });

    it('refuses an unsupported content type', async () => {
      const alice = await user();
      const response = await graph.request(
        REQUEST_UPLOAD,
        { input: { contentType: 'application/pdf', byteSize: 10 } },
        { token: alice.accessToken },
      );
      expect(response.errors![0]!.extensions!.field).toBe('input.contentType');
    });

    it.each([
      [
        'a text file claiming image/png',
        async (me: Session) => [(await upload(me, Buffer.from('just some text, not an image at all'))).target.uploadId],
        /not a supported image/,
      ],
      ['another user’s upload', async () => [(await upload(await user(), png(2, 2))).target.uploadId], /no upload/],
      [
        '11 media',
        async (me: Session) =>
          Promise.all(Array.from({ length: 11 }, async () => (await upload(me, png(2, 2))).target.uploadId)),
        /at most 10/,
      ],
      [
        'an upload whose bytes never arrived',
        async (me: Session) => {
          const requested = await graph.request<{ requestUpload: Target }>(
            REQUEST_UPLOAD,
            { input: { contentType: 'image/png', byteSize: 100 } },
            { token: me.accessToken },
          );
          return [requested.data!.requestUpload.uploadId];
        },
        /has no bytes yet/,
      ],
    ])('refuses %s with BAD_USER_INPUT', async (_name, uploads, message) => {
      const me = await user();
      const before = await postRows();
      const ids = await uploads(me);
      const response = await graph.request(
        CREATE,
        { input: { caption: 'x', uploadIds: ids } },
        { token: me.accessToken },
      );
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe('input.uploadIds');
      expect(response.errors![0]!.message).toMatch(message);
      expect(await postRows()).toBe(before);
    });

    it('refuses an expired upload target, whether or not bytes came after the expiry', async () => {
      const me = await user();
      const expire = (id: string) =>
        graph.sql('posts', `UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
      // Bytes that arrive after the target expired (Shutter checks this itself, whatever the storage).
      const late = await upload(me, png(3, 3));
      await expire(late.target.uploadId);
      await send(late.target, png(3, 3), 'image/png');
      const lateResponse = await graph.request(
        CREATE,
        { input: { uploadIds: [late.target.uploadId] } },
        { token: me.accessToken },
      );
      expect(codes(lateResponse)).toEqual(['BAD_USER_INPUT']);
      expect(lateResponse.errors![0]!.message).toMatch(/arrived after its target expired/);
      // A target that expired with no bytes at all.
      const requested = await graph.request<{ requestUpload: Target }>(
        REQUEST_UPLOAD,
        { input: { contentType: 'image/png', byteSize: 1000 } },
        { token: me.accessToken },
      );
      await expire(requested.data!.requestUpload.uploadId);
      const never = await graph.request(
        CREATE,
        { input: { uploadIds: [requested.data!.requestUpload.uploadId] } },
        { token: me.accessToken },
      );
      expect(never.errors![0]!.message).toMatch(/expired before any bytes arrived/);
    });

    it('refuses a forged upload target at the storage', async () => {
      const me = await user();
      const { target } = await upload(me, png(2, 2));
      // Local storage signs `sig`, S3 `X-Amz-Signature`; a changed signature, key or type is refused.
      const forge = (url: string) => url.replace(/(sig|X-Amz-Signature)=[^&]+/, (_, name: string) => `${name}=0f0f`);
      expect(await send({ ...target, url: forge(target.url) }, png(2, 2))).toBe(403);
      const otherKey = target.url.replace(target.uploadId, randomUUID());
      expect(await send({ ...target, url: otherKey }, png(2, 2))).toBe(403);
      // Another type than the signed one: local storage names the problem (400), S3 refuses the signature (403).
      expect(await send(target, png(2, 2), 'image/gif')).toBe(storage === 'local' ? 400 : 403);
      // Fewer bytes than declared.
      const short = await upload(me, png(2, 2), 'image/png', png(2, 2).length + 1);
      expect(short.status).toBe(storage === 'local' ? 400 : 403);
    });

    it('refuses a caption over 2200 characters', async () => {
      const me = await user();
      const before = await postRows();
      const { target } = await upload(me, png(2, 2));
      const response = await graph.request(
        CREATE,
        { input: { caption: 'c'.repeat(2201), uploadIds: [target.uploadId] } },
        { token: me.accessToken },
      );
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe('input.caption');
      expect(await postRows()).toBe(before);
      // The upload was not consumed: it can still be used.
      const retry = await graph.request(
        CREATE,
        { input: { caption: 'ok', uploadIds: [target.uploadId] } },
        { token: me.accessToken },
      );
      expect(retry.errors).toBeUndefined();
    });
  });
});

describe('visibility', () => {
  it('shows each viewer exactly the posts they may see', async () => {
    const [author, privateAuthor, follower, stranger, blocked, moderator] = await Promise.all(
      Array.from({ length: 6 }, () => registerUser(graph)),
    );
    await graph.settle();
    await graph.sql('users', `UPDATE users SET role = 'MODERATOR' WHERE id = $1`, [moderator!.user.id]);
    // Posts decides staff by its copy of the role (setUserRole's event would write it; this test bypasses it).
    await graph.sql('posts', `UPDATE accounts SET role = 'MODERATOR' WHERE user_id = $1`, [moderator!.user.id]);
    const modLogin = await graph.request<{ login: { accessToken: string } }>(
      `mutation($u: String!, $p: String!) { login(usernameOrEmail: $u, password: $p) { accessToken } }`,
      { u: moderator!.user.username, p: moderator!.password },
    );
    const mod = { ...moderator!, accessToken: modLogin.data!.login.accessToken };
    const tag = `vis${Date.now().toString(36)}`;

    await graph.request(
      `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
      {},
      { token: privateAuthor!.accessToken },
    );
    await graph.settle();
    await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: privateAuthor!.user.id },
      { token: follower!.accessToken },
    );
    await graph.request(
      `mutation($id: ID!) { approveFollowRequest(userId: $id) { id } }`,
      { id: follower!.user.id },
      { token: privateAuthor!.accessToken },
    );
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: blocked!.user.id },
      { token: author!.accessToken },
    );
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: blocked!.user.id },
      { token: privateAuthor!.accessToken },
    );
    const publicPost = await post(author!, `public #${tag}`);
    const privatePost = await post(privateAuthor!, `private #${tag}`);
    const deletedPost = await post(author!, `deleted #${tag}`);
    await graph.request(
      `mutation($id: ID!) { deletePost(id: $id) }`,
      { id: deletedPost },
      { token: author!.accessToken },
    );
    await graph.settle();

    const viewers: [string, Session | null][] = [
      ['anonymous', null],
      ['stranger', stranger!],
      ['follower', follower!],
      ['blocked', blocked!],
      ['author', privateAuthor!],
      ['moderator', mod],
    ];
    const sees = async (viewer: Session | null) => {
      const token = viewer ? { token: viewer.accessToken } : {};
      const byId = async (id: string) => !!(await graph.request<{ post: unknown }>(READ, { id }, token)).data?.post;
      const list = async (
        query: string,
        variables: Record<string, unknown>,
        pick: (d: Edges) => { node: { id: string } }[],
      ) => pick((await graph.request<Edges>(query, variables, token)).data!).map((e) => e.node.id);
      const userPosts = async (id: string) =>
        list(
          `query($id: ID!) { user(id: $id) { posts(first: 50) { edges { node { id } } } } }`,
          { id },
          // null for the blocked viewer: an author who blocked them is not found at all.
          (d) => d.user?.posts.edges ?? [],
        );
      const hashtag = await list(
        `query($t: String!) { hashtag(tag: $t, first: 50) { edges { node { id } } } }`,
        { t: tag },
        (d) => d.hashtag.edges,
      );
      const explore = await list(`{ explore(first: 100) { edges { node { id } } } }`, {}, (d) => d.explore.edges);
      const search = await list(
        `query($q: String!) { search(query: $q, first: 50) { posts { edges { node { id } } } } }`,
        { q: tag },
        (d) => d.search.posts.edges,
      );
      const result: Record<string, string[]> = {};
      for (const [name, id, authorId] of [
        ['public', publicPost, author!.user.id],
        ['private', privatePost, privateAuthor!.user.id],
        ['deleted', deletedPost, author!.user.id],
      ] as const) {
        result[name] = [
          (await byId(id)) && 'post',
          (await userPosts(authorId)).includes(id) && 'User.posts',
          hashtag.includes(id) && 'hashtag',
          explore.includes(id) && 'explore',
          search.includes(id) && 'search',
        ].filter((x): x is string => !!x);
      }
      return result;
    };
    const all = ['post', 'User.posts', 'hashtag', 'explore', 'search'];
    const expected: Record<string, Record<string, string[]>> = {
      anonymous: { public: all, private: [], deleted: [] },
      stranger: { public: all, private: [], deleted: [] },
      follower: { public: all, private: ['post', 'User.posts', 'hashtag', 'search'], deleted: [] },
      blocked: { public: [], private: [], deleted: [] },
      author: { public: all, private: ['post', 'User.posts', 'hashtag', 'search'], deleted: [] },
      moderator: { public: all, private: ['post', 'User.posts', 'hashtag', 'search'], deleted: [] },
    };
    for (const [name, viewer] of viewers) expect({ [name]: await sees(viewer) }).toEqual({ [name]: expected[name] });
  }, 120_000);
});

describe.each(['postgres', 'elasticsearch'] as const)('search on %s', (engine) => {
  let local: TestSupergraph;
  beforeAll(async () => {
    if (engine === 'elasticsearch') {
      local = graph;
      graph = await startTestSupergraph({
        ELASTICSEARCH_URL: elasticsearchUrl(),
        ELASTICSEARCH_INDEX_PREFIX: `t${Date.now().toString(36)}`,
      });
    }
  });
  afterAll(async () => {
    if (engine === 'elasticsearch') {
      await graph.close();
      graph = local;
    }
  });

  const SEARCH = /* GraphQL */ `
    query ($q: String!) {
      search(query: $q) {
        users {
          id
          username
        }
        posts {
          edges {
            node {
              id
              caption
            }
          }
        }
      }
    }
  `;
  type Found = { search: { users: { id: string }[]; posts: Connection } };

  it('finds posts by caption words and hashtags, and users by username and display name', async () => {
    const word = `zebra${Date.now().toString(36)}`;
    const alice = await user();
    await graph.request(
      `mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`,
      { n: `Captain ${word}` },
      { token: alice.accessToken },
    );
    const byCaption = await post(alice, `A ${word} crossing`);
    const byTag = await post(alice, `#${word}tag at dusk`);
    await graph.settle();

    const words = await graph.request<Found>(SEARCH, { q: word });
    expect(words.data!.search.posts.edges.map((e) => e.node.id)).toEqual([byCaption]);
    expect(words.data!.search.users.map((u) => u.id)).toEqual([alice.user.id]);
    const tags = await graph.request<Found>(SEARCH, { q: `#${word}tag` });
    expect(tags.data!.search.posts.edges.map((e) => e.node.id)).toEqual([byTag]);
    const names = await graph.request<Found>(SEARCH, { q: alice.user.username.slice(0, 12) });
    expect(names.data!.search.users.map((u) => u.id)).toContain(alice.user.id);

    await graph.request(`mutation($id: ID!) { deletePost(id: $id) }`, { id: byCaption }, { token: alice.accessToken });
    const gone = await graph.request<Found>(SEARCH, { q: word });
    expect(gone.data!.search.posts.edges).toEqual([]);
  });

  it('hides users across a block', async () => {
    const [alice, bob] = [await user(), await user()];
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: alice.user.id },
      { token: bob.accessToken },
    );
    await graph.settle();
    const found = await graph.request<Found>(SEARCH, { q: bob.user.username }, { token: alice.accessToken });
    expect(found.data!.search.users).toEqual([]);
  });

  it('fills a page past matching posts the viewer may not see, and says when there are more', async () => {
    const word = `ibex${Date.now().toString(36)}`;
    const [open, closed] = [await user(), await user()];
    const older = [
      await post(open, `#${word} one`),
      await post(open, `#${word} two`),
      await post(open, `#${word} three`),
    ];
    await graph.request(
      `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
      {},
      { token: closed.accessToken },
    );
    await graph.settle();
    // Newer than every visible one: the first hits the index proposes are all hidden from others.
    for (const n of ['a', 'b', 'c', 'd']) await post(closed, `#${word} private ${n}`);
    await graph.settle();
    const PAGE = `query($q: String!, $after: String) {
      search(query: $q, first: 2, after: $after) { posts { edges { node { id } } pageInfo { hasNextPage endCursor } } }
    }`;
    type Page = { search: { posts: Connection & { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
    const first = (await graph.request<Page>(PAGE, { q: `#${word}` })).data!.search.posts;
    expect(first.edges.map((e) => e.node.id)).toEqual([older[2], older[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await graph.request<Page>(PAGE, { q: `#${word}`, after: first.pageInfo.endCursor })).data!.search
      .posts;
    expect(second.edges.map((e) => e.node.id)).toEqual([older[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // The author sees their own.
    const own = await graph.request<Page>(PAGE, { q: `#${word}` }, { token: closed.accessToken });
    expect(own.data!.search.posts.edges).toHaveLength(2);
  });

  it('refuses an empty or overlong query', async () => {
    for (const q of ['   ', 'q'.repeat(101)]) {
      const response = await graph.request(SEARCH, { q });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe('query');
    }
  });

  // Only Elasticsearch has an index to lose; PostgreSQL search reads the tables themselves.
  (engine === 'elasticsearch' ? [engine] : []).forEach(() =>
    it('rebuilds the index from the database with reindex', async () => {
      const word = `reindex${Date.now().toString(36)}`;
      const alice = await user();
      const id = await post(alice, `a ${word} post`);
      await graph.settle();
      const search = openElasticsearchSearch({
        databaseUrl: graph.databases.posts.url,
        elasticsearch: { url: graph.env.ELASTICSEARCH_URL!, indexPrefix: graph.env.ELASTICSEARCH_INDEX_PREFIX! },
      });
      try {
        await search.client.indices.delete({ index: search.postsIndex });
        await search.ensureIndices();
        const lost = await graph.request<Found>(SEARCH, { q: word });
        expect(lost.data!.search.posts.edges).toEqual([]);
        const counts = await search.reindex();
        expect(counts.posts).toBeGreaterThan(0);
        const found = await graph.request<Found>(SEARCH, { q: word });
        expect(found.data!.search.posts.edges.map((e) => e.node.id)).toEqual([id]);
      } finally {
        await search.close();
      }
    }),
  );
});

it('answers a feed-shaped query for 20 posts with a bounded number of SQL queries per subgraph', async () => {
  const authors = await Promise.all(Array.from({ length: 5 }, () => registerUser(graph)));
  await graph.settle();
  const tag = `feed${Date.now().toString(36)}`;
  for (let i = 0; i < 20; i += 1) await post(authors[i % 5]!, `#${tag} number ${i}`, 2);
  // The home feed's consumer handles each PostCreated on the posts database: counted here otherwise.
  await graph.settle();
  const query = /* GraphQL */ `
    query ($t: String!) {
      hashtag(tag: $t, first: 20) {
        edges {
          node {
            id
            caption
            createdAt
            author {
              id
              username
              avatarUrl
              displayName
            }
            media {
              url
              width
              height
            }
          }
        }
      }
    }
  `;
  for (const counter of Object.values(graph.counters)) counter.reset();
  const response = await graph.request<{ hashtag: { edges: { node: { media: unknown[] } }[] } }>(query, { t: tag });
  expect(response.errors).toBeUndefined();
  expect(response.data!.hashtag.edges).toHaveLength(20);
  expect(response.data!.hashtag.edges.every((e) => e.node.media.length === 2)).toBe(true);
  // posts: the page and one media batch; users: one _entities batch; profiles: one batch.
  expect(graph.counters.posts.count).toBeLessThanOrEqual(2);
  expect(graph.counters.users.count).toBeLessThanOrEqual(1);
  expect(graph.counters.profiles.count).toBeLessThanOrEqual(1);
  expect(graph.counters.follows.count).toBe(0);
}, 120_000);
