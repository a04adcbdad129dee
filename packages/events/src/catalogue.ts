import { z } from 'zod';

/**
 * Every domain event Shutter publishes: name, version, topic and payload schema. Payloads are
 * validated when written to the outbox and again when consumed, so a producer cannot emit and a
 * consumer cannot act on a malformed event. A breaking change gets a new version, not an edit.
 */
const role = z.enum(['USER', 'MODERATOR', 'ADMIN']);
const callType = z.enum(['AUDIO', 'VIDEO']);

export const EVENT_CATALOGUE = {
  UserRegistered: {
    version: 1,
    topic: 'shutter.users',
    producer: 'users',
    /** What produces it (README's events table). */
    when: 'register, admin bootstrap',
    /** Who consumes it, and for what (README's events table). */
    consumers: 'profiles, follows, posts, comments, likes, calls (local copies of accounts)',
    payload: z.object({
      userId: z.uuid(),
      username: z.string(),
      role,
      createdAt: z.iso.datetime(),
    }),
  },
  UserUpdated: {
    version: 1,
    topic: 'shutter.users',
    producer: 'users',
    when: 'role change; username and email changes',
    consumers: 'profiles (cache), follows, posts (visibility, search index), comments, likes',
    payload: z.object({
      userId: z.uuid(),
      /** Which of the fields below changed in this update. */
      changed: z.array(z.enum(['username', 'role', 'email'])).min(1),
      username: z.string(),
      role,
    }),
  },
  ProfileUpdated: {
    version: 1,
    topic: 'shutter.profiles',
    producer: 'profiles',
    when: 'updateProfile; the whole public profile after the change',
    consumers: 'follows (private accounts), posts (visibility, search index)',
    /** The whole public profile after the change, so consumers need no other lookup. */
    payload: z.object({
      userId: z.uuid(),
      username: z.string(),
      displayName: z.string().nullable(),
      bio: z.string().nullable(),
      avatarUrl: z.string().nullable(),
      website: z.string().nullable(),
      isPrivate: z.boolean(),
      version: z.number().int().positive(),
    }),
  },
  FollowCreated: {
    version: 1,
    topic: 'shutter.follows',
    producer: 'follows',
    when: 'follow of a public account, approveFollowRequest',
    consumers: 'posts (visibility, home feed), notifications (follow, follow approved)',
    payload: z.object({
      followerId: z.uuid(),
      followeeId: z.uuid(),
      /** True when the followee approved a follow request (added later: absent means false). */
      viaRequest: z.boolean().optional(),
    }),
  },
  FollowRemoved: {
    version: 1,
    topic: 'shutter.follows',
    producer: 'follows',
    when: 'unfollow, block',
    consumers: 'posts (visibility, home feed)',
    payload: z.object({ followerId: z.uuid(), followeeId: z.uuid() }),
  },
  FollowRequested: {
    version: 1,
    topic: 'shutter.follows',
    producer: 'follows',
    when: 'follow of a private account',
    consumers: 'notifications (follow request)',
    payload: z.object({ requesterId: z.uuid(), targetId: z.uuid() }),
  },
  UserBlocked: {
    version: 1,
    topic: 'shutter.follows',
    producer: 'follows',
    when: 'block; aggregate: the blocked account',
    consumers: 'posts (visibility, home feed), users (lookups), comments, likes, notifications, calls (hiding, refusing)',
    payload: z.object({ blockerId: z.uuid(), blockedId: z.uuid() }),
  },
  UserUnblocked: {
    version: 1,
    topic: 'shutter.follows',
    producer: 'follows',
    when: 'unblock; aggregate: the blocked account',
    consumers: 'posts (visibility), users (lookups), comments, likes, notifications, calls',
    payload: z.object({ blockerId: z.uuid(), blockedId: z.uuid() }),
  },
  PostCreated: {
    version: 1,
    topic: 'shutter.posts',
    producer: 'posts',
    when: 'createPost',
    consumers: 'posts (search index, home feed), notifications (mention)',
    payload: z.object({
      postId: z.uuid(),
      authorId: z.uuid(),
      caption: z.string().nullable(),
      hashtags: z.array(z.string()),
      mentionIds: z.array(z.uuid()),
      mediaCount: z.number().int().min(1),
      createdAt: z.iso.datetime(),
    }),
  },
  PostUpdated: {
    version: 1,
    topic: 'shutter.posts',
    producer: 'posts',
    when: 'updatePost',
    consumers: 'posts (search index), gateway (`postUpdated`)',
    payload: z.object({
      postId: z.uuid(),
      authorId: z.uuid(),
      caption: z.string().nullable(),
      hashtags: z.array(z.string()),
      mentionIds: z.array(z.uuid()),
      updatedAt: z.iso.datetime(),
    }),
  },
  PostDeleted: {
    version: 1,
    topic: 'shutter.posts',
    producer: 'posts',
    when: 'deletePost',
    consumers: 'posts (search index, home feed), comments, likes, notifications (delete what is about it)',
    payload: z.object({ postId: z.uuid(), authorId: z.uuid(), deletedBy: z.uuid() }),
  },
  /** Aggregate: the post, so one post's comment events stay in order. */
  CommentCreated: {
    version: 1,
    topic: 'shutter.comments',
    producer: 'comments',
    when: 'addComment; aggregate: the post',
    consumers: 'notifications (comment, reply, mention), gateway (`commentAdded`, `postUpdated`)',
    payload: z.object({
      commentId: z.uuid(),
      postId: z.uuid(),
      /** Whose post it is (for notifications), as the posts subgraph answered when the comment was added. */
      postAuthorId: z.uuid(),
      authorId: z.uuid(),
      /** The top-level comment a reply belongs to; null for a top-level comment. */
      parentId: z.uuid().nullable(),
      body: z.string(),
      mentionIds: z.array(z.uuid()),
      createdAt: z.iso.datetime(),
    }),
  },
  /** One per comment removed by deleteComment (a top-level comment's replies go with it). */
  CommentDeleted: {
    version: 1,
    topic: 'shutter.comments',
    producer: 'comments',
    when: 'deleteComment, one per comment removed with its thread; aggregate: the post',
    consumers: 'notifications (delete what is about it), gateway (`postUpdated`)',
    payload: z.object({
      commentId: z.uuid(),
      postId: z.uuid(),
      authorId: z.uuid(),
      parentId: z.uuid().nullable(),
      deletedBy: z.uuid(),
    }),
  },
  /** Only on a real change (a like that did not exist); aggregate: the post. */
  PostLiked: {
    version: 1,
    topic: 'shutter.likes',
    producer: 'likes',
    when: 'likePost, only on a real change; aggregate: the post',
    consumers: 'notifications (like), gateway (`postUpdated`)',
    payload: z.object({ postId: z.uuid(), postAuthorId: z.uuid(), userId: z.uuid(), likedAt: z.iso.datetime() }),
  },
  /** Only on a real change (a like that existed); aggregate: the post. */
  PostUnliked: {
    version: 1,
    topic: 'shutter.likes',
    producer: 'likes',
    when: 'unlikePost, only on a real change; aggregate: the post',
    consumers: 'gateway (`postUpdated`)',
    payload: z.object({ postId: z.uuid(), postAuthorId: z.uuid(), userId: z.uuid() }),
  },
  /**
   * Posts' home-feed fan-out: these followers of the author get the post in their home feed (live
   * subscribers of `feedPostAdded` among them are told). Sent in chunks of at most 1,000 recipients;
   * aggregate: the post.
   */
  FeedPostDelivered: {
    version: 1,
    topic: 'shutter.feed',
    producer: 'posts',
    when: 'the home-feed consumer, for each `PostCreated`, in chunks of ≤ 1000 recipients; aggregate: the post',
    consumers: 'gateway (`feedPostAdded`)',
    payload: z.object({ postId: z.uuid(), authorId: z.uuid(), recipientIds: z.array(z.uuid()).min(1).max(1000) }),
  },
  /** A notification stored for its recipient (the live layer pushes it); aggregate: the recipient. */
  NotificationCreated: {
    version: 1,
    topic: 'shutter.notifications',
    producer: 'notifications',
    when: 'one per notification stored; aggregate: the recipient',
    consumers: 'gateway (`notificationReceived`)',
    payload: z.object({
      notificationId: z.uuid(),
      recipientId: z.uuid(),
      kind: z.enum([
        'like',
        'comment',
        'reply',
        'mention',
        'follow',
        'follow_request',
        'follow_approved',
        'missed_call',
      ]),
      actorId: z.uuid(),
      createdAt: z.iso.datetime(),
    }),
  },
  /** A call started ringing (calls subgraph, ADR 0017); aggregate: the call. */
  CallStarted: {
    version: 1,
    topic: 'shutter.calls',
    producer: 'calls',
    when: 'startCall; aggregate: the call',
    consumers: 'none yet (for analytics)',
    payload: z.object({
      callId: z.uuid(),
      callerId: z.uuid(),
      calleeId: z.uuid(),
      type: callType,
      startedAt: z.iso.datetime(),
    }),
  },
  /**
   * A call reached its end state: declined, cancelled by the caller, missed (nobody answered before
   * its ring deadline) or ended after it was answered (with its duration); aggregate: the call.
   */
  CallEnded: {
    version: 1,
    topic: 'shutter.calls',
    producer: 'calls',
    when: 'decline, cancel, end, missed by the sweep or a later read/write',
    consumers: 'notifications (`MISSED`: missed_call to the callee)',
    payload: z.object({
      callId: z.uuid(),
      callerId: z.uuid(),
      calleeId: z.uuid(),
      type: callType,
      status: z.enum(['ENDED', 'DECLINED', 'MISSED', 'CANCELLED']),
      startedAt: z.iso.datetime(),
      endedAt: z.iso.datetime(),
      /** Seconds from answer to end; null when the call was never answered. */
      durationSeconds: z.number().int().min(0).nullable(),
    }),
  },
  /**
   * A signal stored for one participant of a call (the live layer pushes it to `callSignals`).
   * Aggregate: the call, so one call's signals keep their order on the topic.
   */
  CallSignalSent: {
    version: 1,
    topic: 'shutter.calls',
    producer: 'calls',
    when: 'one per signal stored; aggregate: the call, so a call’s signals stay in order',
    consumers: 'gateway (`callSignals`)',
    payload: z.object({
      signalId: z.uuid(),
      callId: z.uuid(),
      recipientId: z.uuid(),
      kind: z.enum([
        'incoming',
        'offer',
        'answer',
        'ice-candidate',
        'answered',
        'declined',
        'ended',
        'missed',
        'cancelled',
      ]),
    }),
  },
} as const;

export type EventType = keyof typeof EVENT_CATALOGUE;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['payload']>;

/** Topics carry one domain each; the message key is the aggregate id (ordering per aggregate). */
export const TOPICS = [...new Set(Object.values(EVENT_CATALOGUE).map((e) => e.topic))];

/** Where messages go that a consumer could not process after all its retries. */
export const DEAD_LETTER_TOPIC = 'shutter.dead-letter';
