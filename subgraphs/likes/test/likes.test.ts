import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainError } from '@shutter/runtime';
import { seededRandom } from '@shutter/testing/unit';
import { LikeError } from '../src/errors.js';
import { countersOffByRows, openLikesDatabase, type LikesDatabase } from './harness.js';

let t: LikesDatabase;
beforeAll(async () => {
  t = await openLikesDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Per user: PostLiked minus PostUnliked events of the post, against whether their like row exists. */
const eventsOffByRows = async (postId: string) =>
  t.count(
    `(SELECT e.user_id, e.net, (l.user_id IS NOT NULL)::int AS present
        FROM (SELECT payload->>'userId' AS user_id, sum(CASE type WHEN 'PostLiked' THEN 1 ELSE -1 END) AS net
                FROM outbox WHERE type IN ('PostLiked', 'PostUnliked') AND aggregate_id = $1 GROUP BY 1) e
        FULL JOIN (SELECT user_id FROM likes WHERE post_id = $1::uuid) l ON l.user_id::text = e.user_id) x
     WHERE coalesce(x.net, 0) <> x.present`,
    [postId],
  );

describe('likes', () => {
  it('keeps the counter equal to the rows, and one event per real change, through 200 concurrent likes and unlikes from 50 users on one post', async () => {
    const users = await Promise.all(Array.from({ length: 50 }, () => t.account()));
    const post = t.post(users[0]!);
    const random = seededRandom();
    const calls = Array.from({ length: 200 }, (_, i) => {
      const service = t.serviceFor(users[i % 50]!);
      return random() < 0.6 ? service.like(post) : service.unlike(post);
    });
    await Promise.all(calls);

    expect(await countersOffByRows(t.sql, [post])).toEqual([]);
    expect(await eventsOffByRows(post)).toBe(0);
    const likes = await t.count('likes WHERE post_id = $1', [post]);
    expect(likes).toBeGreaterThan(0);
    expect(await t.serviceFor(null).likeCount(post)).toBe(likes);
  }, 60_000);

  it('likes twice → one like and one event; unlikes twice → none and one more event', async () => {
    const ada = await t.account();
    const post = t.post();
    await t.serviceFor(ada).like(post);
    await t.serviceFor(ada).like(post.toUpperCase());
    expect([await t.count('likes WHERE post_id = $1', [post]), await t.serviceFor(ada).likeCount(post)]).toEqual([
      1, 1,
    ]);
    await t.serviceFor(ada).unlike(post);
    await t.serviceFor(ada).unlike(post);
    expect([await t.count('likes WHERE post_id = $1', [post]), await t.serviceFor(ada).likeCount(post)]).toEqual([
      0, 0,
    ]);
    const { rows } = await t.sql.query('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [post]);
    expect(rows.map((r) => r.type)).toEqual(['PostLiked', 'PostUnliked']);
  });

  it('answers likeCount and viewerHasLiked of 50 posts in one SQL statement, never counting rows', async () => {
    const ada = await t.account();
    const posts = Array.from({ length: 50 }, () => t.post());
    for (const post of posts.slice(0, 5)) await t.serviceFor(ada).like(post);
    const service = t.serviceFor(ada);
    t.counter.reset();
    const answers = await Promise.all(
      posts.map(async (post) => [await service.likeCount(post), await service.viewerHasLiked(post)]),
    );
    expect(answers).toEqual(posts.map((_, i) => (i < 5 ? [1, true] : [0, false])));
    expect(t.counter.statements).toHaveLength(1);
    expect(t.counter.statements[0]).not.toMatch(/count\(/i);
  });

  it('lists likers newest first through the cursors, and the likers of 20 posts in one SQL statement', async () => {
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await t.account());
    const post = t.post();
    for (const user of users) await t.serviceFor(user).like(post);
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Awaited<ReturnType<ReturnType<LikesDatabase['serviceFor']>['likers']>> = await t
        .serviceFor(null)
        .likers(post, { first: 2, after });
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const { rows } = await t.sql.query(
      'SELECT user_id FROM likes WHERE post_id = $1 ORDER BY created_at DESC, user_id DESC',
      [post],
    );
    expect(ids).toEqual(rows.map((r) => r.user_id));
    expect(new Set(ids)).toEqual(new Set(users));

    const posts = [post, ...Array.from({ length: 19 }, () => t.post())];
    const service = t.serviceFor(users[0]!);
    t.counter.reset();
    const pages = await Promise.all(posts.map((p) => service.likers(p, { first: 3 })));
    expect(pages.map((p) => p.edges.length)).toEqual(posts.map((_, i) => (i === 0 ? 3 : 0)));
    expect(t.counter.statements).toHaveLength(1);
  });

  it('hides likers across a block in both directions, but not from others, staff or anonymous viewers', async () => {
    const [blocker, blocked, bystander, moderator] = [
      await t.account(),
      await t.account(),
      await t.account(),
      await t.account('ADMIN'),
    ];
    const post = t.post();
    for (const user of [blocker, blocked, bystander]) await t.serviceFor(user).like(post);
    await t.deliver('UserBlocked', blocked, { blockerId: blocker, blockedId: blocked });
    const likers = async (viewer: string | null) =>
      new Set((await t.serviceFor(viewer).likers(post, {})).edges.map((e) => e.node.id));
    expect(await likers(blocker)).toEqual(new Set([blocker, bystander]));
    expect(await likers(blocked)).toEqual(new Set([blocked, bystander]));
    const everyone = new Set([blocker, blocked, bystander]);
    expect(await likers(bystander)).toEqual(everyone);
    expect(await likers(moderator)).toEqual(everyone);
    expect(await likers(null)).toEqual(everyone);
    // The count is the post's, not the viewer's.
    expect(await t.serviceFor(blocker).likeCount(post)).toBe(3);
    await t.deliver('UserUnblocked', blocked, { blockerId: blocker, blockedId: blocked });
    expect(await likers(blocker)).toEqual(everyone);
  });

  it('stores nothing and announces nothing for a malformed id or a post the viewer may not see', async () => {
    const ada = await t.account();
    const before = [await t.count('likes'), await t.count('outbox'), await t.count('post_like_counts')];
    await expect(t.serviceFor(ada).like('not-a-uuid')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.serviceFor(ada).like(randomUUID())).rejects.toMatchObject({ code: LikeError.POST_NOT_FOUND });
    await expect(t.serviceFor(ada).unlike(randomUUID())).rejects.toMatchObject({ code: LikeError.POST_NOT_FOUND });
    expect([await t.count('likes'), await t.count('outbox'), await t.count('post_like_counts')]).toEqual(before);
  });
});

describe('events from other subgraphs', () => {
  it('deletes a deleted post’s likes and counter, and adds none to it afterwards, even racing with likes in flight', async () => {
    const users = await Promise.all(Array.from({ length: 9 }, () => t.account()));
    const post = t.post();
    const kept = t.post();
    await t.serviceFor(users[0]!).like(kept);
    await t.serviceFor(users[0]!).like(post);
    const likeAll = (group: string[]) =>
      group.map((user) =>
        t
          .serviceFor(user)
          .like(post)
          .then(
            () => 'liked',
            (error: DomainError) => error.code,
          ),
      );
    // Posts has answered "visible" to every one of these likes; they wait on the post's lock, some
    // queued before the deletion and some after it.
    const lock = await t.holdPostLock(post);
    const before = likeAll(users.slice(1, 5));
    await t.lockWaiters(4);
    const deletion = t.deliver('PostDeleted', post, { postId: post, authorId: randomUUID(), deletedBy: randomUUID() });
    await t.lockWaiters(5);
    const after = likeAll(users.slice(5, 9));
    await t.lockWaiters(9);
    await lock.release();
    await deletion;
    const outcomes = await Promise.all([...before, ...after]);

    expect(outcomes.filter((o) => o !== 'liked' && o !== LikeError.POST_NOT_FOUND)).toEqual([]);
    expect(await t.count('likes WHERE post_id = $1', [post])).toBe(0);
    expect(await t.count('post_like_counts WHERE post_id = $1', [post])).toBe(0);
    await expect(t.serviceFor(users[1]!).like(post)).rejects.toMatchObject({ code: LikeError.POST_NOT_FOUND });
    expect(await t.count('post_like_counts WHERE post_id = $1', [post])).toBe(0);
    expect(await countersOffByRows(t.sql, [post, kept])).toEqual([]);
    expect(await t.serviceFor(null).likeCount(kept)).toBe(1);
  });

  it('applies each event once: a redelivered one writes nothing', async () => {
    const userId = randomUUID();
    const promoted = await t.deliver('UserUpdated', userId, {
      userId,
      changed: ['role'],
      username: 'mod',
      role: 'MODERATOR',
    });
    t.counter.reset();
    await t.redeliver(promoted);
    expect(t.counter.statements.filter((s) => s.includes('accounts'))).toEqual([]);
    expect((await t.sql.query('SELECT role FROM accounts WHERE user_id = $1', [userId])).rows).toEqual([
      { role: 'MODERATOR' },
    ]);
  });
});
