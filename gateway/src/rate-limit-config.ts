import { z } from 'zod';

/** At most `points` in a fixed window of `durationSeconds`, counted from the first point spent. */
export interface Rate {
  points: number;
  durationSeconds: number;
}

/**
 * The mutations an attacker repeats to guess, to mass-create or to burn server work (password
 * hashing, signed upload URLs). Each is limited per account and per client address; every
 * occurrence in an operation counts, aliased or repeated.
 */
export const LIMITED_MUTATIONS = ['login', 'register', 'refreshToken', 'changePassword', 'requestUpload'] as const;
export type LimitedMutation = (typeof LIMITED_MUTATIONS)[number];

export interface RateLimitConfig {
  mutations: Record<LimitedMutation, { perAccount: Rate | null; perAddress: Rate | null }>;
  /** Query cost (graphql-armor's measure) a viewer, or an anonymous client address, may spend. */
  costPerViewer: Rate | null;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const RATE = /^(\d+)\/(\d+)([smhd])$/;

/** `10/15m` → 10 points per 15 minutes; `off` → no limit. */
export function parseRate(text: string): Rate | null {
  const value = text.trim();
  if (value === 'off') return null;
  const match = RATE.exec(value);
  if (!match) throw new Error(`not a rate: ${text}`);
  const points = Number(match[1]);
  const durationSeconds = Number(match[2]) * UNIT_SECONDS[match[3] as keyof typeof UNIT_SECONDS];
  if (points < 1 || durationSeconds < 1) throw new Error(`not a rate: ${text}`);
  return { points, durationSeconds };
}

const rate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          parseRate(value);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be <points>/<n><s|m|h|d> (e.g. 10/15m) or off' },
    );

/** RATE_LIMIT_CHANGE_PASSWORD_PER_ACCOUNT for changePassword. */
const screamingSnake = (mutation: LimitedMutation) => mutation.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

export const rateVariable = (mutation: LimitedMutation, per: 'ACCOUNT' | 'ADDRESS') =>
  `RATE_LIMIT_${screamingSnake(mutation)}_PER_${per}`;

/**
 * Defaults: a person fumbling a password or a phone refreshing on a flaky network stays well inside
 * them; a script guessing passwords or creating accounts is stopped within the first minutes. Per
 * address limits are higher than per account ones because many people can share one address (an
 * office, a carrier's NAT).
 */
const DEFAULTS: Record<LimitedMutation, { ACCOUNT: string; ADDRESS: string }> = {
  login: { ACCOUNT: '10/15m', ADDRESS: '100/15m' },
  // The account of a registration is its email.
  register: { ACCOUNT: '5/1h', ADDRESS: '20/1h' },
  // The account of a refresh is the session (the refresh token): a token works once, so a client
  // presenting one many times is broken or replaying it.
  refreshToken: { ACCOUNT: '10/1m', ADDRESS: '300/1m' },
  changePassword: { ACCOUNT: '5/15m', ADDRESS: '20/15m' },
  requestUpload: { ACCOUNT: '60/1h', ADDRESS: '300/1h' },
};

/**
 * The cost budget per viewer (see operation-cost.ts): `me` costs about 8, a profile about 20, a
 * page of 20 followers about 900, a feed page of 20 posts with counts and the authors of their
 * first 3 comments about 7,200, an operation at the MAX_QUERY_COST cap 20,000. A person scrolling a
 * feed spends some tens of thousands a minute; a scraper walking lists at full page size runs out
 * after some fifteen operations.
 */
const DEFAULT_COST_PER_VIEWER = '300000/1m';

/** RATE_LIMIT_<MUTATION>_PER_ACCOUNT, RATE_LIMIT_<MUTATION>_PER_ADDRESS and RATE_LIMIT_COST_PER_VIEWER. */
export const rateEnvShape: Record<string, ReturnType<typeof rate>> = {
  ...Object.fromEntries(
    LIMITED_MUTATIONS.flatMap((mutation) =>
      (['ACCOUNT', 'ADDRESS'] as const).map((per) => [
        rateVariable(mutation, per),
        rate(DEFAULTS[mutation][per]).meta({
          description: `e.g. \`RATE_LIMIT_LOGIN_PER_ACCOUNT=10/15m\`: points per window (\`s\`, \`m\`, \`h\`, \`d\`), or \`off\`; \`<MUTATION>\` is one of ${LIMITED_MUTATIONS.map((m) => `\`${screamingSnake(m)}\``).join(', ')}`,
          shownDefault: 'see [Rate limits](#rate-limits)',
          group: '`RATE_LIMIT_<MUTATION>_PER_ACCOUNT`, `RATE_LIMIT_<MUTATION>_PER_ADDRESS`',
        }),
      ]),
    ),
  ),
  RATE_LIMIT_COST_PER_VIEWER: rate(DEFAULT_COST_PER_VIEWER).describe(
    'query cost a signed-in viewer (or an anonymous address) may spend per window',
  ),
};

/** The limits from validated variables (missing ones take their defaults). */
export function rateLimitConfigFrom(env: Record<string, unknown>): RateLimitConfig {
  const read = (variable: string, fallback: string) =>
    parseRate(typeof env[variable] === 'string' ? (env[variable] as string) : fallback);
  return {
    mutations: Object.fromEntries(
      LIMITED_MUTATIONS.map((mutation) => [
        mutation,
        {
          perAccount: read(rateVariable(mutation, 'ACCOUNT'), DEFAULTS[mutation].ACCOUNT),
          perAddress: read(rateVariable(mutation, 'ADDRESS'), DEFAULTS[mutation].ADDRESS),
        },
      ]),
    ) as RateLimitConfig['mutations'],
    costPerViewer: read('RATE_LIMIT_COST_PER_VIEWER', DEFAULT_COST_PER_VIEWER),
  };
}

/** The defaults, for gateways started without configuration (tests, embedding). */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = rateLimitConfigFrom({});
