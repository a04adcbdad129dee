import { fileURLToPath } from 'node:url';
import { parseEnv, runMain } from '@shutter/runtime';
import { gql } from '@shutter/testing';
import { z } from 'zod';
import { gradientPng, PEOPLE, REPLIES, SCENES, sequence, TAGS } from './seed-data.js';

/**
 * `npm run seed`: a demo network on a running stack, made through its public API as clients would
 * (so events, counters, search and feeds are what real use leaves): people with avatars and bios, a
 * skewed follow graph (a few popular accounts), posts with generated photos, hashtags and
 * @mentions, likes and comments. Idempotent: a second run logs in instead of registering, keeps
 * avatars and posts that exist, and adds nothing twice.
 */

export const DEMO_PASSWORD = 'shutter demo password';

export interface SeedOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** How many of the demo people (1..24). */
  people?: number;
  /** Progress lines go here (a TTY gets a bar rewritten in place). */
  out?: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
}

export interface SeedSummary {
  people: { username: string; id: string }[];
  /** Whether avatars went in (false while the API refuses avatar uploads). */
  avatars: boolean;
  follows: number;
  postsCreated: number;
  likes: number;
  comments: number;
}

class ApiError extends Error {
  constructor(
    readonly codes: unknown[],
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await gql<T>(url, query, variables, token ? { token } : {});
  if (response.errors?.length || !response.data) {
    const codes = (response.errors ?? []).map((e) => e.extensions?.code);
    throw new ApiError(codes, `${query.trim().split(/[({]/, 1)[0]}: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

/**
 * Other subgraphs learn of a new account or post from its event a moment later: what they do not
 * know yet answers NOT_FOUND, so that is retried for a while.
 */
async function settled<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ApiError) || !error.codes.includes('NOT_FOUND') || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function progressBar(out: NonNullable<SeedOptions['out']>, label: string, total: number) {
  let done = 0;
  const draw = () => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `  ${label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (out.isTTY) out.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) out.write(`${line}\n`);
  };
  draw();
  return () => {
    done += 1;
    draw();
  };
}

/** Runs `work` on each item, four at a time. */
async function each<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>, tick: () => void) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
      tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, items.length) }, lane));
}

async function upload(url: string, token: string, bytes: Buffer): Promise<string> {
  const { requestUpload } = await call<{
    requestUpload: { uploadId: string; url: string; method: string; headers: { name: string; value: string }[] };
  }>(
    url,
    `mutation Upload($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url method headers { name value } } }`,
    { input: { contentType: 'image/png', byteSize: bytes.length } },
    token,
  );
  // A PUT of exactly the declared bytes with the target's headers, on either storage (ADR 0007).
  const response = await fetch(requestUpload.url, {
    method: requestUpload.method,
    headers: Object.fromEntries(requestUpload.headers.map((h) => [h.name, h.value])),
    body: new Uint8Array(bytes),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`upload failed: HTTP ${response.status}`);
  return requestUpload.uploadId;
}

export async function seedDemo({ url, people: count = 24, out = process.stdout }: SeedOptions): Promise<SeedSummary> {
  const random = sequence(20261130);
  const people = PEOPLE.slice(0, Math.max(1, Math.min(count, PEOPLE.length))).map(([first, name], i) => ({
    username: `${first}_demo`,
    name,
    email: `${first}@demo.shutter.example`,
    bio: `${SCENES[i % SCENES.length]!.split(' ').slice(0, 3).join(' ')} · ${TAGS[i % TAGS.length]} and ${TAGS[(i + 3) % TAGS.length]}`,
    hue: Math.round((360 / PEOPLE.length) * i),
  }));

  // Accounts: registered, or signed in when a previous run registered them.
  const sessions: { id: string; token: string }[] = [];
  let tick = progressBar(out, 'people', people.length);
  await each(
    people,
    async (person, i) => {
      const payload = `{ accessToken user { id } }`;
      try {
        const { register } = await call<{ register: { accessToken: string; user: { id: string } } }>(
          url,
          `mutation Register($input: RegisterInput!) { register(input: $input) ${payload} }`,
          { input: { email: person.email, username: person.username, password: DEMO_PASSWORD } },
        );
        sessions[i] = { id: register.user.id, token: register.accessToken };
      } catch (error) {
        if (!(error instanceof ApiError) || !error.codes.includes('CONFLICT')) throw error;
        const { login } = await call<{ login: { accessToken: string; user: { id: string } } }>(
          url,
          `mutation Login($id: String!, $password: String!) { login(usernameOrEmail: $id, password: $password) ${payload} }`,
          { id: person.username, password: DEMO_PASSWORD },
        );
        sessions[i] = { id: login.user.id, token: login.accessToken };
      }
    },
    tick,
  );

  // Profiles: display name, bio, and an avatar unless one is set.
  const avatars = true;
  tick = progressBar(out, 'profiles', people.length);
  await each(
    people,
    async (person, i) => {
      const { token, id } = sessions[i]!;
      const profile = (avatarUploadId?: string) =>
        settled(() =>
          call(
            url,
            `mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`,
            { input: { displayName: person.name, bio: person.bio, ...(avatarUploadId ? { avatarUploadId } : {}) } },
            token,
          ),
        );
      const { user } = await settled(() =>
        call<{ user: { avatarUrl: string | null } | null }>(url, `query($id: ID!) { user(id: $id) { avatarUrl } }`, {
          id,
        }),
      );
      // An avatar only where there is none: a second run uploads nothing (ADR 0023).
      if (user?.avatarUrl) await profile();
      else await profile(await upload(url, token, gradientPng(96, 96, person.hue, person.hue + 60)));
    },
    tick,
  );

  // Follows: everyone follows a few, and the first accounts are followed by most (popular ones).
  const follows: [number, number][] = [];
  for (let follower = 0; follower < people.length; follower += 1) {
    for (let followed = 0; followed < people.length; followed += 1) {
      if (follower !== followed && random() < 0.9 / (1 + followed * 0.35)) follows.push([follower, followed]);
    }
  }
  tick = progressBar(out, 'follows', follows.length);
  await each(
    follows,
    async ([follower, followed]) => {
      await settled(() =>
        call(
          url,
          `mutation($id: ID!) { follow(userId: $id) { id } }`,
          { id: sessions[followed]!.id },
          sessions[follower]!.token,
        ),
      );
    },
    tick,
  );

  // Posts, for people who have none yet: one to three photos, hashtags and a mention of someone they follow.
  const counts = await Promise.all(
    sessions.map(({ id }) =>
      settled(() =>
        call<{ user: { postCount: number } | null }>(url, `query($id: ID!) { user(id: $id) { postCount } }`, { id }),
      ),
    ),
  );
  const planned: { author: number; caption: string; photos: number; hue: number }[] = [];
  people.forEach((person, author) => {
    if ((counts[author]?.user?.postCount ?? 0) > 0) return;
    const followed = follows.filter(([from]) => from === author).map(([, to]) => people[to]!.username);
    const posts = 1 + Math.floor(random() * 3);
    for (let n = 0; n < posts; n += 1) {
      const tags = [TAGS[Math.floor(random() * TAGS.length)]!, TAGS[Math.floor(random() * 4)]!];
      const mention =
        followed.length > 0 && random() < 0.5 ? ` @${followed[Math.floor(random() * followed.length)]}` : '';
      const scene = SCENES[Math.floor(random() * SCENES.length)]!;
      planned.push({
        author,
        caption: `${scene}${scene.endsWith('with') ? mention || ' friends' : mention} ${[...new Set(tags)].map((t) => `#${t}`).join(' ')}`,
        photos: 1 + Math.floor(random() * 3),
        hue: Math.floor(random() * 360),
      });
    }
  });
  const created: string[] = [];
  tick = progressBar(out, 'posts', planned.length);
  await each(
    planned,
    async (post) => {
      const token = sessions[post.author]!.token;
      const uploadIds: string[] = [];
      for (let photo = 0; photo < post.photos; photo += 1) {
        uploadIds.push(
          await upload(url, token, gradientPng(320, 240, post.hue + photo * 40, post.hue + photo * 40 + 90)),
        );
      }
      const { createPost } = await call<{ createPost: { id: string } }>(
        url,
        `mutation Post($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { caption: post.caption, uploadIds } },
        token,
      );
      created.push(createPost.id);
    },
    tick,
  );

  // Likes and comments on the posts made now (a re-run makes none, so adds none).
  const reactions: { who: number; post: string; comment?: string }[] = [];
  for (const post of created) {
    for (let who = 0; who < people.length; who += 1) {
      if (random() < 0.35) reactions.push({ who, post });
      if (random() < 0.08) reactions.push({ who, post, comment: REPLIES[Math.floor(random() * REPLIES.length)]! });
    }
  }
  tick = progressBar(out, 'reactions', reactions.length);
  await each(
    reactions,
    async ({ who, post, comment }) => {
      const token = sessions[who]!.token;
      await settled(() =>
        comment
          ? call(
              url,
              `mutation($p: ID!, $b: String!) { addComment(postId: $p, body: $b) { id } }`,
              { p: post, b: comment },
              token,
            )
          : call(url, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: post }, token),
      );
    },
    tick,
  );

  return {
    people: people.map((person, i) => ({ username: person.username, id: sessions[i]!.id })),
    avatars,
    follows: follows.length,
    postsCreated: created.length,
    likes: reactions.filter((r) => !r.comment).length,
    comments: reactions.filter((r) => r.comment).length,
  };
}

/** Where the demo goes and how big it is (also read by `npm start -- --seed`). */
export const seedEnvSchema = z.object({
  SEED_GATEWAY_URL: z.url().default('http://127.0.0.1:4000/graphql').describe('the running gateway to seed'),
  SEED_PEOPLE: z.coerce
    .number()
    .int()
    .min(1)
    .max(PEOPLE.length)
    .default(PEOPLE.length)
    .describe(`how many of the demo people to create (1..${PEOPLE.length})`),
});

/** What to tell a person once the network is there. */
export function welcome(url: string, summary: SeedSummary): string {
  const logins = summary.people
    .slice(0, 3)
    .map((p) => `    ${p.username.padEnd(16)} ${DEMO_PASSWORD}`)
    .join('\n');
  return [
    '',
    `Demo network ready: ${summary.people.length} people, ${summary.follows} follows, ${summary.postsCreated} new posts, ${summary.likes} likes, ${summary.comments} comments.`,
    `Open ${url} in a browser (Apollo Sandbox) and log in with one of:`,
    logins,
    '  mutation { login(usernameOrEmail: "ada_demo", password: "shutter demo password") { accessToken } }',
    '  then, with the header Authorization: Bearer <accessToken>:',
    '  { feed(first: 10) { edges { node { caption author { username } likeCount } } } }',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runMain(async () => {
    const env = parseEnv(seedEnvSchema);
    const summary = await seedDemo({ url: env.SEED_GATEWAY_URL, people: env.SEED_PEOPLE });
    console.log(welcome(env.SEED_GATEWAY_URL, summary));
  });
}
