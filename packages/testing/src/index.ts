export * from './database.js';
export * from './graphql-client.js';
export * from './private-broker.js';
export * from './eventually.js';
export * from './unit.js';
export * from './flaky-proxy.js';
export * from './s3.js';
export * from './metrics.js';
