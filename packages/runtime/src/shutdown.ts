import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/** What a graceful stop needs of a service (or of several run as one). */
export interface Stoppable {
  /** Turns not-ready while still serving. */
  drain(): void;
  /** Stops accepting, waits for requests in flight, releases everything. */
  close(): Promise<void>;
}

/** How long a stop may take once draining is over before the process exits anyway. */
const CLOSE_BUDGET_MS = 15_000;

/**
 * Stops the process cleanly on SIGINT/SIGTERM: readiness turns 503 at once while requests are still
 * served for `drainMs` (time for load balancers to stop sending), then `close` (stop accepting,
 * finish requests in flight, close pools), then exit. A second signal or a stuck close forces the exit.
 */
export function onShutdown(service: Stoppable, logger: Logger, drainMs = 0): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal, drainMs }, 'shutting down: not ready, draining');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out, exiting');
      process.exit(1);
    }, drainMs + CLOSE_BUDGET_MS);
    timer.unref();
    service.drain();
    sleep(drainMs)
      .then(() => service.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
