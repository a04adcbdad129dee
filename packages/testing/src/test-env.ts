import { z } from 'zod';

/**
 * The variables the test run reads (the jest global setups, which are plain .mjs, and the test
 * support code read them from process.env themselves). This shape documents them for README's
 * configuration table; a static test checks that every TEST_* variable a test reads is here.
 */
export const testEnvShape = {
  CI: z.string().optional().describe('`true`: a service the tests need and cannot start fails the run (no embedded fallback)'),
  TEST_POSTGRES_URL: z
    .string()
    .optional()
    .meta({
      description: 'an external PostgreSQL for the test run (CI sets it); required when `CI=true`',
      shownDefault: 'embedded',
    }),
  TEST_REDIS_URL: z.string().optional().describe('Redis for the medium and e2e tiers'),
  TEST_KAFKA_BROKERS: z.string().optional().describe('Kafka brokers for the e2e tier (`host:port,…`)'),
  TEST_S3_ENDPOINT: z.string().optional().meta({
    description: 'the S3-compatible server for the e2e tier, and its credentials',
    group: '`TEST_S3_ENDPOINT`, `TEST_S3_ACCESS_KEY_ID`, `TEST_S3_SECRET_ACCESS_KEY`',
  }),
  TEST_S3_ACCESS_KEY_ID: z.string().optional().meta({
    description: 'the S3-compatible server for the e2e tier, and its credentials',
    group: '`TEST_S3_ENDPOINT`, `TEST_S3_ACCESS_KEY_ID`, `TEST_S3_SECRET_ACCESS_KEY`',
  }),
  TEST_S3_SECRET_ACCESS_KEY: z.string().optional().meta({
    description: 'the S3-compatible server for the e2e tier, and its credentials',
    group: '`TEST_S3_ENDPOINT`, `TEST_S3_ACCESS_KEY_ID`, `TEST_S3_SECRET_ACCESS_KEY`',
  }),
  TEST_ELASTICSEARCH_URL: z.string().optional().describe('Elasticsearch for the e2e tier'),
  TEST_SEED: z.coerce.number().int().optional().meta({
    description: 'seed of the tests’ random choices (`seededRandom`), to replay a run',
    shownDefault: '`20261130`',
  }),
  CHROMIUM_PATH: z.string().optional().meta({
    description: 'the Chromium the browser tests drive (playwright-core; no browser download)',
    shownDefault: '`/usr/bin/chromium`',
  }),
  TEST_LOG_LEVEL: z.string().optional().meta({
    description: 'log level of the event-transport tests’ services (e.g. `debug` to see a failing run)',
    shownDefault: '`silent`',
  }),
};
