import { redisUrl } from '@shutter/runtime';
import { subgraphEnv } from '@shutter/subgraph-kit';
import { z } from 'zod';

// The only reader of configuration in this subgraph: the kit's variables plus these.
export const env = subgraphEnv({
  name: 'profiles',
  defaultPort: 4002,
  shape: {
    USERS_SUBGRAPH_URL: z
      .url()
      .default('http://127.0.0.1:4001/graphql')
      .describe('where profiles sends username changes (the users subgraph owns usernames)'),
    POSTS_SUBGRAPH_URL: z
      .url()
      .default('http://127.0.0.1:4004/graphql')
      .describe('where profiles claims and releases avatar uploads (the posts subgraph owns uploads and media)'),
    REDIS_URL: redisUrl()
      .optional()
      .meta({ description: 'the profile cache shared by replicas (unset: memory)', shownDefault: 'unset (memory)' }),
    PROFILE_CACHE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(3_600)
      .describe('how long a cached profile lives (writes replace it at once; this bounds what an outage leaves)'),
  },
  config: (env) => ({
    usersUrl: env.USERS_SUBGRAPH_URL,
    postsUrl: env.POSTS_SUBGRAPH_URL,
    redisUrl: env.REDIS_URL,
    cacheTtlSeconds: env.PROFILE_CACHE_TTL_SECONDS,
  }),
  // Replicas in their own containers must share one cache, or each would keep its own view.
  requiredInProduction: ['REDIS_URL'],
});
