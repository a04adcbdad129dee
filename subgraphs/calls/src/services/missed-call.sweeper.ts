import type { Logger } from '@shutter/runtime';
import type { CallRepository } from '../repositories/call.repository.js';
import type { CallWriter } from './call-writer.js';

/** Calls marked missed per transaction. */
const BATCH = 200;
/** Signals stay this long after their call ended: the live layer has fetched them long before. */
export const SIGNAL_RETENTION_SECONDS = 300;

/**
 * Marks ringing calls MISSED once their stored deadline passed, wherever they were started and
 * whatever restarted since: the deadline is in the database, this only applies it. Several
 * replicas sweep at once safely (each call is updated once; rows another sweep holds are skipped).
 * Every read also shows an overdue call as missed, so the sweep's period only delays the events.
 */
export class MissedCallSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly calls: Pick<CallRepository, 'transaction' | 'deleteSignalsEndedBefore'>,
    private readonly writer: CallWriter,
    private readonly logger: Logger,
  ) {}

  /** Marks every overdue ringing call missed (in batches); returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const missed = await this.calls.transaction((tx) => this.writer.expire(tx, { batch: BATCH }));
      total += missed.length;
      if (missed.length < BATCH) break;
    }
    await this.calls.deleteSignalsEndedBefore(SIGNAL_RETENTION_SECONDS);
    return total;
  }

  /** Sweeps every `intervalMs` until stop(); one sweep at a time. */
  start(intervalMs: number): void {
    let sweeping = false;
    this.timer = setInterval(() => {
      // A slow sweep is not queued behind: the next tick after it finishes catches up.
      if (sweeping) return;
      sweeping = true;
      this.running = this.sweep().then(
        () => {
          sweeping = false;
        },
        (error: unknown) => {
          sweeping = false;
          this.logger.error({ err: error }, 'missed-call sweep failed');
        },
      );
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for a sweep under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/** How often to sweep: a few times per ring timeout, at least every 5 s, at most every 200 ms. */
export const sweepIntervalMs = (ringTimeoutSeconds: number) =>
  Math.min(5000, Math.max(200, Math.floor((ringTimeoutSeconds * 1000) / 4)));
