import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import cors from 'cors';
import { corsMiddleware } from './cors.js';

// The remembered headers must be exactly what cors itself sets, for every origin and config.
const configs: cors.CorsOptions[] = [
  { origin: '*', maxAge: 600 },
  { origin: ['https://app.example', 'https://admin.example'], maxAge: 600 },
  { origin: 'https://app.example', credentials: true, exposedHeaders: ['x-request-id'] },
];

describe.each(configs)('corsMiddleware(%j)', (options) => {
  let server: http.Server;
  let url: string;
  const theirs = cors(options);
  const ours = corsMiddleware(options);
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const use = req.url === '/cors' ? theirs : ours;
      use(req as never, res as never, () => res.end('next'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const answer = async (path: string, method: string, origin: string | undefined) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(origin ? { origin } : {}),
        ...(method === 'OPTIONS' ? { 'access-control-request-method': 'POST' } : {}),
      },
    });
    const headers = Object.fromEntries(
      [...response.headers].filter(([name]) => !['date', 'keep-alive', 'connection'].includes(name)),
    );
    return { status: response.status, headers, body: await response.text() };
  };

  it('sets the headers cors sets, for each origin, the first time and from memory', async () => {
    for (const origin of ['https://app.example', 'https://evil.example', 'https://admin.example', undefined]) {
      for (const method of ['POST', 'GET', 'OPTIONS']) {
        const expected = await answer('/cors', method, origin);
        expect(await answer('/ours', method, origin)).toEqual(expected);
        expect(await answer('/ours', method, origin)).toEqual(expected);
      }
    }
  });
});
