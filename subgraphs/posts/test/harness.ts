import { randomUUID } from 'node:crypto';
import { createPrismaClient, QueryCounter, type Role, type Viewer } from '@shutter/runtime';
import { createTestDatabase, type TestDatabase } from '@shutter/testing';
import { PrismaClient } from '../src/repositories/db.js';
import { PostRepository, type NewMedia, type PostRow } from '../src/repositories/post.repository.js';
import { SearchRepository } from '../src/repositories/search.repository.js';
import { VisibilityRepository } from '../src/repositories/visibility.repository.js';

/** One test file's posts database, its Prisma client (statements counted) and the real repositories. */
export interface PostsDatabase {
  db: TestDatabase;
  prisma: PrismaClient;
  counter: QueryCounter;
  posts: PostRepository;
  visibility: VisibilityRepository;
  search: SearchRepository;
  close(): Promise<void>;
}

export async function openPostsDatabase(): Promise<PostsDatabase> {
  const db = await createTestDatabase('posts');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), {
    databaseUrl: db.url,
    counter,
    poolSize: 4,
  });
  const visibility = new VisibilityRepository(prisma);
  // The staff accounts, with the roles the users' events would have copied here.
  await visibility.transaction(async (tx) => {
    await visibility.createAccount(tx, STAFF.MODERATOR, 'staff_moderator', 'MODERATOR');
    await visibility.createAccount(tx, STAFF.ADMIN, 'staff_admin', 'ADMIN');
  });
  return {
    db,
    prisma,
    counter,
    posts: new PostRepository(prisma),
    visibility,
    search: new SearchRepository(prisma),
    close: async () => {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

export const viewer = (userId: string | null, role: Role | null = userId ? 'USER' : null): Viewer => ({
  userId,
  role,
  requestId: 'medium-test',
});

export const anonymous = viewer(null);
/** Staff is decided by an account's copied role, so staff viewers are accounts every test database has. */
const STAFF = { MODERATOR: '00000000-0000-7000-8000-00000000000d', ADMIN: '00000000-0000-7000-8000-00000000000e' };
export const moderator = () => viewer(STAFF.MODERATOR, 'MODERATOR');
export const admin = () => viewer(STAFF.ADMIN, 'ADMIN');

/** Factories writing through the repositories' own write methods (those the services and consumers use). */
export function factories({ prisma, posts, visibility }: PostsDatabase) {
  let n = 0;
  return {
    /** An account as UserRegistered creates it: public, a unique username unless one is given. */
    async account(username = `user_${randomUUID().slice(0, 8)}`): Promise<string> {
      const id = randomUUID();
      await visibility.transaction((tx) => visibility.createAccount(tx, id, username));
      return id;
    },
    /** A private account, as a ProfileUpdated with isPrivate makes it. */
    async privateAccount(): Promise<string> {
      const id = randomUUID();
      await visibility.transaction((tx) =>
        visibility.applyProfile(tx, {
          userId: id,
          username: `priv_${randomUUID().slice(0, 8)}`,
          displayName: null,
          isPrivate: true,
          version: 1,
        }),
      );
      return id;
    },
    follow: (followerId: string, followeeId: string) =>
      visibility.transaction((tx) => visibility.addFollow(tx, { followerId, followeeId })),
    unfollow: (followerId: string, followeeId: string) =>
      visibility.transaction((tx) => visibility.removeFollow(tx, { followerId, followeeId })),
    block: (blockerId: string, blockedId: string) =>
      visibility.transaction((tx) => visibility.addBlock(tx, { blockerId, blockedId })),
    unblock: (blockerId: string, blockedId: string) =>
      visibility.transaction((tx) => visibility.removeBlock(tx, { blockerId, blockedId })),
    post(
      authorId: string,
      fields: { caption?: string | null; hashtags?: string[] } = {},
      media: NewMedia[] = [],
    ): Promise<PostRow> {
      return posts.transaction((tx) =>
        posts.createPost(
          tx,
          { authorId, caption: fields.caption ?? null, hashtags: fields.hashtags ?? [], mentionIds: [] },
          media,
        ),
      );
    },
    /**
     * Four posts sharing one `createdAt`, written in an order that is neither their ids' order nor
     * its reverse, so only an explicit `id` tie-break (not the table's or an index's order) sorts them.
     */
    async tiedPosts(authorId: string, createdAt: Date, caption: string | null = null): Promise<string[]> {
      const ids = Array.from({ length: 4 }, () => randomUUID()).sort();
      for (const i of [1, 3, 0, 2]) {
        await prisma.post.create({ data: { id: ids[i]!, authorId, caption, hashtags: [], mentionIds: [], createdAt } });
      }
      return ids;
    },
    media(position: number, fields: Partial<NewMedia> = {}): NewMedia {
      n += 1;
      return {
        position,
        storageKey: `k/${randomUUID()}/${n}`,
        contentType: 'image/png',
        byteSize: 100 + position,
        width: 10,
        height: 10,
        ...fields,
      };
    },
  };
}
