import { recordEvent, type EventEnvelope, type EventType, type TypedEnvelope } from '@shutter/events';
import type { PostDirectory } from '@shutter/runtime';
import type { NewNotification, NotificationRepository, Tx } from '../repositories/notification.repository.js';

/** A notification an event asks for, before the checks that need the database. */
export interface Candidate extends NewNotification {
  /** The author of `postId`, who always sees it (posts is not asked on their behalf). */
  postAuthorId: string | null;
}

/** The events that notify someone. */
export const NOTIFYING_EVENTS = [
  'PostLiked',
  'CommentCreated',
  'PostCreated',
  'FollowCreated',
  'FollowRequested',
  'CallEnded',
] as const;
type Notifying = (typeof NOTIFYING_EVENTS)[number];
/** One of those events, discriminated by `type`. */
export type NotifyingEvent = { [T in Notifying]: TypedEnvelope<T> }[Notifying];

const notifies = (event: EventEnvelope): event is NotifyingEvent =>
  (NOTIFYING_EVENTS as readonly string[]).includes(event.type as EventType);

/**
 * The notification rules, applied to events: who is told what. Never the actor themselves; one
 * notification per recipient and event; never about a post the recipient may not see (the posts
 * subgraph decides, asked with an identity signed for the recipient); never across a block; never
 * twice for the same recipient, kind, actor and subject.
 */
export class NotifierService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly posts: PostDirectory,
    /** A gateway-style signed identity of `userId`, for asking posts what that account may see. */
    private readonly identityOf: (userId: string, requestId: string) => string,
  ) {}

  /**
   * What `event` notifies, checked against what each recipient may see. Runs before the event's
   * transaction: it may call the posts subgraph, and no connection is held while it answers.
   */
  async candidatesFor(event: EventEnvelope): Promise<Candidate[]> {
    if (!notifies(event)) return [];
    const wished = onePerRecipient((await this.wishedBy(event)).filter((c) => c.recipientId !== c.actorId));
    // One call per recipient (each with their own identity), all at once.
    const sees = await Promise.all(wished.map((c) => this.recipientSeesPost(c, event.id)));
    return wished.filter((_, i) => sees[i]);
  }

  /** Whether the candidate's recipient may see its post, by the posts subgraph, asked as the recipient. */
  private async recipientSeesPost(candidate: Candidate, eventId: string): Promise<boolean> {
    const { postId, recipientId, postAuthorId } = candidate;
    if (postId === null || recipientId === postAuthorId) return true;
    const [post] = await this.posts.visiblePosts(this.identityOf(recipientId, `notifications:${eventId}`), [postId]);
    return Boolean(post);
  }

  private async wishedBy(event: NotifyingEvent): Promise<Candidate[]> {
    switch (event.type) {
      case 'PostLiked': {
        const { postId, postAuthorId, userId } = event.payload;
        return [{ recipientId: postAuthorId, kind: 'like', actorId: userId, postId, commentId: null, postAuthorId }];
      }
      case 'CommentCreated': {
        const { commentId, postId, postAuthorId, authorId, parentId, mentionIds } = event.payload;
        const about = { actorId: authorId, postId, commentId, postAuthorId };
        // A reply tells the author of the comment replied to (by this subgraph's copy), not the post's.
        const repliedTo = parentId ? await this.notifications.commentAuthor(parentId) : null;
        const first: Candidate[] = parentId
          ? repliedTo
            ? [{ ...about, recipientId: repliedTo, kind: 'reply' }]
            : []
          : [{ ...about, recipientId: postAuthorId, kind: 'comment' }];
        return [...first, ...mentionIds.map((recipientId): Candidate => ({ ...about, recipientId, kind: 'mention' }))];
      }
      case 'PostCreated': {
        const { postId, authorId, mentionIds } = event.payload;
        return mentionIds.map((recipientId) => ({
          recipientId,
          kind: 'mention',
          actorId: authorId,
          postId,
          commentId: null,
          postAuthorId: authorId,
        }));
      }
      case 'FollowCreated': {
        const { followerId, followeeId, viaRequest } = event.payload;
        return [
          viaRequest
            ? withoutPost(followerId, 'follow_approved', followeeId) // the request's author learns it was approved
            : withoutPost(followeeId, 'follow', followerId),
        ];
      }
      case 'FollowRequested':
        return [withoutPost(event.payload.targetId, 'follow_request', event.payload.requesterId)];
      case 'CallEnded': {
        // Only a call nobody answered notifies, its callee (declined and cancelled calls were seen).
        const { status, callId, callerId, calleeId } = event.payload;
        return status === 'MISSED' ? [{ ...withoutPost(calleeId, 'missed_call', callerId), callId }] : [];
      }
    }
  }

  /**
   * Stores the candidates of one event (in the consumer's transaction, after its claim): none about
   * a deleted post, none across a block; each one stored is announced (NotificationCreated, for the
   * live layer) in the same transaction. A CommentCreated also keeps the comment's author.
   */
  async store(tx: Tx, event: NotifyingEvent, candidates: readonly Candidate[]): Promise<void> {
    const comment = event.type === 'CommentCreated' ? event.payload : null;
    if (candidates.length === 0 && !comment) return;
    const postId = postOf(event);
    // Before any counter lock (see NotificationRepository.lockPost).
    if (postId && (await this.notifications.lockPost(tx, postId)).deleted) return;
    if (comment) {
      await this.notifications.saveCommentAuthor(tx, {
        commentId: comment.commentId,
        postId: comment.postId,
        authorId: comment.authorId,
      });
    }
    if (candidates.length === 0) return;
    // Blocks are read after the counter locks: a block applied concurrently either committed
    // before (and is seen) or waits for this transaction (and hides what it stores).
    await this.notifications.lockCounters(
      tx,
      candidates.map((c) => c.recipientId),
    );
    const blocked = await this.notifications.blockedPairs(tx, candidates);
    const stored = await this.notifications.insert(
      tx,
      candidates
        .filter((c) => !blocked.has(`${c.recipientId}:${c.actorId}`))
        .map(({ recipientId, kind, actorId, postId, commentId, callId }) => ({
          recipientId,
          kind,
          actorId,
          postId,
          commentId,
          callId: callId ?? null,
        })),
    );
    for (const n of stored) {
      await recordEvent(tx, 'NotificationCreated', n.recipientId, {
        notificationId: n.id,
        recipientId: n.recipientId,
        kind: n.kind,
        actorId: n.actorId,
        createdAt: n.createdAt.toISOString(),
      });
    }
  }
}

const withoutPost = (recipientId: string, kind: Candidate['kind'], actorId: string): Candidate => ({
  recipientId,
  kind,
  actorId,
  postId: null,
  commentId: null,
  postAuthorId: null,
});

/** The first candidate of each recipient (a comment on your post that mentions you is one notification). */
function onePerRecipient(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.recipientId) && seen.add(c.recipientId));
}

/** The post an event is about, if any. */
function postOf(event: NotifyingEvent): string | null {
  switch (event.type) {
    case 'PostLiked':
    case 'CommentCreated':
    case 'PostCreated':
      return event.payload.postId;
    case 'FollowCreated':
    case 'FollowRequested':
    case 'CallEnded':
      return null;
  }
}
