import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@shutter/runtime';
import { afterProcessExits } from './orphans.js';

const run = promisify(execFile);
const services = join(repoRoot, 'scripts', 'services.sh');

export async function freePort(): Promise<number> {
  // Below the kernel's ephemeral range, so a port we checked is not taken by an outgoing connection
  // before the service binds it.
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * A Kafka broker of a test file's own, for tests that stop and restart it: the run's shared broker
 * keeps serving the other test files undisturbed. Started with scripts/services.sh like the shared one.
 */
export class PrivateBroker {
  private constructor(
    readonly brokers: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
    private readonly cancelReaper: () => void,
  ) {}

  static async start(): Promise<PrivateBroker> {
    const dir = mkdtempSync(join(tmpdir(), 'shutter-private-kafka-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    const env = {
      ...process.env,
      SHUTTER_SERVICES_DIR: dir,
      SERVICES_KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
    };
    // Registered before it starts: a test process killed from here on leaves no broker behind.
    const cancelReaper = afterProcessExits(
      process.pid,
      ['/bin/sh', '-c', '"$0" clean kafka; rm -rf "$1"', services, dir],
      env,
    );
    await run(services, ['start', 'kafka'], { env, timeout: 180_000 });
    return new PrivateBroker([`127.0.0.1:${port}`], env, dir, cancelReaper);
  }

  /** stop and start keep the broker's data, like a real outage and recovery. */
  async command(action: 'stop' | 'start' | 'restart'): Promise<void> {
    await run(services, [action, 'kafka'], { env: this.env, timeout: 180_000 });
  }

  async destroy(): Promise<void> {
    this.cancelReaper();
    await run(services, ['clean', 'kafka'], { env: this.env, timeout: 60_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
