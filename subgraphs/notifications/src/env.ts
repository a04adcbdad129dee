import { subgraphEnv } from '@shutter/subgraph-kit';
import { z } from 'zod';

// The only reader of configuration in this subgraph: the kit's variables plus these.
export const env = subgraphEnv({
  name: 'notifications',
  defaultPort: 4007,
  shape: {
    /**
     * Where this subgraph asks whether a post is visible to a notification's recipient (posts owns
     * visibility), with an identity it signs for the recipient.
     */
    POSTS_SUBGRAPH_URL: z.url().default('http://127.0.0.1:4004/graphql'),
  },
  config: (env) => ({ postsUrl: env.POSTS_SUBGRAPH_URL }),
});
