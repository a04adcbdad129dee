import { parsePrivateJwk } from '@shutter/runtime';
import { subgraphEnv } from '@shutter/subgraph-kit';
import { z } from 'zod';

const privateJwk = z.string().refine(
  (value) => {
    try {
      parsePrivateJwk(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an EC P-256 private JWK with a kid (JSON)' },
);

const ADMIN_VARIABLES = ['ADMIN_EMAIL', 'ADMIN_USERNAME', 'ADMIN_PASSWORD'] as const;
const admin = {
  description: 'all three: create (or promote) this admin account at start-up',
  group: '`ADMIN_EMAIL`, `ADMIN_USERNAME`, `ADMIN_PASSWORD`',
};

// The only reader of configuration in this subgraph: the kit's variables plus signing and the admin account.
export const env = subgraphEnv({
  name: 'users',
  defaultPort: 4001,
  shape: {
    AUTH_JWT_PRIVATE_JWK: privateJwk.describe('EC P-256 private JWK with a `kid`, signs access tokens'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(30)
      .max(86_400)
      .default(900)
      .describe('access-token lifetime (30..86400)'),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(3_600)
      .default(30 * 86_400)
      .meta({ description: 'refresh-token lifetime (renewed on every refresh)', shownDefault: '`2592000` (30 d)' }),
    // Short: within it a copied refresh token works like the original (the price of tolerating retries).
    REFRESH_REUSE_GRACE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(60)
      .default(10)
      .describe('within it, a used refresh token presented again gets the same successor; `0` turns it off'),
    ADMIN_EMAIL: z.string().optional().meta(admin),
    ADMIN_USERNAME: z.string().optional().meta(admin),
    ADMIN_PASSWORD: z.string().optional().meta(admin),
  },
  refine: (env, issue) => {
    const set = ADMIN_VARIABLES.filter((name) => env[name] !== undefined).length;
    if (set !== 0 && set !== ADMIN_VARIABLES.length) {
      issue('ADMIN_EMAIL', 'set all three of ADMIN_EMAIL, ADMIN_USERNAME and ADMIN_PASSWORD, or none');
    }
  },
  config: (env) => ({
    auth: {
      signingKey: parsePrivateJwk(env.AUTH_JWT_PRIVATE_JWK),
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
    },
    /** The account to create (or promote) as ADMIN before the subgraph takes traffic. */
    admin:
      env.ADMIN_EMAIL && env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : null,
  }),
});
