import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, type EventEnvelope } from '@shutter/events';
import { blocksConsumer } from '../src/events/block-events.js';
import type { User } from '../src/repositories/user.repository.js';
import { openUsersDatabase, type UsersDatabase } from './database.js';

let d: UsersDatabase;
beforeAll(async () => {
  d = await openUsersDatabase();
});
afterAll(async () => {
  await d.close();
});

const deliver = (event: EventEnvelope) =>
  blocksConsumer(d.blocks).handler(event, { topic: 'shutter.follows', attempt: 1 });
const blocked = (blocker: User, target: User) => createEvent('UserBlocked', target.id, pair(blocker, target));
const unblocked = (blocker: User, target: User) => createEvent('UserUnblocked', target.id, pair(blocker, target));
const pair = (blocker: User, target: User) => ({ blockerId: blocker.id, blockedId: target.id });
const blockRows = (blocker: User, target: User) =>
  d.count('blocks', 'blocker_id = $1 AND blocked_id = $2', [blocker.id, target.id]);
const processed = (events: EventEnvelope[]) =>
  d.count('processed_events', `consumer = 'users.blocks' AND event_id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
/** What `user(id)` answers `viewer` for each id, looked up together as one request's aliases would be. */
const lookUp = async (viewer: User, ids: string[]) => {
  const service = d.userService({ userId: viewer.id, role: viewer.role });
  return (await Promise.all(ids.map((id) => service.lookup({ id })))).map((user) => user?.id ?? null);
};

describe('the blocks consumer', () => {
  it('applies an event id once: a redelivered UserBlocked after UserUnblocked does not bring the block back', async () => {
    const [blocker, target] = [await d.addUser(), await d.addUser()];
    const block = blocked(blocker, target);
    const unblock = unblocked(blocker, target);

    await deliver(block);
    await deliver(block);
    expect(await blockRows(blocker, target)).toBe(1);
    expect(await lookUp(target, [blocker.id])).toEqual([null]);

    await deliver(unblock);
    await deliver(block);
    await deliver(unblock);
    expect(await blockRows(blocker, target)).toBe(0);
    expect(await processed([block, unblock])).toBe(2);
    expect(await lookUp(target, [blocker.id])).toEqual([blocker.id]);

    // Blocking again is a new event, and applies.
    await deliver(blocked(blocker, target));
    expect(await lookUp(target, [blocker.id])).toEqual([null]);
  });

  it('records nothing for an event whose write fails, so a retry applies it', async () => {
    const [blocker, target] = [await d.addUser(), await d.addUser()];
    const event = blocked(blocker, target);
    await expect(deliver({ ...event, payload: { ...event.payload, blockerId: 'not-a-uuid' } })).rejects.toThrow();
    expect(await processed([event])).toBe(0);

    await deliver(event);
    expect(await processed([event])).toBe(1);
    expect(await blockRows(blocker, target)).toBe(1);
  });
});

describe('looking users up across blocks', () => {
  it('hides every account that blocked the viewer among N looked up together, with one blocks statement', async () => {
    const viewer = await d.addUser();
    const others = await Promise.all(Array.from({ length: 8 }, () => d.addUser()));
    const blockers = new Set(others.filter((_, i) => i % 3 === 0));
    for (const blocker of blockers) await deliver(blocked(blocker, viewer));
    // The viewer blocking someone hides nothing from the viewer.
    await deliver(blocked(viewer, others[1]!));

    d.counter.reset();
    const ids = others.map((o) => o.id);
    expect(await lookUp(viewer, ids)).toEqual(others.map((o) => (blockers.has(o) ? null : o.id)));
    const statements = d.counter.statements;
    expect(statements.filter((sql) => sql.includes('"blocks"'))).toHaveLength(1);
    // The accounts and the viewer's own row (their current role) in one more.
    expect(statements).toHaveLength(2);
  });

  it('does the same by username, with one statement for the usernames and one for blocks', async () => {
    const viewer = await d.addUser();
    const others = await Promise.all(Array.from({ length: 5 }, () => d.addUser()));
    await deliver(blocked(others[2]!, viewer));

    d.counter.reset();
    const service = d.userService({ userId: viewer.id, role: 'USER' });
    const found = await Promise.all(others.map((o) => service.lookup({ username: o.username.toUpperCase() })));
    expect(found.map((user) => user?.id ?? null)).toEqual(others.map((o, i) => (i === 2 ? null : o.id)));
    const statements = d.counter.statements;
    expect(statements.filter((sql) => sql.includes('"blocks"'))).toHaveLength(1);
    // Usernames in one statement, the viewer's row (their current role) beside it, then blocks.
    expect(statements).toHaveLength(3);
  });

  it('asks nothing of blocks for the viewer themself, and lets staff see who blocked them', async () => {
    const moderator = await d.addUser({ role: 'MODERATOR' });
    const blocker = await d.addUser();
    await deliver(blocked(blocker, moderator));

    d.counter.reset();
    expect(await lookUp(moderator, [blocker.id, moderator.id])).toEqual([blocker.id, moderator.id]);
    expect(d.counter.statements.filter((sql) => sql.includes('"blocks"'))).toEqual([]);
  });
});
