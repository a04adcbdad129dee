import { describe, expect, it } from '@jest/globals';
import { createEvent, type EventPayload, type EventType } from '@shutter/events';
import type { PostRef } from '@shutter/runtime';
import { recordingTx } from '@shutter/testing/unit';
import type { Tx } from '../repositories/db.js';
import type {
  NewNotification,
  NotificationRepository,
  NotificationRow,
} from '../repositories/notification.repository.js';
import { NotifierService, type NotifyingEvent } from './notifier.service.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const CAT = '00000000-0000-4000-8000-00000000000c';
const DAN = '00000000-0000-4000-8000-00000000000d';
const POST = '00000000-0000-4000-8000-0000000000f1';
const COMMENT = '00000000-0000-4000-8000-0000000000c1';
const REPLY = '00000000-0000-4000-8000-0000000000c2';

/** The notifications database in memory: the repository's contract, without PostgreSQL. */
class FakeNotifications {
  readonly tx = recordingTx();
  readonly stored: NotificationRow[] = [];
  readonly commentAuthors = new Map<string, string>();
  readonly deletedPosts = new Set<string>();
  readonly blocks = new Set<string>();
  readonly locked: string[][] = [];

  commentAuthor = async (commentId: string) => this.commentAuthors.get(commentId) ?? null;
  lockPost = async (_: Tx, postId: string) => ({ deleted: this.deletedPosts.has(postId) });
  saveCommentAuthor = async (_: Tx, c: { commentId: string; authorId: string }) => {
    this.commentAuthors.set(c.commentId, c.authorId);
  };
  lockCounters = async (_: Tx, ids: readonly string[]) => {
    this.locked.push([...ids]);
  };
  blockedPairs = async (_: Tx, pairs: readonly { recipientId: string; actorId: string }[]) =>
    new Set(
      pairs
        .filter(
          (p) => this.blocks.has(`${p.recipientId}:${p.actorId}`) || this.blocks.has(`${p.actorId}:${p.recipientId}`),
        )
        .map((p) => `${p.recipientId}:${p.actorId}`),
    );
  insert = async (_: Tx, rows: readonly NewNotification[]) => {
    const subject = (n: NewNotification) =>
      `${n.recipientId}:${n.kind}:${n.actorId}:${n.commentId ?? n.postId ?? n.actorId}`;
    const fresh = rows
      .filter((n) => !this.stored.some((s) => subject(s) === subject(n)))
      .map((n, i) => ({
        ...n,
        id: `00000000-0000-4000-8000-${String(this.stored.length + i).padStart(12, '0')}`,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        readAt: null,
      }));
    this.stored.push(...fresh);
    return fresh;
  };
}

/** A posts subgraph stand-in: `hiddenFrom` may not see POST; records whose identity each call carried. */
function postsFor(hiddenFrom: string[] = []) {
  const asked: string[] = [];
  return {
    asked,
    directory: {
      visiblePosts: async (identity: string, ids: readonly string[]): Promise<(PostRef | null)[]> => {
        asked.push(identity);
        return ids.map((id) => (hiddenFrom.includes(identity) ? null : { id, authorId: ADA }));
      },
    },
  };
}

function notifierFor({ hiddenFrom = [] as string[] } = {}) {
  const notifications = new FakeNotifications();
  const posts = postsFor(hiddenFrom);
  // The identity is the recipient's id itself here: enough to see whose identity posts was asked with.
  const notifier = new NotifierService(
    notifications as unknown as NotificationRepository,
    posts.directory,
    (userId) => userId,
  );
  const run = async <T extends EventType>(type: T, payload: EventPayload<T>) => {
    const event = createEvent(type, POST, payload) as unknown as NotifyingEvent;
    const candidates = await notifier.candidatesFor(event);
    await notifier.store(notifications.tx as unknown as Tx, event, candidates);
    return candidates.map((c) => [c.kind, c.recipientId, c.actorId]);
  };
  return { notifications, posts, notifier, run };
}

const comment = (overrides: Partial<EventPayload<'CommentCreated'>> = {}): EventPayload<'CommentCreated'> => ({
  commentId: COMMENT,
  postId: POST,
  postAuthorId: ADA,
  authorId: BOB,
  parentId: null,
  body: 'hello',
  mentionIds: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe(NotifierService.name, () => {
  it('should tell the post’s author of a like without asking posts (an author sees their own post), and nobody of their own like', async () => {
    const { run, posts } = notifierFor();
    const like = (userId: string) =>
      run('PostLiked', { postId: POST, postAuthorId: ADA, userId, likedAt: '2026-01-01T00:00:00.000Z' });
    expect(await like(BOB)).toEqual([['like', ADA, BOB]]);
    expect(await like(ADA)).toEqual([]);
    expect(posts.asked).toEqual([]);
  });

  it('should tell the post’s author of a top-level comment, and the replied-to comment’s author (not the post’s) of a reply', async () => {
    const { run, notifications } = notifierFor();
    expect(await run('CommentCreated', comment({ commentId: COMMENT, authorId: CAT }))).toEqual([
      ['comment', ADA, CAT],
    ]);
    // The copy of who wrote COMMENT was kept from its CommentCreated.
    expect(notifications.commentAuthors.get(COMMENT)).toBe(CAT);
    expect(await run('CommentCreated', comment({ commentId: REPLY, parentId: COMMENT, authorId: BOB }))).toEqual([
      ['reply', CAT, BOB],
    ]);
  });

  it('should notify nobody of a reply to a comment it never heard of, but still the accounts mentioned in it', async () => {
    const { run } = notifierFor();
    expect(await run('CommentCreated', comment({ parentId: COMMENT, mentionIds: [CAT] }))).toEqual([
      ['mention', CAT, BOB],
    ]);
  });

  it('should tell the accounts mentioned in a post, asking posts for each with their own identity, and skip those who may not see it', async () => {
    const { run, posts, notifications } = notifierFor({ hiddenFrom: [DAN] });
    expect(
      await run('PostCreated', {
        postId: POST,
        authorId: ADA,
        caption: '@bob @dan @ada',
        hashtags: [],
        mentionIds: [BOB, DAN, ADA],
        mediaCount: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
      }),
    ).toEqual([['mention', BOB, ADA]]);
    expect(posts.asked.sort()).toEqual([BOB, DAN]);
    expect(notifications.stored.map((n) => [n.kind, n.recipientId, n.postId, n.commentId])).toEqual([
      ['mention', BOB, POST, null],
    ]);
  });

  it('should notify the post’s author once of a comment that also mentions them', async () => {
    const { run } = notifierFor();
    expect(await run('CommentCreated', comment({ mentionIds: [ADA, CAT, BOB] }))).toEqual([
      ['comment', ADA, BOB],
      ['mention', CAT, BOB],
    ]);
  });

  it('should tell the followee of a follow, the target of a request, and the requester (by the followee) of an approval', async () => {
    const { run, posts } = notifierFor();
    expect(await run('FollowCreated', { followerId: BOB, followeeId: ADA })).toEqual([['follow', ADA, BOB]]);
    expect(await run('FollowRequested', { requesterId: CAT, targetId: ADA })).toEqual([['follow_request', ADA, CAT]]);
    expect(await run('FollowCreated', { followerId: CAT, followeeId: ADA, viaRequest: true })).toEqual([
      ['follow_approved', CAT, ADA],
    ]);
    expect(posts.asked).toEqual([]);
  });

  it('should announce each stored notification to its recipient, and nothing for one that already exists', async () => {
    const { run, notifications } = notifierFor();
    const like = { postId: POST, postAuthorId: ADA, userId: BOB, likedAt: '2026-01-01T00:00:00.000Z' };
    await run('PostLiked', like);
    await run('PostLiked', like);
    expect(notifications.stored).toHaveLength(1);
    expect(notifications.tx.events).toEqual([
      {
        type: 'NotificationCreated',
        aggregateId: ADA,
        payload: {
          notificationId: notifications.stored[0]!.id,
          recipientId: ADA,
          kind: 'like',
          actorId: BOB,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      },
    ]);
    expect(notifications.locked).toEqual([[ADA], [ADA]]);
  });

  it('should store nothing across a block, either way, and nothing about a deleted post (not even the comment’s author)', async () => {
    const { run, notifications } = notifierFor();
    notifications.blocks.add(`${ADA}:${BOB}`);
    await run('PostLiked', { postId: POST, postAuthorId: ADA, userId: BOB, likedAt: '2026-01-01T00:00:00.000Z' });
    await run('FollowCreated', { followerId: ADA, followeeId: BOB });
    notifications.deletedPosts.add(POST);
    await run('CommentCreated', comment({ authorId: CAT }));
    expect([notifications.stored, notifications.tx.events, notifications.commentAuthors.size]).toEqual([[], [], 0]);
  });
});
