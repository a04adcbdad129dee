// What the launcher and tests may use from this subgraph.
export { createProfilesPrisma } from './db.js';
export { loadProfilesConfig, PROFILES_ENV_VARIABLES, type ProfilesConfig } from './env.js';
export { profilesTypeDefs, startProfilesSubgraph } from './server.js';
