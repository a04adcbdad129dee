import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisCache } from '@shutter/cache';
import { InProcessTransport } from '@shutter/events';
import { createLogger } from '@shutter/runtime';
import { codes } from '@shutter/testing';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      username
      displayName
      bio
      website
      isPrivate
    }
  }
`;
const READ = /* GraphQL */ `
  query ($id: ID!) {
    user(id: $id) {
      id
      username
      displayName
      bio
      website
      avatarUrl
      isPrivate
    }
  }
`;

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

describe.each(['memory', 'redis'] as const)('profiles with the %s cache', (cacheKind) => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph(cacheKind === 'redis' ? { REDIS_URL: redisUrl() } : {});
  });
  afterAll(async () => {
    await graph.close();
  });

  it('gives every registered user a public profile', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    const read = await graph.request(READ, { id: alice.user.id });
    expect(read.data).toEqual({
      user: {
        id: alice.user.id,
        username: alice.user.username,
        displayName: null,
        bio: null,
        website: null,
        avatarUrl: null,
        isPrivate: false,
      },
    });
    const { rows } = await graph.sql('profiles', 'SELECT username FROM profiles WHERE user_id = $1', [alice.user.id]);
    expect(rows).toEqual([{ username: alice.user.username }]);
  });

  it('shows an edit on every later read, including reads served from the cache', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    // Warm the cache with the old profile first.
    expect((await graph.request<{ user: { bio: null } }>(READ, { id: alice.user.id })).data!.user.bio).toBeNull();
    const updated = await graph.request(
      UPDATE,
      { input: { displayName: 'Alice A.', bio: 'Photos of bridges', website: 'https://alice.example.com' } },
      { token: alice.accessToken },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data).toMatchObject({ updateProfile: { displayName: 'Alice A.', bio: 'Photos of bridges' } });
    for (let i = 0; i < 3; i += 1) {
      const read = await graph.request<{ user: Record<string, unknown> }>(READ, { id: alice.user.id });
      expect(read.data!.user).toMatchObject({
        displayName: 'Alice A.',
        bio: 'Photos of bridges',
        website: 'https://alice.example.com',
      });
    }
    // Clearing with null and empty strings.
    const cleared = await graph.request(UPDATE, { input: { bio: null, website: '' } }, { token: alice.accessToken });
    expect(cleared.data).toMatchObject({ updateProfile: { bio: null, website: null, displayName: 'Alice A.' } });
  });

  it('changes the username through the users subgraph, with its uniqueness rules', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    const bob = await registerUser(graph, {}, { settle: true });
    const newName = `${alice.user.username.slice(0, 20)}_new`;
    const changed = await graph.request(
      UPDATE,
      { input: { username: newName.toUpperCase(), bio: 'renamed' } },
      { token: alice.accessToken },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data).toMatchObject({ updateProfile: { username: newName, bio: 'renamed' } });

    const taken = await graph.request(
      UPDATE,
      { input: { username: bob.user.username, bio: 'should not stick' } },
      { token: alice.accessToken },
    );
    expect(codes(taken)).toEqual(['CONFLICT']);
    expect(taken.errors![0]!.extensions!.field).toBe('input.username');
    const read = await graph.request<{ user: { username: string; bio: string } }>(READ, { id: alice.user.id });
    expect(read.data!.user).toMatchObject({ username: newName, bio: 'renamed' });
  });

  it('carries a username change made in the users subgraph into the cached profile', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    await graph.request(READ, { id: alice.user.id }); // cached now
    const renamed = `${alice.user.username.slice(0, 20)}_x`;
    const result = await graph.request(
      `mutation($u: String!) { changeUsername(username: $u) { username } }`,
      { u: renamed },
      { token: alice.accessToken },
    );
    expect(result.errors).toBeUndefined();
    await graph.settle();
    const read = await graph.request<{ user: { username: string } }>(READ, { id: alice.user.id });
    expect(read.data!.user.username).toBe(renamed);
    const { rows } = await graph.sql('profiles', 'SELECT username FROM profiles WHERE user_id = $1', [alice.user.id]);
    expect(rows[0].username).toBe(renamed);
    if (cacheKind === 'redis') {
      const cache = new RedisCache(redisUrl());
      try {
        const [cached] = await cache.getMany<{ username: string }>([`profile:${alice.user.id}`]);
        expect(cached?.username).toBe(renamed);
      } finally {
        await cache.close();
      }
    }
  });

  it.each([
    ['bio', { bio: 'x'.repeat(151) }, /at most 150/],
    ['displayName', { displayName: 'y'.repeat(65) }, /at most 64/],
    ['website', { website: 'javascript:alert(1)' }, /http\(s\) URL/],
    ['website', { website: 'not a url' }, /http\(s\) URL/],
    ['username', { username: 'no spaces' }, /letters, digits/],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field and changes nothing', async (field, input, message) => {
    const alice = await registerUser(graph, {}, { settle: true });
    await graph.request(UPDATE, { input: { bio: 'before' } }, { token: alice.accessToken });
    const before = await graph.sql('profiles', 'SELECT version, bio FROM profiles WHERE user_id = $1', [alice.user.id]);
    const response = await graph.request(
      UPDATE,
      { input: { displayName: 'changed?', ...input } },
      { token: alice.accessToken },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe(`input.${field}`);
    expect(response.errors![0]!.message).toMatch(message);
    const after = await graph.sql('profiles', 'SELECT version, bio FROM profiles WHERE user_id = $1', [alice.user.id]);
    expect(after.rows).toEqual(before.rows);
  });

  it('requires a signed-in user', async () => {
    const response = await graph.request(UPDATE, { input: { bio: 'anonymous' } });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('two replicas of every service sharing one Redis', () => {
  let first: TestSupergraph;
  let second: TestSupergraph;
  beforeAll(async () => {
    const events = new InProcessTransport(createLogger({ service: 'events', level: 'silent' }));
    first = await startTestSupergraph({ REDIS_URL: redisUrl() }, { events });
    second = await startTestSupergraph({}, { replicaOf: first, events });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('shows an edit made through one gateway on reads through the other', async () => {
    const alice = await registerUser(first, {}, { settle: true });
    // Both replicas have read (and cached) the old profile.
    await first.request(READ, { id: alice.user.id });
    await second.request(READ, { id: alice.user.id });
    const updated = await first.request(
      UPDATE,
      { input: { displayName: 'Seen everywhere' } },
      { token: alice.accessToken },
    );
    expect(updated.errors).toBeUndefined();
    const read = await second.request<{ user: { displayName: string } }>(READ, { id: alice.user.id });
    expect(read.data!.user.displayName).toBe('Seen everywhere');
  });
});

describe('profiles when Redis is down', () => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph({ REDIS_URL: 'redis://127.0.0.1:9' });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('still reads and writes profiles from the database', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    const updated = await graph.request(UPDATE, { input: { bio: 'no cache today' } }, { token: alice.accessToken });
    expect(updated.errors).toBeUndefined();
    const read = await graph.request<{ user: { bio: string } }>(READ, { id: alice.user.id });
    expect(read.data!.user.bio).toBe('no cache today');
  });

  it('reports profiles (and posts, for its timelines) not ready, naming Redis, while the subgraphs that do not use it stay ready', async () => {
    const { profiles, posts, users } = graph.stack.subgraphs;
    expect((await fetch(`${profiles.url}/ready`)).status).toBe(503);
    expect(await profiles.failingChecks()).toEqual(['redis']);
    expect(await posts.failingChecks()).toEqual(['redis']);
    expect((await fetch(`${users.url}/ready`)).status).toBe(200);
    expect(await users.failingChecks()).toEqual([]);
  });
});
