import type { Viewer } from '@shutter/runtime';
import DataLoader from 'dataloader';
import { Prisma, type Media, type Post, type PrismaClient, type Tx, type Upload } from '../db.js';

/**
 * Who may see a post, as SQL over this subgraph's copies of privacy, follows and blocks:
 * staff see everything; blocked users (either way) see nothing of each other; a private account's
 * posts are for its author and approved followers.
 */
export function visibleTo(viewer: Viewer, { publicOnly = false } = {}): Prisma.Sql {
  if (!publicOnly && (viewer.role === 'ADMIN' || viewer.role === 'MODERATOR')) return Prisma.sql`TRUE`;
  const isPublic = Prisma.sql`NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = p.author_id AND a.is_private)`;
  if (!viewer.userId) return isPublic;
  const me = Prisma.sql`${viewer.userId}::uuid`;
  const notBlocked = Prisma.sql`NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = p.author_id AND b.blocked_id = ${me})
                                                                    OR (b.blocker_id = ${me} AND b.blocked_id = p.author_id))`;
  if (publicOnly) return Prisma.sql`${notBlocked} AND ${isPublic}`;
  return Prisma.sql`${notBlocked} AND (p.author_id = ${me} OR ${isPublic}
    OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${me} AND f.followee_id = p.author_id))`;
}

export interface PostRow {
  id: string;
  author_id: string;
  caption: string | null;
  hashtags: string[];
  mention_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export type PageAfter = [string, string] | null;

export class PostRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Request-scoped: the posts among `ids` that the viewer may see, one query per batch. */
  createVisibleLoader(viewer: Viewer) {
    return new DataLoader<string, PostRow | null>(async (ids) => {
      const rows = await this.prisma.$queryRaw<PostRow[]>`
        SELECT p.* FROM posts p WHERE p.id = ANY(${[...ids]}::uuid[]) AND ${visibleTo(viewer)}`;
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  createMediaLoader() {
    return new DataLoader<string, Media[]>(async (postIds) => {
      const rows = await this.prisma.media.findMany({
        where: { postId: { in: [...postIds] } },
        orderBy: { position: 'asc' },
      });
      return postIds.map((id) => rows.filter((m) => m.postId === id));
    });
  }

  createCountLoader() {
    return new DataLoader<string, number>(async (authorIds) => {
      const rows = await this.prisma.post.groupBy({
        by: ['authorId'],
        where: { authorId: { in: [...authorIds] } },
        _count: true,
      });
      const counts = new Map(rows.map((r) => [r.authorId, r._count]));
      return authorIds.map((id) => counts.get(id) ?? 0);
    });
  }

  /** A page of visible posts, newest first, filtered by author or hashtag or neither (explore). */
  page(
    viewer: Viewer,
    filter: { authorId?: string; hashtag?: string; publicOnly?: boolean },
    limit: number,
    after: PageAfter,
  ): Promise<PostRow[]> {
    const where = [visibleTo(viewer, { publicOnly: filter.publicOnly ?? false })];
    if (filter.authorId) where.push(Prisma.sql`p.author_id = ${filter.authorId}::uuid`);
    if (filter.hashtag) where.push(Prisma.sql`p.hashtags @> ARRAY[${filter.hashtag}]::text[]`);
    if (after) where.push(Prisma.sql`(p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
    return this.prisma.$queryRaw<PostRow[]>`
      SELECT p.* FROM posts p WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit}`;
  }

  findUploads(ids: string[]): Promise<Upload[]> {
    return this.prisma.upload.findMany({ where: { id: { in: ids } } });
  }

  createUpload(data: {
    ownerId: string;
    storageKey: string;
    contentType: string;
    byteSize: number;
    expiresAt: Date;
    id: string;
  }) {
    return this.prisma.upload.create({ data });
  }

  findAccountIdsByUsername(usernames: string[]): Promise<{ userId: string; username: string }[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.prisma.account.findMany({
      where: { username: { in: usernames } },
      select: { userId: true, username: true },
    });
  }

  /** Marks the uploads used, only if none was used yet; false when another post took one first. */
  async claimUploads(tx: Tx, ids: string[], now: Date): Promise<boolean> {
    const { count } = await tx.upload.updateMany({ where: { id: { in: ids }, usedAt: null }, data: { usedAt: now } });
    return count === ids.length;
  }

  createPost(
    tx: Tx,
    data: { authorId: string; caption: string | null; hashtags: string[]; mentionIds: string[] },
    media: Omit<Media, 'id' | 'postId'>[],
  ): Promise<Post> {
    return tx.post.create({ data: { ...data, media: { create: media } } });
  }

  findPost(tx: Tx, id: string): Promise<(Post & { media: Media[] }) | null> {
    return tx.post.findUnique({ where: { id }, include: { media: true } });
  }

  updateCaption(
    tx: Tx,
    id: string,
    data: { caption: string | null; hashtags: string[]; mentionIds: string[] },
  ): Promise<Post> {
    return tx.post.update({ where: { id }, data });
  }

  async deletePost(tx: Tx, id: string): Promise<void> {
    await tx.post.delete({ where: { id } });
  }
}
