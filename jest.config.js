/**
 * Three tiers, each starting only what it needs (jest runs a project's globalSetup only when one of
 * its tests is selected):
 * - unit: specs beside the code (`src/**\/*.spec.ts`) and static checks of the tree (`test/static`);
 *   no service at all.
 * - medium: one subgraph or package against a real PostgreSQL, and Redis where a subgraph keeps data
 *   there (`subgraphs/*\/test`, `packages/*\/test/db`, `test/db`).
 * - e2e: the supergraph through the gateway and the packages that talk to Kafka, Redis, S3 and
 *   Elasticsearch, with every real service (`test/e2e`, `packages/*\/test/services`), and the web
 *   client in Chromium (`test/browser`).
 * `npm test` runs all three; `npm run test:jest -- --selectProjects unit` runs one.
 */
const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/.shutter/', '<rootDir>/dist/'],
  // dist/: npm run build's bundles, with package.json files and node_modules of their own.
  modulePathIgnorePatterns: ['<rootDir>/.shutter/', '<rootDir>/dist/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
    ],
  },
  // Sources import siblings as './x.js' (what Node needs at run time); jest resolves them to .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

const setup = (tier) => ({
  globalSetup: `<rootDir>/packages/testing/src/setup/${tier}.mjs`,
  globalTeardown: '<rootDir>/packages/testing/src/setup/teardown.mjs',
});

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/src/**/*.spec.ts', '<rootDir>/test/static/**/*.test.ts'],
    },
    {
      ...shared,
      ...setup('postgres'),
      displayName: 'medium',
      testMatch: [
        '<rootDir>/subgraphs/*/test/**/*.test.ts',
        '<rootDir>/packages/*/test/db/**/*.test.ts',
        '<rootDir>/test/db/**/*.test.ts',
      ],
    },
    {
      ...shared,
      ...setup('services'),
      displayName: 'e2e',
      // test/browser: the web client in Chromium (playwright-core), against the same services.
      testMatch: [
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/browser/**/*.test.ts',
        '<rootDir>/packages/*/test/services/**/*.test.ts',
      ],
    },
  ],
  testTimeout: 60_000,
  // Two cores: more workers than that only adds contention with PostgreSQL.
  maxWorkers: 2,
};
