/** Longest a Redis call may take before the caller gives up and uses its fallback (ADR 0009). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/**
 * node-redis settings for a client whose callers have a fallback (the database for the cache,
 * process memory for rate limits), so it must fail fast rather than wait, and come back by itself.
 */
export function failFastRedisOptions(url: string) {
  return {
    url,
    // No offline queue: a command issued while disconnected is refused at once, not held for later.
    disableOfflineQueue: true,
    // A command still unwritten after the timeout is dropped, not sent later; callers also put a
    // deadline on the wait for the reply, which this timeout does not cover.
    commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS },
    // Commands queued or awaiting replies, at most; more are refused at once.
    commandsQueueMaxLength: 10_000,
    // Redis Enterprise maintenance hints would relax the timeout to 10 s; callers must not wait that long.
    maintNotifications: 'disabled' as const,
    // PINGs keep a healthy idle connection from the socket timeout below.
    pingInterval: 2_000,
    socket: {
      connectTimeout: 2_000,
      // A connection silent this long is closed and replaced (a handshake that never completes, a
      // Redis that froze while idle).
      socketTimeout: 5_000,
      // Never give up (the default stops on socket timeouts): callers come back with Redis.
      // Back-off: 50 ms doubling per failed attempt, capped at 2 s, plus jitter.
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** Math.min(retries, 16), 2_000) + Math.floor(Math.random() * 100),
    },
  };
}
