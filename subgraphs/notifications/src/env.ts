import { postsSubgraphUrl, subgraphEnv } from '@shutter/subgraph-kit';

// The only reader of configuration in this subgraph: the kit's variables plus these.
export const env = subgraphEnv({
  name: 'notifications',
  defaultPort: 4007,
  shape: {
    POSTS_SUBGRAPH_URL: postsSubgraphUrl(),
  },
  config: (env) => ({ postsUrl: env.POSTS_SUBGRAPH_URL }),
});
