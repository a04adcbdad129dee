import net from 'node:net';

/**
 * A TCP proxy in front of a test server (Redis, say) that plays outages: stopped (connections refused and cut,
 * like a crashed Redis), frozen (bytes held until thawed, like a paused process) or black-holed
 * (bytes lost, like a half-open connection).
 */
export class FlakyProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'pass' | 'freeze' | 'drop' = 'pass';
  private held: [net.Socket, Buffer][] = [];
  private port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Whether the proxy listens (between start and stop). */
  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    const server = (this.server = net.createServer((client) => this.accept(client)));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  freeze(): void {
    this.mode = 'freeze';
  }

  drop(): void {
    this.mode = 'drop';
  }

  restore(): void {
    this.mode = 'pass';
    for (const [to, chunk] of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(Number(this.target.port), this.target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (this.mode === 'pass') to.write(chunk);
        else if (this.mode === 'freeze') this.held.push([to, chunk]);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
