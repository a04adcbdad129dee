import { createKeyLoader, createLoader, isUuid, PrismaRepository, type Viewer } from '@shutter/runtime';
import { Prisma, type Avatar, type Media, type Post, type PrismaClient, type Tx, type Upload } from './db.js';
import { visibleTo } from './visibility.repository.js';

export type { Avatar, Media, Tx, Upload } from './db.js';

/** A post as its resolvers receive it: a row of `posts` (snake_case, as raw SQL returns it). */
export interface PostRow {
  id: string;
  author_id: string;
  caption: string | null;
  hashtags: string[];
  mention_ids: string[];
  created_at: Date;
  updated_at: Date;
  /** The post's media in display order, when the query that read the post brought them along. */
  media?: Media[];
}

/** The keyset (createdAt ISO string, id) after which a newest-first page continues. */
export type PageAfter = [string, string] | null;

export interface PostFilter {
  authorId?: string;
  hashtag?: string;
  /** Public accounts' posts only (explore), whoever asks. */
  publicOnly?: boolean;
}

export type NewMedia = Omit<Media, 'id' | 'postId'>;

export interface CaptionFields {
  caption: string | null;
  hashtags: string[];
  mentionIds: string[];
}

function toPostRow(post: Post): PostRow {
  return {
    id: post.id,
    author_id: post.authorId,
    caption: post.caption,
    hashtags: post.hashtags,
    mention_ids: post.mentionIds,
    created_at: post.createdAt,
    updated_at: post.updatedAt,
  };
}

/**
 * A post's columns and its media in display order (as JSON, in the same statement): a page of posts
 * with their images is one query, not two (issue 10). The columns by name, never `p.*`: some of these
 * statements are prepared (ADR 0024), and a prepared `*` fails with "cached plan must not change result
 * type" on every open connection once a migration adds a column (a rolling deploy's old replicas).
 */
export const POST_WITH_MEDIA = Prisma.sql`p.id, p.author_id, p.caption, p.hashtags, p.mention_ids, p.created_at,
  p.updated_at, COALESCE((
  SELECT json_agg(json_build_object('id', m.id, 'postId', m.post_id, 'position', m.position,
                                    'storageKey', m.storage_key, 'contentType', m.content_type,
                                    'byteSize', m.byte_size, 'width', m.width, 'height', m.height)
                  ORDER BY m.position)
    FROM media m WHERE m.post_id = p.id), '[]'::json) AS media`;

/** Posts, their media and uploads. Multi-step writes run inside a transaction the service opens. */
export class PostRepository extends PrismaRepository<PrismaClient> {
  /** Request-scoped: the posts among `ids` that the viewer may see, one query per batch. */
  createVisibleLoader(viewer: Viewer) {
    return createKeyLoader<string, PostRow>(
      'posts.visibleById',
      (ids) =>
        this.readRows<PostRow>(
          Prisma.sql`SELECT ${POST_WITH_MEDIA} FROM posts p WHERE p.id = ANY(${[...ids]}::uuid[]) AND ${visibleTo(viewer)}`,
        ),
      (row) => row.id,
    );
  }

  /** Each post's media in display order, one query per batch (for posts read without them). */
  createMediaLoader() {
    return createLoader<string, Media[]>('posts.media', async (postIds) => {
      const rows = await this.prisma.media.findMany({
        where: { postId: { in: [...postIds] } },
        orderBy: { position: 'asc' },
      });
      return postIds.map((id) => rows.filter((m) => m.postId === id));
    });
  }

  /** Each author's number of posts, one query per batch. */
  createCountLoader() {
    return createLoader<string, number>('posts.countByAuthor', async (authorIds) => {
      const rows = await this.readRows<{ author_id: string; n: number }>(
        Prisma.sql`SELECT author_id, count(*)::int AS n FROM posts
                    WHERE author_id = ANY(${authorIds.filter(isUuid)}::uuid[]) GROUP BY author_id`,
        { prepared: true },
      );
      const counts = new Map(rows.map((r) => [r.author_id, r.n]));
      return authorIds.map((id) => counts.get(id) ?? 0);
    });
  }

  /** A page of the posts the viewer may see, newest first, filtered by author or hashtag or neither (explore). */
  page(viewer: Viewer, filter: PostFilter, limit: number, after: PageAfter): Promise<PostRow[]> {
    const where = [visibleTo(viewer, { publicOnly: filter.publicOnly ?? false })];
    if (filter.authorId) where.push(Prisma.sql`p.author_id = ${filter.authorId}::uuid`);
    if (filter.hashtag) {
      // The tag's rows newest first (post_hashtags, ADR 0024): one index range whatever the tag, so
      // one generic plan serves every tag and the statement is prepared.
      where.push(Prisma.sql`h.tag = ${filter.hashtag}`);
      if (after) where.push(Prisma.sql`(h.created_at, h.post_id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      return this.readRows<PostRow>(
        Prisma.sql`
          SELECT ${POST_WITH_MEDIA} FROM post_hashtags h JOIN posts p ON p.id = h.post_id
           WHERE ${Prisma.join(where, ' AND ')}
           ORDER BY h.created_at DESC, h.post_id DESC LIMIT ${limit}`,
        { prepared: true },
      );
    }
    if (after) where.push(Prisma.sql`(p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
    // A plan per run (not prepared): how far the newest-first scan goes depends on the filter.
    return this.readRows<PostRow>(Prisma.sql`
      SELECT ${POST_WITH_MEDIA} FROM posts p WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit}`);
  }

  findUploads(ids: string[]): Promise<Upload[]> {
    return this.prisma.upload.findMany({ where: { id: { in: ids } } });
  }

  /** Records uploads in one statement: all of them or none. */
  async createUploads(data: Omit<Upload, 'usedAt' | 'createdAt'>[]): Promise<void> {
    await this.prisma.upload.createMany({ data });
  }

  createAvatar(tx: Tx, data: Omit<Avatar, 'createdAt'>): Promise<Avatar> {
    return tx.avatar.create({ data });
  }

  findAvatar(id: string): Promise<Avatar | null> {
    return this.prisma.avatar.findUnique({ where: { id } });
  }

  /** Deletes the owner's avatar (one statement); its storage key, or null when there was none of theirs. */
  async deleteAvatar(id: string, ownerId: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ storage_key: string }[]>`
      DELETE FROM avatars WHERE id = ${id}::uuid AND owner_id = ${ownerId}::uuid RETURNING storage_key`;
    return row?.storage_key ?? null;
  }

  /** The accounts (of this subgraph's copy) with these usernames. */
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

  async createPost(tx: Tx, data: CaptionFields & { authorId: string }, media: NewMedia[]): Promise<PostRow> {
    return toPostRow(await tx.post.create({ data: { ...data, media: { create: media } } }));
  }

  /** The post with the storage keys of its media; null when it is gone already. */
  async findForDelete(tx: Tx, id: string): Promise<{ id: string; authorId: string; storageKeys: string[] } | null> {
    const post = await tx.post.findUnique({ where: { id }, include: { media: true } });
    return post && { id: post.id, authorId: post.authorId, storageKeys: post.media.map((m) => m.storageKey) };
  }

  async updateCaption(tx: Tx, id: string, data: CaptionFields): Promise<PostRow> {
    return toPostRow(await tx.post.update({ where: { id }, data }));
  }

  async deletePost(tx: Tx, id: string): Promise<void> {
    await tx.post.delete({ where: { id } });
  }
}
