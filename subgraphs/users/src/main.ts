// What the launcher and tests may use from this subgraph.
export { createUsersPrisma } from './db.js';
export { loadUsersConfig, USERS_ENV_VARIABLES, type UsersConfig } from './env.js';
export { startUsersSubgraph, usersTypeDefs } from './server.js';
