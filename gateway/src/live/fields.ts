import type { EventEnvelope, EventPayload } from '@shutter/events';
import type { Viewer } from '@shutter/runtime';

/**
 * The subscription fields the gateway serves (ADR 0015). `@apollo/gateway` does not execute
 * subscriptions; the gateway keeps, for each field, the channel a subscriber listens on and the
 * public root query that fetches the pushed entity by id. Every push is that query, run with the
 * subscriber's identity, so a payload never shows what a query would not.
 */
export interface LiveField {
  /** Refused with UNAUTHENTICATED on a connection without a valid access token. */
  needsViewer: boolean;
  /** The channel of this subscription, from its (validated) arguments and the viewer. */
  channel(args: Readonly<Record<string, unknown>>, viewer: Viewer): string;
  /** The public root query field that fetches what is pushed, by `id` (nullable: it may be gone). */
  requery: 'post' | 'comment' | 'notification' | 'callSignal';
  /**
   * The post the subscription is about, which the subscriber must be able to see when subscribing
   * (NOT_FOUND otherwise, as `post(id)` would answer null).
   */
  postArgument?: 'postId';
}

export const LIVE_FIELDS: Readonly<Record<string, LiveField>> = {
  feedPostAdded: { needsViewer: true, channel: (_, viewer) => feedChannel(viewer.userId!), requery: 'post' },
  postUpdated: {
    needsViewer: false,
    channel: (args) => postChannel(String(args.postId)),
    requery: 'post',
    postArgument: 'postId',
  },
  commentAdded: {
    needsViewer: false,
    channel: (args) => commentsChannel(String(args.postId)),
    requery: 'comment',
    postArgument: 'postId',
  },
  notificationReceived: {
    needsViewer: true,
    channel: (_, viewer) => notificationsChannel(viewer.userId!),
    requery: 'notification',
  },
  // Only the recipient of a signal can fetch it (callSignal is null for anyone else).
  callSignals: { needsViewer: true, channel: (_, viewer) => callsChannel(viewer.userId!), requery: 'callSignal' },
};

const feedChannel = (userId: string) => `feed:${userId}`;
const postChannel = (postId: string) => `post:${postId.toLowerCase()}`;
const commentsChannel = (postId: string) => `comments:${postId.toLowerCase()}`;
const notificationsChannel = (userId: string) => `notifications:${userId}`;
const callsChannel = (userId: string) => `calls:${userId}`;

/** Something that happened to an entity that subscribers of `channel` are told about. */
export interface Trigger {
  channel: string;
  /** The id the channel's requery fetches. */
  id: string;
}

/** The events the live layer listens to, by topic. */
export const LIVE_TOPICS = [
  'shutter.feed',
  'shutter.posts',
  'shutter.comments',
  'shutter.likes',
  'shutter.notifications',
  'shutter.calls',
];

/** Which channels an event concerns. */
export function triggersOf(event: EventEnvelope): Trigger[] {
  switch (event.type) {
    case 'FeedPostDelivered': {
      const { postId, recipientIds } = event.payload as EventPayload<'FeedPostDelivered'>;
      return recipientIds.map((recipientId) => ({ channel: feedChannel(recipientId), id: postId }));
    }
    case 'PostUpdated':
    case 'PostLiked':
    case 'PostUnliked':
    case 'CommentDeleted': {
      const { postId } = event.payload as { postId: string };
      return [{ channel: postChannel(postId), id: postId }];
    }
    case 'CommentCreated': {
      const { postId, commentId } = event.payload as EventPayload<'CommentCreated'>;
      return [
        { channel: commentsChannel(postId), id: commentId },
        { channel: postChannel(postId), id: postId },
      ];
    }
    case 'NotificationCreated': {
      const { recipientId, notificationId } = event.payload as EventPayload<'NotificationCreated'>;
      return [{ channel: notificationsChannel(recipientId), id: notificationId }];
    }
    case 'CallSignalSent': {
      const { recipientId, signalId } = event.payload as EventPayload<'CallSignalSent'>;
      return [{ channel: callsChannel(recipientId), id: signalId }];
    }
    default:
      return [];
  }
}
