import { randomUUID } from 'node:crypto';
import { recordEvent } from '@shutter/events';
import {
  badInput,
  forbidden,
  notFound,
  parsePage,
  toConnection,
  unauthenticated,
  validateInput,
  type Logger,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { z } from 'zod';
import type { Media, PrismaClient } from '../db.js';
import type { PostRepository, PostRow } from '../repositories/post.repository.js';
import type { SearchIndex } from '../search/search.js';
import type { MediaStorage, UploadTarget } from '../storage/storage.js';
import { parseHashtags, parseMentions } from './caption.js';
import { inspectMedia, MEDIA_TYPES, SNIFF_BYTES } from './media.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPLOAD_TTL_SECONDS = 15 * 60;
// Object stores and this server disagree on clocks by a little.
const CLOCK_SKEW_MS = 5_000;

const requestUploadSchema = z.object({
  contentType: z.string().refine((t) => t in MEDIA_TYPES, {
    message: `must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
  }),
  byteSize: z.number().int().min(1, 'must be at least 1'),
});

const captionSchema = z.string().max(2_200, 'must be at most 2200 characters').nullable().optional();

const createPostSchema = z.object({
  caption: captionSchema,
  uploadIds: z
    .array(z.string().regex(UUID, 'must be upload ids'))
    .min(1, 'must name at least one upload')
    .max(10, 'must name at most 10 uploads')
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an upload'),
});

export interface PostLoaders {
  visible: DataLoader<string, PostRow | null>;
  media: DataLoader<string, Media[]>;
  counts: DataLoader<string, number>;
}

export class PostService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly posts: PostRepository,
    private readonly storage: MediaStorage,
    private readonly search: SearchIndex,
    private readonly loaders: PostLoaders,
    private readonly viewer: Viewer,
    private readonly logger: Logger,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async get(id: string): Promise<PostRow | null> {
    return UUID.test(id) ? this.loaders.visible.load(id.toLowerCase()) : null;
  }

  media(postId: string): Promise<Media[]> {
    return this.loaders.media.load(postId);
  }

  mediaUrl(media: Media): Promise<string> {
    return this.storage.readUrl(media.storageKey, media.contentType);
  }

  count(authorId: string): Promise<number> {
    return this.loaders.counts.load(authorId);
  }

  async page(filter: { authorId?: string; hashtag?: string; publicOnly?: boolean }, args: PageArgs) {
    const page = parsePage(args, 2);
    if (filter.authorId && !UUID.test(filter.authorId))
      return toConnection(
        [],
        page.first,
        () => [],
        (r) => r,
      );
    const rows = await this.posts.page(this.viewer, filter, page.first + 1, page.after as [string, string] | null);
    for (const row of rows) this.loaders.visible.prime(row.id, row);
    return toConnection(
      rows,
      page.first,
      (row) => [row.created_at.toISOString(), row.id],
      (row) => row,
    );
  }

  hashtag(tag: string, args: PageArgs) {
    const normalized = tag.trim().replace(/^#/, '').toLowerCase();
    if (!/^[\p{L}\p{N}_]{1,100}$/u.test(normalized)) throw badInput('tag', 'tag: must be a hashtag such as "sunset"');
    return this.page({ hashtag: normalized }, args);
  }

  /** Users and posts matching `query` that the viewer may see. */
  async find(rawQuery: string, args: PageArgs) {
    const query = rawQuery.trim();
    if (query.length < 1 || query.length > 100) throw badInput('query', 'query: must be 1 to 100 characters');
    const page = parsePage(args, 2);
    const [userIds, hits] = await Promise.all([
      page.after ? Promise.resolve([]) : this.search.users(query, this.viewer, 20),
      this.search.posts(query, this.viewer, page.first + 1, page.after as [string, string] | null),
    ]);
    // The index proposes; this subgraph's visibility rules decide what is shown.
    const rows = (await this.loaders.visible.loadMany(hits.map((h) => h.id))).filter(
      (row): row is PostRow => !!row && !(row instanceof Error),
    );
    return {
      users: userIds.map((id) => ({ __typename: 'User', id })),
      posts: toConnection(
        rows,
        page.first,
        (row) => [row.created_at.toISOString(), row.id],
        (row) => row,
      ),
    };
  }

  // ---- writes ------------------------------------------------------------------------------

  async requestUpload(rawInput: unknown): Promise<UploadTarget & { uploadId: string }> {
    const ownerId = this.requireViewer();
    const input = validateInput(requestUploadSchema, rawInput, 'input');
    const limit = MEDIA_TYPES[input.contentType]!.maxBytes;
    if (input.byteSize > limit)
      throw badInput('input.byteSize', `input.byteSize: must be at most ${limit} bytes for ${input.contentType}`);
    const id = randomUUID();
    const storageKey = `u/${ownerId}/${id}`;
    const expiresAt = new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000);
    const target = await this.storage.createUploadTarget(storageKey, input.contentType, input.byteSize, expiresAt);
    await this.posts.createUpload({
      id,
      ownerId,
      storageKey,
      contentType: input.contentType,
      byteSize: input.byteSize,
      expiresAt,
    });
    return { uploadId: id, ...target };
  }

  async create(rawInput: unknown): Promise<PostRow> {
    const authorId = this.requireViewer();
    const input = validateInput(createPostSchema, rawInput, 'input');
    const caption = input.caption?.trim() || null;
    const uploads = await this.posts.findUploads(input.uploadIds);
    const byId = new Map(uploads.map((u) => [u.id, u]));
    const media: Omit<Media, 'id' | 'postId'>[] = [];
    for (const [position, id] of input.uploadIds.entries()) {
      const upload = byId.get(id);
      // Someone else's upload is reported exactly like a missing one: ids reveal nothing.
      if (!upload || upload.ownerId !== authorId) throw badInput('input.uploadIds', `input.uploadIds: no upload ${id}`);
      if (upload.usedAt) throw badInput('input.uploadIds', `input.uploadIds: upload ${id} is already in a post`);
      const stored = await this.storage.stat(upload.storageKey);
      if (!stored) {
        const expired = upload.expiresAt.getTime() < Date.now();
        throw badInput(
          'input.uploadIds',
          `input.uploadIds: upload ${id} ${expired ? 'expired before any bytes arrived' : 'has no bytes yet'}`,
        );
      }
      if (stored.lastModified.getTime() > upload.expiresAt.getTime() + CLOCK_SKEW_MS) {
        throw badInput('input.uploadIds', `input.uploadIds: upload ${id} arrived after its target expired`);
      }
      if (stored.size > upload.byteSize) {
        throw badInput(
          'input.uploadIds',
          `input.uploadIds: upload ${id} is larger than the ${upload.byteSize} bytes requested`,
        );
      }
      const inspected = await inspectMedia(await this.storage.readStart(upload.storageKey, SNIFF_BYTES));
      if (!inspected || MEDIA_TYPES[inspected.contentType]!.kind !== MEDIA_TYPES[upload.contentType]!.kind) {
        throw badInput(
          'input.uploadIds',
          `input.uploadIds: upload ${id} is not a supported ${MEDIA_TYPES[upload.contentType]!.kind}`,
        );
      }
      media.push({
        position,
        storageKey: upload.storageKey,
        contentType: inspected.contentType,
        byteSize: stored.size,
        width: inspected.width,
        height: inspected.height,
      });
    }
    const hashtags = parseHashtags(caption);
    const mentionIds = await this.mentionIds(caption);
    const post = await this.prisma.$transaction(async (tx) => {
      if (!(await this.posts.claimUploads(tx, input.uploadIds, new Date()))) {
        throw badInput('input.uploadIds', 'input.uploadIds: an upload is already in another post');
      }
      const created = await this.posts.createPost(tx, { authorId, caption, hashtags, mentionIds }, media);
      await recordEvent(tx, 'PostCreated', created.id, {
        postId: created.id,
        authorId,
        caption,
        hashtags,
        mentionIds,
        mediaCount: media.length,
        createdAt: created.createdAt.toISOString(),
      });
      return created;
    });
    return this.toRow(post);
  }

  async updateCaption(id: string, rawCaption: unknown): Promise<PostRow> {
    const viewerId = this.requireViewer();
    const caption = validateInput(captionSchema, rawCaption, 'caption')?.trim() || null;
    const existing = await this.get(id);
    if (!existing) throw notFound('No post with this id.');
    if (existing.author_id !== viewerId) throw forbidden('Only the author can edit a post.');
    const hashtags = parseHashtags(caption);
    const mentionIds = await this.mentionIds(caption);
    const post = await this.prisma.$transaction(async (tx) => {
      const updated = await this.posts.updateCaption(tx, existing.id, { caption, hashtags, mentionIds });
      await recordEvent(tx, 'PostUpdated', updated.id, {
        postId: updated.id,
        authorId: updated.authorId,
        caption,
        hashtags,
        mentionIds,
        updatedAt: updated.updatedAt.toISOString(),
      });
      return updated;
    });
    const row = this.toRow(post);
    this.loaders.visible.clear(row.id).prime(row.id, row);
    return row;
  }

  async delete(id: string): Promise<string> {
    const viewerId = this.requireViewer();
    const existing = await this.get(id);
    if (!existing) throw notFound('No post with this id.');
    const staff = this.viewer.role === 'ADMIN' || this.viewer.role === 'MODERATOR';
    if (existing.author_id !== viewerId && !staff) throw forbidden('Only the author or a moderator can delete a post.');
    const keys = await this.prisma.$transaction(async (tx) => {
      const post = await this.posts.findPost(tx, existing.id);
      if (!post) return [];
      await this.posts.deletePost(tx, post.id);
      await recordEvent(tx, 'PostDeleted', post.id, { postId: post.id, authorId: post.authorId, deletedBy: viewerId });
      return post.media.map((m) => m.storageKey);
    });
    // The bytes go after the rows: a failure here leaves orphaned objects, never a post without media.
    await this.storage
      .delete(keys)
      .catch((error: unknown) => this.logger.warn({ err: error, keys }, 'could not delete media objects'));
    this.loaders.visible.clear(existing.id);
    return existing.id;
  }

  private async mentionIds(caption: string | null): Promise<string[]> {
    const names = parseMentions(caption);
    const accounts = await this.posts.findAccountIdsByUsername(names);
    return names.map((n) => accounts.find((a) => a.username === n)?.userId).filter((id): id is string => !!id);
  }

  private requireViewer(): string {
    if (!this.viewer.userId) throw unauthenticated();
    return this.viewer.userId;
  }

  private toRow(post: {
    id: string;
    authorId: string;
    caption: string | null;
    hashtags: string[];
    mentionIds: string[];
    createdAt: Date;
    updatedAt: Date;
  }): PostRow {
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
}
