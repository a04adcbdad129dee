import type { Logger } from 'pino';

/**
 * Stops the process cleanly on SIGINT/SIGTERM: runs `close` (stop accepting, drain in-flight
 * requests, close pools), then exits. A second signal or a stuck close forces the exit.
 */
export function onShutdown(close: () => Promise<void>, logger: Logger, timeoutMs = 10_000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out, exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
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
