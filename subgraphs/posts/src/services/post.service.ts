import { randomUUID } from 'node:crypto';
import { recordEvent } from '@shutter/events';
import {
  badInput,
  DomainError,
  isUuid,
  parseHashtags,
  parseMentions,
  requireViewer,
  validateInput,
} from '@shutter/runtime';
import {
  CREATED_AT_ID,
  emptyConnection,
  parsePage,
  toConnection,
  type Connection,
  type PageArgs,
} from '@shutter/runtime';
import type { Logger, Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { z } from 'zod';
import { PostError } from '../errors.js';
import type {
  Media,
  NewMedia,
  PageAfter,
  PostFilter,
  PostRepository,
  PostRow,
  Upload,
} from '../repositories/post.repository.js';
import { accountIsStaff } from '../repositories/visibility.repository.js';
import type { SearchIndex } from '../search/search.js';
import { mediaKey, uploadKey, type MediaStorage, type UploadTarget } from '../storage/storage.js';
import { inspectMedia, MEDIA_TYPES, SNIFF_BYTES, type MediaLimits } from './media.js';

const UPLOAD_TTL_SECONDS = 15 * 60;
// Object stores and this server disagree on clocks by a little.
const CLOCK_SKEW_MS = 5_000;
const SEARCH_USERS = 20;
/** How often one search page asks the index again past hits the viewer may not see, and the batch cap. */
const SEARCH_ROUNDS = 4;
const SEARCH_BATCH_MAX = 100;

/** The most files one requestUploads may ask for: as many as one post can hold. */
export const MAX_UPLOADS_PER_REQUEST = 10;

const requestUploadSchema = z
  .object({
    contentType: z.string().refine((t) => t in MEDIA_TYPES, {
      message: `must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
    }),
    byteSize: z.number().int().min(1, 'must be at least 1'),
  })
  .superRefine(({ contentType, byteSize }, ctx) => {
    const limit = MEDIA_TYPES[contentType]?.maxBytes;
    if (limit !== undefined && byteSize > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['byteSize'],
        message: `must be at most ${limit} bytes for ${contentType}`,
      });
    }
  });

const requestUploadsSchema = z.object({
  files: z
    .array(requestUploadSchema)
    .min(1, 'must name at least one file')
    .max(MAX_UPLOADS_PER_REQUEST, `must name at most ${MAX_UPLOADS_PER_REQUEST} files`),
});

type FileToUpload = z.infer<typeof requestUploadSchema>;

const captionSchema = z.string().max(2_200, 'must be at most 2200 characters').nullable().optional();

const createPostSchema = z.object({
  caption: captionSchema,
  uploadIds: z
    .array(z.string().refine(isUuid, 'must be upload ids'))
    .min(1, 'must name at least one upload')
    .max(10, 'must name at most 10 uploads')
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an upload'),
});

type UserRef = { __typename: 'User'; id: string };
const userRef = (id: string): UserRef => ({ __typename: 'User', id });
const postCursor = (row: PostRow) => [row.created_at.toISOString(), row.id];

export interface PostLoaders {
  /** The posts the viewer may see, by id (null for a missing or hidden one). */
  visible: DataLoader<string, PostRow | null>;
  media: DataLoader<string, Media[]>;
  counts: DataLoader<string, number>;
}

/** The post rules: uploads and what a post may be made of, who may edit or delete it, what a viewer sees. */
export class PostService {
  constructor(
    private readonly posts: PostRepository,
    private readonly storage: MediaStorage,
    private readonly search: SearchIndex,
    private readonly loaders: PostLoaders,
    private readonly viewer: Viewer,
    private readonly logger: Logger,
    private readonly limits: MediaLimits,
    /** The stable URL an avatar is served at (the subgraph's `/media/avatar/<id>` route). */
    private readonly avatarUrl: (id: string) => string = (id) => `/media/avatar/${id}`,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** The post if the viewer may see it; a malformed id names nothing (and is never queried). */
  async get(id: string): Promise<PostRow | null> {
    return isUuid(id) ? this.loaders.visible.load(id.toLowerCase()) : null;
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

  /** A page of the posts the viewer may see, newest first. */
  async page(filter: PostFilter, args: PageArgs): Promise<Connection<PostRow>> {
    const page = parsePage(args, CREATED_AT_ID);
    if (filter.authorId && !isUuid(filter.authorId)) return emptyConnection();
    const rows = await this.posts.page(this.viewer, filter, page.first + 1, page.after as PageAfter);
    for (const row of rows) this.loaders.visible.prime(row.id, row);
    return toConnection(rows, page.first, postCursor, (row) => row);
  }

  async hashtag(tag: string, args: PageArgs): Promise<Connection<PostRow>> {
    const normalized = tag.trim().replace(/^#/, '').toLowerCase();
    if (!/^[\p{L}\p{N}_]{1,100}$/u.test(normalized)) throw badInput('tag', 'tag: must be a hashtag such as "sunset"');
    return this.page({ hashtag: normalized }, args);
  }

  /** Users and posts matching `query` that the viewer may see. */
  async find(rawQuery: string, args: PageArgs): Promise<{ users: UserRef[]; posts: Connection<PostRow> }> {
    const query = rawQuery.trim();
    if (query.length < 1 || query.length > 100) throw badInput('query', 'query: must be 1 to 100 characters');
    const page = parsePage(args, CREATED_AT_ID);
    const [userIds, found] = await Promise.all([
      page.after ? Promise.resolve([]) : this.search.users(query, this.viewer, SEARCH_USERS),
      this.visibleHits(query, page.first, page.after as PageAfter),
    ]);
    const posts = toConnection(found.rows, page.first, postCursor, (row) => row);
    // Stopped short of a full page with hits left unread: the client asks on from the last post shown.
    if (found.more && !posts.pageInfo.hasNextPage && posts.edges.length > 0) posts.pageInfo.hasNextPage = true;
    return { users: userIds.map(userRef), posts };
  }

  /**
   * The index proposes; this subgraph's visibility rules decide what is shown. Hits the viewer may
   * not see (a private account's posts, a block) would otherwise make pages short and end the list
   * early, so the index is asked again past them, in bigger batches, a bounded number of times.
   * Returns up to `first + 1` visible posts in the index's order, and whether hits were left unread.
   */
  private async visibleHits(
    query: string,
    first: number,
    after: PageAfter,
  ): Promise<{ rows: PostRow[]; more: boolean }> {
    const rows: PostRow[] = [];
    let cursor = after;
    for (let round = 0; round < SEARCH_ROUNDS; round += 1) {
      const size = round === 0 ? first + 1 : Math.min(SEARCH_BATCH_MAX, 2 * (first + 1 - rows.length));
      const hits = await this.search.posts(query, this.viewer, size, cursor);
      const visible = await this.loaders.visible.loadMany(hits.map((h) => h.id));
      rows.push(...visible.filter((row): row is PostRow => !!row && !(row instanceof Error)));
      if (hits.length < size) return { rows, more: false };
      if (rows.length > first) return { rows: rows.slice(0, first + 1), more: true };
      const last = hits.at(-1)!;
      cursor = [last.createdAt.toISOString(), last.id];
    }
    return { rows, more: true };
  }

  // ---- writes ------------------------------------------------------------------------------

  async requestUpload(rawInput: unknown): Promise<UploadTarget & { uploadId: string }> {
    const ownerId = requireViewer(this.viewer);
    const input = validateInput(requestUploadSchema, rawInput, 'input');
    const [target] = await this.reserveUploads(ownerId, [input]);
    return target!;
  }

  /**
   * requestUpload for up to 10 files in one round trip, all or nothing: every invalid field is
   * reported at once (`input.files[2].byteSize`, …) and then no upload is reserved.
   */
  async requestUploads(rawInput: unknown): Promise<(UploadTarget & { uploadId: string })[]> {
    const ownerId = requireViewer(this.viewer);
    const input = validateInput(requestUploadsSchema, rawInput, 'input');
    return this.reserveUploads(ownerId, input.files);
  }

  /** Signs a target per file, then records every upload in one statement. */
  private async reserveUploads(
    ownerId: string,
    files: FileToUpload[],
  ): Promise<(UploadTarget & { uploadId: string })[]> {
    const expiresAt = new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000);
    const uploads = files.map((file) => {
      const id = randomUUID();
      return {
        id,
        ownerId,
        storageKey: uploadKey(ownerId, id),
        contentType: file.contentType,
        byteSize: file.byteSize,
        expiresAt,
      };
    });
    // Signing sends nothing to the storage: targets for uploads that end up unrecorded are harmless.
    const targets = await Promise.all(
      uploads.map((u) => this.storage.createUploadTarget(u.storageKey, u.contentType, u.byteSize, expiresAt)),
    );
    await this.posts.createUploads(uploads);
    return uploads.map((u, i) => ({ uploadId: u.id, ...targets[i]! }));
  }

  async create(rawInput: unknown): Promise<PostRow> {
    const authorId = requireViewer(this.viewer);
    const input = validateInput(createPostSchema, rawInput, 'input');
    const caption = input.caption?.trim() || null;
    const found = await this.posts.findUploads(input.uploadIds);
    const uploads = input.uploadIds.map((id) => {
      const upload = found.find((u) => u.id === id);
      // Someone else's upload is reported exactly like a missing one: ids reveal nothing.
      if (!upload || upload.ownerId !== authorId) throw uploadError(PostError.UPLOAD_NOT_FOUND, `no upload ${id}`);
      if (upload.usedAt) throw uploadError(PostError.UPLOAD_ALREADY_USED, `upload ${id} is already in a post`);
      return upload;
    });
    const hashtags = parseHashtags(caption);
    const mentionIds = await this.mentionIds(caption);
    // Media keys made so far: removed again unless the post that uses them commits.
    const copies: string[] = [];
    let created: PostRow;
    try {
      const media: NewMedia[] = [];
      for (const [position, upload] of uploads.entries()) {
        media.push(await this.checkUpload(upload, authorId, position, copies));
      }
      created = await this.posts.transaction(async (tx) => {
        if (!(await this.posts.claimUploads(tx, input.uploadIds, new Date()))) {
          throw uploadError(PostError.UPLOAD_ALREADY_USED, 'an upload is already in another post');
        }
        const row = await this.posts.createPost(tx, { authorId, caption, hashtags, mentionIds }, media);
        await recordEvent(tx, 'PostCreated', row.id, {
          postId: row.id,
          authorId,
          caption,
          hashtags,
          mentionIds,
          mediaCount: media.length,
          createdAt: row.created_at.toISOString(),
        });
        return row;
      });
    } catch (error) {
      await this.storage
        .delete(copies)
        .catch((cause: unknown) => this.logger.warn({ err: cause, keys: copies }, 'could not delete media copies'));
      throw error;
    }
    // The post serves its copies; the upload keys are done (and, on local disk, closed to writes).
    for (const upload of uploads) {
      await this.storage
        .retireUpload(upload.storageKey)
        .catch((cause: unknown) => this.logger.warn({ err: cause, key: upload.storageKey }, 'could not retire upload'));
    }
    return created;
  }

  // ---- avatars (ADR 0023) ----------------------------------------------------------------------

  /**
   * Makes the viewer's upload an avatar: the same checks as a post's image (images only), copied to
   * a media key, the upload used up in the avatar's transaction. Refusals are about `uploadId`;
   * nothing is left behind by one (copies are deleted, the upload stays usable).
   */
  async claimAvatar(uploadId: string): Promise<{ id: string; url: string }> {
    const ownerId = requireViewer(this.viewer);
    const avatarError = (code: PostError, problem: string) => fieldError(code, problem, 'uploadId');
    const [upload] = isUuid(uploadId) ? await this.posts.findUploads([uploadId.toLowerCase()]) : [];
    // Someone else's upload is reported exactly like a missing one: ids reveal nothing.
    if (!upload || upload.ownerId !== ownerId) throw avatarError(PostError.UPLOAD_NOT_FOUND, `no upload ${uploadId}`);
    if (upload.usedAt) throw avatarError(PostError.UPLOAD_ALREADY_USED, `upload ${upload.id} is already used`);
    if (MEDIA_TYPES[upload.contentType]?.kind !== 'image') {
      throw avatarError(PostError.UNSUPPORTED_MEDIA, `upload ${upload.id} is not an image (an avatar must be one)`);
    }
    const copies: string[] = [];
    let avatarId: string;
    try {
      const image = await this.checkUpload(upload, ownerId, 0, copies, 'uploadId');
      avatarId = randomUUID();
      await this.posts.transaction(async (tx) => {
        if (!(await this.posts.claimUploads(tx, [upload.id], new Date()))) {
          throw avatarError(PostError.UPLOAD_ALREADY_USED, `upload ${upload.id} is already used`);
        }
        await this.posts.createAvatar(tx, {
          id: avatarId,
          ownerId,
          storageKey: image.storageKey,
          contentType: image.contentType,
          width: image.width!,
          height: image.height!,
        });
      });
    } catch (error) {
      await this.storage
        .delete(copies)
        .catch((cause: unknown) => this.logger.warn({ err: cause, keys: copies }, 'could not delete avatar copies'));
      throw error;
    }
    await this.storage
      .retireUpload(upload.storageKey)
      .catch((cause: unknown) => this.logger.warn({ err: cause, key: upload.storageKey }, 'could not retire upload'));
    return { id: avatarId, url: this.avatarUrl(avatarId) };
  }

  /** Deletes one of the viewer's avatars and then its image; false when they have none with this id. */
  async releaseAvatar(id: string): Promise<boolean> {
    const ownerId = requireViewer(this.viewer);
    if (!isUuid(id)) return false;
    const key = await this.posts.deleteAvatar(id.toLowerCase(), ownerId);
    if (!key) return false;
    await this.storage
      .delete([key])
      .catch((error: unknown) => this.logger.warn({ err: error, key }, 'could not delete an avatar image'));
    return true;
  }

  async updateCaption(id: string, rawCaption: unknown): Promise<PostRow> {
    const viewerId = requireViewer(this.viewer);
    const caption = validateInput(captionSchema, rawCaption, 'caption')?.trim() || null;
    const existing = await this.get(id);
    if (!existing) throw new DomainError(PostError.POST_NOT_FOUND, 'No post with this id.');
    if (existing.author_id !== viewerId)
      throw new DomainError(PostError.NOT_AUTHOR, 'Only the author can edit a post.');
    const hashtags = parseHashtags(caption);
    const mentionIds = await this.mentionIds(caption);
    const updated = await this.posts.transaction(async (tx) => {
      const row = await this.posts.updateCaption(tx, existing.id, { caption, hashtags, mentionIds });
      await recordEvent(tx, 'PostUpdated', row.id, {
        postId: row.id,
        authorId: row.author_id,
        caption,
        hashtags,
        mentionIds,
        updatedAt: row.updated_at.toISOString(),
      });
      return row;
    });
    this.loaders.visible.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  async delete(id: string): Promise<string> {
    const viewerId = requireViewer(this.viewer);
    const existing = await this.get(id);
    if (!existing) throw new DomainError(PostError.POST_NOT_FOUND, 'No post with this id.');
    const keys = await this.posts.transaction(async (tx) => {
      // Staff by the role the account has now (this subgraph's copy), not by the one the token claims.
      if (existing.author_id !== viewerId && !(await accountIsStaff(tx, viewerId))) {
        throw new DomainError(PostError.NOT_AUTHOR, 'Only the author or a moderator can delete a post.');
      }
      const post = await this.posts.findForDelete(tx, existing.id);
      if (!post) return [];
      await this.posts.deletePost(tx, post.id);
      await recordEvent(tx, 'PostDeleted', post.id, { postId: post.id, authorId: post.authorId, deletedBy: viewerId });
      return post.storageKeys;
    });
    // The bytes go after the rows: a failure here leaves orphaned objects, never a post without media.
    await this.storage
      .delete(keys)
      .catch((error: unknown) => this.logger.warn({ err: error, keys }, 'could not delete media objects'));
    this.loaders.visible.clear(existing.id);
    return existing.id;
  }

  /**
   * What an upload becomes in a post: its bytes copied to a media key no client can write, and that
   * copy checked (there, in time, in size, of its kind, whole, within the image limits). Checking the
   * copy, not the upload key, means a write to the upload target during or after the checks cannot
   * change what the post serves. The media key goes into `copies` before it exists.
   */
  private async checkUpload(
    upload: Upload,
    authorId: string,
    position: number,
    copies: string[],
    field = 'input.uploadIds',
  ) {
    const uploadError = (code: PostError, problem: string) => fieldError(code, problem, field);
    const id = upload.id;
    const stored = await this.storage.stat(upload.storageKey);
    // Zero bytes: nothing arrived (S3's policy refuses empty bodies; on local disk, a retired key).
    if (!stored || stored.size === 0) {
      throw upload.expiresAt.getTime() < Date.now()
        ? uploadError(PostError.UPLOAD_EXPIRED, `upload ${id} expired before any bytes arrived`)
        : uploadError(PostError.UPLOAD_EMPTY, `upload ${id} has no bytes yet`);
    }
    if (stored.lastModified.getTime() > upload.expiresAt.getTime() + CLOCK_SKEW_MS) {
      throw uploadError(PostError.UPLOAD_EXPIRED, `upload ${id} arrived after its target expired`);
    }
    if (stored.size > upload.byteSize) {
      throw uploadError(
        PostError.UPLOAD_TOO_LARGE,
        `upload ${id} is larger than the ${upload.byteSize} bytes requested`,
      );
    }
    const key = mediaKey(authorId, randomUUID());
    copies.push(key);
    // Pinned to the version just checked: bytes sent again meanwhile are not taken unseen.
    if (!(await this.storage.copy(upload.storageKey, key, stored.version))) {
      throw uploadError(PostError.UPLOAD_EMPTY, `upload ${id} changed while it was checked; send it once`);
    }
    const kind = MEDIA_TYPES[upload.contentType]!.kind;
    const bytes = await this.storage.readStart(key, kind === 'image' ? stored.size : SNIFF_BYTES);
    const inspected = await inspectMedia(bytes, kind, this.limits);
    if (!inspected.ok) throw uploadError(PostError.UNSUPPORTED_MEDIA, `upload ${id} ${inspected.problem}`);
    return {
      position,
      storageKey: key,
      contentType: inspected.contentType,
      byteSize: stored.size,
      width: inspected.width,
      height: inspected.height,
    } satisfies NewMedia;
  }

  /** The ids of existing accounts @mentioned in the caption, in order of appearance. */
  private async mentionIds(caption: string | null): Promise<string[]> {
    const names = parseMentions(caption);
    const accounts = await this.posts.findAccountIdsByUsername(names);
    return names.map((n) => accounts.find((a) => a.username === n)?.userId).filter((id): id is string => !!id);
  }
}

/** An upload that cannot go into a post; always about `input.uploadIds`. */
function uploadError(code: PostError, problem: string): DomainError<PostError> {
  return fieldError(code, problem, 'input.uploadIds');
}

function fieldError(code: PostError, problem: string, field: string): DomainError<PostError> {
  return new DomainError(code, `${field}: ${problem}`, field);
}
