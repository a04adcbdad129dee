// What the launcher and tests may use from this subgraph.
export { createPostsPrisma } from './db.js';
export { loadPostsConfig, POSTS_ENV_VARIABLES, type PostsConfig } from './env.js';
export { postsTypeDefs, startPostsSubgraph } from './server.js';
export { createStorage } from './storage/create-storage.js';
export type { MediaStorage } from './storage/storage.js';
export { ElasticsearchSearch } from './search/elasticsearch-search.js';
