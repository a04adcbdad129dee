import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import type { EventEnvelope } from '../../src/index.js';
import { ConsumerDb, eventually, kafkaBrokers, makeTransport, Producer } from './support.js';

it('redelivers to a consumer killed mid-batch, which applies each event once', async () => {
  const transport = makeTransport('kafka', 'kill-test');
  const producer = await Producer.start(transport);
  const consumerDb = await ConsumerDb.create();
  const aggregate = randomUUID();
  const group = `killed-${randomUUID()}`;
  const consumerName = 'counter';
  try {
    const emitted: EventEnvelope[] = [];
    for (let i = 0; i < 30; i += 1) emitted.push(await producer.emit(aggregate, `n-${i}`));
    await eventually(
      async () => (await producer.relay.pending()) === 0,
      () => 'outbox not drained',
    );

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('packages', 'events', 'test', 'services', 'fixtures', 'consumer-process.ts')],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          CONSUMER_DB: consumerDb.db.url,
          BROKERS: kafkaBrokers().join(','),
          GROUP: group,
          AGGREGATE: aggregate,
          CONSUMER_NAME: consumerName,
          DELAY_MS: '100',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const appliedByChild: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const [, id] of chunk.toString().matchAll(/applied (\S+)/g)) appliedByChild.push(id!);
    });
    await eventually(
      () => appliedByChild.length >= 8,
      () => `child applied ${appliedByChild.length}`,
      60_000,
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(appliedByChild.length).toBeLessThan(30);

    const redelivered: string[] = [];
    const subscription = await transport.subscribe({
      group,
      topics: ['shutter.users'],
      handler: async (event) => {
        if (event.aggregateId !== aggregate) return;
        redelivered.push(event.id);
        await consumerDb.apply(consumerName, event);
      },
    });
    await eventually(
      () => emitted.every((e) => redelivered.includes(e.id) || appliedByChild.includes(e.id)) && redelivered.length > 0,
      () => `after the kill: ${redelivered.length} redelivered`,
      60_000,
    );
    await subscription.stop();
    // Some events the dead consumer had applied came again (its offsets were never committed)…
    expect(redelivered.filter((id) => appliedByChild.includes(id)).length).toBeGreaterThan(0);
    // …and each of the 30 was applied exactly once.
    expect(await consumerDb.count(aggregate)).toBe(30);
  } finally {
    await producer.stop();
    await transport.close();
    await consumerDb.drop();
  }
}, 180_000);
