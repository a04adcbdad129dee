import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningService {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:4001 */
  url: string;
  port: number;
  /**
   * The first step of a graceful stop: readiness answers 503 so load balancers stop sending, while
   * requests, new ones included, are still served (each answer closes its connection). `close` follows.
   */
  drain(): void;
  /** Stops accepting connections, waits for requests in flight, then releases everything. */
  close(): Promise<void>;
}

/**
 * How long an idle keep-alive connection stays open: longer than a load balancer's idle timeout
 * (60 s on AWS ALB) and a client's (undici keeps 4 s), so the other side, not this server, closes
 * an idle connection. Node's default, 5 s, lets a client send a request on a connection the server
 * is closing at that moment: ECONNRESET for the client, a 502 from a load balancer.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function listen(server: Server, port: number, host: string): Promise<number> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed the keep-alive timeout, or a slow client's next request headers are cut short.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Wraps an async function so that it runs once; later calls get the first call's promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
