import { recordEvent } from '@shutter/events';
import {
  badInput,
  CREATED_AT_ID,
  DomainError,
  emptyConnection,
  isUuid,
  parsePage,
  requireViewer,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { CommentError } from '../errors.js';
import type { CommentRepository, CommentRow, PageAfter, PageOf } from '../repositories/comment.repository.js';
import { parseMentions } from '@shutter/runtime';
import type { PostRef } from '@shutter/runtime';

export const MAX_BODY_CHARACTERS = 2_200;

export interface CommentLoaders {
  /** Comments by id that the viewer is shown (null: missing, or its author in a block with the viewer). */
  shown: DataLoader<string, CommentRow | null>;
  /** Each post's comment count, from its counter. */
  counts: DataLoader<string, number>;
  /** Posts the viewer may see, as the posts subgraph answers (null: missing, deleted or hidden). */
  posts: DataLoader<string, PostRef | null>;
  /** Batched pages of posts' top-level comments or threads' replies, per page arguments. */
  pages(of: PageOf, limit: number, after: PageAfter): DataLoader<string, CommentRow[]>;
}

const commentCursor = (row: CommentRow) => [row.createdAt.toISOString(), row.id];

/** An id argument: a UUID (any case, stored lower-case), or BAD_USER_INPUT naming the argument. */
function idArgument(raw: string, field: string): string {
  if (!isUuid(raw)) throw badInput(field, `${field}: must be a valid id`);
  return raw.toLowerCase();
}

/** A body: trimmed, 1..2200 characters (code points, as PostgreSQL's varchar counts them). */
function bodyArgument(raw: string): string {
  const body = raw.trim();
  if (body.length === 0) throw badInput('body', 'body: must not be empty');
  if ([...body].length > MAX_BODY_CHARACTERS) {
    throw badInput('body', `body: must be at most ${MAX_BODY_CHARACTERS} characters`);
  }
  return body;
}

const postNotFound = () => new DomainError(CommentError.POST_NOT_FOUND, 'No post with this id.', 'postId');
const commentNotFound = (field: string) =>
  new DomainError(CommentError.COMMENT_NOT_FOUND, 'No comment with this id.', field);

/**
 * The comment rules: who may comment, reply, edit and delete, what a viewer is shown, and the
 * counters. Visibility of the post is the posts subgraph's answer; blocks and roles come from this
 * subgraph's copies.
 */
export class CommentService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly loaders: CommentLoaders,
    private readonly viewer: Viewer,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /**
   * A comment by id for a request that did not come through its post (Query.comment, a Comment
   * reference): shown only if the viewer may see the post too. A malformed id names nothing.
   */
  async get(rawId: string): Promise<CommentRow | null> {
    if (!isUuid(rawId)) return null;
    const comment = await this.loaders.shown.load(rawId.toLowerCase());
    if (!comment) return null;
    return (await this.loaders.posts.load(comment.postId)) ? comment : null;
  }

  /** Resolved under a Post the gateway already got from posts, i.e. one the viewer may see. */
  commentCount(postId: string): Promise<number> {
    return isUuid(postId) ? this.loaders.counts.load(postId.toLowerCase()) : Promise.resolve(0);
  }

  /** A post's top-level comments, oldest first (under a Post the viewer may see). */
  postComments(postId: string, args: PageArgs): Promise<Connection<CommentRow>> {
    return this.page('post', postId, args);
  }

  /** A top-level comment's replies, oldest first; a reply has none. */
  replies(comment: CommentRow, args: PageArgs): Promise<Connection<CommentRow>> {
    if (comment.parentId) {
      parsePage(args, CREATED_AT_ID);
      return Promise.resolve(emptyConnection());
    }
    return this.page('replies', comment.id, args);
  }

  /** The thread's top-level comment, when the viewer is shown it. */
  async parent(comment: CommentRow): Promise<CommentRow | null> {
    return comment.parentId ? this.loaders.shown.load(comment.parentId) : null;
  }

  private async page(of: PageOf, ownerId: string, args: PageArgs): Promise<Connection<CommentRow>> {
    const page = parsePage(args, CREATED_AT_ID);
    if (!isUuid(ownerId)) return emptyConnection();
    const rows = await this.loaders.pages(of, page.first + 1, page.after).load(ownerId.toLowerCase());
    for (const row of rows) this.loaders.shown.prime(row.id, row);
    return toConnection(rows, page.first, commentCursor, (row) => row);
  }

  // ---- writes ------------------------------------------------------------------------------

  async add(rawPostId: string, rawBody: string, rawParentId: string | null | undefined): Promise<CommentRow> {
    const authorId = requireViewer(this.viewer);
    const postId = idArgument(rawPostId, 'postId');
    const parentId = rawParentId == null ? null : idArgument(rawParentId, 'parentId');
    const body = bodyArgument(rawBody);
    const post = await this.loaders.posts.load(postId);
    if (!post) throw postNotFound();
    let threadId: string | null = null;
    if (parentId) {
      const parent = await this.loaders.shown.load(parentId);
      if (!parent) throw commentNotFound('parentId');
      if (parent.postId !== postId) {
        throw new DomainError(
          CommentError.PARENT_ON_OTHER_POST,
          'parentId: must be a comment of the same post',
          'parentId',
        );
      }
      // One level of threading: a reply to a reply joins its top-level comment's thread.
      threadId = parent.parentId ?? parent.id;
    }
    const mentionIds = await this.mentionIds(body);
    const created = await this.comments.transaction(async (tx) => {
      if ((await this.comments.lockPost(tx, postId)).deleted) throw postNotFound();
      // Read under the post's lock: a deletion of the thread either committed before or waits for us.
      if (threadId && !(await this.comments.exists(tx, threadId))) throw commentNotFound('parentId');
      const row = await this.comments.insert(tx, { postId, authorId, parentId: threadId, body, mentionIds });
      await this.comments.adjustPostCount(tx, postId, 1);
      if (threadId) await this.comments.adjustReplyCount(tx, threadId, 1);
      await recordEvent(tx, 'CommentCreated', postId, {
        commentId: row.id,
        postId,
        postAuthorId: post.authorId,
        authorId,
        parentId: threadId,
        body,
        mentionIds,
        createdAt: row.createdAt.toISOString(),
      });
      return row;
    });
    // The read after the write, in this request, sees what was just written.
    this.loaders.shown.clear(created.id).prime(created.id, created);
    this.loaders.counts.clear(postId);
    return created;
  }

  async edit(rawId: string, rawBody: string): Promise<CommentRow> {
    const viewerId = requireViewer(this.viewer);
    const id = idArgument(rawId, 'id');
    const body = bodyArgument(rawBody);
    const comment = await this.get(id);
    if (!comment) throw commentNotFound('id');
    if (comment.authorId !== viewerId) {
      throw new DomainError(CommentError.NOT_COMMENT_AUTHOR, 'Only the author can edit a comment.');
    }
    const updated = await this.comments.updateBody(id, body, await this.mentionIds(body));
    if (!updated) throw commentNotFound('id');
    this.loaders.shown.clear(id).prime(id, updated);
    return updated;
  }

  /** Deletes a comment with its replies; returns its id. */
  async delete(rawId: string): Promise<string> {
    const viewerId = requireViewer(this.viewer);
    const id = idArgument(rawId, 'id');
    // Whatever the blocks: a post's author keeps moderating comments of accounts they blocked.
    const comment = await this.comments.find(id);
    const post = comment && (await this.loaders.posts.load(comment.postId));
    if (!comment || !post) throw commentNotFound('id');
    // Staff by the role the account has now (this subgraph's copy), not by the one the token claims.
    const allowed =
      comment.authorId === viewerId || post.authorId === viewerId || (await this.comments.isStaff(viewerId));
    if (!allowed) {
      // Another's comment the viewer is not shown (across a block) is not found, as for reads.
      if (!(await this.loaders.shown.load(id))) throw commentNotFound('id');
      throw new DomainError(
        CommentError.NOT_ALLOWED_TO_DELETE,
        "Only the comment's author, the post's author or a moderator can delete a comment.",
      );
    }
    await this.comments.transaction(async (tx) => {
      // A deleted post's comments are gone already (PostDeleted): nothing left to delete.
      if ((await this.comments.lockPost(tx, comment.postId)).deleted) throw commentNotFound('id');
      const removed = await this.comments.deleteThread(tx, id);
      // Deleted meanwhile (a concurrent deleteComment, or its thread's): counted once, by that one.
      if (removed.length === 0) throw commentNotFound('id');
      const deleted = removed.find((row) => row.id === id)!;
      await this.comments.adjustPostCount(tx, comment.postId, -removed.length);
      if (deleted.parentId) await this.comments.adjustReplyCount(tx, deleted.parentId, -1);
      // The comment first, then its replies in the order they were made (ids are UUIDv7).
      const ordered = [deleted, ...removed.filter((row) => row !== deleted).sort((a, b) => a.id.localeCompare(b.id))];
      for (const row of ordered) {
        await recordEvent(tx, 'CommentDeleted', row.postId, {
          commentId: row.id,
          postId: row.postId,
          authorId: row.authorId,
          parentId: row.parentId,
          deletedBy: viewerId,
        });
      }
    });
    this.loaders.shown.clear(id);
    this.loaders.counts.clear(comment.postId);
    return id;
  }

  /** The ids of existing accounts @mentioned in the body, in order of appearance. */
  private async mentionIds(body: string): Promise<string[]> {
    const names = parseMentions(body);
    const accounts = await this.comments.findAccountIdsByUsername(names);
    return names.map((n) => accounts.find((a) => a.username === n)?.userId).filter((id): id is string => !!id);
  }
}
