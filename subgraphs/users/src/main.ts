// What the launcher and tests may use from this subgraph.
export { createUsersPrisma } from './db.js';
export { loadUsersConfig, type UsersConfig } from './env.js';
export { startUsersSubgraph, usersTypeDefs } from './server.js';
