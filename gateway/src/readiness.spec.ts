import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpReadinessProbe, subgraphReadiness } from './readiness.js';

/** A subgraph's /ready as a test controls it: ready, not ready, or too slow to answer. */
let answer: 'ready' | 'unavailable' | 'hang' = 'ready';
let asked = 0;
const server = http.createServer((req, res) => {
  asked += 1;
  if (req.url !== '/ready') {
    res.writeHead(404).end();
    return;
  }
  if (answer === 'hang') return;
  res.writeHead(answer === 'ready' ? 200 : 503).end();
});
let graphqlUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  graphqlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe(httpReadinessProbe.name, () => {
  it("asks the subgraph's own /ready and passes only on a 2xx", async () => {
    answer = 'ready';
    await expect(httpReadinessProbe(graphqlUrl)()).resolves.toBeUndefined();
    answer = 'unavailable';
    await expect(httpReadinessProbe(graphqlUrl)()).rejects.toThrow('answered 503');
  });

  it('fails when the subgraph does not answer in time or does not listen', async () => {
    answer = 'hang';
    await expect(httpReadinessProbe(graphqlUrl, 100)()).rejects.toThrow();
    await expect(httpReadinessProbe('http://127.0.0.1:1/graphql')()).rejects.toThrow();
  });
});

describe(subgraphReadiness.name, () => {
  it('names the subgraphs that cannot serve, sorted', async () => {
    const failing = subgraphReadiness(
      new Map([
        ['users', async () => undefined],
        ['posts', () => Promise.reject(new Error('down'))],
        ['follows', () => Promise.reject(new Error('down'))],
      ]),
    );
    expect(await failing()).toEqual(['follows', 'posts']);
  });

  it('asks each subgraph once per interval however many probes arrive, then asks again', async () => {
    answer = 'ready';
    asked = 0;
    const failing = subgraphReadiness(new Map([['users', httpReadinessProbe(graphqlUrl)]]), 200);
    expect(await Promise.all([failing(), failing(), failing()])).toEqual([[], [], []]);
    expect(await failing()).toEqual([]);
    expect(asked).toBe(1);
    answer = 'unavailable';
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await failing()).toEqual(['users']);
    expect(asked).toBe(2);
  });
});
