/** One jest run for the whole repository, so PostgreSQL starts once (globalSetup), not per package. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/test/**/*.test.ts', '**/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.shutter/'],
  modulePathIgnorePatterns: ['<rootDir>/.shutter/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
    ],
  },
  // Sources import siblings as './x.js' (what Node needs at run time); jest resolves them to .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/packages/testing/src/global-setup.mjs',
  globalTeardown: '<rootDir>/packages/testing/src/global-teardown.mjs',
  testTimeout: 60_000,
  // Two cores: more workers than that only adds contention with PostgreSQL.
  maxWorkers: 2,
};
