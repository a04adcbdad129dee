// What the launcher, tests and scripts may use from this subgraph.
export { posts as subgraph, openElasticsearchSearch, reindexSearch } from './subgraph.js';
export { env as postsEnv } from './env.js';
export { RedisTimelineStore } from './timelines/redis-timeline-store.js';
