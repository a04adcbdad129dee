import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordEvent } from '@shutter/events';
import type { PageAfter, PostFilter, PostRow, Tx } from '../src/repositories/post.repository.js';
import { anonymous, factories, moderator, openPostsDatabase, viewer, type PostsDatabase } from './harness.js';

let t: PostsDatabase;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await openPostsDatabase();
  make = factories(t);
});
afterAll(async () => {
  await t.close();
});

const cursorOf = (row: PostRow): PageAfter => [row.created_at.toISOString(), row.id];

/** Every page of `filter` for an anonymous viewer, `size` at a time, following the keyset cursor. */
async function allPages(filter: PostFilter, size: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: PageAfter = null;
  // A cursor that does not advance would page forever: 20 pages is more than any test makes.
  for (let page = 0; page < 20; page += 1) {
    const rows = await t.posts.page(anonymous, filter, size, after);
    if (rows.length === 0) return pages;
    pages.push(rows.map((r) => r.id));
    after = cursorOf(rows.at(-1)!);
  }
  throw new Error(`still more pages after 20: ${pages.slice(-2).join(' | ')}`);
}

async function setCreatedAt(ids: string[], at: Date): Promise<void> {
  await t.prisma.$executeRaw`UPDATE posts SET created_at = ${at} WHERE id = ANY(${ids}::uuid[])`;
}

function upload(ownerId: string) {
  const id = randomUUID();
  return {
    id,
    ownerId,
    storageKey: `u/${ownerId}/${id}`,
    contentType: 'image/png',
    byteSize: 1_000,
    expiresAt: new Date(Date.now() + 60_000),
  };
}

/** The PostCreated event createPost's service records with the post. */
const recordCreated = (tx: Tx, post: PostRow) =>
  recordEvent(tx, 'PostCreated', post.id, {
    postId: post.id,
    authorId: post.author_id,
    caption: post.caption,
    hashtags: post.hashtags,
    mentionIds: post.mention_ids,
    mediaCount: 1,
    createdAt: post.created_at.toISOString(),
  });

describe('post pages', () => {
  it('pages newest first by (created_at, id) and the keyset cursor continues without gaps or repeats, also across equal timestamps', async () => {
    const author = await make.account();
    const older = await make.post(author, { caption: 'older' });
    await setCreatedAt([older.id], new Date('2029-06-01T00:00:00.000Z'));
    const tie = new Date('2030-01-01T00:00:00.123Z');
    const tied = await make.tiedPosts(author, tie, 'tied');
    const newest = await make.post(author, { caption: 'newest' });
    await setCreatedAt([newest.id], new Date('2031-01-01T00:00:00.000Z'));
    const expected = [newest.id, ...[...tied].reverse(), older.id];

    const pages = await allPages({ authorId: author }, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual(expected);
    // A cursor in the middle of a tie continues with the rest of the tie.
    const afterTwo = await t.posts.page(anonymous, { authorId: author }, 10, [tie.toISOString(), expected[2]!]);
    expect(afterTwo.map((r) => r.id)).toEqual(expected.slice(3));
  });

  it('filters by hashtag (array containment, exact tag) and by author, and explore lists every visible author newest first', async () => {
    const tag = `tag${randomUUID().slice(0, 8)}`;
    const alice = await make.account();
    const bob = await make.account();
    const both = await make.post(alice, { hashtags: [tag, 'beach'] });
    const onlyTag = await make.post(bob, { hashtags: [tag] });
    await make.post(alice, { hashtags: ['beach'] });
    await make.post(bob, { hashtags: [`${tag}x`] });
    const hidden = await make.privateAccount();
    const hiddenPost = await make.post(hidden, { hashtags: [tag] });
    // Distinct times, so the order does not hang on ids of posts made in the same millisecond.
    await setCreatedAt([both.id], new Date('2031-01-01T00:00:00.000Z'));
    await setCreatedAt([onlyTag.id], new Date('2031-01-02T00:00:00.000Z'));
    await setCreatedAt([hiddenPost.id], new Date('2031-01-03T00:00:00.000Z'));

    expect((await allPages({ hashtag: tag }, 1)).flat()).toEqual([onlyTag.id, both.id]);
    expect((await t.posts.page(viewer(alice), { hashtag: tag, authorId: alice }, 10, null)).map((r) => r.id)).toEqual([
      both.id,
    ]);
    expect((await t.posts.page(moderator(), { hashtag: tag }, 10, null)).map((r) => r.id)).toEqual([
      hiddenPost.id,
      onlyTag.id,
      both.id,
    ]);
    const explore = (await t.posts.page(anonymous, {}, 1_000, null)).map((r) => r.id);
    expect(explore.indexOf(onlyTag.id)).toBeLessThan(explore.indexOf(both.id));
    expect(explore).toContain(onlyTag.id);
  });
});

describe('hashtag pages read post_hashtags, which follows every change of a post (ADR 0024)', () => {
  it('follows caption edits, new dates and deletions, and pages a tag by its own index', async () => {
    const suffix = randomUUID().slice(0, 8);
    const [kept, dropped, added] = [`kept${suffix}`, `dropped${suffix}`, `added${suffix}`];
    const author = await make.account();
    const post = await make.post(author, { hashtags: [kept, dropped] });
    const other = await make.post(author, { hashtags: [kept] });
    await setCreatedAt([post.id], new Date('2032-01-01T00:00:00.000Z'));
    await setCreatedAt([other.id], new Date('2032-01-02T00:00:00.000Z'));
    const ids = async (tag: string) => (await allPages({ hashtag: tag }, 1)).flat();
    expect(await ids(kept)).toEqual([other.id, post.id]);
    expect(await ids(dropped)).toEqual([post.id]);

    await t.posts.transaction((tx) =>
      t.posts.updateCaption(tx, post.id, { caption: `#${kept} #${added}`, hashtags: [kept, added], mentionIds: [] }),
    );
    expect(await ids(dropped)).toEqual([]);
    expect(await ids(added)).toEqual([post.id]);
    // A new date moves the post within its tags' pages.
    await setCreatedAt([post.id], new Date('2032-01-03T00:00:00.000Z'));
    expect(await ids(kept)).toEqual([post.id, other.id]);
    expect(await ids(added)).toEqual([post.id]);

    await t.posts.transaction((tx) => t.posts.deletePost(tx, post.id));
    expect(await ids(kept)).toEqual([other.id]);
    expect(await ids(added)).toEqual([]);
    const rows = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM post_hashtags WHERE post_id = ${post.id}::uuid`;
    expect(rows[0]!.n).toBe(0);
  });
});

describe('prepared page statements and migrations', () => {
  it('keep answering on open connections after a migration adds a column to posts (no `*` in them)', async () => {
    const tag = `col${randomUUID().slice(0, 8)}`;
    const post = await make.post(await make.account(), { hashtags: [tag] });
    // Sequential reads reuse the pool's last idle connection, where the page is prepared now.
    expect((await t.posts.page(anonymous, { hashtag: tag }, 10, null)).map((r) => r.id)).toEqual([post.id]);
    await t.prisma.$executeRawUnsafe('ALTER TABLE posts ADD COLUMN rolling_deploy_probe integer');
    try {
      for (let i = 0; i < 4; i += 1) {
        expect((await t.posts.page(anonymous, { hashtag: tag }, 10, null)).map((r) => r.id)).toEqual([post.id]);
      }
    } finally {
      await t.prisma.$executeRawUnsafe('ALTER TABLE posts DROP COLUMN rolling_deploy_probe');
    }
  });
});

describe('loaders answer N keys with one SQL statement, in key order', () => {
  it('the visible-post loader returns rows in key order and null for missing and hidden posts', async () => {
    const author = await make.account();
    const privateAuthor = await make.privateAccount();
    const visible = await Promise.all(Array.from({ length: 8 }, (_, i) => make.post(author, { caption: `v${i}` })));
    const hidden = await make.post(privateAuthor);
    const keys = [...visible.map((p) => p.id).reverse(), randomUUID(), hidden.id];
    const loader = t.posts.createVisibleLoader(viewer(await make.account()));

    t.counter.reset();
    const rows = await Promise.all(keys.map((id) => loader.load(id)));
    expect(t.counter.count).toBe(1);
    expect(t.counter.statements[0]).toMatch(/FROM posts/);
    expect(rows.map((r) => r?.id ?? null)).toEqual([...visible.map((p) => p.id).reverse(), null, null]);
    expect(rows[0]).toMatchObject({ author_id: author, caption: 'v7', hashtags: [], mention_ids: [] });
  });

  it("the media loader returns each post's media in position order and [] for a post without media", async () => {
    const author = await make.account();
    const first = await make.post(author, {}, [make.media(2), make.media(0), make.media(1)]);
    const second = await make.post(author, {}, [make.media(1, { contentType: 'video/mp4' }), make.media(0)]);
    const bare = await make.post(author);
    const loader = t.posts.createMediaLoader();

    t.counter.reset();
    const media = await Promise.all([second.id, bare.id, first.id, randomUUID()].map((id) => loader.load(id)));
    expect(t.counter.count).toBe(1);
    expect(media.map((list) => list.map((m) => m.position))).toEqual([[0, 1], [], [0, 1, 2], []]);
    expect(media[0]!.every((m) => m.postId === second.id)).toBe(true);
    expect(media[0]![1]!.contentType).toBe('video/mp4');
  });

  it("the count loader returns each author's number of posts, equal to the rows, 0 for none, and drops on delete", async () => {
    const authors = await Promise.all(Array.from({ length: 5 }, () => make.account()));
    const made = [3, 0, 1, 4, 2];
    const posts = await Promise.all(
      authors.flatMap((author, i) => Array.from({ length: made[i]! }, () => make.post(author))),
    );
    const load = async (keys: string[]) => {
      const loader = t.posts.createCountLoader();
      t.counter.reset();
      const counts = await Promise.all(keys.map((id) => loader.load(id)));
      expect(t.counter.count).toBe(1);
      return counts;
    };

    expect(await load([...authors, randomUUID()])).toEqual([...made, 0]);
    const rows = await t.prisma.post.groupBy({ by: ['authorId'], where: { authorId: { in: authors } }, _count: true });
    expect(Object.fromEntries(rows.map((r) => [r.authorId, r._count]))).toEqual(
      Object.fromEntries(authors.flatMap((a, i) => (made[i] ? [[a, made[i]]] : []))),
    );

    const victim = posts.find((p) => p.author_id === authors[3])!;
    await t.posts.transaction((tx) => t.posts.deletePost(tx, victim.id));
    expect(await load([authors[3]!, authors[0]!])).toEqual([3, 3]);
  });
});

describe('uploads and post transactions', () => {
  it('of two concurrent posts claiming the same upload exactly one wins; the loser leaves no post and no outbox row', async () => {
    const owner = await make.account();
    const shared = upload(owner);
    await t.posts.createUploads([shared]);
    const outboxBefore = await t.prisma.outboxEvent.count();

    const attempt = (caption: string) =>
      t.posts.transaction(async (tx) => {
        if (!(await t.posts.claimUploads(tx, [shared.id], new Date()))) throw new Error('upload taken');
        const post = await t.posts.createPost(tx, { authorId: owner, caption, hashtags: [], mentionIds: [] }, [
          make.media(0, { storageKey: shared.storageKey }),
        ]);
        await recordCreated(tx, post);
        // Hold the row lock a moment so the other transaction waits on it.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return post;
      });
    const results = await Promise.allSettled([attempt('a'), attempt('b')]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as Error).message).toBe('upload taken');
    expect(await t.prisma.post.count({ where: { authorId: owner } })).toBe(1);
    expect(await t.prisma.media.count({ where: { storageKey: shared.storageKey } })).toBe(1);
    expect(await t.prisma.outboxEvent.count()).toBe(outboxBefore + 1);
    expect((await t.posts.findUploads([shared.id]))[0]!.usedAt).toBeInstanceOf(Date);
  });

  it('a transaction that fails after claiming uploads, writing a post and its outbox event leaves none of them', async () => {
    const owner = await make.account();
    const uploads = [upload(owner), upload(owner)];
    for (const u of uploads) await t.posts.createUploads([u]);
    const outboxBefore = await t.prisma.outboxEvent.count();

    await expect(
      t.posts.transaction(async (tx) => {
        expect(await t.posts.claimUploads(tx, [uploads[0]!.id], new Date())).toBe(true);
        const post = await t.posts.createPost(tx, { authorId: owner, caption: 'gone', hashtags: [], mentionIds: [] }, [
          make.media(0, { storageKey: uploads[0]!.storageKey }),
        ]);
        await recordCreated(tx, post);
        // Claiming both, one of them already taken by this very transaction: not all are free.
        expect(
          await t.posts.claimUploads(
            tx,
            uploads.map((u) => u.id),
            new Date(),
          ),
        ).toBe(false);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    expect(await t.prisma.post.count({ where: { authorId: owner } })).toBe(0);
    expect(await t.prisma.media.count({ where: { storageKey: uploads[0]!.storageKey } })).toBe(0);
    expect(await t.prisma.outboxEvent.count()).toBe(outboxBefore);
    expect((await t.posts.findUploads(uploads.map((u) => u.id))).map((u) => u.usedAt)).toEqual([null, null]);
  });

  it('an upload storage key is unique: a second upload with the same key is refused', async () => {
    const owner = await make.account();
    const first = upload(owner);
    await t.posts.createUploads([first]);
    await expect(t.posts.createUploads([{ ...upload(owner), storageKey: first.storageKey }])).rejects.toThrow();
    expect(await t.prisma.upload.count({ where: { storageKey: first.storageKey } })).toBe(1);
  });
});
