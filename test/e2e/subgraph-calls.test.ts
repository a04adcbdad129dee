import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { shapedAnswers, startGateway } from '@shutter/gateway';
import { loadGatewayConfig } from '@shutter/gateway/env';
import { createLogger, type RunningService } from '@shutter/runtime';
import { gql } from '@shutter/testing';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// Issue 10: `npm start` calls its subgraphs in process; a split deployment calls them over HTTP with
// a signed identity. Both paths must answer every request identically: data, errors, codes, paths.
// `graph` is a stack whose gateway uses HTTP; `local` a second gateway over the same subgraphs that
// may only call them in process (their URLs point nowhere, so any HTTP call would fail).

let graph: TestSupergraph;
let local: RunningService;
let alice: Session;
let bob: Session;

beforeAll(async () => {
  graph = await startTestSupergraph({}, { subgraphCalls: 'http' });
  const config = loadGatewayConfig({ ...graph.env, PORT: '0' });
  const subgraphs = Object.entries(graph.stack.subgraphs);
  local = await startGateway({
    ...config,
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(subgraphs.map(([name]) => [name, 'http://127.0.0.1:9/graphql'])),
    inProcessSubgraphs: Object.fromEntries(subgraphs.map(([name, s]) => [name, s.execute])),
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  [alice, bob] = await Promise.all([registerUser(graph), registerUser(graph)]);
  await graph.settle();
  await graph.request(
    `mutation($id: ID!) { follow(userId: $id) { id } }`,
    { id: bob.user.id },
    { token: alice.accessToken },
  );
  for (let i = 0; i < 3; i += 1) await createPost(graph, bob, `Light ${i} #parity`);
  await graph.settle();
}, 120_000);
afterAll(async () => {
  await local?.close();
  await graph?.close();
});

const FEED = /* GraphQL */ `
  query ($tag: String!) {
    hashtag(tag: $tag, first: 2) {
      edges {
        cursor
        node {
          id
          caption
          hashtags
          media {
            url
            width
            height
            contentType
          }
          author {
            id
            username
            displayName
            avatarUrl
            followerCount
            viewerFollows
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`;

const both = async (query: string, variables: Record<string, unknown>, token?: string) => {
  const options = token ? { token } : {};
  const responses = await Promise.all([
    graph.request(query, variables, options),
    gql(`${local.url}/graphql`, query, variables, options),
  ]);
  // Everything but the headers (each response has its own request id).
  const [overHttp, inProcess] = responses.map(({ status, data, errors }) => ({ status, data, errors }));
  return { overHttp: overHttp!, inProcess: inProcess! };
};

it('answers a feed page across every subgraph identically over HTTP and in process', async () => {
  const shapedBefore = shapedAnswers();
  const { overHttp, inProcess } = await both(FEED, { tag: 'parity' }, alice.accessToken);
  // Both gateways shaped their answers with Shutter's computeResponse (ADR 0026), not Apollo's.
  expect(shapedAnswers() - shapedBefore).toBe(2);
  expect(overHttp.errors).toBeUndefined();
  const edges = (overHttp.data as { hashtag: { edges: { node: { author: { viewerFollows: boolean } } }[] } }).hashtag
    .edges;
  expect(edges).toHaveLength(2);
  // The viewer reached the follows subgraph on both paths (signed, or handed over in process).
  expect(edges.every((e) => e.node.author.viewerFollows)).toBe(true);
  expect(inProcess).toEqual(overHttp);
});

it('carries the viewer, and its absence, the same way', async () => {
  for (const token of [alice.accessToken, undefined]) {
    const { overHttp, inProcess } = await both(`{ me { id username } }`, {}, token);
    expect(inProcess).toEqual(overHttp);
  }
  const signedIn = await gql(`${local.url}/graphql`, `{ me { id } }`, {}, { token: alice.accessToken });
  expect(signedIn.data).toEqual({ me: { id: alice.user.id } });
});

it('reports domain, input and authorization errors with the same codes, messages and paths', async () => {
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    [`mutation($id: ID!) { follow(userId: $id) { id } }`, { id: 'not-an-id' }, alice.accessToken],
    [`mutation($id: ID!) { follow(userId: $id) { id } }`, { id: alice.user.id }, alice.accessToken],
    [`mutation { createPost(input: { caption: "x", uploadIds: [] }) { id } }`, {}, undefined],
    [`mutation { updateProfile(input: { bio: "${'b'.repeat(5000)}" }) { id } }`, {}, bob.accessToken],
  ];
  for (const [query, variables, token] of cases) {
    const { overHttp, inProcess } = await both(query, variables, token);
    expect(overHttp.errors?.length).toBeGreaterThan(0);
    expect(inProcess).toEqual(overHttp);
  }
});

it('lets an in-process subgraph call another one with a signature made when needed', async () => {
  // updateProfile with a username goes profiles → users over HTTP, with the viewer's identity.
  const username = `renamed_${alice.user.username.slice(-8)}`;
  const renamed = await gql(
    `${local.url}/graphql`,
    `mutation($u: String!) { updateProfile(input: { username: $u }) { username } }`,
    { u: username },
    { token: alice.accessToken },
  );
  expect(renamed.errors).toBeUndefined();
  expect(renamed.data).toEqual({ updateProfile: { username } });
  const { overHttp, inProcess } = await both(`{ me { username } }`, {}, alice.accessToken);
  expect(overHttp.data).toEqual({ me: { username } });
  expect(inProcess).toEqual(overHttp);
});
