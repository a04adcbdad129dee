import http from 'node:http';
import net from 'node:net';
import { afterEach, expect, it } from '@jest/globals';
import { KEEP_ALIVE_TIMEOUT_MS, listen } from './http.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** One HTTP/1.1 request on an open socket; resolves with the status line. */
function request(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString();
      if (received.includes('\r\n\r\nok')) {
        socket.off('data', onData);
        resolve(received.split('\r\n')[0]!);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
}

it('keeps an idle keep-alive connection open past the load balancer and client idle timeouts it must outlive', async () => {
  expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000); // AWS ALB's default idle timeout
  const server = http.createServer((_req, res) => {
    res.setHeader('content-length', '2');
    res.end('ok');
  });
  servers.push(server);
  const port = await listen(server, 0, '127.0.0.1');
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let closedByServer = false;
  socket.once('end', () => (closedByServer = true));
  expect(await request(socket)).toBe('HTTP/1.1 200 OK');
  // Idle for longer than Node's default keep-alive timeout (5 s, plus a 1 s grace on Node 24): still usable.
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  expect(closedByServer).toBe(false);
  expect(await request(socket)).toBe('HTTP/1.1 200 OK');
  socket.destroy();
}, 15_000);
