import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@shutter/runtime';
import { seededRandom } from '@shutter/testing/unit';
import { CommentError } from '../src/errors.js';
import type { CommentService } from '../src/services/comment.service.js';
import { countersOffByRows, openCommentsDatabase, type CommentsDatabase } from './harness.js';

let t: CommentsDatabase;
beforeAll(async () => {
  t = await openCommentsDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Every id of a connection, following its cursors `first` at a time. */
async function walk(fetchPage: (after: string | null) => ReturnType<CommentService['postComments']>) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: Awaited<ReturnType<CommentService['postComments']>> = await fetchPage(after);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return ids;
}

const outboxCount = () => t.count('outbox');

describe('comments and replies', () => {
  it('lists a post’s top-level comments and a thread’s replies oldest first through the cursors, each once', async () => {
    const [ada, bob] = [await t.account(), await t.account()];
    const post = t.post(ada);
    const tops: string[] = [];
    for (let i = 0; i < 5; i++) tops.push((await t.serviceFor(i % 2 ? ada : bob).add(post, `top ${i}`, null)).id);
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) replies.push((await t.serviceFor(ada).add(post, `reply ${i}`, tops[1]!)).id);
    // A reply to a reply joins the thread of the top-level comment.
    replies.push((await t.serviceFor(bob).add(post, 'reply to a reply', replies[0]!)).id);

    const viewer = t.serviceFor(null);
    expect(await walk((after) => viewer.postComments(post, { first: 2, after }))).toEqual(tops);
    const thread = (await t.serviceFor(null).get(tops[1]!))!;
    expect(await walk((after) => viewer.replies(thread, { first: 3, after }))).toEqual(replies);
    expect(thread.replyCount).toBe(4);
    expect(await t.serviceFor(null).commentCount(post)).toBe(9);
    expect(await countersOffByRows(t.sql, [post])).toEqual([]);
  });

  it('pages the first comments of 50 posts in one SQL statement, and their counts in one more', async () => {
    const ada = await t.account();
    const posts = Array.from({ length: 50 }, () => t.post(ada));
    for (const post of posts.slice(0, 10)) {
      for (let i = 0; i < 4; i++) await t.serviceFor(ada).add(post, `c${i}`, null);
    }
    const service = t.serviceFor(ada);
    t.counter.reset();
    const [pages, counts] = await Promise.all([
      Promise.all(posts.map((post) => service.postComments(post, { first: 3 }))),
      Promise.all(posts.map((post) => service.commentCount(post))),
    ]);
    expect(pages.map((p) => [p.edges.length, p.pageInfo.hasNextPage])).toEqual(
      posts.map((_, i) => (i < 10 ? [3, true] : [0, false])),
    );
    expect(counts).toEqual(posts.map((_, i) => (i < 10 ? 4 : 0)));
    expect(t.counter.statements).toHaveLength(2);
    // Reading never counts rows: the counters answer.
    expect(t.counter.statements.some((s) => /count\(/i.test(s))).toBe(false);
  });

  it('hides comments across a block in both directions, but not from others, staff or anonymous viewers, until the unblock', async () => {
    const [author, blocker, blocked, bystander, moderator] = [
      await t.account(),
      await t.account(),
      await t.account(),
      await t.account(),
      await t.account('MODERATOR'),
    ];
    const post = t.post(author);
    const byBlocker = await t.serviceFor(blocker).add(post, 'mine', null);
    const byBlocked = await t.serviceFor(blocked).add(post, 'theirs', null);
    const reply = await t.serviceFor(blocked).add(post, 'a reply by the blocked', byBlocker.id);
    await t.deliver('UserBlocked', blocked, { blockerId: blocker, blockedId: blocked });

    const sees = async (userId: string | null) => {
      const service = t.serviceFor(userId);
      const top = (await service.postComments(post, {})).edges.map((e) => e.node.body);
      const thread = (await service.replies(byBlocker, {})).edges.map((e) => e.node.body);
      const byId = (await Promise.all([byBlocker.id, byBlocked.id, reply.id].map((id) => service.get(id)))).map(
        (row) => !!row,
      );
      return { top, thread, byId };
    };
    const all = { top: ['mine', 'theirs'], thread: ['a reply by the blocked'], byId: [true, true, true] };
    expect(await sees(blocker)).toEqual({ top: ['mine'], thread: [], byId: [true, false, false] });
    expect(await sees(blocked)).toEqual({
      top: ['theirs'],
      thread: ['a reply by the blocked'],
      byId: [false, true, true],
    });
    expect(await sees(bystander)).toEqual(all);
    expect(await sees(moderator)).toEqual(all);
    expect(await sees(null)).toEqual(all);
    // Counts are the post's, not the viewer's.
    expect(await t.serviceFor(blocker).commentCount(post)).toBe(3);

    await t.deliver('UserUnblocked', blocked, { blockerId: blocker, blockedId: blocked });
    expect(await sees(blocker)).toEqual(all);
  });

  it('lets the blocked side neither reply to nor find the other side’s comments', async () => {
    const [author, blocker, blocked] = [await t.account(), await t.account(), await t.account()];
    const post = t.post(author);
    const comment = await t.serviceFor(blocker).add(post, 'hello', null);
    await t.deliver('UserBlocked', blocked, { blockerId: blocker, blockedId: blocked });
    const outbox = await outboxCount();
    await expect(t.serviceFor(blocked).add(post, 'hi', comment.id)).rejects.toMatchObject({
      code: CommentError.COMMENT_NOT_FOUND,
    });
    await expect(t.serviceFor(blocked).delete(comment.id)).rejects.toMatchObject({
      code: CommentError.COMMENT_NOT_FOUND,
    });
    expect(await outboxCount()).toBe(outbox);
  });

  it('lets a post’s author and staff delete the comment of an account in a block with them', async () => {
    const [author, troll, moderator] = [await t.account(), await t.account(), await t.account('MODERATOR')];
    const post = t.post(author);
    const first = await t.serviceFor(troll).add(post, 'first', null);
    const second = await t.serviceFor(troll).add(post, 'second', null);
    await t.deliver('UserBlocked', troll, { blockerId: author, blockedId: troll });
    await t.deliver('UserBlocked', troll, { blockerId: moderator, blockedId: troll });
    expect(await t.serviceFor(author).get(first.id)).toBeNull();
    expect(await t.serviceFor(author).delete(first.id)).toBe(first.id);
    expect(await t.serviceFor(moderator).delete(second.id)).toBe(second.id);
    expect(await countersOffByRows(t.sql, [post])).toEqual([]);
  });
});

describe('writes', () => {
  it('stores nothing and announces nothing for bad input, a hidden post or a parent on another post', async () => {
    const ada = await t.account();
    const post = t.post(ada);
    const other = t.post(ada);
    const elsewhere = await t.serviceFor(ada).add(other, 'elsewhere', null);
    const before = [await t.count('comments'), await outboxCount(), await t.count('post_comment_counts')];
    const hidden = randomUUID();
    const attempts: [() => Promise<unknown>, string][] = [
      [() => t.serviceFor(ada).add(post, '   ', null), 'INVALID_INPUT'],
      [() => t.serviceFor(ada).add(post, 'x'.repeat(2201), null), 'INVALID_INPUT'],
      [() => t.serviceFor(ada).add('nope', 'x', null), 'INVALID_INPUT'],
      [() => t.serviceFor(ada).add(hidden, 'x', null), CommentError.POST_NOT_FOUND],
      [() => t.serviceFor(ada).add(post, 'x', elsewhere.id), CommentError.PARENT_ON_OTHER_POST],
      [() => t.serviceFor(ada).add(post, 'x', randomUUID()), CommentError.COMMENT_NOT_FOUND],
      [() => t.serviceFor(ada).edit(elsewhere.id, ''), 'INVALID_INPUT'],
      [() => t.serviceFor(ada).delete(randomUUID()), CommentError.COMMENT_NOT_FOUND],
    ];
    for (const [attempt, code] of attempts) await expect(attempt()).rejects.toMatchObject({ code });
    expect([await t.count('comments'), await outboxCount(), await t.count('post_comment_counts')]).toEqual(before);
  });

  it('edits the body with its mentions and sets editedAt, announcing nothing', async () => {
    const ada = await t.account();
    const { rows } = await t.sql.query<{ username: string }>('SELECT username FROM accounts WHERE user_id = $1', [ada]);
    const post = t.post(ada);
    const comment = await t.serviceFor(ada).add(post, 'first', null);
    const outbox = await outboxCount();
    const edited = await t.serviceFor(ada).edit(comment.id, ` now with @${rows[0]!.username} `);
    expect(edited).toMatchObject({ id: comment.id, body: `now with @${rows[0]!.username}`, mentionIds: [ada] });
    expect(edited.editedAt!.getTime()).toBeGreaterThanOrEqual(comment.createdAt.getTime());
    expect(await outboxCount()).toBe(outbox);
  });

  it('keeps every counter equal to its rows, and one event per change, through concurrent comments, replies and deletions on one post', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => t.account()));
    const author = users[0]!;
    const post = t.post(author);
    const random = seededRandom();
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const ids = async () =>
      (await t.sql.query<{ id: string }>('SELECT id FROM comments WHERE post_id = $1', [post])).rows;
    // Races lose to each other as NOT_FOUND (the comment or its thread is gone): never an error of another kind.
    const expected = new Set<string>([CommentError.COMMENT_NOT_FOUND]);
    const step = async (known: { id: string }[]) => {
      const user = pick(users);
      try {
        const roll = random();
        if (roll < 0.4 || known.length === 0) await t.serviceFor(user).add(post, 'top', null);
        else if (roll < 0.75) await t.serviceFor(user).add(post, 'reply', pick(known).id);
        // The post's author may delete any comment on it.
        else await t.serviceFor(author).delete(pick(known).id);
      } catch (error) {
        if (!(error instanceof DomainError && expected.has(error.code))) throw error;
      }
    };
    for (let round = 0; round < 6; round++) {
      const known = await ids();
      await Promise.all(Array.from({ length: 25 }, () => step(known)));
      expect(await countersOffByRows(t.sql, [post])).toEqual([]);
    }
    expect(await t.count('comments WHERE post_id = $1', [post])).toBeGreaterThan(0);
    expect(await t.count(`outbox WHERE type = 'CommentDeleted' AND aggregate_id = $1`, [post])).toBeGreaterThan(0);
    const { rows } = await t.sql.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE type = 'CommentCreated' AND aggregate_id = $1)
            - (SELECT count(*)::int FROM outbox WHERE type = 'CommentDeleted' AND aggregate_id = $1) AS net,
              (SELECT count(*)::int FROM comments WHERE post_id = $1::uuid) AS rows`,
      [post],
    );
    expect(rows[0].net).toBe(rows[0].rows);
    // A reply's parent is always a top-level comment of the same post.
    expect(
      await t.count(
        `comments r JOIN comments p ON p.id = r.parent_id WHERE r.post_id = $1 AND (p.parent_id IS NOT NULL OR p.post_id <> r.post_id)`,
        [post],
      ),
    ).toBe(0);
  });
});

describe('events from other subgraphs', () => {
  it('deletes a deleted post’s comments and counter, and adds none to it afterwards, even racing with comments in flight', async () => {
    const ada = await t.account();
    const post = t.post(ada);
    const kept = t.post(ada);
    await t.serviceFor(ada).add(kept, 'kept', null);
    const first = await t.serviceFor(ada).add(post, 'before', null);
    await t.serviceFor(ada).add(post, 'reply', first.id);
    const addAll = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        t
          .serviceFor(ada)
          .add(post, `racing ${i}`, i % 2 ? first.id : null)
          .then(
            () => 'added',
            (error: DomainError) => error.code,
          ),
      );
    // Posts has answered "visible" to every one of these comments; they wait on the post's lock, some
    // queued before the deletion and some after it.
    const lock = await t.holdPostLock(post);
    const before = addAll(4);
    await t.lockWaiters(4);
    const deletion = t.deliver('PostDeleted', post, { postId: post, authorId: ada, deletedBy: ada });
    await t.lockWaiters(5);
    const after = addAll(4);
    await t.lockWaiters(9);
    await lock.release();
    await deletion;
    const outcomes = await Promise.all([...before, ...after]);
    expect(
      outcomes.filter(
        (o) => o !== 'added' && o !== CommentError.POST_NOT_FOUND && o !== CommentError.COMMENT_NOT_FOUND,
      ),
    ).toEqual([]);
    expect(await t.count('comments WHERE post_id = $1', [post])).toBe(0);
    expect(await t.count('post_comment_counts WHERE post_id = $1', [post])).toBe(0);
    await expect(t.serviceFor(ada).add(post, 'after', null)).rejects.toMatchObject({
      code: CommentError.POST_NOT_FOUND,
    });
    expect(await t.count('comments WHERE post_id = $1', [kept])).toBe(1);
    expect(await countersOffByRows(t.sql, [post, kept])).toEqual([]);
  });

  it('applies each event once: a redelivered one writes nothing', async () => {
    const userId = randomUUID();
    const registered = await t.deliver('UserRegistered', userId, {
      userId,
      username: 'cyril_redelivered',
      role: 'USER',
      createdAt: new Date().toISOString(),
    });
    await t.deliver('UserUpdated', userId, {
      userId,
      changed: ['role', 'username'],
      username: 'cyril_moderates',
      role: 'MODERATOR',
    });
    t.counter.reset();
    await t.redeliver(registered);
    expect(t.counter.statements.filter((s) => s.includes('accounts'))).toEqual([]);
    expect((await t.sql.query('SELECT username, role FROM accounts WHERE user_id = $1', [userId])).rows).toEqual([
      { username: 'cyril_moderates', role: 'MODERATOR' },
    ]);
    // The copied role is what moderation goes by: a moderator may delete anyone's comment.
    const ada = await t.account();
    const post = t.post(ada);
    const comment = await t.serviceFor(ada).add(post, 'hi @cyril_moderates', null);
    expect(comment.mentionIds).toEqual([userId]);
    expect(await t.serviceFor(userId, 'USER').delete(comment.id)).toBe(comment.id);
  });
});
