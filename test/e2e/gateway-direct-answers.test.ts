import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_RATE_LIMITS, gatewayDirectAnswers, startGateway, type GatewayOptions } from '@shutter/gateway';
import { loadGatewayConfig } from '@shutter/gateway/env';
import { createLogger, type RunningService } from '@shutter/runtime';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// ADR 0028: a query Apollo has planned once as a single fetch from one subgraph is answered next
// time without Apollo Server's and Apollo Gateway's pipeline. Clients must not be able to tell:
// every answer here is compared, status, headers and bytes, with a twin gateway over the same
// subgraphs that has direct answers off, and what must stay Apollo Server's stays there.

let graph: TestSupergraph;
/** The same subgraphs, direct answers off: what every answer must equal. */
let apolloOnly: RunningService;
/** The same subgraphs called in process, as `npm start` does. */
let local: RunningService;
let alice: Session;
let postId: string;

const logger = createLogger({ service: 'gateway', level: 'silent' });

function gatewayOptions(overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  const config = loadGatewayConfig({ ...graph.env, PORT: '0' });
  return {
    ...config,
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(
      Object.entries(graph.stack.subgraphs).map(([name, s]) => [name, `${s.url}/graphql`]),
    ),
    logger,
    ...overrides,
  };
}

beforeAll(async () => {
  graph = await startTestSupergraph({}, { subgraphCalls: 'http' });
  apolloOnly = await startGateway(gatewayOptions({ directAnswers: false }));
  local = await startGateway(
    gatewayOptions({
      subgraphUrls: Object.fromEntries(
        Object.keys(graph.stack.subgraphs).map((n) => [n, 'http://127.0.0.1:9/graphql']),
      ),
      inProcessSubgraphs: Object.fromEntries(Object.entries(graph.stack.subgraphs).map(([n, s]) => [n, s.execute])),
    }),
  );
  alice = await registerUser(graph);
  postId = await createPost(graph, alice, 'Direct #answers');
  await graph.settle();
}, 120_000);
afterAll(async () => {
  await Promise.all([apolloOnly?.close(), local?.close()]);
  await graph?.close();
});

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers every response has its own value of. */
const OWN = new Set(['date', 'x-request-id', 'keep-alive', 'connection']);

/** POSTs to a GraphQL endpoint. */
async function post(
  url: string,
  body: unknown,
  options: { token?: string | undefined; headers?: Record<string, string> } = {},
): Promise<Raw> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !OWN.has(name)));
  return { status: response.status, headers, body: await response.text() };
}

/**
 * Sends `body` to the gateway under test twice (the first teaches it the route, when there is one)
 * and once to the Apollo-only twin: all three answers must be the same. Returns the answer and how
 * many of the two were answered directly.
 */
async function compare(
  body: Record<string, unknown>,
  options: { token?: string | undefined; headers?: Record<string, string> } = {},
  url = graph.url,
): Promise<{ answer: Raw; direct: number }> {
  const before = gatewayDirectAnswers();
  const first = await post(url, body, options);
  const second = await post(url, body, options);
  const direct = gatewayDirectAnswers() - before;
  const reference = await post(`${apolloOnly.url}/graphql`, body, options);
  expect(first).toEqual(reference);
  expect(second).toEqual(reference);
  return { answer: second, direct };
}

const json = (raw: Raw) => JSON.parse(raw.body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };

it('answers a single-subgraph query directly from its second request, byte for byte as Apollo Server does', async () => {
  const me = await compare({ query: '{ me { id username } }' }, { token: alice.accessToken });
  expect(me.direct).toBe(1);
  expect(json(me.answer)).toEqual({ data: { me: { id: alice.user.id, username: alice.user.username } } });

  // The route is the operation's, whoever asks: both answered directly.
  const anonymous = await compare({ query: '{ me { id username } }' });
  expect(anonymous.direct).toBe(2);
  expect(json(anonymous.answer)).toEqual({ data: { me: null } });

  // Aliases, fragments, __typename and @skip/@include by variable, defaults and constants: the
  // shaping the client asked for, with two sets of variables on one route.
  const shaped = /* GraphQL */ `
    query Shaped($name: String!, $email: Boolean = false, $hide: Boolean!) {
      who: user(username: $name) {
        ...Names
        kind: __typename
        email @include(if: $email)
        handle: username @skip(if: $hide)
        ... on User @include(if: true) {
          again: id
        }
      }
    }
    fragment Names on User {
      id
      username
    }
  `;
  for (const variables of [
    { name: alice.user.username, hide: false },
    { name: alice.user.username, email: true, hide: true },
    { name: 'nobody_here_at_all', hide: false },
  ]) {
    const { answer, direct } = await compare(
      { query: shaped, variables, operationName: 'Shaped' },
      { token: alice.accessToken },
    );
    expect(direct).toBeGreaterThanOrEqual(1);
    expect(json(answer).errors).toBeUndefined();
  }

  // The GraphQL-over-HTTP media type, when the client prefers it.
  const typed = await compare(
    { query: `query($id: ID!) { post(id: $id) { id caption } }`, variables: { id: postId } },
    { token: alice.accessToken, headers: { accept: 'application/graphql-response+json' } },
  );
  expect(typed.direct).toBe(1);
  expect(typed.answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
});

it('answers directly over in-process subgraphs too (npm start)', async () => {
  const before = gatewayDirectAnswers();
  const answers = [];
  for (let i = 0; i < 2; i += 1) {
    answers.push(await post(`${local.url}/graphql`, { query: '{ me { id } }' }, { token: alice.accessToken }));
  }
  expect(gatewayDirectAnswers() - before).toBe(1);
  expect(answers.map(json)).toEqual([{ data: { me: { id: alice.user.id } } }, { data: { me: { id: alice.user.id } } }]);
});

it('leaves to Apollo Server every request it must answer itself, with the same answer', async () => {
  const cases: [string, Record<string, unknown>, { token?: string; headers?: Record<string, string> }][] = [
    // A variable that does not coerce.
    ['variables', { query: `query($id: ID!) { post(id: $id) { id } }`, variables: { id: { not: 'an id' } } }, {}],
    // The subgraph answers with an error.
    ['subgraph error', { query: `{ user { id } }` }, { token: alice.accessToken }],
    // Introspection next to a subgraph field.
    ['introspection', { query: `{ me { id } __schema { queryType { name } } }` }, { token: alice.accessToken }],
    // A query planned across subgraphs.
    ['two subgraphs', { query: `{ me { id followerCount } }` }, { token: alice.accessToken }],
    // A mutation.
    ['mutation', { query: `mutation { follow(userId: "nope") { id } }` }, { token: alice.accessToken }],
    // An access token that is not one.
    ['bad token', { query: `{ me { id } }` }, { token: 'not.a.token' }],
    // Apollo's query-plan header (outside production).
    ['query plan', { query: `{ me { username } }` }, { headers: { 'apollo-query-plan-experimental': '1' } }],
    // Persisted-query extensions.
    [
      'extensions',
      { query: `{ me { username } }`, extensions: { persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } } },
      {},
    ],
  ];
  for (const [what, body, options] of cases) {
    const { answer, direct } = await compare(body, options);
    expect({ what, direct }).toEqual({ what, direct: 0 });
    const failed = !['two subgraphs', 'query plan', 'introspection'].includes(what);
    expect({ what, errors: json(answer).errors !== undefined }).toEqual({ what, errors: failed });
  }
  // The query-plan header is honoured: Apollo's extension is there.
  const plan = await post(
    graph.url,
    { query: `{ me { username } }` },
    { headers: { 'apollo-query-plan-experimental': '1' } },
  );
  expect(JSON.parse(plan.body).extensions.__queryPlanExperimental).toContain('Fetch(service: "users")');
});

it("checks the cost limit with each request's variables", async () => {
  // `hashtag(first: $n) { edges { node { id } } }` costs 13 for n = 1 and more than 50 from n = 4.
  const limited = await startGateway(
    gatewayOptions({
      limits: { ...loadGatewayConfig({ ...graph.env, PORT: '0' }).limits, cost: 50 },
      rateLimits: null,
    }),
  );
  try {
    const page = { query: `query($n: Int) { hashtag(tag: "answers", first: $n) { edges { node { id } } } }` };
    const codes = async (variables: Record<string, unknown>) => {
      const answer = json(await post(`${limited.url}/graphql`, { ...page, variables }, { token: alice.accessToken }));
      return answer.errors?.map((e) => e.extensions?.code) ?? 'ok';
    };
    const before = gatewayDirectAnswers();
    expect([await codes({ n: 1 }), await codes({ n: 1 })]).toEqual(['ok', 'ok']);
    expect(gatewayDirectAnswers() - before).toBe(1);
    // The same route, too expensive with these variables.
    expect(await codes({ n: 20 })).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(gatewayDirectAnswers() - before).toBe(1);
  } finally {
    await limited.close();
  }
});

it('charges the rate limit once when a request checked for a direct answer is answered by Apollo Server', async () => {
  // `{ user { id } }` costs 4 (2 for the object, 1.5 for its scalar, rounded up): a budget of three.
  const limited = await startGateway(
    gatewayOptions({ rateLimits: { ...DEFAULT_RATE_LIMITS, costPerViewer: { points: 12, durationSeconds: 300 } } }),
  );
  try {
    const [bob, carol] = await Promise.all([registerUser(graph), registerUser(graph)]);
    const query = `query($name: String) { user(username: $name) { id } }`;
    const send = async (variables: Record<string, unknown>, token: string) => {
      const answer = json(await post(`${limited.url}/graphql`, { query, variables }, { token }));
      return answer.errors?.map((e) => e.extensions?.code).join() ?? 'ok';
    };
    // Carol's request teaches the gateway the route; bob's are checked for a direct answer, then
    // answered by Apollo Server (the subgraph wants an id or a username). Charged twice, his second
    // would be refused.
    expect(await send({ name: carol.user.username }, carol.accessToken)).toBe('ok');
    const before = gatewayDirectAnswers();
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await send({}, bob.accessToken));
    expect(gatewayDirectAnswers()).toBe(before);
    expect(seen).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'RATE_LIMITED']);
  } finally {
    await limited.close();
  }
});
