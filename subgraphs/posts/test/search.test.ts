import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PageAfter } from '../src/repositories/post.repository.js';
import { PostgresSearch } from '../src/search/postgres-search.js';
import { anonymous, factories, moderator, openPostsDatabase, viewer, type PostsDatabase } from './harness.js';

let t: PostsDatabase;
let make: ReturnType<typeof factories>;
let search: PostgresSearch;
beforeAll(async () => {
  t = await openPostsDatabase();
  make = factories(t);
  search = new PostgresSearch(t.search);
});
afterAll(async () => {
  await t.close();
});

/** A word no other test uses (letters and digits, so full-text search keeps it as one token). */
const word = () => `w${randomUUID().replace(/-/g, '').slice(0, 10)}`;

async function at(postId: string, iso: string): Promise<void> {
  await t.prisma.$executeRaw`UPDATE posts SET created_at = ${new Date(iso)} WHERE id = ${postId}::uuid`;
}

async function withDisplayName(username: string, displayName: string): Promise<string> {
  const userId = randomUUID();
  await t.visibility.transaction((tx) =>
    t.visibility.applyProfile(tx, { userId, username, displayName, isPrivate: false, version: 1 }),
  );
  return userId;
}

describe('PostgresSearch over the real SearchRepository', () => {
  it('finds posts by caption words and hashtags ("#tag" finds both), newest first, only those the viewer may see', async () => {
    const w = word();
    const me = await make.account();
    const author = await make.account();
    const privateAuthor = await make.privateAccount();
    const blocker = await make.account();
    const inCaption = await make.post(author, { caption: `Golden ${w.toUpperCase()} over the bay` });
    const inHashtag = await make.post(author, { caption: 'evening walk', hashtags: [w] });
    await make.post(author, { caption: `${w}s are not the word`, hashtags: [`${w}x`] });
    const secret = await make.post(privateAuthor, { caption: `${w} secret` });
    const blocked = await make.post(blocker, { caption: `${w} from a blocker` });
    await make.block(blocker, me);
    await at(inCaption.id, '2032-01-01T00:00:00.000Z');
    await at(inHashtag.id, '2032-01-02T00:00:00.000Z');
    await at(secret.id, '2032-01-03T00:00:00.000Z');
    await at(blocked.id, '2032-01-04T00:00:00.000Z');
    const ids = async (query: string, who = viewer(me)) =>
      (await search.posts(query, who, 10, null)).map((hit) => hit.id);

    expect(await ids(`#${w}`)).toEqual([inHashtag.id, inCaption.id]);
    expect(await ids(w)).toEqual([inHashtag.id, inCaption.id]);
    // Every word must match (plainto_tsquery ANDs them), in any case.
    expect(await ids(`golden BAY ${w}`)).toEqual([inCaption.id]);
    expect(await ids(`evening ${w} bay`)).toEqual([]);
    expect(await ids(w, anonymous)).toEqual([blocked.id, inHashtag.id, inCaption.id]);
    expect(await ids(w, moderator())).toEqual([blocked.id, secret.id, inHashtag.id, inCaption.id]);
    await make.follow(me, privateAuthor);
    expect(await ids(w)).toEqual([secret.id, inHashtag.id, inCaption.id]);
  });

  it('pages full-text results with the keyset cursor, without gaps or repeats across equal timestamps', async () => {
    const w = word();
    const author = await make.account();
    const tied = await make.tiedPosts(author, new Date('2033-03-03T03:03:03.333Z'), `${w} tied`);
    const older = await make.post(author, { caption: `${w} older` });
    await at(older.id, '2033-01-01T00:00:00.000Z');
    await make.post(author, { caption: 'no match' });

    const seen: string[] = [];
    let after: PageAfter = null;
    for (let page = 0; page < 10; page += 1) {
      const hits = await search.posts(w, anonymous, 2, after);
      if (hits.length === 0) break;
      seen.push(...hits.map((h) => h.id));
      const last = hits.at(-1)!;
      expect(last.createdAt).toBeInstanceOf(Date);
      after = [last.createdAt.toISOString(), last.id];
    }
    expect(seen).toEqual([...[...tied].reverse(), older.id]);
  });

  it('finds users by username prefix or display-name substring, exact username first, % and _ literal, without anyone in a block with the viewer', async () => {
    const p = `zq${randomUUID().slice(0, 6)}`;
    const me = await make.account();
    const exact = await make.account(p);
    const underscored = await make.account(`${p}_two`);
    const other = await make.account(`${p}x2`);
    const fan = await withDisplayName(`aa_fan_${p.slice(2)}`, `Big ${p.toUpperCase()} Fan`);
    await make.account(`x${p}`); // contains it, but not at the start of the username
    const blocker = await make.account(`${p}_blocker`);
    const blockee = await make.account(`${p}_blockee`);
    await make.block(blocker, me);
    await make.block(me, blockee);

    expect(await search.users(`@${p.toUpperCase()}`, viewer(me), 20)).toEqual([exact, fan, underscored, other]);
    expect(await search.users(p, anonymous, 20)).toEqual([exact, fan, blockee, blocker, underscored, other]);
    expect(await search.users(p, viewer(me), 2)).toEqual([exact, fan]);
    expect(await search.users(`${p}_`, viewer(me), 20)).toEqual([underscored]);
    expect(await search.users(`${p}%`, anonymous, 20)).toEqual([]);
  });

  it('blockedAmong names the users in a block with the viewer, whoever blocked whom, in one statement', async () => {
    const me = await make.account();
    const [blocker, blockee, friend, elsewhere] = await Promise.all([
      make.account(),
      make.account(),
      make.account(),
      make.account(),
    ]);
    await make.block(blocker, me);
    await make.block(me, blockee);
    await make.block(elsewhere, friend);

    t.counter.reset();
    const blocked = await t.search.blockedAmong(me, [blocker, blockee, friend, elsewhere, randomUUID()]);
    expect(t.counter.count).toBe(1);
    expect(blocked).toEqual(new Set([blocker, blockee]));
    t.counter.reset();
    expect(await t.search.blockedAmong(me, [])).toEqual(new Set());
    expect(t.counter.count).toBe(0);
  });
});
