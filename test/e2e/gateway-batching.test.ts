import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gatewaySubgraphBatches } from '@shutter/gateway';
import { loadGatewayConfig } from '@shutter/gateway/env';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

// ADR 0029: the gateway sends the calls to one subgraph that start in the same turn of its event
// loop as one batched POST, each operation with its own signed identity. Concurrent requests of
// different people must each get their own answer, whichever calls shared a batch.

let graph: TestSupergraph;
let people: (Session & { password: string })[];

beforeAll(async () => {
  graph = await startTestSupergraph({}, { subgraphCalls: 'http' });
  people = [];
  for (let i = 0; i < 4; i += 1) people.push(await registerUser(graph));
  await graph.settle();
  // Everyone follows the first: followerCount differs between them, and viewerFollows by viewer.
  const first = people[0]!;
  for (const person of people.slice(1)) {
    const followed = await graph.request<{ follow: unknown }>(
      'mutation($id: ID!) { follow(userId: $id) { id } }',
      { id: first.user.id },
      { token: person.accessToken },
    );
    expect(followed.errors).toBeUndefined();
  }
  await graph.settle();
}, 120_000);
afterAll(async () => {
  await graph?.close();
});

const ME = `query Me($first: ID!) {
  me { id username displayName followerCount }
  user(id: $first) { id viewerFollows }
}`;

interface MeAnswer {
  data?: {
    me: { id: string; username: string; displayName: string | null; followerCount: number };
    user: { id: string; viewerFollows: boolean | null };
  };
  errors?: unknown[];
}

describe('batched subgraph calls', () => {
  it('answers many concurrent requests of different people each as its own viewer', async () => {
    const before = gatewaySubgraphBatches();
    const first = people[0]!;
    const requests = Array.from({ length: 48 }, (_, i) => people[i % people.length]!);
    const answers = await Promise.all(
      requests.map(async (person) => {
        const response = await fetch(graph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
          body: JSON.stringify({ query: ME, variables: { first: first.user.id } }),
        });
        expect(response.status).toBe(200);
        return { person, answer: (await response.json()) as MeAnswer };
      }),
    );
    for (const { person, answer } of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.me).toMatchObject({
        id: person.user.id,
        username: person.user.username,
        followerCount: person === first ? people.length - 1 : 0,
      });
      // Asked of the viewer: the others follow the first; the first does not follow itself.
      expect(answer.data!.user).toEqual({ id: first.user.id, viewerFollows: person !== first });
    }
    // Calls did share batches (else this test would prove nothing about them).
    expect(gatewaySubgraphBatches()).toBeGreaterThan(before);
  });

  it('can be turned off for subgraphs older than batching', () => {
    expect(loadGatewayConfig({ ...graph.env }).subgraphBatching).toBe(true);
    expect(loadGatewayConfig({ ...graph.env, SUBGRAPH_BATCHING: 'off' }).subgraphBatching).toBe(false);
    expect(() => loadGatewayConfig({ ...graph.env, SUBGRAPH_BATCHING: 'maybe' })).toThrow(/SUBGRAPH_BATCHING/);
  });
});
