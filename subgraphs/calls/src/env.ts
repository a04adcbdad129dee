import { subgraphEnv } from '@shutter/subgraph-kit';
import { z } from 'zod';

/** A comma-separated list of STUN/TURN URLs (empty: none). */
const urlList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url.length > 0),
    )
    .pipe(z.array(z.string().regex(/^(stun|stuns|turn|turns):\S+$/, 'must be stun:, stuns:, turn: or turns: URLs')));

// The only reader of configuration in this subgraph: the kit's variables plus these.
export const env = subgraphEnv({
  name: 'calls',
  defaultPort: 4008,
  shape: {
    CALL_RING_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(600)
      .default(30)
      .describe('how long a call rings (1..600) before it is MISSED; the deadline is stored with the call'),
    // An SDP offer is a few KiB.
    CALL_SIGNAL_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(512 * 1024)
      .default(64 * 1024)
      .describe('largest `sendCallSignal` payload and `answerCall` SDP, in UTF-8 bytes (1024..524288)'),
    CALL_STUN_URLS: urlList('stun:stun.l.google.com:19302').describe(
      'comma-separated STUN URLs `iceServers` hands out (empty: none)',
    ),
    CALL_TURN_URLS: urlList('').meta({
      description: 'comma-separated TURN URLs `iceServers` hands out',
      shownDefault: 'unset',
    }),
    CALL_TURN_SECRET: z
      .union([z.literal(''), z.string().min(16, 'must be at least 16 characters')])
      .optional()
      .describe('TURN shared secret (coturn `static-auth-secret`, ≥ 16 chars): per-user HMAC credentials'),
    CALL_TURN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(3600)
      .describe('how long those TURN credentials stay valid (60..86400)'),
  },
  refine: (env, issue) => {
    if (env.CALL_TURN_SECRET && env.CALL_TURN_URLS.length === 0) {
      issue('CALL_TURN_SECRET', 'is set but CALL_TURN_URLS names no TURN server');
    }
  },
  config: (env) => ({
    calls: {
      ringTimeoutSeconds: env.CALL_RING_TIMEOUT_SECONDS,
      signalMaxBytes: env.CALL_SIGNAL_MAX_BYTES,
    },
    ice: {
      stunUrls: env.CALL_STUN_URLS,
      turnUrls: env.CALL_TURN_URLS,
      turnSecret: env.CALL_TURN_SECRET || null,
      turnTtlSeconds: env.CALL_TURN_TTL_SECONDS,
    },
  }),
});
