export * from './definition.js';
export * from './env.js';
export * from './main.js';
export * from './start.js';
