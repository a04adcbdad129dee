export * from './database.js';
export * from './graphql-client.js';
