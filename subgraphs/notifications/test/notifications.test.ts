import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventPayload } from '@shutter/events';
import { seededRandom } from '@shutter/testing/unit';
import { NotificationError } from '../src/errors.js';
import { openNotificationsDatabase, type NotificationsDatabase } from './harness.js';

let t: NotificationsDatabase;
beforeAll(async () => {
  t = await openNotificationsDatabase();
});
afterAll(async () => {
  await t.close();
});

const now = () => new Date().toISOString();
const like = (postId: string, postAuthorId: string, userId: string) =>
  t.deliver('PostLiked', { postId, postAuthorId, userId, likedAt: now() });
const comment = (
  overrides: Partial<EventPayload<'CommentCreated'>> & { postId: string; postAuthorId: string; authorId: string },
) =>
  t.deliver('CommentCreated', {
    commentId: randomUUID(),
    parentId: null,
    body: 'nice',
    mentionIds: [],
    createdAt: now(),
    ...overrides,
  });
const block = (blockerId: string, blockedId: string) => t.deliver('UserBlocked', { blockerId, blockedId });
const unblock = (blockerId: string, blockedId: string) => t.deliver('UserUnblocked', { blockerId, blockedId });

/** What `userId` is shown, newest first: [kind, actor, post, comment, read]. */
const shown = async (userId: string) =>
  (await t.serviceFor(userId).list({ first: 100 })).edges.map(({ node }) => [
    node.kind,
    node.actorId,
    node.postId,
    node.commentId,
    node.readAt !== null,
  ]);
const unread = (userId: string) => t.serviceFor(userId).unreadCount();
const announced = (recipientId: string) =>
  t.count(`outbox WHERE type = 'NotificationCreated' AND aggregate_id = $1`, [recipientId]);

describe('notifications from events', () => {
  it('notifies once of a like, an unlike and a like again, announcing it once', async () => {
    const [ada, bob, post] = [randomUUID(), randomUUID(), randomUUID()];
    await like(post, ada, bob);
    await t.deliver('PostUnliked', { postId: post, postAuthorId: ada, userId: bob });
    await like(post, ada, bob);
    expect(await shown(ada)).toEqual([['like', bob, post, null, false]]);
    expect([await unread(ada), await announced(ada)]).toEqual([1, 1]);
  });

  it('changes nothing when an event is delivered again', async () => {
    const [ada, bob, post] = [randomUUID(), randomUUID(), randomUUID()];
    const liked = await like(post, ada, bob);
    await t.serviceFor(ada).markRead(null);
    t.counter.reset();
    await t.redeliver(liked);
    expect(t.counter.statements.filter((s) => /notifications|notification_counters|outbox/.test(s))).toEqual([]);
    expect([
      await t.count('notifications WHERE recipient_id = $1', [ada]),
      await unread(ada),
      await announced(ada),
    ]).toEqual([1, 0, 1]);
  });

  it('tells a comment’s author of a reply to it, from its own copy of who wrote the comment', async () => {
    const [ada, bob, cat, post] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const first = await comment({ postId: post, postAuthorId: ada, authorId: bob });
    const parentId = (first.payload as EventPayload<'CommentCreated'>).commentId;
    const reply = await comment({ postId: post, postAuthorId: ada, authorId: cat, parentId });
    const replyId = (reply.payload as EventPayload<'CommentCreated'>).commentId;
    expect(await shown(bob)).toEqual([['reply', cat, post, replyId, false]]);
    expect(await shown(ada)).toEqual([['comment', bob, post, parentId, false]]);
  });

  it('notifies nobody of a mention in a post they may not see, asking posts as that account', async () => {
    const [ada, bob, cat, post] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    t.hide(post, cat);
    await t.deliver('PostCreated', {
      postId: post,
      authorId: ada,
      caption: 'hi',
      hashtags: [],
      mentionIds: [bob, cat],
      mediaCount: 1,
      createdAt: now(),
    });
    expect([await shown(bob), await shown(cat)]).toEqual([[['mention', ada, post, null, false]], []]);
    expect(t.asked).toEqual(expect.arrayContaining([bob, cat]));
  });
});

describe('missed calls', () => {
  const ended = (callerId: string, calleeId: string, status: EventPayload<'CallEnded'>['status']) =>
    t.deliver('CallEnded', {
      callId: randomUUID(),
      callerId,
      calleeId,
      type: 'AUDIO',
      status,
      startedAt: now(),
      endedAt: now(),
      durationSeconds: status === 'ENDED' ? 3 : null,
    });

  it('tells the callee of each missed call once, and nobody of answered, declined or cancelled ones', async () => {
    const [ada, bob] = [randomUUID(), randomUUID()];
    const missed = await ended(ada, bob, 'MISSED');
    await ended(ada, bob, 'MISSED');
    await t.redeliver(missed);
    await ended(ada, bob, 'ENDED');
    await ended(ada, bob, 'DECLINED');
    await ended(ada, bob, 'CANCELLED');
    expect(await shown(bob)).toEqual([
      ['missed_call', ada, null, null, false],
      ['missed_call', ada, null, null, false],
    ]);
    expect([await shown(ada), await unread(bob), await announced(bob)]).toEqual([[], 2, 2]);
  });

  it('tells nobody of a missed call across a block', async () => {
    const [ada, bob] = [randomUUID(), randomUUID()];
    await block(bob, ada);
    await ended(ada, bob, 'MISSED');
    expect(await shown(bob)).toEqual([]);
  });
});

describe('blocks', () => {
  it('notifies nothing from an account in a block, either way', async () => {
    const [ada, bob, cat, post] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await block(ada, bob);
    await block(cat, ada);
    await like(post, ada, bob);
    await like(post, ada, cat);
    await t.deliver('FollowCreated', { followerId: bob, followeeId: ada });
    expect([
      await t.count('notifications WHERE recipient_id = $1', [ada]),
      await unread(ada),
      await announced(ada),
    ]).toEqual([0, 0, 0]);
  });

  it('hides what was notified before a block, uncounted, and shows it again once no block remains', async () => {
    const [ada, bob, cat, post] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await like(post, ada, bob);
    await like(post, ada, cat);
    const [bobs] = (await t.serviceFor(ada).list({})).edges.filter((e) => e.node.actorId === bob);
    expect(await unread(ada)).toBe(2);

    await block(bob, ada); // blocked by the actor: hidden all the same
    expect((await shown(ada)).map((n) => n[1])).toEqual([cat]);
    expect([await unread(ada), await t.serviceFor(ada).get(bobs!.node.id)]).toEqual([1, null]);
    // Marking all read cannot reach a hidden one, and a hidden one cannot be named as upTo.
    await expect(t.serviceFor(ada).markRead(bobs!.node.id)).rejects.toMatchObject({
      code: NotificationError.NOTIFICATION_NOT_FOUND,
    });
    expect(await t.serviceFor(ada).markRead(null)).toBe(1);

    await block(ada, bob); // a second block between them changes no counter
    await unblock(bob, ada);
    expect(await unread(ada)).toBe(0);
    await unblock(ada, bob);
    expect(await shown(ada)).toEqual([
      ['like', cat, post, null, true],
      ['like', bob, post, null, false],
    ]);
    expect(await unread(ada)).toBe(1);
    expect(await t.countersOffByRows([ada, bob])).toEqual([]);
  });
});

describe('deletions', () => {
  it('removes what was notified about a deleted post, moves the counters, and notifies nothing about it afterwards', async () => {
    const [ada, bob, cat, post, kept] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await like(post, ada, bob);
    await like(kept, ada, bob);
    await comment({ postId: post, postAuthorId: ada, authorId: bob, mentionIds: [cat] });
    expect([await unread(ada), await unread(cat)]).toEqual([3, 1]);
    await t.deliver('PostDeleted', { postId: post, authorId: ada, deletedBy: ada });
    // Events from other topics may still arrive after the deletion.
    await like(post, ada, cat);
    await comment({ postId: post, postAuthorId: ada, authorId: cat });
    expect([await shown(ada), await shown(cat)]).toEqual([[['like', bob, kept, null, false]], []]);
    expect([await unread(ada), await unread(cat)]).toEqual([1, 0]);
    expect(await t.count('comment_authors WHERE post_id = $1', [post])).toBe(0);
    expect(await t.countersOffByRows([ada, bob, cat])).toEqual([]);
  });

  it('removes what was notified about a deleted comment, and nothing else', async () => {
    const [ada, bob, cat, post] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await like(post, ada, bob);
    const said = (await comment({ postId: post, postAuthorId: ada, authorId: bob, mentionIds: [cat] }))
      .payload as EventPayload<'CommentCreated'>;
    await t.serviceFor(cat).markRead(null);
    await t.deliver('CommentDeleted', {
      commentId: said.commentId,
      postId: post,
      authorId: bob,
      parentId: null,
      deletedBy: bob,
    });
    expect([await shown(ada), await shown(cat)]).toEqual([[['like', bob, post, null, false]], []]);
    expect([await unread(ada), await unread(cat)]).toEqual([1, 0]);
    expect(await t.countersOffByRows([ada, cat])).toEqual([]);
  });
});

describe('reading and marking', () => {
  it('marks up to and including one notification, or all, and answers how many changed', async () => {
    const [ada, post] = [randomUUID(), randomUUID()];
    const actors = Array.from({ length: 5 }, () => randomUUID());
    for (const actor of actors) await like(post, ada, actor);
    const page = await t.serviceFor(ada).list({});
    const third = page.edges[2]!.node; // newest first: the third newest and the two older ones
    expect(await t.serviceFor(ada).markRead(third.id)).toBe(3);
    expect((await shown(ada)).map((n) => n[4])).toEqual([false, false, true, true, true]);
    expect(await t.serviceFor(ada).markRead(third.id)).toBe(0);
    expect(await unread(ada)).toBe(2);
    expect(await t.serviceFor(ada).markRead(null)).toBe(2);
    expect([await unread(ada), await t.serviceFor(ada).markRead(null)]).toEqual([0, 0]);
  });

  it('refuses a malformed, unknown or another account’s upTo, changing nothing, and answers null for another’s notification', async () => {
    const [ada, bob, post] = [randomUUID(), randomUUID(), randomUUID()];
    await like(post, ada, bob);
    await like(post, bob, ada);
    const [adas] = (await t.serviceFor(ada).list({})).edges;
    await expect(t.serviceFor(bob).markRead('not-an-id')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'upTo',
    });
    await expect(t.serviceFor(bob).markRead(randomUUID())).rejects.toMatchObject({
      code: NotificationError.NOTIFICATION_NOT_FOUND,
    });
    await expect(t.serviceFor(bob).markRead(adas!.node.id)).rejects.toMatchObject({
      code: NotificationError.NOTIFICATION_NOT_FOUND,
    });
    expect([await unread(ada), await unread(bob)]).toEqual([1, 1]);
    expect([await t.serviceFor(bob).get(adas!.node.id), (await t.serviceFor(ada).get(adas!.node.id))?.id]).toEqual([
      null,
      adas!.node.id,
    ]);
  });

  it('pages newest first through the cursors with one SQL statement per page, for 10 as for 50', async () => {
    const ada = randomUUID();
    const post = randomUUID();
    for (let i = 0; i < 60; i++) await like(post, ada, randomUUID());
    const statementsFor = async (first: number) => {
      const service = t.serviceFor(ada);
      t.counter.reset();
      const page = await service.list({ first });
      expect(page.edges).toHaveLength(first);
      return t.counter.statements.length;
    };
    expect([await statementsFor(10), await statementsFor(50)]).toEqual([1, 1]);
    // The unread count reads the counter row: no COUNT over the notifications.
    t.counter.reset();
    expect(await unread(ada)).toBe(60);
    expect(t.counter.statements).toHaveLength(1);
    expect(t.counter.statements[0]).not.toMatch(/count\(/i);

    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Awaited<ReturnType<ReturnType<NotificationsDatabase['serviceFor']>['list']>> = await t
        .serviceFor(ada)
        .list({ first: 7, after });
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const { rows } = await t.sql.query(
      'SELECT id FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC',
      [ada],
    );
    expect(ids).toEqual(rows.map((r) => r.id));
  });

  it('keeps the unread counter exact through concurrent notifications, marks, blocks and deletions', async () => {
    const ada = randomUUID();
    const actors = Array.from({ length: 12 }, () => randomUUID());
    const posts = Array.from({ length: 4 }, () => randomUUID());
    const random = seededRandom();
    const pick = <T>(from: T[]) => from[Math.floor(random() * from.length)]!;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 120; i++) {
      const r = random();
      if (r < 0.6) work.push(like(pick(posts), ada, pick(actors)));
      else if (r < 0.7) work.push(comment({ postId: pick(posts), postAuthorId: ada, authorId: pick(actors) }));
      else if (r < 0.8) work.push(t.serviceFor(ada).markRead(null));
      else if (r < 0.88) work.push(block(ada, pick(actors)));
      else if (r < 0.96) work.push(unblock(ada, pick(actors)));
      else work.push(t.deliver('PostDeleted', { postId: pick(posts), authorId: ada, deletedBy: ada }));
    }
    await Promise.all(work);
    expect(await t.count('notifications WHERE recipient_id = $1', [ada])).toBeGreaterThan(0);
    expect(await t.countersOffByRows([ada])).toEqual([]);
    expect(await unread(ada)).toBe((await shown(ada)).filter((n) => n[4] === false).length);
  }, 60_000);
});
