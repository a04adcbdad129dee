import { createHash } from 'node:crypto';
import { png } from '../../test/support/media.js';
import { call, inParallel } from './graphql.js';
import { distinct, pick, randomFrom, randomInt, shuffle, zipf } from './random.js';

/**
 * The seeded network: users with profiles, follows with a skewed popularity, posts with one image
 * each and hashtags from a small skewed set. Everything goes through the public GraphQL API of a
 * running stack, so events, role copies and counters are exactly what real clients would leave.
 */

export interface SeedParams {
  users: number;
  /** Average accounts each user follows (exponential spread, popular accounts drawn Zipf-like). */
  followsPerUser: number;
  /** Average posts per user (uniform 0..2×). */
  postsPerUser: number;
  /** Likes and comments per post on average, popular posts getting most (0 where the API has none). */
  likesPerPost: number;
  commentsPerPost: number;
  seed: number;
}

// Bump when the seed's shape changes: a cached network made by other code is not reused.
const SEED_FORMAT = 1;
const FOLLOW_EXPONENT = 0.9;
const TAG_EXPONENT = 1.1;
export const TAGS = [
  'sunset',
  'travel',
  'food',
  'nature',
  'coffee',
  'city',
  'art',
  'friends',
  'beach',
  'music',
  'mountains',
  'streetphoto',
] as const;
export const PASSWORD = 'bench network passphrase';
const CONCURRENCY = 8;

export interface SeedUser {
  id: string;
  username: string;
}

export interface SeedManifest {
  key: string;
  params: SeedParams;
  createdAt: string;
  seedSeconds: number;
  users: SeedUser[];
  /** [follower, followed] as indexes into `users`. */
  follows: [number, number][];
  posts: number;
  postsByTag: Record<string, number>;
  postsByUser: number[];
  comments: number;
  likes: number;
}

export function seedKey(params: SeedParams): string {
  return createHash('sha256')
    .update(JSON.stringify({ SEED_FORMAT, ...params, TAGS, FOLLOW_EXPONENT, TAG_EXPONENT }))
    .digest('hex')
    .slice(0, 12);
}

const FIRST = ['ada', 'alan', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'dennis', 'frances', 'edsger', 'radia'];
const LAST = ['lovelace', 'turing', 'hopper', 'torvalds', 'hamilton', 'thompson', 'liskov', 'ritchie', 'allen'];
const WORDS = ['golden', 'hour', 'morning', 'walk', 'by', 'the', 'river', 'old', 'town', 'light', 'rain', 'view'];
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);

interface PlannedUser {
  username: string;
  email: string;
  displayName: string;
  bio: string | null;
}
interface PlannedPost {
  author: number;
  caption: string;
  tags: string[];
  width: number;
  height: number;
}

/** The whole network, decided up front from the seed (the API calls only carry it out). */
function plan(params: SeedParams) {
  const random = randomFrom(params.seed);
  const users: PlannedUser[] = Array.from({ length: params.users }, (_, i) => {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const username = `${first}.${last}${i}`;
    return {
      username,
      email: `${username}@bench.example.com`,
      displayName: `${capital(first)} ${capital(last)}`,
      bio: random() < 0.5 ? `${capital(pick(random, WORDS))} ${pick(random, WORDS)} and ${pick(random, WORDS)}` : null,
    };
  });

  // Popularity is a random permutation of the users; rank 0 is followed by almost everyone.
  const byPopularity = shuffle(
    random,
    users.map((_, i) => i),
  );
  const popular = zipf(params.users, FOLLOW_EXPONENT);
  const follows: [number, number][] = [];
  const maxFollowing = Math.min(params.users - 1, params.followsPerUser * 6);
  // An exponential spread of how many each follows, scaled so the total is what was asked for.
  const spread = users.map(() => -Math.log(1 - random()));
  const scale = (params.followsPerUser * params.users) / spread.reduce((a, b) => a + b, 0);
  for (let follower = 0; follower < params.users; follower += 1) {
    const wanted = Math.min(maxFollowing, Math.max(1, Math.round(spread[follower]! * scale)));
    const self = byPopularity.indexOf(follower);
    for (const rank of distinct(random, popular, wanted, self)) follows.push([follower, byPopularity[rank]!]);
  }

  const tagRank = zipf(TAGS.length, TAG_EXPONENT);
  const posts: PlannedPost[] = [];
  for (let author = 0; author < params.users; author += 1) {
    const count = randomInt(random, 0, params.postsPerUser * 2);
    for (let i = 0; i < count; i += 1) {
      const tags = distinct(random, tagRank, randomInt(random, 1, 3), -1).map((r) => TAGS[r]!);
      const words = Array.from({ length: randomInt(random, 2, 6) }, () => pick(random, WORDS));
      posts.push({
        author,
        caption: `${capital(words.join(' '))} ${tags.map((t) => `#${t}`).join(' ')}`,
        tags,
        width: randomInt(random, 4, 24),
        height: randomInt(random, 4, 24),
      });
    }
  }
  // Authors take turns over time, as on a real network.
  return { users, follows: shuffle(random, follows), posts: shuffle(random, posts) };
}

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      user {
        id
      }
    }
  }
`;
const UPDATE_PROFILE = /* GraphQL */ `
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
    }
  }
`;
const FOLLOW = /* GraphQL */ `
  mutation Follow($userId: ID!) {
    follow(userId: $userId) {
      id
    }
  }
`;
const REQUEST_UPLOAD = /* GraphQL */ `
  mutation RequestUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      uploadId
      url
      method
      fields {
        name
        value
      }
    }
  }
`;
const CREATE_POST = /* GraphQL */ `
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
    }
  }
`;

export interface UploadTarget {
  uploadId: string;
  url: string;
  method: string;
  fields: { name: string; value: string }[];
}

/** Sends the bytes the way a client does (test/e2e/posts.test.ts): a PUT, or a POST form for S3. */
export async function sendBytes(target: UploadTarget, bytes: Buffer, contentType: string): Promise<void> {
  let response: Response;
  if (target.method === 'POST') {
    const form = new FormData();
    for (const { name, value } of target.fields) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }));
    response = await fetch(target.url, { method: 'POST', body: form });
  } else {
    response = await fetch(target.url, {
      method: target.method,
      headers: { 'content-type': contentType },
      body: new Uint8Array(bytes),
    });
  }
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`upload to ${target.url} failed: HTTP ${response.status}`);
}

function progress(label: string, total: number) {
  const started = Date.now();
  let shown = 0;
  return (done: number) => {
    // A line per quarter; on a terminal the line is rewritten in place.
    const quarter = Math.floor((done / total) * 4);
    if (quarter <= shown && done !== total) return;
    shown = quarter;
    const seconds = (Date.now() - started) / 1000;
    const line = `  ${label}: ${done}/${total} in ${seconds.toFixed(0)} s (${(done / Math.max(seconds, 0.001)).toFixed(0)}/s)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) console.log(line);
  };
}

export interface SeedTarget {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** Waits until every outbox is published (events applied by their consumers). */
  settle(): Promise<void>;
}

const LIKE = /* GraphQL */ `
  mutation Like($postId: ID!) {
    likePost(postId: $postId) {
      id
    }
  }
`;
const ADD_COMMENT = /* GraphQL */ `
  mutation AddComment($postId: ID!, $body: String!) {
    addComment(postId: $postId, body: $body) {
      id
    }
  }
`;

/** Likes and comments, drawn like follows: a few posts get many, most get a few or none. */
async function seedCommentsAndLikes(
  target: SeedTarget,
  params: SeedParams,
  tokens: string[],
  postIds: string[],
): Promise<{ comments: number; likes: number }> {
  if (postIds.length === 0 || (params.likesPerPost === 0 && params.commentsPerPost === 0)) {
    return { comments: 0, likes: 0 };
  }
  // Its own generator: the rest of the network stays the same whether or not this part is seeded.
  const random = randomFrom(params.seed + 1);
  const popularPost = zipf(postIds.length, 0.8);
  const likes = new Map<string, [number, number]>();
  const wantedLikes = Math.round(postIds.length * params.likesPerPost);
  for (let tries = 0; likes.size < wantedLikes && tries < wantedLikes * 20; tries += 1) {
    const pair: [number, number] = [Math.floor(random() * tokens.length), popularPost(random)];
    likes.set(pair.join(':'), pair);
  }
  const comments = Array.from({ length: Math.round(postIds.length * params.commentsPerPost) }, () => ({
    user: Math.floor(random() * tokens.length),
    post: popularPost(random),
    body: `${capital(pick(random, WORDS))} ${pick(random, WORDS)} ${pick(random, WORDS)}!`,
  }));
  await inParallel(
    [...likes.values()],
    CONCURRENCY,
    ([user, post]) => call(target.url, LIKE, { postId: postIds[post]! }, { token: tokens[user]! }),
    progress('likes', likes.size),
  );
  await inParallel(
    comments,
    CONCURRENCY,
    ({ user, post, body }) => call(target.url, ADD_COMMENT, { postId: postIds[post]!, body }, { token: tokens[user]! }),
    progress('comments', comments.length),
  );
  return { comments: comments.length, likes: likes.size };
}

/** Whether the composed supergraph has a mutation (comments and likes arrived after the bench). */
export function supergraphOffers(sdl: string, mutation: string): boolean {
  return new RegExp(`^\\s+${mutation}\\(`, 'm').test(sdl);
}

export async function seedNetwork(target: SeedTarget, params: SeedParams): Promise<Omit<SeedManifest, 'seedSeconds'>> {
  const { users, follows, posts } = plan(params);
  const { url } = target;

  const registered = await inParallel(
    users,
    CONCURRENCY,
    async (user) => {
      const { register } = await call<{ register: { accessToken: string; user: { id: string } } }>(url, REGISTER, {
        input: { email: user.email, username: user.username, password: PASSWORD },
      });
      return { id: register.user.id, token: register.accessToken };
    },
    progress('users', users.length),
  );
  // Profiles, follows and posts learn of accounts from UserRegistered: wait until they have.
  await target.settle();
  const tokens = registered.map((r) => r.token);

  await inParallel(
    users,
    CONCURRENCY,
    (user, i) =>
      call(
        url,
        UPDATE_PROFILE,
        { input: { displayName: user.displayName, ...(user.bio ? { bio: user.bio } : {}) } },
        { token: tokens[i]! },
      ),
    progress('profiles', users.length),
  );
  // Avatars: updateProfile's avatarUploadId is refused until profiles accept uploads; seed them here then.

  await inParallel(
    follows,
    CONCURRENCY,
    ([follower, followed]) => call(url, FOLLOW, { userId: registered[followed]!.id }, { token: tokens[follower]! }),
    progress('follows', follows.length),
  );

  const postIds = await inParallel(
    posts,
    CONCURRENCY,
    async (post) => {
      const token = tokens[post.author]!;
      const bytes = png(post.width, post.height);
      const { requestUpload } = await call<{ requestUpload: UploadTarget }>(
        url,
        REQUEST_UPLOAD,
        { input: { contentType: 'image/png', byteSize: bytes.length } },
        { token },
      );
      await sendBytes(requestUpload, bytes, 'image/png');
      const { createPost } = await call<{ createPost: { id: string } }>(
        url,
        CREATE_POST,
        { input: { caption: post.caption, uploadIds: [requestUpload.uploadId] } },
        { token },
      );
      return createPost.id;
    },
    progress('posts', posts.length),
  );

  // Likes and comments need their subgraphs to know the posts (PostCreated) first.
  await target.settle();
  const engagement = await seedCommentsAndLikes(target, params, tokens, postIds);
  await target.settle();

  const postsByTag: Record<string, number> = {};
  const postsByUser = users.map(() => 0);
  for (const post of posts) {
    postsByUser[post.author]! += 1;
    for (const tag of post.tags) postsByTag[tag] = (postsByTag[tag] ?? 0) + 1;
  }
  return {
    key: seedKey(params),
    params,
    createdAt: new Date().toISOString(),
    users: users.map((u, i) => ({ id: registered[i]!.id, username: u.username })),
    follows,
    posts: posts.length,
    postsByTag,
    postsByUser,
    ...engagement,
  };
}
