import { describe, expect, it } from '@jest/globals';
import { createEvent } from '@shutter/events';
import { LIVE_FIELDS, triggersOf } from './fields.js';

const POST = '0192f6a0-0000-7000-8000-00000000000a';
const COMMENT = '0192f6a0-0000-7000-8000-00000000000b';
const ADA = '0192f6a0-0000-7000-8000-00000000000c';
const BOB = '0192f6a0-0000-7000-8000-00000000000d';
const viewer = { userId: ADA, role: 'USER' as const, requestId: 'r' };

describe(triggersOf.name, () => {
  it('tells each recipient’s feed of a delivered post', () => {
    const event = createEvent('FeedPostDelivered', POST, { postId: POST, authorId: BOB, recipientIds: [ADA, BOB] });
    expect(triggersOf(event)).toEqual([
      { channel: LIVE_FIELDS.feedPostAdded!.channel({}, viewer), id: POST },
      { channel: LIVE_FIELDS.feedPostAdded!.channel({}, { ...viewer, userId: BOB }), id: POST },
    ]);
  });

  it('tells the post’s comment and post subscribers of a new comment, whatever case the id was subscribed in', () => {
    const event = createEvent('CommentCreated', POST, {
      commentId: COMMENT,
      postId: POST,
      postAuthorId: BOB,
      authorId: ADA,
      parentId: null,
      body: 'hi',
      mentionIds: [],
      createdAt: new Date().toISOString(),
    });
    expect(triggersOf(event)).toEqual([
      { channel: LIVE_FIELDS.commentAdded!.channel({ postId: POST.toUpperCase() }, viewer), id: COMMENT },
      { channel: LIVE_FIELDS.postUpdated!.channel({ postId: POST }, viewer), id: POST },
    ]);
  });

  it('tells post subscribers of likes, unlikes, removed comments and caption edits', () => {
    const channel = LIVE_FIELDS.postUpdated!.channel({ postId: POST }, viewer);
    const events = [
      createEvent('PostLiked', POST, {
        postId: POST,
        postAuthorId: BOB,
        userId: ADA,
        likedAt: new Date().toISOString(),
      }),
      createEvent('PostUnliked', POST, { postId: POST, postAuthorId: BOB, userId: ADA }),
      createEvent('CommentDeleted', POST, {
        commentId: COMMENT,
        postId: POST,
        authorId: ADA,
        parentId: null,
        deletedBy: ADA,
      }),
      createEvent('PostUpdated', POST, {
        postId: POST,
        authorId: BOB,
        caption: 'new',
        hashtags: [],
        mentionIds: [],
        updatedAt: new Date().toISOString(),
      }),
    ];
    for (const event of events) expect(triggersOf(event)).toEqual([{ channel, id: POST }]);
  });

  it('tells the recipient of a notification, and nobody of events the live layer does not push', () => {
    const notification = createEvent('NotificationCreated', ADA, {
      notificationId: COMMENT,
      recipientId: ADA,
      kind: 'like',
      actorId: BOB,
      createdAt: new Date().toISOString(),
    });
    expect(triggersOf(notification)).toEqual([
      { channel: LIVE_FIELDS.notificationReceived!.channel({}, viewer), id: COMMENT },
    ]);
    expect(triggersOf(createEvent('FollowCreated', BOB, { followerId: ADA, followeeId: BOB }))).toEqual([]);
  });

  it('tells the recipient of a call signal, and nobody of the call’s start and end events', () => {
    const CALL = POST;
    const signal = createEvent('CallSignalSent', CALL, {
      signalId: COMMENT,
      callId: CALL,
      recipientId: ADA,
      kind: 'offer',
    });
    expect(triggersOf(signal)).toEqual([{ channel: LIVE_FIELDS.callSignals!.channel({}, viewer), id: COMMENT }]);
    const started = createEvent('CallStarted', CALL, {
      callId: CALL,
      callerId: BOB,
      calleeId: ADA,
      type: 'AUDIO',
      startedAt: new Date().toISOString(),
    });
    expect(triggersOf(started)).toEqual([]);
  });
});
