import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { IDENTITY_HEADER, signIdentity } from '@shutter/runtime';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph.close();
});

it('resolves 50 User references with one SQL query', async () => {
  const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(graph)));
  const identity = signIdentity(
    { userId: users[0]!.user.id, role: 'USER', requestId: 'batch' },
    graph.env.INTERNAL_IDENTITY_SECRET!,
  );
  graph.counters.users.reset();
  // This is the request the gateway sends when another subgraph's list refers to 50 users.
  const response = await fetch(`${graph.stack.subgraphs.users!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id username createdAt } } }`,
      variables: { r: users.map((u) => ({ __typename: 'User', id: u.user.id })) },
    }),
  });
  const body = (await response.json()) as { data: { _entities: { id: string; username: string }[] } };
  expect(body.data._entities.map((u) => u.id)).toEqual(users.map((u) => u.user.id));
  expect(body.data._entities.map((u) => u.username)).toEqual(users.map((u) => u.user.username));
  expect(graph.counters.users.count).toBe(1);
});

it('answers unknown and malformed references with null without querying for the malformed ones', async () => {
  const alice = await registerUser(graph);
  const identity = signIdentity({ userId: null, role: null, requestId: 'batch' }, graph.env.INTERNAL_IDENTITY_SECRET!);
  graph.counters.users.reset();
  const response = await fetch(`${graph.stack.subgraphs.users!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }`,
      variables: {
        r: [
          { __typename: 'User', id: alice.user.id },
          { __typename: 'User', id: '00000000-0000-7000-8000-000000000000' },
          { __typename: 'User', id: 'garbage' },
        ],
      },
    }),
  });
  const body = (await response.json()) as { data: { _entities: ({ id: string } | null)[] } };
  expect(body.data._entities).toEqual([{ id: alice.user.id }, null, null]);
  expect(graph.counters.users.count).toBe(1);
});
