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

export async function listen(server: Server, port: number, host: string): Promise<number> {
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
