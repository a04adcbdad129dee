import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { callErrors } from './errors.js';
import { copiesConsumer } from './events/copies-events.js';
import { CallRepository } from './repositories/call.repository.js';
import { CopiesRepository } from './repositories/copies.repository.js';
import { PrismaClient } from './repositories/db.js';
import { CallWriter } from './services/call-writer.js';
import { MissedCallSweeper, sweepIntervalMs } from './services/missed-call.sweeper.js';
import { resolvers } from './schema/resolvers/index.js';

/** Calls: WebRTC signalling between two accounts and their call history (ADR 0017). */
export const calls = defineSubgraph({
  name: 'calls',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: callErrors,
  setup: ({ config, db, logger }) => {
    const repository = new CallRepository(db);
    const writer = new CallWriter(repository);
    // Ring deadlines are stored; this only applies them (also those of calls started before a restart).
    const sweeper = new MissedCallSweeper(repository, writer, logger);
    sweeper.start(sweepIntervalMs(config.calls.ringTimeoutSeconds));
    return {
      context: createContextFactory(repository, writer, { ...config.calls, ice: config.ice }),
      consumers: [copiesConsumer(new CopiesRepository(db))],
      close: () => sweeper.stop(),
    };
  },
});
