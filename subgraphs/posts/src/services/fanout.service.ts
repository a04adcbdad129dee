import { recordEvent } from '@shutter/events';
import type { FeedRepository, Tx } from '../repositories/feed.repository.js';
import type { TimelineStore } from '../timelines/timeline-store.js';

export interface FanoutSettings {
  /** Authors with more followers than this get no fan-out (FEED_FANOUT_MAX_FOLLOWERS). */
  maxFollowers: number;
  /** Entries a timeline keeps (FEED_TIMELINE_LENGTH): what a new follow brings in, at most. */
  timelineLength: number;
}

/** Recipients per FeedPostDelivered (the catalogue's limit) and per batch of timeline writes. */
export const DELIVERY_CHUNK = 1_000;

type Pair = { followerId: string; followeeId: string };

/**
 * Keeps timelines current from events, in the feed consumer's transaction. Timeline writes are
 * idempotent (a redelivered event adds or removes the same members), and every read re-checks
 * visibility in SQL, so an entry that should not be there any more (a race with another consumer
 * group) is hidden, never shown.
 */
export class FanoutService {
  constructor(
    private readonly feed: FeedRepository,
    private readonly timelines: TimelineStore,
    private readonly settings: FanoutSettings,
  ) {}

  /**
   * A new post goes into its author's and followers' timelines, unless the author has too many
   * followers (then reads merge it in). Either way its followers who may see it are announced in
   * FeedPostDelivered chunks for live delivery.
   */
  async postCreated(tx: Tx, postId: string): Promise<void> {
    const post = await this.feed.decideFanout(tx, postId, this.settings.maxFollowers);
    if (!post) return;
    const entry = { postId: post.postId, authorId: post.authorId, at: post.at };
    if (post.fanout) await this.timelines.add([post.authorId], [entry]);
    await this.eachFollowerChunk(tx, post.authorId, async (recipientIds) => {
      if (post.fanout) await this.timelines.add(recipientIds, [entry]);
      await recordEvent(tx, 'FeedPostDelivered', post.postId, {
        postId: post.postId,
        authorId: post.authorId,
        recipientIds,
      });
    });
  }

  /** A deleted post leaves the author's and followers' timelines (reads would hide it anyway). */
  async postDeleted(tx: Tx, post: { postId: string; authorId: string }): Promise<void> {
    await this.timelines.removePost([post.authorId], post);
    await this.eachFollowerChunk(tx, post.authorId, (followerIds) => this.timelines.removePost(followerIds, post));
  }

  /** Following brings the followee's recent posts into the follower's timeline. */
  async followCreated(tx: Tx, follow: Pair): Promise<void> {
    await this.feed.addFollow(tx, follow);
    const recent = await this.feed.recentPostsOf(tx, follow.followeeId, this.settings.timelineLength);
    await this.timelines.add([follow.followerId], recent);
  }

  async followRemoved(tx: Tx, follow: Pair): Promise<void> {
    await this.feed.removeFollow(tx, follow);
    await this.timelines.removeAuthor(follow.followerId, follow.followeeId);
  }

  /** A block takes each one's posts out of the other's timeline (the follows end with FollowRemoved). */
  async userBlocked(block: { blockerId: string; blockedId: string }): Promise<void> {
    await this.timelines.removeAuthor(block.blockerId, block.blockedId);
    await this.timelines.removeAuthor(block.blockedId, block.blockerId);
  }

  private async eachFollowerChunk(tx: Tx, authorId: string, work: (ids: string[]) => Promise<void>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const ids = await this.feed.followersPage(tx, authorId, after, DELIVERY_CHUNK);
      if (ids.length > 0) await work(ids);
      if (ids.length < DELIVERY_CHUNK) return;
      after = ids.at(-1)!;
    }
  }
}
