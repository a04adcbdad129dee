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
import { LikeError } from '../errors.js';
import type { LikeChange, LikeRepository, LikerRow, LikeSummary, PageAfter } from '../repositories/like.repository.js';
import type { PostRef } from '@shutter/runtime';

export interface LikeLoaders {
  /** Each post's like count and whether the viewer likes it. */
  summaries: DataLoader<string, LikeSummary>;
  /** Posts the viewer may see, as the posts subgraph answers (null: missing, deleted or hidden). */
  posts: DataLoader<string, PostRef | null>;
  /** Batched pages of posts' likers, per page arguments. */
  likers(limit: number, after: PageAfter): DataLoader<string, LikerRow[]>;
}

type PostReference = { __typename: 'Post'; id: string };
type UserReference = { __typename: 'User'; id: string };

/**
 * The like rules: one like per account and post, counted exactly; likes only on posts the viewer may
 * see (the posts subgraph's answer); likers hidden across blocks (this subgraph's copy).
 */
export class LikeService {
  constructor(
    private readonly likes: LikeRepository,
    private readonly loaders: LikeLoaders,
    private readonly viewer: Viewer,
  ) {}

  // ---- reads (under a Post the gateway got from posts, i.e. one the viewer may see) -----------

  async likeCount(postId: string): Promise<number> {
    return (await this.summary(postId)).likeCount;
  }

  async viewerHasLiked(postId: string): Promise<boolean> {
    return (await this.summary(postId)).viewerHasLiked;
  }

  /** The post's likers, newest first. */
  async likers(postId: string, args: PageArgs): Promise<Connection<UserReference>> {
    const page = parsePage(args, CREATED_AT_ID);
    if (!isUuid(postId)) return emptyConnection();
    const rows = await this.loaders.likers(page.first + 1, page.after).load(postId.toLowerCase());
    return toConnection(
      rows,
      page.first,
      (row) => [row.createdAt.toISOString(), row.userId],
      (row) => ({ __typename: 'User', id: row.userId }),
    );
  }

  private summary(postId: string): Promise<LikeSummary> {
    return isUuid(postId)
      ? this.loaders.summaries.load(postId.toLowerCase())
      : Promise.resolve({ likeCount: 0, viewerHasLiked: false });
  }

  // ---- writes ------------------------------------------------------------------------------

  /** Likes the post; liking it again changes nothing and announces nothing. */
  like(rawPostId: string): Promise<PostReference> {
    return this.change(rawPostId, 'like');
  }

  /** Takes the like back; unliking a post not liked changes nothing and announces nothing. */
  unlike(rawPostId: string): Promise<PostReference> {
    return this.change(rawPostId, 'unlike');
  }

  private async change(rawPostId: string, action: 'like' | 'unlike'): Promise<PostReference> {
    const userId = requireViewer(this.viewer);
    if (!isUuid(rawPostId)) throw badInput('postId', 'postId: must be a valid id');
    const postId = rawPostId.toLowerCase();
    const post = await this.loaders.posts.load(postId);
    if (!post) throw postNotFound();
    const { likeCount } = await this.likes.transaction(async (tx): Promise<LikeChange> => {
      if ((await this.likes.lockPost(tx, postId)).deleted) throw postNotFound();
      if (action === 'like') {
        const change = await this.likes.addLike(tx, postId, userId);
        if (change.changed) {
          await recordEvent(tx, 'PostLiked', postId, {
            postId,
            postAuthorId: post.authorId,
            userId,
            likedAt: change.likedAt!.toISOString(),
          });
        }
        return change;
      }
      const change = await this.likes.removeLike(tx, postId, userId);
      if (change.changed) await recordEvent(tx, 'PostUnliked', postId, { postId, postAuthorId: post.authorId, userId });
      return change;
    });
    // The Post this mutation returns is read in this request: it shows what was just written.
    this.loaders.summaries.clear(postId).prime(postId, { likeCount, viewerHasLiked: action === 'like' });
    return { __typename: 'Post', id: postId };
  }
}

const postNotFound = () => new DomainError(LikeError.POST_NOT_FOUND, 'No post with this id.', 'postId');
