import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IDENTITY_HEADER, signIdentity } from '@shutter/runtime';
import { codes, type GraphQLResponse } from '@shutter/testing';
import { png } from '../support/media.js';
import { upload } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
let ada: Session & { password: string };
beforeAll(async () => {
  graph = await startTestSupergraph();
  ada = await registerUser(graph, {}, { settle: true });
});
afterAll(async () => {
  await graph?.close();
});

/** A cursor this API never issued: base64url of `[1,2]`, keys of the wrong types. */
const FOREIGN_CURSOR = 'WzEsMl0';

const UPDATE_PROFILE = /* GraphQL */ `
  mutation ($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      displayName
      bio
    }
  }
`;

/** Uploads a small PNG as `who` the way a client does, and returns the upload id. */
async function uploadPng(who: Session): Promise<string> {
  return (await upload(graph, who, png(4, 3))).target.uploadId;
}

/** The one error of a refused request: BAD_USER_INPUT with the shared INVALID_INPUT reason on `field`. */
function expectRefusedInput(response: GraphQLResponse<unknown>, field: string) {
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors![0]!.extensions).toMatchObject({ reason: 'INVALID_INPUT', field });
}

const count = async (domain: 'posts' | 'profiles', query: string, params: unknown[] = []) =>
  (await graph.sql(domain, query, params)).rows[0].n as number;

describe('text arguments pass one gate in every subgraph', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone surrogate', 'broken \ud800 text'],
  ])('refuses a caption with %s as BAD_USER_INPUT on input.caption, and creates no post', async (_name, caption) => {
    const uploadId = await uploadPng(ada);
    const response = await graph.request(
      `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
      { input: { caption, uploadIds: [uploadId] } },
      { token: ada.accessToken },
    );
    expectRefusedInput(response, 'input.caption');
    expect(await count('posts', 'SELECT count(*)::int AS n FROM posts WHERE author_id = $1', [ada.user.id])).toBe(0);
  });

  it('refuses a display name with a NUL as BAD_USER_INPUT on input.displayName, and stores nothing', async () => {
    const response = await graph.request(
      UPDATE_PROFILE,
      { input: { displayName: 'Ada\u0000Lovelace' } },
      { token: ada.accessToken },
    );
    expectRefusedInput(response, 'input.displayName');
    const { rows } = await graph.sql('profiles', 'SELECT display_name FROM profiles WHERE user_id = $1', [ada.user.id]);
    expect(rows[0]?.display_name ?? null).toBeNull();
  });

  it('refuses a bio with a right-to-left override as BAD_USER_INPUT on input.bio', async () => {
    const response = await graph.request(
      UPDATE_PROFILE,
      { input: { bio: 'see my site moc.\u202Eevil.com' } },
      { token: ada.accessToken },
    );
    expectRefusedInput(response, 'input.bio');
    expect(response.errors![0]!.message).toMatch(/bidirectional/);
  });

  it('refuses a search query with a NUL as BAD_USER_INPUT on query', async () => {
    const response = await graph.request(`query($q: String!) { search(query: $q) { posts { edges { cursor } } } }`, {
      q: 'sun\u0000set',
    });
    expectRefusedInput(response, 'query');
  });

  it('refuses a login identifier with a NUL as BAD_USER_INPUT, from a variable and from a literal', async () => {
    const fromVariable = await graph.request(
      `mutation($id: String!, $pw: String!) { login(usernameOrEmail: $id, password: $pw) { accessToken } }`,
      { id: `${ada.user.username}\u0000`, pw: ada.password },
    );
    expectRefusedInput(fromVariable, 'usernameOrEmail');
    const fromLiteral = await graph.request(
      `mutation { login(usernameOrEmail: "${ada.user.username}\\u0000", password: "whatever it is") { accessToken } }`,
    );
    expectRefusedInput(fromLiteral, 'usernameOrEmail');
  });

  it('refuses a control character in an id as BAD_USER_INPUT on that argument', async () => {
    const response = await graph.request(`query($id: ID!) { user(id: $id) { id } }`, { id: `${ada.user.id}\u0000` });
    expectRefusedInput(response, 'id');
  });

  it('stores text in NFC: a decomposed "é" is saved and returned as the composed one, line breaks and tabs kept', async () => {
    const bob = await registerUser(graph, {}, { settle: true });
    const response = await graph.request<{ updateProfile: { displayName: string; bio: string } }>(
      UPDATE_PROFILE,
      { input: { displayName: 'Rene\u0301e Cafe\u0301', bio: 'cafe\u0301 au lait\nsecond line\tend' } },
      { token: bob.accessToken },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.updateProfile).toMatchObject({
      displayName: 'Ren\u00e9e Caf\u00e9',
      bio: 'caf\u00e9 au lait\nsecond line\tend',
    });
    const { rows } = await graph.sql('profiles', 'SELECT display_name, bio FROM profiles WHERE user_id = $1', [
      bob.user.id,
    ]);
    expect(rows[0]).toEqual({ display_name: 'Ren\u00e9e Caf\u00e9', bio: 'caf\u00e9 au lait\nsecond line\tend' });
  });
});

describe('cursors', () => {
  const families: [string, string, () => Record<string, unknown>, () => string | undefined][] = [
    [
      'search',
      `query($a: String) { search(query: "sunset", after: $a) { posts { edges { cursor } } } }`,
      () => ({}),
      () => undefined,
    ],
    ['explore', `query($a: String) { explore(after: $a) { edges { cursor } } }`, () => ({}), () => undefined],
    [
      'hashtag',
      `query($a: String) { hashtag(tag: "sunset", after: $a) { edges { cursor } } }`,
      () => ({}),
      () => undefined,
    ],
    [
      "a user's posts",
      `query($id: ID!, $a: String) { user(id: $id) { posts(after: $a) { edges { cursor } } } }`,
      () => ({ id: ada.user.id }),
      () => undefined,
    ],
    [
      'followers',
      `query($id: ID!, $a: String) { user(id: $id) { followers(after: $a) { edges { cursor } } } }`,
      () => ({ id: ada.user.id }),
      () => undefined,
    ],
    [
      'following',
      `query($id: ID!, $a: String) { user(id: $id) { following(after: $a) { edges { cursor } } } }`,
      () => ({ id: ada.user.id }),
      () => undefined,
    ],
    [
      'follow requests',
      `query($a: String) { followRequests(after: $a) { edges { cursor } } }`,
      () => ({}),
      () => ada.accessToken,
    ],
  ];

  it.each(families)(
    '%s refuses a cursor this API did not issue as BAD_USER_INPUT on after',
    async (_name, query, vars, token) => {
      const t = token();
      const response = await graph.request(query, { ...vars(), a: FOREIGN_CURSOR }, t ? { token: t } : {});
      expectRefusedInput(response, 'after');
    },
  );
});

describe('subgraph HTTP transport', () => {
  const signed = () =>
    signIdentity({ userId: ada.user.id, role: 'USER', requestId: 'gate-test' }, graph.env.INTERNAL_IDENTITY_SECRET!);
  const send = (body: string, headers: Record<string, string>) =>
    fetch(`${graph.stack.subgraphs.profiles!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers malformed JSON with a JSON 400 and no stack trace', async () => {
    const response = await send('{"query": "{ __typename ', { [IDENTITY_HEADER]: signed() });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(text).not.toMatch(/\bat \w|node_modules|<html/i);
  });

  it('answers a body over the limit with a JSON 413', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    const response = await send(body, { [IDENTITY_HEADER]: signed() });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('answers a signed request with compact JSON', async () => {
    const response = await send(JSON.stringify({ query: '{ __typename }' }), { [IDENTITY_HEADER]: signed() });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"data":{"__typename":"Query"}}');
  });

  it('refuses an unsigned request before reading its body', async () => {
    const response = await send('{ not json', {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
