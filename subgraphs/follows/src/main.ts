// What the launcher and tests may use from this subgraph.
export { createFollowsPrisma } from './db.js';
export { FOLLOWS_ENV_VARIABLES, loadFollowsConfig, type FollowsConfig } from './env.js';
export { followsTypeDefs, startFollowsSubgraph } from './server.js';
