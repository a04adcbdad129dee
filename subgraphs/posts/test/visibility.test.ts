import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, type EventEnvelope } from '@shutter/events';
import type { Viewer } from '@shutter/runtime';
import { visibilityConsumer } from '../src/events/visibility-events.js';
import { admin, anonymous, factories, moderator, openPostsDatabase, viewer, type PostsDatabase } from './harness.js';

let t: PostsDatabase;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await openPostsDatabase();
  make = factories(t);
});
afterAll(async () => {
  await t.close();
});

/** Which of `postIds` the viewer may see, through the visible-post loader (the SQL of `visibleTo`). */
async function seen(who: Viewer, postIds: string[]): Promise<boolean[]> {
  const loader = t.posts.createVisibleLoader(who);
  return (await Promise.all(postIds.map((id) => loader.load(id)))).map((row) => row !== null);
}

/** The ids on the viewer's first page of an author's posts. */
async function authorPage(who: Viewer, authorId: string, publicOnly = false): Promise<string[]> {
  return (await t.posts.page(who, { authorId, publicOnly }, 50, null)).map((row) => row.id);
}

describe('visibility rules over the local copies of privacy, follows and blocks', () => {
  it("shows a private account's posts to its author, approved followers and staff only, and hides them again after an unfollow", async () => {
    const owner = await make.privateAccount();
    const follower = await make.account();
    const stranger = await make.account();
    const post = await make.post(owner, { caption: 'private' });
    await make.follow(follower, owner);

    expect(await seen(viewer(owner), [post.id])).toEqual([true]);
    expect(await seen(viewer(follower), [post.id])).toEqual([true]);
    expect(await seen(moderator(), [post.id])).toEqual([true]);
    expect(await seen(admin(), [post.id])).toEqual([true]);
    // A token claiming a role the account does not have (any more) grants nothing.
    expect(await seen(viewer(stranger, 'ADMIN'), [post.id])).toEqual([false]);
    expect(await seen(viewer(stranger), [post.id])).toEqual([false]);
    expect(await seen(anonymous, [post.id])).toEqual([false]);
    // A follow the other way round grants nothing.
    await make.follow(owner, stranger);
    expect(await authorPage(viewer(stranger), owner)).toEqual([]);
    expect(await authorPage(viewer(follower), owner)).toEqual([post.id]);

    await make.unfollow(follower, owner);
    expect(await seen(viewer(follower), [post.id])).toEqual([false]);
    expect(await authorPage(viewer(follower), owner)).toEqual([]);
  });

  it('hides posts both ways between a blocker and the blocked, but not from others or staff, until the unblock', async () => {
    const blocker = await make.account();
    const blocked = await make.account();
    const bystander = await make.account();
    const byBlocker = await make.post(blocker, { caption: 'mine' });
    const byBlocked = await make.post(blocked, { caption: 'theirs' });
    // Following does not override a block, and the block hides even a public account's posts.
    await make.follow(blocked, blocker);
    await make.block(blocker, blocked);

    const both = [byBlocker.id, byBlocked.id];
    expect(await seen(viewer(blocked), both)).toEqual([false, true]);
    expect(await seen(viewer(blocker), both)).toEqual([true, false]);
    expect(await seen(viewer(bystander), both)).toEqual([true, true]);
    expect(await seen(moderator(), both)).toEqual([true, true]);
    expect(await seen(anonymous, both)).toEqual([true, true]);
    expect(await authorPage(viewer(blocked), blocker)).toEqual([]);
    expect(await authorPage(viewer(blocker), blocked)).toEqual([]);

    await make.unblock(blocker, blocked);
    expect(await seen(viewer(blocked), both)).toEqual([true, true]);
    expect(await seen(viewer(blocker), both)).toEqual([true, true]);
  });

  it("explore (publicOnly) leaves out private accounts' posts even for their followers, author and staff, and blocked authors", async () => {
    const publicAuthor = await make.account();
    const privateAuthor = await make.privateAccount();
    const me = await make.account();
    const blockedAuthor = await make.account();
    const publicPost = await make.post(publicAuthor);
    const privatePost = await make.post(privateAuthor);
    const blockedPost = await make.post(blockedAuthor);
    await make.follow(me, privateAuthor);
    await make.block(blockedAuthor, me);

    expect(await authorPage(viewer(me), publicAuthor, true)).toEqual([publicPost.id]);
    expect(await authorPage(viewer(me), privateAuthor, true)).toEqual([]);
    expect(await authorPage(viewer(me), privateAuthor, false)).toEqual([privatePost.id]);
    expect(await authorPage(viewer(privateAuthor), privateAuthor, true)).toEqual([]);
    expect(await authorPage(moderator(), privateAuthor, true)).toEqual([]);
    expect(await authorPage(moderator(), privateAuthor, false)).toEqual([privatePost.id]);
    expect(await authorPage(viewer(me), blockedAuthor, true)).toEqual([]);
    expect(await authorPage(anonymous, blockedAuthor, true)).toEqual([blockedPost.id]);
  });

  it('a deleted post is seen by nobody, staff included, and deleting it removes its media rows', async () => {
    const author = await make.account();
    const post = await make.post(author, {}, [make.media(0), make.media(1)]);
    await t.posts.transaction((tx) => t.posts.deletePost(tx, post.id));

    expect(await seen(viewer(author), [post.id])).toEqual([false]);
    expect(await seen(moderator(), [post.id])).toEqual([false]);
    expect(await t.posts.transaction((tx) => t.posts.findForDelete(tx, post.id))).toBeNull();
    expect(await t.prisma.media.count({ where: { postId: post.id } })).toBe(0);
  });
});

describe('VisibilityRepository writes', () => {
  it('a stale ProfileUpdated version does not overwrite a newer one, and UserRegistered or UserUpdated arriving late keep the privacy', async () => {
    const userId = randomUUID();
    const profile = (version: number, isPrivate: boolean) =>
      t.visibility.transaction((tx) =>
        t.visibility.applyProfile(tx, { userId, username: 'late', displayName: `v${version}`, isPrivate, version }),
      );
    await profile(2, true);
    await profile(1, false);
    const post = await make.post(userId);
    expect(await t.prisma.account.findUnique({ where: { userId } })).toMatchObject({
      displayName: 'v2',
      isPrivate: true,
      profileVersion: 2,
    });
    expect(await seen(viewer(randomUUID()), [post.id])).toEqual([false]);

    // UserRegistered after the profile: nothing changes; UserUpdated: only the username.
    await t.visibility.transaction((tx) => t.visibility.createAccount(tx, userId, 'registered'));
    await t.visibility.transaction((tx) => t.visibility.setUsername(tx, userId, 'renamed'));
    expect(await t.prisma.account.findUnique({ where: { userId } })).toMatchObject({
      username: 'renamed',
      isPrivate: true,
      profileVersion: 2,
    });

    await profile(3, false);
    expect(await seen(viewer(randomUUID()), [post.id])).toEqual([true]);
  });

  it('creating an account, a follow or a block twice keeps exactly one row', async () => {
    const a = randomUUID();
    const b = randomUUID();
    for (let i = 0; i < 2; i += 1) {
      await t.visibility.transaction((tx) => t.visibility.createAccount(tx, a, `twice_${i}`));
      await make.follow(a, b);
      await make.block(a, b);
    }
    expect(await t.prisma.account.findMany({ where: { userId: a } })).toEqual([
      expect.objectContaining({ username: 'twice_0' }),
    ]);
    expect(await t.prisma.follow.count({ where: { followerId: a, followeeId: b } })).toBe(1);
    expect(await t.prisma.block.count({ where: { blockerId: a, blockedId: b } })).toBe(1);
  });
});

describe('the visibility-events consumer', () => {
  const handler = () => visibilityConsumer(t.visibility).handler;
  const deliver = (event: EventEnvelope) => handler()(event, { topic: 'shutter.follows', attempt: 1 });
  const processed = (ids: string[]) =>
    t.prisma.processedEvent.count({ where: { consumer: 'posts.visibility', eventId: { in: ids } } });

  it('applies an event id once: a redelivered FollowCreated after FollowRemoved does not bring the follow back', async () => {
    const owner = await make.privateAccount();
    const follower = await make.account();
    const post = await make.post(owner);
    const created = createEvent('FollowCreated', follower, { followerId: follower, followeeId: owner });
    const removed = createEvent('FollowRemoved', follower, { followerId: follower, followeeId: owner });

    await deliver(created);
    await deliver(created);
    expect(await t.prisma.follow.count({ where: { followerId: follower, followeeId: owner } })).toBe(1);
    expect(await seen(viewer(follower), [post.id])).toEqual([true]);

    await deliver(removed);
    await deliver(created);
    await deliver(removed);
    expect(await t.prisma.follow.count({ where: { followerId: follower, followeeId: owner } })).toBe(0);
    expect(await seen(viewer(follower), [post.id])).toEqual([false]);
    expect(await processed([created.id, removed.id])).toBe(2);
  });

  it('applies a redelivered UserBlocked and ProfileUpdated once, recording each event id once', async () => {
    const blocker = randomUUID();
    const blocked = await make.account();
    const post = await make.post(blocker);
    const blockedEvent = createEvent('UserBlocked', blocker, { blockerId: blocker, blockedId: blocked });
    const unblockedEvent = createEvent('UserUnblocked', blocker, { blockerId: blocker, blockedId: blocked });
    const profile = createEvent('ProfileUpdated', blocker, {
      userId: blocker,
      username: 'consumer_profile',
      displayName: 'Once',
      bio: null,
      avatarUrl: null,
      website: null,
      isPrivate: true,
      version: 1,
    });

    await deliver(blockedEvent);
    await deliver(profile);
    await deliver(unblockedEvent);
    await deliver(blockedEvent);
    await deliver(profile);
    expect(await t.prisma.block.count({ where: { blockerId: blocker } })).toBe(0);
    expect(await t.prisma.account.findUnique({ where: { userId: blocker } })).toMatchObject({
      isPrivate: true,
      profileVersion: 1,
    });
    expect(await processed([blockedEvent.id, unblockedEvent.id, profile.id])).toBe(3);
    // Private and unfollowed: still hidden, now by privacy rather than the block.
    expect(await seen(viewer(blocked), [post.id])).toEqual([false]);
  });

  it('records nothing for an event whose write fails, so a retry applies it', async () => {
    const followeeId = randomUUID();
    const bad = {
      ...createEvent('FollowCreated', followeeId, { followerId: randomUUID(), followeeId }),
      payload: { followerId: 'not-a-uuid', followeeId },
    };
    await expect(deliver(bad)).rejects.toThrow();
    expect(await processed([bad.id])).toBe(0);
    expect(await t.prisma.follow.count({ where: { followeeId } })).toBe(0);

    const followerId = randomUUID();
    await deliver({ ...bad, payload: { followerId, followeeId } });
    expect(await processed([bad.id])).toBe(1);
    expect(await t.prisma.follow.count({ where: { followerId, followeeId } })).toBe(1);
  });
});
